"""Uploads in the app against the command line, on the same files.

    PYTHONPATH=. python benchmarks/upload.py [--sizes 150 1000] [--repeats 3]

For each size, one CSV export (``title,source,published,text``) of real articles is written to a
temporary folder: the Helsinki summit corpus (../shared/corpora/helsinki, 612 articles from 75
outlets, paragraphs joined from its `` ### `` separators), then BBC News articles
(../shared/corpora/bbc) beyond 612. Then, on the same file:

- **CLI**: ``python -m data_pipeline build FILE --out DIR --no-cache`` in a fresh process, wall
  time from start to exit (interpreter start-up included, as a user waits for it);
- **app**: ``streamlit run dashboard/app.py`` on a local port, driven by Chromium (Playwright)
  as a user does it: the app opened at its address (its Overview of the default corpus drawn:
  ``opening the app``, which includes the browser's first load of the charts' code), Your
  corpus from the sidebar, the file chosen, "Build the tables" clicked, and the clock stops
  when the Overview, reached by its sidebar link, shows the article count and has drawn its
  first chart (no fixed pause: the browser tests' "settled" waits are not counted). Timed from
  the click to the built tables (``click to built``: the page says "Your corpus, built from"),
  from the click to the Overview, and from choosing the file (``upload to Overview``, the
  file's transfer included). ``browser CPU during the build``: what Chromium, on the same 2
  cores, took from the build between the click and the built tables.

Each figure is the least of ``--repeats`` runs (3 by default; the CLI and the app alternate).
The machine is shared (2 cores): the load average at the start of each run is printed with it.
Nothing here is asserted; ``tests/test_browser.py`` checks what the app shows.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
HELSINKI = CORPORA / "helsinki" / "helsinki_articles.csv"
BBC = CORPORA / "bbc"
FIELDS = ["title", "source", "published", "text"]
CHART_DRAWN = "() => document.querySelector('[data-testid=\"stPlotlyChart\"] .main-svg') !== null"


def helsinki_rows(limit: int | None = None) -> list[dict[str, str]]:
    """The Helsinki corpus as export rows: the first paragraph is the title, the publisher the
    source, the scrape time the publication date, the other paragraphs the text."""
    csv.field_size_limit(1 << 30)
    rows = []
    with HELSINKI.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            paragraphs = [p.strip() for p in row["text"].split(" ### ") if p.strip()]
            if len(paragraphs) < 2:
                continue
            rows.append(
                {"title": paragraphs[0], "source": row["publisher"], "published": row["scrape_time"],
                 "text": "\n\n".join(paragraphs[1:])}
            )  # fmt: skip
            if limit and len(rows) == limit:
                break
    return rows


def bbc_rows(limit: int) -> list[dict[str, str]]:
    """BBC News articles as export rows (title: the first line; no date in the files)."""
    rows = []
    for path in sorted(BBC.glob("*/*.txt"))[:limit]:
        lines = path.read_bytes().decode("utf-8", errors="replace").strip().split("\n", 1)
        rows.append({"title": lines[0].strip(), "source": "BBC News", "published": "", "text": lines[-1].strip()})
    return rows


def write_export(path: Path, size: int) -> int:
    """Write a CSV export of ``size`` real articles to ``path``; returns the rows written."""
    rows = helsinki_rows(size)
    if len(rows) < size:
        rows += bbc_rows(size - len(rows))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    return len(rows)


def time_cli(export: Path, out: Path) -> tuple[float, int]:
    """Seconds of the CLI build, and the articles it built (what the app must then show: a row
    can become a problem, e.g. an empty text, in both)."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "data_pipeline", "build", str(export), "--out", str(out), "--no-cache"],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    seconds = time.perf_counter() - start
    from data_pipeline import Corpus

    return seconds, len(Corpus.load(out).articles)


