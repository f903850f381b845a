"""A second conflict is a data change: a made-up conflict's pack, a feed on loopback that
names it, one `tracker serve --once`, and its views hold its actors, places, zone and
truce, and nothing of the first case's."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import inspect, text

from tracker.cli import cli
from tracker.conflict import default_pack, load_pack
from tracker.db import make_engine

pytestmark = pytest.mark.e2e

# ---------------------------------------------------------------- the made-up conflict
PACK = {
    "pack.toml": """
name = "lowland-test"
title = "The Lowland border dispute (made up for a test)"
zone = "-03:00"

[[sides]]
name = "northern"
state = "NOR"
countries = ["NOR"]

[[sides]]
name = "southern"
state = "SUD"
countries = ["SUD"]

[truces]
end_of_record = 2030-01-01T00:00:00
""",
    "actors.tsv": (
        "# code\tname\tkind\tside\tcameo\n"
        "NOR\tNorland\tbelligerent\tnorthern\t\n"
        "SUD\tSudmark\tbelligerent\tsouthern\t\n"
        "ISL\tIsle League\tthird_party\t-\t\n"
    ),
    "truces.tsv": (
        "# id\teffective\tannounced\tbrokers\tkind\tseries\n"
        "ld-2011-05-01\t2011-05-01T06:00\t2011-04-30\tISL\thumanitarian\t\n"
    ),
    "gazetteer.tsv": (
        "# canonical\taliases\tlat\tlon\tregion\tcountry\n"
        "Felsby\tFelsbye\t10.100\t-40.200\tNorth March\tNOR\n"
        "Grauwitz\tGrauwitsch\t10.050\t-40.300\tSouth March\tSUD\n"
        "Altburg\t\t10.400\t-40.100\tNorth March\tNOR\n"
    ),
    "words-en.toml": r"""
capitals = ["Altburg"]
not_places = ["norland", "sudmark", "norlandic", "sudmarkish"]
proper_words = ["norland", "sudmark", "norlandic", "sudmarkish"]
local_zone_words = ["Altburg time"]

[adjective]
NOR = "Norlandic|Norland's"
SUD = "Sudmarkish|Sudmark's"
ISL = "Isle League's"

[country]
NOR = "Norland|Altburg"
SUD = "Sudmark"
ISL = "the Isle League"

[people]
NOR = ["Erika Brandt", "Brandt"]

[side_adjectives]
northern = "Norlandic"
southern = "Sudmarkish"

[brokers]
ISL = '\bIsle League[- ](?:brokered|mediated)|(?:brokered|mediated) by (?:the )?Isle League'
""",
    "reference.toml": """
schema = "tracker-curated/1"
curator = "curator:test"

