"""The feed list file and OPML: validation errors name the entry; edits keep the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.errors import FeedConfigError
from tracker.ingest.feedlist import (
    FeedConfig,
    FeedList,
    export_opml,
    import_opml,
    parse_feed_list,
)
from tracker.ingest.fetch import FetchLimits

REPO = Path(__file__).resolve().parents[3]

GOOD = """\
# my feeds
[[feeds]]
name = "wire"   # the wire
url = "https://wire.example.org/feed.rss"
interval_s = 600
tags = ["news"]
conflict = "nagorno-karabakh"

# the local sample
[[feeds]]
name = "local"
url = "file:samples/a.rss"
max_body_bytes = 1000
timeout_s = 5
full_article = true
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "feeds.toml"
    path.write_text(text, encoding="utf-8")
    return path


class TestLoad:
    def test_loads_entries_with_defaults_and_resolves_relative_file_urls(
        self, tmp_path: Path
    ) -> None:
        feeds = FeedList.load(write(tmp_path, GOOD)).feeds
        wire, local = feeds
        assert wire == FeedConfig(
            name="wire",
            url="https://wire.example.org/feed.rss",
            interval_s=600,
            tags=("news",),
            conflict="nagorno-karabakh",
        )
        assert wire.fetch_url == wire.url
        assert local.url == "file:samples/a.rss"
        assert local.fetch_url == (tmp_path / "samples" / "a.rss").resolve().as_uri()
        assert (local.interval_s, local.full_article, local.enabled) == (1800, True, True)
        limits = local.fetch_limits(FetchLimits())
        assert (limits.max_body_bytes, limits.total_timeout_s, limits.read_timeout_s) == (
            1000,
            5,
            5,
        )
        assert wire.fetch_limits(FetchLimits()) == FetchLimits()

    def test_the_default_feed_list_loads_and_its_files_exist(self) -> None:
        feeds = FeedList.load(REPO / "feeds" / "feeds.toml").feeds
        assert [f.name for f in feeds] == ["caucasus-wire-sample", "frontline-monitor-sample"]
        for feed in feeds:
            assert Path(feed.fetch_url.removeprefix("file://")).is_file()

    def test_a_missing_file_is_an_empty_list(self, tmp_path: Path) -> None:
        assert FeedList.load(tmp_path / "none.toml").feeds == []

    @pytest.mark.parametrize(
        ("entry", "message"),
        [
            ('name = "a"', "f.toml: feed 1 ('a'): url: required, a non-empty string"),
            ('url = "https://e.org/"', "f.toml: feed 1: name: required; 1-64 lower-case letters"),
            (
                'name = "Bad Name"\nurl = "https://e.org/"',
                "f.toml: feed 1 ('Bad Name'): name: required",
            ),
            (
                'name = "a"\nurl = "ftp://e.org/x"',
                "f.toml: feed 1 ('a'): url: only http, https and file URLs are supported, got 'ftp://e.org/x'",
            ),
            (
                'name = "a"\nurl = "https:///x"',
                "f.toml: feed 1 ('a'): url: no host in 'https:///x'",
            ),
            (
                'name = "a"\nurl = "https://e.org/"\ninterval_s = 5',
                "f.toml: feed 1 ('a'): interval_s: must be between 60 and 604800 seconds, got 5",
            ),
            (
                'name = "a"\nurl = "https://e.org/"\ninterval_s = "fast"',
                "f.toml: feed 1 ('a'): interval_s: must be a number, got 'fast'",
            ),
            (
                'name = "a"\nurl = "https://e.org/"\ntags = "x"',
                "f.toml: feed 1 ('a'): tags: must be a list of non-empty strings, got 'x'",
            ),
            (
                'name = "a"\nurl = "https://e.org/"\nmax_body_bytes = 0',
                "f.toml: feed 1 ('a'): max_body_bytes: must be a whole number from 1 to 104857600, got 0",
            ),
            (
                'name = "a"\nurl = "https://e.org/"\ntimeout_s = -1',
                "f.toml: feed 1 ('a'): timeout_s: must be more than 0 and at most 600 seconds, got -1",
            ),
            (
                'name = "a"\nurl = "https://e.org/"\nfull_article = "yes"',
                "f.toml: feed 1 ('a'): full_article: must be true or false, got 'yes'",
            ),
            (
                'name = "a"\nurl = "https://e.org/"\nconflict = "atlantis"',
                "f.toml: feed 1 ('a'): conflict: no conflict pack 'atlantis'; packs found: ",
            ),
            (
                'name = "a"\nurl = "https://e.org/"\ntz = "Europe/Paris"',
                "f.toml: feed 1 ('a'): tz: must be a UTC offset such as +04:00 or -03:30",
            ),
            (
                'name = "a"\nurl = "https://e.org/"\nintervl = 60',
                "f.toml: feed 1 ('a'): intervl: unknown key (known keys: name, url,",
            ),
        ],
    )
    def test_a_bad_entry_is_named_in_the_error(self, entry: str, message: str) -> None:
        with pytest.raises(FeedConfigError) as info:
            parse_feed_list(f"[[feeds]]\n{entry}\n", source="f.toml")
        assert str(info.value).startswith(message)

    def test_duplicates_by_name_and_canonical_url_are_refused(self) -> None:
        text = '[[feeds]]\nname = "a"\nurl = "https://E.org/f?utm_source=x"\n[[feeds]]\nname = "b"\nurl = "http://e.org/f"\n'
        with pytest.raises(
            FeedConfigError, match=r"f.toml: feed 2 \('b'\): url: the same feed as 'a'"
        ):
            parse_feed_list(text, source="f.toml")
        text = '[[feeds]]\nname = "a"\nurl = "https://e.org/1"\n[[feeds]]\nname = "a"\nurl = "https://e.org/2"\n'
        with pytest.raises(FeedConfigError, match=r"feed 2 \('a'\): name: already used by feed 1"):
            parse_feed_list(text, source="f.toml")

    def test_invalid_toml_and_unknown_top_level_keys(self) -> None:
        with pytest.raises(FeedConfigError, match=r"f\.toml: not valid TOML"):
            parse_feed_list("[[feeds]\n", source="f.toml")
        with pytest.raises(FeedConfigError, match=r"f\.toml: unknown top-level key 'feed'"):
            parse_feed_list('[[feed]]\nname = "a"\n', source="f.toml")


