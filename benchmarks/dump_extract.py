"""Every field of the extractor's output over a fixed corpus, for checking a speed change.

Writes, for each document of the devset, the seeds and the fixtures (as written,
lower-cased, and with a title and the pack's zone), and for the benchmark's articles in
English and Russian, the full ``Extraction`` and the events
``tracker.extraction.events_for`` makes of it. A change that must not alter the output
gives the same file before and after:

    python benchmarks/dump_extract.py /tmp/before.txt   # on the tree before
    python benchmarks/dump_extract.py /tmp/after.txt    # on the tree after
    cmp /tmp/before.txt /tmp/after.txt
"""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from pathlib import Path
from typing import TextIO

from bench_extract import articles

from tracker.extract import EXTRACTOR_VERSION, extract
from tracker.extract.evaluate import parse_published
from tracker.extraction import Item, events_for

ROOT = Path(__file__).resolve().parents[1]
CORPORA = (
    ROOT.parent / "shared" / "devset",
    ROOT.parent / "shared" / "seeds",
    ROOT / "tests" / "fixtures" / "extract",
)


def dump(
    out: TextIO,
    label: str,
    text: str,
    published: datetime,
    tz: str | None,
    title: str | None = None,
) -> None:
    ex = extract(text, published=published, tz=tz, title=title)
    out.write(f"### {label}\n{ex!r}\n")
    item = Item(
        item_id=label,
        revision_key=label,
        position=0,
        title=title or "",
        text=text,
        published=published,
        published_flagged=False,
        url="https://example.org/item",
        feed="feed",
        content_sha256=None,
        duplicate_of=None,
        tz=tz or "",
    )
    for stream, event in events_for(item, ex, EXTRACTOR_VERSION):
        out.write(f"  {stream} {event!r}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    args = parser.parse_args()
    with args.output.open("w", encoding="utf-8") as out:
        for corpus in CORPORA:
            if not (corpus / "gold.jsonl").exists():
                print(f"skipped (missing): {corpus}")
                continue
            for line in (corpus / "gold.jsonl").read_text("utf-8").splitlines():
                if not line.strip():
                    continue
                entry = json.loads(line)
                tz = entry.get("tz", "+04:00")
                published = parse_published(str(entry["published"]), tz)
                text = (corpus / entry["doc"]).read_text("utf-8", errors="replace")
                label = f"{corpus.name}/{entry['doc']}"
                dump(out, label, text, published, tz)
                dump(out, f"{label}#lower", text.lower(), published, tz)
                dump(out, f"{label}#titled", text, published, None, title="Headline")
        for language in ("en", "ru"):
            for background in (0.0, 0.6):
                for n, (text, published) in enumerate(articles(60, 5000, background, language)):
                    dump(out, f"bench/{language}/{background}/{n}", text, published, None)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
