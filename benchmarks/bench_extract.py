"""Benchmark: articles per second through ``tracker.extract.extract`` on one core.

Builds 5 KB articles from the project's own annotated fixtures (tests/fixtures/extract),
extracts each one in this single process, and prints throughput and latency. With
``--background F`` a share F of the sentences is neutral context (history, diplomacy,
economy), as in real wire copy where most sentences carry no claim; ``--background 0``
is the worst case: every sentence is a claim. ``--language ru`` builds the articles from
the Russian fixtures instead, with Russian neutral sentences.

    python benchmarks/bench_extract.py [--articles 400] [--size 5000] [--background 0.6] [--language ru]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from tracker.extract import EXTRACTOR_VERSION, RUNNING, extract

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "extract"
TZ = timezone(timedelta(hours=4))


BACKGROUND = (
    "The two neighbours have contested the region since the late 1980s.",
    "Diplomats from several countries were due to meet in Geneva later in the week.",
    "The foreign ministers discussed transport links and the return of displaced people.",
    "Oil and gas exports account for most of the country's budget revenue.",
    "The mountainous territory is home to several medieval monasteries and churches.",
    "Analysts said the talks were unlikely to produce a quick breakthrough.",
    "The European Union offered to send a civilian mission to help build confidence.",
    "Many families left their homes during the first war and have never returned.",
    "The prime minister is expected to travel to Brussels next month for a summit.",
    "Energy prices have risen sharply across the Caucasus over the past year.",
    "Both governments say they want a lasting settlement but disagree on its terms.",
    "The parliament approved the budget after a long debate on Tuesday evening.",
    "Humanitarian organisations have called for access to the affected villages.",
    "The road through the mountains is the only land link for much of the population.",
    "Opposition politicians staged a rally in the capital, demanding the government resign.",
)
BACKGROUND_RU = (
    "Конфликт вокруг региона длится с конца 1980-х годов.",
    "Дипломаты нескольких стран должны встретиться в Женеве позднее на этой неделе.",
    "Министры обсудили транспортные коммуникации и возвращение перемещенных лиц.",
    "Экспорт нефти и газа обеспечивает большую часть доходов бюджета страны.",
    "В горном регионе расположены несколько средневековых монастырей.",
    "Аналитики считают, что переговоры вряд ли быстро приведут к прорыву.",
    "Европейский союз предложил направить в регион гражданскую миссию.",
    "Многие семьи покинули свои дома во время первой войны и так и не вернулись.",
    "Премьер-министр в следующем месяце посетит Брюссель для участия в саммите.",
    "Цены на энергоносители на Кавказе за последний год заметно выросли.",
)


def articles(
    count: int, size: int, background: float = 0.0, language: str = "en"
) -> list[tuple[str, datetime]]:
    """``count`` texts of about ``size`` characters, rotating through the fixtures."""
    docs: list[tuple[str, datetime]] = []
    filler_text = BACKGROUND_RU if language == "ru" else BACKGROUND
    for line in (FIXTURES / "gold.jsonl").read_text("utf-8").splitlines():
        entry = json.loads(line)
        text = (FIXTURES / entry["doc"]).read_text("utf-8")
        wanted = entry.get("language") == "ru" if language == "ru" else text.isascii()
        if text.strip() and wanted:
            docs.append((text, datetime.fromisoformat(entry["published"]).replace(tzinfo=TZ)))
    out: list[tuple[str, datetime]] = []
    i = 0
    while len(out) < count:
        parts: list[str] = []
        published = docs[i % len(docs)][1]
        filler = 0
        claims = 0
        while sum(len(p) for p in parts) < size:
            parts.append(docs[i % len(docs)][0])
            claims += 1
            i += 1
            while background and filler < background / (1 - background) * claims * 3:
                parts.append(filler_text[(i + filler) % len(filler_text)])
                filler += 1
        out.append(("\n".join(parts)[:size], published))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--size", type=int, default=5000)
    parser.add_argument(
        "--background", type=float, default=0.6, help="share of neutral sentences (0-0.9)"
    )
    parser.add_argument("--language", choices=("en", "ru"), default="en")
    args = parser.parse_args()
    batch = articles(args.articles, args.size, min(max(args.background, 0.0), 0.9), args.language)
    # Warm the one-time work of a long-running process (the gazetteer, regexes compiled on
    # first use) on a few articles outside the timed loop: the figure is steady state.
    for text, published in batch[: min(20, len(batch))]:
        extract(text, published=published)
    times: list[float] = []
    found = 0
    start = time.perf_counter()
    cpu_start = time.process_time()
    for text, published in batch:
        t0 = time.perf_counter()
        ex = extract(text, published=published)
        times.append(time.perf_counter() - t0)
        found += len(ex.violations) + len(ex.casualties) + len(ex.denials) + len(ex.truce_refs)
    elapsed = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    mean_kb = sum(len(t) for t, _ in batch) / len(batch) / 1000
    print(
        f"extractor v{EXTRACTOR_VERSION} ({RUNNING}): {len(batch)} articles of {mean_kb:.1f} KB "
        f"({args.background:.0%} neutral text, {args.language}) in {elapsed:.2f} s on one core"
    )
    print(
        f"throughput: {len(batch) / elapsed:.0f} articles/s wall ({len(batch) * mean_kb / elapsed:.0f} KB/s)"
    )
    print(f"throughput: {len(batch) / cpu:.0f} articles/s of CPU time ({cpu:.2f} s CPU)")
    print(
        f"latency: median {statistics.median(times) * 1000:.2f} ms, "
        f"p95 {sorted(times)[int(len(times) * 0.95)] * 1000:.2f} ms, max {max(times) * 1000:.2f} ms"
    )
    print(f"items extracted: {found}")


if __name__ == "__main__":
    main()