[[truce]]
id = "ld-2011-05-01"
name = "Isle League humanitarian truce"
kind = "humanitarian ceasefire"
parties = ["NOR", "SUD"]
announced = { at = "2011-04-30T18:00-03:00", precision = "hour" }
effective = { at = "2011-05-01T06:00-03:00", precision = "minute" }
sources = ["https://wire.example.org/lowland/truce"]
brokers = [{ actor = "ISL", sources = ["https://wire.example.org/lowland/truce"] }]
""",
}

STORIES = (
    (
        "Shelling of Felsby breaks the truce",
        "Mon, 02 May 2011 23:00:00 -0300",
        "Norland's defence ministry said that Sudmarkish forces shelled Felsby today, "
        "killing two civilians, in violation of the Isle League-brokered truce.",
    ),
    (
        "Sudmark accuses Norland",
        "Tue, 03 May 2011 12:00:00 -0300",
        "Sudmark's defence ministry said on Tuesday that Norlandic troops had fired artillery "
        "at positions near Grauwitz, wounding three soldiers.",
    ),
)


def rss() -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>https://wire.example.org/lowland/{i}</link>"
        f"<guid>lowland-{i}</guid><pubDate>{date}</pubDate><description>{body}</description></item>"
        for i, (title, date, body) in enumerate(STORIES)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Lowland wire</title><link>https://wire.example.org/</link>{items}"
        "</channel></rss>"
    ).encode()


@pytest.fixture
def loopback_feed() -> Iterator[str]:
    body = rss()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/lowland.rss"
    finally:
        server.shutdown()
        server.server_close()


def write_pack(root: Path) -> Path:
    folder = root / "lowland-test"
    folder.mkdir(parents=True)
    for name, content in PACK.items():
        (folder / name).write_text(content.lstrip(), "utf-8")
    return folder


def first_case_words() -> set[str]:
    """Every actor code, truce id and place name of the installed pack: none may leak."""
    nk = default_pack()
    words = {a.code for a in nk.actors} | {t.id for t in nk.truces}
    for line in nk.read("gazetteer.tsv").splitlines():
        if line.strip() and not line.startswith("#"):
            words.add(line.split("\t")[0])
    return words


def test_a_made_up_conflict_runs_end_to_end_with_nothing_of_the_first_case(
    db_url: str, tmp_path: Path, loopback_feed: str
) -> None:
    folder = write_pack(tmp_path / "packs")
    pack = load_pack(folder)
    assert [a.code for a in pack.actors] == ["NOR", "SUD", "ISL"]
    feeds = tmp_path / "feeds.toml"
    feeds.write_text(
        f'[[feeds]]\nname = "lowland-wire"\nurl = "{loopback_feed}"\n'
        'interval_s = 900\nconflict = "lowland-test"\n',
        "utf-8",
    )
    env = {
        "TRACKER_DATABASE_URL": db_url,
        "TRACKER_FEEDS_FILE": str(feeds),
        "TRACKER_ALLOW_PRIVATE_NETWORKS": "true",
        "TRACKER_CONFLICT_DIRS": str(tmp_path / "packs"),
    }
    runner = CliRunner()
    loaded = runner.invoke(cli, ["load", str(folder / "reference.toml")], env=env)
    assert loaded.exit_code == 0, loaded.output
    served = runner.invoke(cli, ["serve", "--once"], env=env)
    assert served.exit_code == 0, served.output
    project = runner.invoke(cli, ["project"], env=env)
    assert project.exit_code == 0, project.output

    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            reports = conn.execute(
                text(
                    "SELECT accuser, accused, truce_id, places, occurred_day, occurred_at "
                    "FROM violation_reports WHERE source_item_id IS NOT NULL"
                )
            ).all()
            statuses = {r[0] for r in conn.execute(text("SELECT truce_id FROM truce_status"))}
            views = [
                name
                for name in inspect(conn).get_view_names()
                if not name.startswith("sqlite_") and not name.startswith("pg_")
            ]
            tables = [n for n in inspect(conn).get_table_names() if not n.startswith("_")]
            cells: list[str] = []
            for name in [*views, *tables]:
                if name in ("events", "documents", "alembic_version"):
                    continue
                for row in conn.execute(text(f'SELECT * FROM "{name}"')):
                    cells.extend(str(c) for c in row if c is not None)
    finally:
        engine.dispose()

    # its own actors, places, zone and truce
    assert {(r.accuser, r.accused) for r in reports} == {("NOR", "SUD"), ("SUD", "NOR")}
    places = {p for r in reports for p in json.loads(r.places)}
    assert places == {"Felsby", "Grauwitz"}
    # "today" at 23:00 in the pack's zone (-03:00) is 2 May; at +04:00 it would be 3 May
    assert "2011-05-02" in {r.occurred_day for r in reports}
    assert {r.truce_id for r in reports} == {"ld-2011-05-01"}
    assert statuses == {"ld-2011-05-01"}

    # and nothing of the first case anywhere
    leaked = {word for word in first_case_words() for cell in cells if _names(cell, word)}
    assert not leaked, f"the first case leaks into the second: {sorted(leaked)}"


def _names(cell: str, word: str) -> bool:
    """True when ``word`` stands in ``cell`` as a word (codes and names, not letters)."""
    return re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", cell) is not None
