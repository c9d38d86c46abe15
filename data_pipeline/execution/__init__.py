"""How work is run: per-article work mapped over processes or Dask (``executors``), a stage run
beside another (``background``), per-article results kept between builds (``cache``), memory
given back between stages (``memory``). Nothing else in the package starts processes."""

from .background import Beside
from .executors import DEFAULT_ENGINE, ENGINES, EngineError, map_documents, process_running

__all__ = ["Beside", "DEFAULT_ENGINE", "ENGINES", "EngineError", "map_documents", "process_running"]
