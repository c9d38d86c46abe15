"""Scale and speed, measured: whole builds of real corpora of growing size.

    python benchmarks/scale.py [--sizes 100 1000 10000 50000] [--workers N] [--dashboard 10000]

For each size, a corpus of real article files is written to a temporary folder (PolNeAR's 924
train + dev articles from ../shared/corpora/polnear; beyond them, PolNeAR articles lightly
edited the way syndicated copy is — paragraphs cut from the bottom or the middle, a dateline and
an outlet credit added, a few words changed — from a fixed seed, so every run builds the same
corpus), with a ``manifest.csv`` per folder giving outlet, date and title. Then, in a fresh
process per size (so peak memory is that build's alone):

- the whole build as ``python -m data_pipeline build`` does it (ingest, per-article stage on
  all cores, the cross-article stages, the Parquet save, the per-article cache written): wall
  time, articles/s, peak RSS of the main process and of the largest worker, each stage's time;
- **the floor**: ``TextBlob(text).sentiment`` over the same sentences, in one process, timed in
  the same run; the ratio build / floor (target: at most 1.0 on 2 cores);
- an incremental rebuild after editing 1% of the articles and adding 1% new ones.

Small builds last a second or less, where a shared machine's noise is tens of percent: sizes up
to 100 articles are run 5 times and up to 1,000 three times (``--repeats``), each in a fresh
process on a freshly written corpus, and the run of median build/floor is shown with the range
of all runs. Each side's start-up (a fresh interpreter to ready: imports, TextBlob's lexicon)
is in neither timing and is printed on its own.

With ``--dashboard N`` the dashboard's pages are timed with Streamlit's AppTest on the N-article
build (cold = first run of a page in a fresh process, warm = the same page run again).

The machine is shared: the load average at the start of each run is printed with it.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

POLNEAR = ROOT.parent / "shared" / "corpora" / "polnear"
SEED = 20220110
SIZES = (100, 1_000, 10_000)
FILES_PER_FOLDER = 1_000
INCREMENTAL_SHARE = 0.01  # edited, and again as many added, before the incremental rebuild
SYNDICATORS = tuple(f"Syndicate {letter}" for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
WORD_SWAPS = {"said": "says", "told": "said to", "Tuesday": "Wednesday", "percent": "per cent", "also": "further"}
DASHBOARD_TIMEOUT = 300


def originals() -> list[dict]:
    """PolNeAR train + dev articles with their outlet, date and title."""
    meta = {}
    with (POLNEAR / "metadata.tsv").open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream, delimiter="\t"):
            meta[row["filename"]] = row
    articles = []
    for split in ("train", "dev"):
        for path in sorted((POLNEAR / split / "text").glob("*.txt")):
            row = meta.get(path.stem, {})
            articles.append(
                {
                    "name": path.name,
                    "text": path.read_text(encoding="utf-8"),
                    "source": row.get("publisher", ""),
                    "published": row.get("publication_date", ""),
                    "title": row.get("title", ""),
                }
            )
    return articles


def syndicated(article: dict, number: int, rng: random.Random) -> dict:
    """A light edit of a real article, as an outlet running the same story would make."""
    paragraphs = [p for p in article["text"].split("\n\n") if p.strip()]
    if len(paragraphs) > 4 and rng.random() < 0.6:  # editors cut from the bottom
        paragraphs = paragraphs[: len(paragraphs) - rng.randint(1, min(3, len(paragraphs) - 3))]
    if len(paragraphs) > 4 and rng.random() < 0.3:
        del paragraphs[rng.randrange(1, len(paragraphs))]
    for _ in range(rng.randint(0, 3)):
        index = rng.randrange(len(paragraphs))
        word = rng.choice(list(WORD_SWAPS))
        paragraphs[index] = paragraphs[index].replace(f" {word} ", f" {WORD_SWAPS[word]} ", 1)
    outlet = rng.choice(SYNDICATORS)
    city = rng.choice(["WASHINGTON", "NEW YORK", "CHICAGO"])
    body = [paragraphs[0], f"{city} ({outlet}) — {paragraphs[1]}" if len(paragraphs) > 1 else ""] + paragraphs[2:]
    body.append(f"Copyright {outlet}. All rights reserved.")
    return {
        "name": f"copy-{number:06d}-{article['name']}",
        "text": "\n\n".join(p for p in body if p),
        "source": outlet,
        "published": article["published"],
        "title": article["title"],
    }


def corpus_articles(size: int, seed: int = SEED) -> list[dict]:
    """``size`` articles: the originals (a seeded sample below 924), then edited copies."""
    rng = random.Random(seed)
    base = originals()
    if size <= len(base):
        return sorted(rng.sample(base, size), key=lambda a: a["name"])
    copies = [syndicated(rng.choice(base), n, rng) for n in range(size - len(base))]
    return base + copies


def write_corpus(folder: Path, articles: list[dict]) -> Path:
    """Article files in folders of ``FILES_PER_FOLDER``, each with its ``manifest.csv``."""
    for start in range(0, len(articles), FILES_PER_FOLDER):
        part = folder / f"part-{start // FILES_PER_FOLDER:03d}"
        part.mkdir(parents=True)
        with (part / "manifest.csv").open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(["path", "source", "published", "title"])
            for article in articles[start : start + FILES_PER_FOLDER]:
                (part / article["name"]).write_text(article["text"], encoding="utf-8")
                writer.writerow([article["name"], article["source"], article["published"], article["title"]])
    return folder


def edit_for_rebuild(folder: Path, size: int, seed: int = SEED) -> int:
    """Change ``INCREMENTAL_SHARE`` of the files and add as many new ones; returns the count."""
    rng = random.Random(seed + 1)
    files = sorted(p for p in folder.rglob("*.txt"))
    count = max(1, round(size * INCREMENTAL_SHARE))
    for path in rng.sample(files, count):
        path.write_text(path.read_text(encoding="utf-8") + "\n\nThis story has been updated.", encoding="utf-8")
    extra = folder / "part-new"
    extra.mkdir()
    for n, path in enumerate(rng.sample(files, count)):
        text = path.read_text(encoding="utf-8")
        (extra / f"late-{n:05d}.txt").write_text(f"Updated version.\n\n{text}", encoding="utf-8")
    return count


def measure_one(folder: Path, workers: int | None, engine: str) -> dict:
    """Build, save, floor, incremental rebuild; run in a fresh process per size."""
    import pandas as pd

    from data_pipeline.execution.memory import lean_memory
    from data_pipeline.pipeline import BuildOptions, build_to

    lean_memory()  # as the command line does
    # TextBlob's import and lexicon load (about 0.5 s, once per process) are left out of the
    # build's time as they are left out of the floor's (see ``_floor_seconds``).
    from data_pipeline import sentiment

    sentiment.score("warm up")
    out = folder.parent / "tables"
    options = BuildOptions(engine=engine, workers=workers)
    timings: dict = {}
    cpu_timings: dict = {}

    def on_stage(name: str, wall: float, cpu: float | None) -> None:
        timings[name] = timings.get(name, 0.0) + wall
        if cpu is not None:
            cpu_timings[name] = cpu_timings.get(name, 0.0) + cpu

    load = os.getloadavg()[0]
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    # As ``build --out`` does: each table written when final (the "save" stage is the swap).
    built = build_to(out, [folder], options, on_stage=on_stage)
    wall = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_before
    peak_main = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    n_articles, n_sentences = built.counts["articles"], built.counts["sentences"]
    texts = pd.read_parquet(out / "sentences.parquet", columns=["text"])["text"].astype(str).tolist()
    distinct = len(set(texts))
    floor, floor_cpu = _floor_seconds(texts)
    changed = edit_for_rebuild(folder, n_articles)
    rebuild_timings: dict = {}
    again = time.perf_counter()
    rebuilt = build_to(
        out, [folder], options, on_stage=lambda name, wall, cpu: rebuild_timings.update({name: wall})
    )
    rebuild = time.perf_counter() - again
    return {
        "articles": n_articles,
        "sentences": n_sentences,
        "distinct_sentences": distinct,
        "wall": wall,
        "cpu": cpu,
        "articles_per_s": n_articles / wall,
        "peak_main_mb": peak_main,
        "peak_worker_mb": peak_worker,
        "stages": timings,
        "stages_cpu": cpu_timings,
        "floor": floor,
        "floor_cpu": floor_cpu,
        "ratio": wall / floor,
        "cpu_ratio": cpu / floor_cpu,
        "changed": changed,
        "rebuild": rebuild,
        "rebuild_stages": rebuild_timings,
        "rebuild_processed": rebuilt.processed,
        "rebuild_reused": rebuilt.reused,
        "problems": rebuilt.counts["problems"],
        "load": load,
        "workers": workers,
        "engine": engine,
    }


def _floor_seconds(texts: list[str]) -> tuple[float, float]:
    """TextBlob sentiment alone over the sentences, one process, the plain way: wall and CPU s."""
    from textblob import TextBlob

    _ = TextBlob("warm up").sentiment  # the import and lexicon load are not part of the floor
    started, cpu_started = time.perf_counter(), time.process_time()
    for text in texts:
        _ = TextBlob(text).sentiment
    return time.perf_counter() - started, time.process_time() - cpu_started


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure_dashboard(tables: Path) -> list[dict]:
    """AppTest timings of each page on built tables: cold (fresh process) and warm (re-run)."""
    pages = sorted(p for p in (ROOT / "dashboard" / "views").glob("*.py") if p.name != "__init__.py")
    script = f"""