class TestEdit:
    def test_add_appends_a_block_and_keeps_comments(self, tmp_path: Path) -> None:
        path = write(tmp_path, GOOD)
        feeds = FeedList.load(path)
        feeds.add(FeedConfig(name="new", url="https://n.example.org/a.xml", tags=("x", 'q"uote')))
        feeds.save()
        text = path.read_text(encoding="utf-8")
        assert text.startswith(GOOD)
        assert text.endswith(
            '[[feeds]]\nname = "new"\nurl = "https://n.example.org/a.xml"\ninterval_s = 1800\ntags = ["x", "q\\"uote"]\n'
        )
        assert [f.name for f in FeedList.load(path).feeds] == ["wire", "local", "new"]

    def test_add_refuses_a_duplicate(self, tmp_path: Path) -> None:
        feeds = FeedList.load(write(tmp_path, GOOD))
        with pytest.raises(FeedConfigError, match="url: the same feed as 'wire'"):
            feeds.add(FeedConfig(name="again", url="http://wire.example.org/feed.rss#x"))

    def test_remove_deletes_only_that_block_and_its_comment(self, tmp_path: Path) -> None:
        path = write(tmp_path, GOOD)
        feeds = FeedList.load(path)
        assert feeds.remove("local").name == "local"
        feeds.save()
        text = path.read_text(encoding="utf-8")
        assert text == GOOD[: GOOD.index("# the local sample")]
        feeds = FeedList.load(path)
        feeds.remove("wire")
        feeds.save()
        assert FeedList.load(path).feeds == []
        assert path.read_text(encoding="utf-8").startswith("# my feeds")
        with pytest.raises(FeedConfigError, match="no feed named 'wire'"):
            feeds.remove("wire")


