"""Conflict packs: the installed pack loads, and every mistake in a pack's files is named
with its file, line and key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tracker.conflict import default_pack, load_pack, use
from tracker.errors import PackError
from tracker.extract.model import opposite, side_of

INSTALLED = default_pack().root


def copy_pack(tmp_path: Path) -> Path:
    folder = tmp_path / "copy"
    shutil.copytree(INSTALLED, folder)
    return folder


def test_the_installed_pack_holds_the_first_case() -> None:
    pack = default_pack()
    assert pack.zone == "+04:00"
    assert len(pack.truces) == len(pack.read("truces.tsv").splitlines()) - 7
    belligerents = [a.code for a in pack.actors if a.kind == "belligerent"]
    assert len(pack.side_names) == 2
    for code in belligerents:
        side = pack.side_of(code)
        assert side in pack.side_names
        assert pack.side_of(pack.opposite(code)) == pack.other_side(side)


def test_the_extractor_reads_sides_from_the_pack_in_use(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    rows = (folder / "actors.tsv").read_text("utf-8").replace("\tarmenian\t", "\tazerbaijani\t", 1)
    (folder / "actors.tsv").write_text(rows, "utf-8")
    other = load_pack(folder)
    first = next(a for a in other.actors if a.side == "azerbaijani" and a.code != "AZ")
    assert side_of(first.code) != "azerbaijani"  # the installed pack
    with use(other):
        assert side_of(first.code) == "azerbaijani"
        assert opposite(first.code) == other.side("armenian").state


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "actors.tsv",
            "\tthird_party\t-\tRUS",
            "\tmediator\t-\tRUS",
            "actors.tsv:{line}: key 'kind'",
        ),
        (
            "actors.tsv",
            "AM\tArmenia\tbelligerent\tarmenian",
            "AM\tArmenia\tbelligerent\tnorthern",
            "actors.tsv:{line}: key 'side'",
        ),
        (
            "truces.tsv",
            "2020-10-10T12:00",
            "10 Oct 2020 noon",
            "truces.tsv:{line}: key 'effective'",
        ),
        ("truces.tsv", "\tRU|FR\t", "\tRU|XX\t", "truces.tsv:{line}: key 'brokers'"),
        ("pack.toml", 'zone = "+04:00"', 'zone = "UTC+4"', "pack.toml:{line}: key 'zone'"),
        ("pack.toml", 'zone = "+04:00"', 'zone = "+04:00', "pack.toml: not TOML"),
        (
            "words-en.toml",
            "capitals = [",
            "capitols = [",
            "words-en.toml:{line}: unknown key 'capitols'",
        ),
        (
            "words-en.toml",
            "\n[dateline_cities]\n",
            "\n[dateline_cities]\nganja = 'XX'\n",
            "key dateline_cities.'ganja': unknown actor 'XX'",
        ),
        (
            "words-en.toml",
            "[adjective]",
            "[adjective]\nXX = 'Xish'",
            "words-en.toml:{line}: key adjective.XX: unknown actor code",
        ),
        (
            "words-en.toml",
            "people_nouns = '",
            "people_nouns = '(unclosed",
            "key 'people_nouns': bad regular expression",
        ),
        (
            "words-en.toml",
            "other_truces = '",
            "other_truces = '(unclosed",
            "key 'other_truces': bad regular expression",
        ),
        (
            "pack.toml",
            "other_truces_late_from = 2023-01-01",
            'other_truces_late_from = "2023"',
            "pack.toml:{line}: key truces.other_truces_late_from must be a date",
        ),
        (
            "pack.toml",
            "other_truces_late_from =",
            "other_truce_late_from =",
            "pack.toml:{line}: unknown key truces.other_truce_late_from",
        ),
        (
            "pack.toml",
            'kind = "cessation"',
            'kind = "armistice"',
            "key truces.kinds.kind: 'armistice' is no kind of truces.tsv",
        ),
        (
            "pack.toml",
            'not_brokers = ["US"]',
            'not_brokers = ["XX"]',
            "key truces.kinds.not_brokers: unknown actor 'XX'",
        ),
        (
            "pack.toml",
            "strict = true",
            'strict = "yes"',
            "key truces.kinds.strict must be a boolean",
        ),
    ],
)
def test_a_mistake_names_file_line_and_key(
    tmp_path: Path, file: str, old: str, new: str, message: str
) -> None:
    folder = copy_pack(tmp_path)
    path = folder / file
    text = path.read_text("utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), "utf-8")
    with pytest.raises(PackError) as err:
        load_pack(folder)
    assert message.format(line=line) in str(err.value)
    assert str(path) in str(err.value)


def test_a_pack_names_its_own_truces_outside_the_known_set(tmp_path: Path) -> None:
    from datetime import datetime, timedelta, timezone

    from tracker.extract import extract

    folder = copy_pack(tmp_path)
    words = folder / "words-en.toml"
    text = words.read_text("utf-8")
    old = text[text.index("other_truces = '") :].split("\n", 1)[0]
    words.write_text(text.replace(old, "other_truces = 'Zugspitze'", 1), "utf-8")
    other = load_pack(folder)
    published = datetime(2020, 10, 20, 12, tzinfo=timezone(timedelta(hours=4)))
    story = "Armenia said Azerbaijan had violated the Zugspitze ceasefire on Tuesday."
    installed = extract(story, published=published)
    own = extract(story, published=published, conflict=other)
    assert [r.truce_id for r in installed.truce_refs] == ["nk-2020-10-18"]
    assert own.truce_refs == ()
    # and the installed pack's own words for other truces are no longer the copy's
    story = "Armenia said Azerbaijan had violated the Bishkek ceasefire on Tuesday."
    assert extract(story, published=published).truce_refs == ()
    assert extract(story, published=published, conflict=other).truce_refs != ()


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    (folder / "actors.tsv").unlink()
    with pytest.raises(PackError, match=r"actors\.tsv: missing"):
        load_pack(folder)


def test_a_pack_may_leave_out_words_and_languages(tmp_path: Path) -> None:
    folder = copy_pack(tmp_path)
    (folder / "words-ru.toml").unlink()
    (folder / "words-en.toml").write_text("capitals = ['Baku']\n", "utf-8")
    pack = load_pack(folder)
    assert pack.word("en", "capitals") == ["Baku"]
    assert pack.word("en", "adjective") == {}
    assert "ru" not in pack.words


def test_the_pack_feeds_are_off_until_imported_and_each_says_where_it_was_found(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner

    from tracker.cli import cli
    from tracker.ingest.feedlist import load_feed_list

    opml = default_pack().path("feeds.opml")
    lines = opml.read_text("utf-8").splitlines()
    outlines = [i for i, line in enumerate(lines) if "xmlUrl=" in line]
    assert len(outlines) >= 15
    for i in outlines:
        assert lines[i - 1].strip().startswith("<!--"), f"no source for line {i + 1}"
        assert ("Probed" in lines[i - 1]) or ("Listed" in lines[i - 1])
    feeds = tmp_path / "feeds.toml"
    env = {"TRACKER_FEEDS_FILE": str(feeds)}
    done = CliRunner().invoke(
        cli, ["feeds", "import-opml", str(opml), "--conflict", default_pack().name], env=env
    )
    assert done.exit_code == 0, done.output
    imported = load_feed_list(feeds).feeds
    assert len(imported) == len(outlines)
    assert {f.conflict for f in imported} == {default_pack().name}
    assert all(f.url.startswith(("https://", "http://")) for f in imported)