import json, os, sys, time
sys.path.insert(0, {str(ROOT)!r})
os.environ["WIREWATCH_DATA"] = {str(tables)!r}
from streamlit.testing.v1 import AppTest
page = sys.argv[1]
times = []
at = AppTest.from_file(page, default_timeout={DASHBOARD_TIMEOUT})
for run in range(2):
    started = time.perf_counter()
    at.run()
    times.append(time.perf_counter() - started)
print(json.dumps({{"cold": times[0], "warm": times[1], "exceptions": [str(e.value)[:200] for e in at.exception]}}))
"""
    results = []
    for page in [ROOT / "dashboard" / "app.py", *pages]:
        done = subprocess.run(
            [sys.executable, "-c", script, str(page)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=DASHBOARD_TIMEOUT * 3,
        )
        try:
            row = json.loads(done.stdout.strip().splitlines()[-1])
        except (IndexError, json.JSONDecodeError):
            row = {"cold": None, "warm": None, "exceptions": [done.stderr.strip()[-300:]]}
        results.append({"page": str(page.relative_to(ROOT)), **row})
    return results


_STARTUP = {
    "Wirewatch": "import data_pipeline.pipeline; from data_pipeline import sentiment; sentiment.score('warm up')",
    "TextBlob": "from textblob import TextBlob; TextBlob('warm up').sentiment",
}


def measure_startup() -> dict[str, float]:
    """Seconds from a fresh interpreter to ready, for each side (imports, TextBlob's lexicon):
    left out of both the build's and the floor's time, so reported on their own."""
    seconds = {}
    for name, code in _STARTUP.items():
        timed = f"import sys, time; sys.path.insert(0, {str(ROOT)!r}); t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
        runs = [
            float(subprocess.run([sys.executable, "-c", timed], capture_output=True, text=True, cwd=ROOT).stdout)
            for _ in range(3)
        ]
        seconds[name] = min(runs)
    return seconds


def _spread(m: dict) -> str:
    ratios = m.get("ratios", [m["ratio"]])
    return f"{min(ratios):.2f}–{max(ratios):.2f} ({len(ratios)})" if len(ratios) > 1 else "(1)"


def _row(size: int, m: dict) -> str:
    stages, cpu = m["stages"], m["stages_cpu"]
    overlap_share = stages.get("overlap", 0) / m["wall"]
    stage_text = ", ".join(f"{k} {v:.1f} ({cpu.get(k, 0):.1f})" for k, v in stages.items())
    return (
        f"| {size:,} | {m['sentences']:,} | {m['wall']:.1f} | {m['articles_per_s']:.0f} | "
        f"{m['peak_main_mb']:.0f} / {m['peak_worker_mb']:.0f} | {m['floor']:.1f} | **{m['ratio']:.2f}** | "
        f"{m['cpu_ratio']:.2f} | {_spread(m)} | {overlap_share:.0%} | {stage_text} | "
        f"{m['rebuild']:.1f} ({m['rebuild_processed']} of {m['articles'] + 2 * m['changed']:,}) | {m['load']:.1f} |"
    )


HEADER = (
    "| articles | sentences | build s | articles/s | peak MB main / worker | floor s | build/floor "
    "| build CPU / floor CPU | build/floor range (runs) | overlap share | stages: wall s (CPU s) "
    "| incremental rebuild s (articles processed) | load avg |\n"
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|"
)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--engine", default="local", help="serial, local or dask (default: local)")
    parser.add_argument("--dashboard", type=int, default=None, metavar="N", help="time the dashboard on N articles")
    parser.add_argument("--json", type=Path, default=None, help="also write the measurements here")
    parser.add_argument(
        "--repeats", type=int, default=None, help="runs per size (default: 5 up to 100 articles, 3 up to 1,000, else 1)"
    )
    parser.add_argument("--one", type=Path, default=None, help=argparse.SUPPRESS)  # internal: one size
    args = parser.parse_args(argv)
    if args.one is not None:
        print(json.dumps(measure_one(args.one, args.workers, args.engine)))
        return 0
    if not POLNEAR.exists():
        print(f"PolNeAR not found at {POLNEAR}: nothing to measure", file=sys.stderr)
        return 1
    print(f"machine: {os.cpu_count()} cores, {_memory_gb():.0f} GB; workers {args.workers or 'default (cores)'}")
    measured = {"startup": measure_startup()}
    print(
        "start-up, in neither timing (fresh interpreter to ready, best of 3): "
        + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in measured["startup"].items())
    )
    print(HEADER)
    sizes = sorted(set(args.sizes) | ({args.dashboard} if args.dashboard else set()))
    for size in sizes:
        runs = []
        for _ in range(args.repeats or default_repeats(size)):
            work = Path(tempfile.mkdtemp(prefix=f"wirewatch-scale-{size}-"))
            try:
                folder = write_corpus(work / "corpus", corpus_articles(size))
                command = [sys.executable, __file__, "--one", str(folder), "--engine", args.engine]
                if args.workers:
                    command += ["--workers", str(args.workers)]
                done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
                if done.returncode != 0:
                    print(f"| {size:,} | build failed: {done.stderr.strip().splitlines()[-1:]} |")
                    break
                runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
                if size == args.dashboard and "dashboard" not in runs[0]:
                    runs[0]["dashboard"] = measure_dashboard(work / "tables")
            finally:
                shutil.rmtree(work, ignore_errors=True)
        if not runs:
            continue
        measured[size] = median_run(runs)
        if "dashboard" in runs[0]:
            measured[size]["dashboard"] = runs[0]["dashboard"]
        print(_row(size, measured[size]), flush=True)
        for page in runs[0].get("dashboard", []):
            print(f"dashboard {page['page']}: cold {page['cold']} s, warm {page['warm']} s, {page['exceptions']}")
    if args.json:
        args.json.write_text(json.dumps(measured, indent=1))
    return 0


def default_repeats(size: int) -> int:
    """Small builds take a second or less, where a shared machine's noise is tens of percent."""
    return 5 if size <= 100 else 3 if size <= 1_000 else 1


def median_run(runs: list[dict]) -> dict:
    """The run of median build/floor ratio, with every run's ratio beside it."""
    chosen = sorted(runs, key=lambda run: run["ratio"])[len(runs) // 2]
    return {**chosen, "ratios": [run["ratio"] for run in runs]}


def _memory_gb() -> float:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3


if __name__ == "__main__":
    sys.exit(main())