class TestOpml:
    OPML = b"""<?xml version="1.0"?>
<opml version="2.0"><head><title>subs</title></head><body>
  <outline text="Caucasus">
    <outline text="Wire Service" type="rss" xmlUrl="https://wire.example.org/feed.rss?utm_source=opml" category="/news"/>
    <outline text="Wire copy" type="rss" xmlUrl="http://WIRE.example.org/feed.rss"/>
    <outline text="Local" type="rss" xmlUrl="file:///etc/passwd"/>
  </outline>
  <outline text="Monitor" type="rss" xmlUrl="https://monitor.example.net/atom"/>
</body></opml>"""

    def test_imports_dedupes_and_tags_by_folder(self) -> None:
        result = import_opml(self.OPML, conflict="nagorno-karabakh")
        assert [(f.name, f.url, f.tags) for f in result.feeds] == [
            (
                "wire-service",
                "https://wire.example.org/feed.rss?utm_source=opml",
                ("Caucasus", "news"),
            ),
            ("monitor", "https://monitor.example.net/atom", ()),
        ]
        assert result.feeds[0].conflict == "nagorno-karabakh"
        assert result.duplicates == ["http://WIRE.example.org/feed.rss"]
        assert result.skipped == ["file:///etc/passwd: only http and https feeds are imported"]

    def test_existing_feeds_are_not_imported_again(self) -> None:
        existing = [FeedConfig(name="monitor", url="https://monitor.example.net/atom")]
        result = import_opml(self.OPML, existing=existing)
        assert [f.name for f in result.feeds] == ["wire-service"]
        assert "https://monitor.example.net/atom" in result.duplicates

    def test_round_trip_through_export(self) -> None:
        feeds = [FeedConfig(name="a", url="https://a.example.org/f", tags=("t1", "t2"))]
        data = export_opml(feeds)
        assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
        [feed] = import_opml(data).feeds
        assert (feed.name, feed.url, feed.tags) == ("a", "https://a.example.org/f", ("t1", "t2"))

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            (b"<opml><body>", "OPML file: not valid XML"),
            (b"<rss/>", "OPML file: not OPML (root element <rss>)"),
            (b"<opml/>", "OPML file: OPML without a <body>"),
            (
                b'<!DOCTYPE opml [<!ENTITY a "b">]><opml><body/></opml>',
                "OPML file: refused, it declares XML entities",
            ),
            (
                b"<opml><body>"
                + b"<outline text='x'>" * 12
                + b"</outline>" * 12
                + b"</body></opml>",
                "OPML file: outlines nested deeper than 10 levels",
            ),
        ],
    )
    def test_bad_opml_is_a_config_error(self, data: bytes, message: str) -> None:
        with pytest.raises(FeedConfigError) as info:
            import_opml(data)
        assert str(info.value).startswith(message)


def test_many_feeds_are_added_at_once_or_not_at_all(tmp_path: Path) -> None:
    lst = FeedList(tmp_path / "f.toml", [], "")
    feeds = [
        FeedConfig(name=f"f{i}", url=f"https://e{i}.org/rss", interval_s=900) for i in range(300)
    ]
    assert len(lst.add_many(feeds)) == 300
    lst.save()
    assert [f.name for f in FeedList.load(tmp_path / "f.toml").feeds] == [f.name for f in feeds]
    with pytest.raises(FeedConfigError, match="already used"):
        lst.add_many([FeedConfig(name="new", url="https://new.org/", interval_s=900), feeds[0]])
    assert len(lst.feeds) == 300