def _browser_helpers():
    if str(ROOT / "tests") not in sys.path:  # test_browser imports its server helper from conftest
        sys.path.insert(0, str(ROOT / "tests"))
    spec = importlib.util.spec_from_file_location("wirewatch_browser_tests", ROOT / "tests" / "test_browser.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _browser_pids() -> list[int] | None:
    """The Chromium processes this benchmark started (descendants of this process, from Linux's
    /proc; other programs' browsers on the machine are left out), or None without /proc."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    children: dict[int, list[int]] = {}
    for entry in proc.iterdir():
        try:
            if entry.name.isdigit():
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry.name))
        except (OSError, ValueError):  # ended meanwhile
            continue
    found, todo = [], [os.getpid()]
    while todo:
        for child in children.get(todo.pop(), []):
            todo.append(child)
            try:
                if b"chromium" in (proc / str(child) / "cmdline").read_bytes():
                    found.append(child)
            except OSError:
                continue
    return found


def browser_cpu_seconds() -> float | None:
    """CPU seconds used so far by this benchmark's browser. It shares the 2 cores with the
    build here, as it would not on a user's computer."""
    pids = _browser_pids()
    if pids is None:
        return None
    ticks, total = os.sysconf("SC_CLK_TCK"), 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def time_app(export: Path, rows: int, folder: Path) -> dict[str, float | None]:
    """Seconds of an upload of ``export`` in a fresh server, as a user does it: the app opened
    at its address (``open``: the Overview of the default corpus drawn, plotly's first load in
    the browser included), Your corpus from the sidebar, the file chosen, "Build the tables"
    clicked (``built``: the page says "Your corpus, built from"), the Overview from the sidebar
    (``overview``: the article count and the first chart drawn). ``upload`` runs from choosing
    the file to the Overview; ``browser_cpu``: the browser's CPU seconds from the click to built."""
    helpers = _browser_helpers()
    from playwright.sync_api import sync_playwright

    with helpers._streamlit(folder) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(helpers.CHROMIUM), headless=True, args=helpers.CHROMIUM_FLAGS
        )
        page = browser.new_page(viewport=helpers.VIEWPORT)
        opening = time.perf_counter()
        page.goto(url)
        page.wait_for_function(CHART_DRAWN, timeout=helpers.BUILD_MS)
        opened = time.perf_counter()
        helpers._go(page, "your_corpus")
        chosen = time.perf_counter()
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(export))
        page.get_by_text(export.name).first.wait_for(timeout=helpers.BUILD_MS)
        button = page.get_by_role("button", name="Build the tables")
        button.wait_for(timeout=helpers.BUILD_MS)
        page.wait_for_function(
            "() => [...document.querySelectorAll('button')].some(b => b.innerText.includes('Build the tables') && !b.disabled)",
            timeout=helpers.BUILD_MS,
        )
        cpu_before = browser_cpu_seconds()
        clicked = time.perf_counter()
        button.click()
        page.get_by_text(f"Your corpus, built from {export.name}").wait_for(timeout=helpers.BUILD_MS)
        built = time.perf_counter()
        cpu_after = browser_cpu_seconds()
        page.locator('[data-testid="stSidebarNav"] a', has_text="Overview").first.click()
        helpers.articles_shown(page, rows)
        page.wait_for_function(CHART_DRAWN, timeout=helpers.BUILD_MS)
        done = time.perf_counter()
        browser.close()
    return {
        "open": opened - opening,
        "built": built - clicked,
        "overview": done - clicked,
        "upload": done - chosen,
        "browser_cpu": None if cpu_before is None else cpu_after - cpu_before,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[150, 1000])
    parser.add_argument("--repeats", type=int, default=3, help="runs per size; each figure is the least of them")
    args = parser.parse_args(argv)
    if not HELSINKI.exists():
        print(f"the Helsinki corpus is not at {HELSINKI}", file=sys.stderr)
        return 2
    print(f"load average at start: {os.getloadavg()[0]:.1f} (2 cores); least of {args.repeats} runs")
    print(
        "| rows | CLI build (s) | app: click to built (s) | built / CLI | app: click to Overview (s) "
        "| app: upload to Overview (s) | upload to Overview / CLI | browser CPU during the build (s) "
        "| opening the app: Overview drawn (s) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        clis, apps = [], []
        for _ in range(args.repeats):
            with tempfile.TemporaryDirectory(prefix="wirewatch-upload-bench-") as temporary:
                folder = Path(temporary)
                export = folder / f"articles-{size}.csv"
                rows = write_export(export, size)
                cli, built = time_cli(export, folder / "tables")
                clis.append(cli)
                apps.append(time_app(export, built, folder))
        least = {key: min((run[key] for run in apps if run[key] is not None), default=None) for key in apps[0]}
        cli = min(clis)
        cpu = "–" if least["browser_cpu"] is None else f"{least['browser_cpu']:.1f}"
        print(
            f"| {rows:,} | {cli:.1f} | {least['built']:.1f} | {least['built'] / cli:.2f} | {least['overview']:.1f} "
            f"| {least['upload']:.1f} | {least['upload'] / cli:.2f} | {cpu} | {least['open']:.1f} |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
