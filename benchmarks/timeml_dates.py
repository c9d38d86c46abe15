"""Accuracy of data_pipeline.dates against TimeML gold (TimeBank + AQUAINT, TBAQ-cleaned).

Each document's creation time (DCT) stands for the publication date; every sentence is resolved
with ``dates.resolved`` and compared with the gold TIMEX3 of type DATE whose value is a calendar
day, ISO week, month or year (``PRESENT_REF``, quarters, seasons and durations are left out of
the gold). Reported:

- recall: share of gold calendar dates overlapped by one of our mentions;
- accuracy: share of those overlapped whose value we resolve exactly (same date, same granularity);
- precision: share of our mentions overlapping a gold TIMEX3 (any type), and the share of our
  mentions that are both on a gold calendar date and right;
- weekdays alone (the news-relative case), ours vs dateparser (``RELATIVE_BASE`` = DCT, its
  default and its ``PREFER_DATES_FROM=past``) on the same gold weekday mentions;
- speed: sentences per second through the regex gate and the resolver.

Run: ``python benchmarks/timeml_dates.py [CORPUS_DIR]`` (default ../shared/corpora/timeml).
The corpus is never copied into the repository.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data_pipeline import dates  # noqa: E402

DEFAULT = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "timeml" / "TBAQ-cleaned"
CALENDAR = re.compile(r"^\d{4}(?:-\d\d(?:-\d\d)?)?$|^\d{4}-W\d\d$")
# Not before a digit: "Sept. 30" must stay whole.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"']?\s+(?=[\"'A-Z])|\n\s*\n")
TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


def gold_documents(folder: Path):
    """(name, DCT, plain text, [(start, end, type, value, text)]) per .tml file."""
    for path in sorted(folder.rglob("*.tml")):
        raw = path.read_text(encoding="utf-8", errors="replace")
        dct = re.search(
            r'functionInDocument="CREATION_TIME"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*functionInDocument="CREATION_TIME"',
            raw,
        )
        body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S)
        if not dct or not body:
            continue
        try:
            created = dt.date.fromisoformat((dct.group(1) or dct.group(2))[:10])
        except ValueError:
            continue
        text, timexes = _strip(body.group(1))
        yield path.name, created, text, timexes


def _strip(markup: str):
    out, timexes, position, open_timex = [], [], 0, None
    for match in TAG.finditer(markup):
        out.append(markup[position : match.start()])
        position = match.end()
        closing, name, attributes = match.groups()
        if name != "TIMEX3":
            continue
        offset = sum(len(piece) for piece in out)
        if not closing:
            open_timex = (offset, dict(ATTRIBUTE.findall(attributes)))
        elif open_timex:
            start, attrs = open_timex
            timexes.append([start, offset, attrs.get("type"), attrs.get("value", "")])
            open_timex = None
    out.append(markup[position:])
    text = "".join(out)
    text = text.replace("&amp;", "&")  # TBAQ escapes only ampersands in the text; offsets stay close
    return text, [(s, e, kind, value, text[s:e]) for s, e, kind, value in timexes]


def _sentences(text: str):
    start = 0
    for match in SENTENCE_END.finditer(text):
        yield start, text[start : match.start()]
        start = match.end()
    yield start, text[start:]


def _value(found: dates.Resolved) -> str:
    day = found.date
    if found.granularity == dates.DAY:
        return day.isoformat()
    if found.granularity == dates.WEEK:
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if found.granularity == dates.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return f"{day.year:04d}"


def _dateparser_weekday(text: str, created: dt.date, prefer: str | None) -> str | None:
    import dateparser

    settings = {"RELATIVE_BASE": dt.datetime.combine(created, dt.time())}
    if prefer:
        settings["PREFER_DATES_FROM"] = prefer
    parsed = dateparser.parse(text, settings=settings)
    return parsed.date().isoformat() if parsed else None


def main(argv: list[str]) -> None:
    folder = Path(argv[0]) if argv else DEFAULT
    if not folder.exists():
        sys.exit(f"corpus not found: {folder}")
    counts = Counter()
    weekday_rows = []
    misses = Counter()
    seconds = 0.0
    for _name, created, text, timexes in gold_documents(folder):
        gold_dates = [t for t in timexes if t[2] == "DATE" and CALENDAR.match(t[3])]
        counts["gold"] += len(gold_dates)
        ours = []
        start_clock = time.perf_counter()
        for offset, sentence in _sentences(text):
            counts["sentences"] += 1
            for found in dates.resolved(sentence, created):
                ours.append((offset + found.mention.start, offset + found.mention.end, found))
        seconds += time.perf_counter() - start_clock
        counts["ours"] += len(ours)
        for start, end, _found in ours:
            if any(s < end and start < e for s, e, *_ in timexes):
                counts["ours_on_gold_timex"] += 1
        for start, end, _kind, value, surface in gold_dates:
            overlapping = [f for s, e, f in ours if s < end and start < e]
            if not overlapping:
                misses[surface.lower()] += 1
                continue
            counts["found"] += 1
            right = any(_value(f) == value for f in overlapping)
            counts["right"] += right
            weekday = next((f for f in overlapping if f.mention.kind == "weekday"), None)
            if weekday is not None and len(value) == len("2000-01-01"):
                weekday_rows.append((surface, created, value, _value(weekday)))
    gold, found, right = counts["gold"], counts["found"], counts["right"]
    print(f"documents: {folder}")
    print(
        f"sentences: {counts['sentences']}, resolved in {seconds:.2f} s ({counts['sentences'] / seconds:,.0f} sentences/s)"
    )
    print(f"gold calendar DATE timexes: {gold}")
    print(f"recall (overlapped by a mention of ours): {found}/{gold} = {found / gold:.1%}")
    print(f"accuracy of value where overlapped: {right}/{found} = {right / found:.1%}")
    print(f"end to end (right value / gold): {right}/{gold} = {right / gold:.1%}")
    print(
        f"precision (our mentions on any gold TIMEX3): {counts['ours_on_gold_timex']}/{counts['ours']} = {counts['ours_on_gold_timex'] / counts['ours']:.1%}"
    )
    ours_right = sum(value == mine for *_, value, mine in weekday_rows)
    n = len(weekday_rows)
    print(f"weekdays (gold day values): ours {ours_right}/{n} = {ours_right / n:.1%}")
    for prefer in (None, "past"):
        theirs = sum(
            _dateparser_weekday(surface, created, prefer) == value for surface, created, value, _ in weekday_rows
        )
        print(f"weekdays, dateparser PREFER_DATES_FROM={prefer or 'default'}: {theirs}/{n} = {theirs / n:.1%}")
    print("most frequent missed gold expressions:", misses.most_common(15))


if __name__ == "__main__":
    main(sys.argv[1:])
