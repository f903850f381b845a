"""parse_feed: items as plain text, date fallbacks, errors, and the prolog entity guard."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest

from tracker.errors import FeedParseError
from tracker.ingest.parse import MAX_ENTITY_EXPANSION, guard_prolog, html_to_text, parse_feed

SAMPLES = Path(__file__).resolve().parents[3] / "feeds" / "samples"
URL = "https://feeds.example.org/feed"


def rss(items: str, *, channel: str = "", prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>{prolog}\n<rss version="2.0"><channel>'
        f"<title>T</title><link>https://e.org/</link>{channel}{items}</channel></rss>"
    ).encode()


def billion_laughs(levels: int = 10, *, with_item: bool = False) -> bytes:
    decls = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels)
    ]
    item = "<item><title>x</title><guid>1</guid></item>" if with_item else ""
    return rss(
        f"{item}",
        channel=f"<description>&lol{levels - 1};</description>",
        prolog="<!DOCTYPE rss [" + "".join(decls) + "]>",
    )


def quadratic_blowup(value_chars: int = 100_000, refs: int = 10_000) -> bytes:
    return rss(
        "<item><title>" + "&a;" * refs + "</title><guid>q</guid></item>",
        prolog=f'<!DOCTYPE rss [<!ENTITY a "{"A" * value_chars}">]>',
    )


class TestItems:
    def test_rss_item_fields_become_plain_text(self) -> None:
        body = rss(
            "<item><title>Truce &amp; <b>shelling</b></title><guid isPermaLink='false'>g1</guid>"
            "<link>https://e.org/a?utm_source=x</link><author>desk@e.org (Desk)</author>"
            "<description>&lt;p&gt;One&lt;/p&gt;&lt;script&gt;bad()&lt;/script&gt;&lt;p&gt;Two &amp;amp; three&lt;/p&gt;</description>"
            "<pubDate>Sat, 10 Oct 2020 12:05:00 +0400</pubDate></item>",
            channel="<ttl>15</ttl><language>en-gb</language>",
        )
        feed = parse_feed(body, url=URL)
        assert (feed.title, feed.link, feed.ttl_s, feed.version, feed.warning) == (
            "T",
            "https://e.org/",
            900,
            "rss20",
            None,
        )
        [item] = feed.items
        assert item.guid == "g1"
        assert item.link == "https://e.org/a?utm_source=x"
        assert item.title == "Truce & shelling"
        assert item.summary == "One\n\nTwo & three"
        assert item.content == item.summary
        assert item.published_at == datetime(2020, 10, 10, 8, 5, tzinfo=UTC)
        assert item.published_raw == "Sat, 10 Oct 2020 12:05:00 +0400"
        assert item.updated_at is None
        assert item.language == "en-gb"
        assert item.authors == ("Desk",)

    def test_date_falls_back_to_updated_then_dc_date(self) -> None:
        body = rss(
            "<item><guid>a</guid><title>a</title></item>"
            '<item xmlns:dc="http://purl.org/dc/elements/1.1/"><guid>b</guid><title>b</title>'
            "<dc:date>2020-10-26T08:05:00+04:00</dc:date></item>"
        )
        a, b = parse_feed(body, url=URL).items
        assert a.published_at is None and a.published_raw is None
        assert b.published_at == datetime(2020, 10, 26, 4, 5, tzinfo=UTC)
        assert b.published_raw == "2020-10-26T08:05:00+04:00"

    def test_atom_content_wins_over_summary_and_hub_links_are_kept(self) -> None:
        body = (
            b'<feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><id>x</id>'
            b'<link rel="hub" href="https://hub.example.org/"/>'
            b"<entry><id>e1</id><title>E</title><updated>2023-09-19T11:30:00Z</updated>"
            b'<summary>short</summary><content type="html">&lt;p&gt;long text&lt;/p&gt;</content></entry></feed>'
        )
        feed = parse_feed(body, url=URL)
        assert feed.hub_links == ("https://hub.example.org/",)
        [item] = feed.items
        assert (item.summary, item.content) == ("short", "long text")
        assert item.published_at == item.updated_at == datetime(2023, 9, 19, 11, 30, tzinfo=UTC)

    def test_a_body_naming_a_local_file_is_not_opened(self) -> None:
        with pytest.raises(FeedParseError, match="malformed feed"):
            parse_feed(b"/etc/passwd", url=URL)

    def test_html_to_text_keeps_blocks_and_drops_scripts(self) -> None:
        assert html_to_text("<div>a<br>b</div><style>x{}</style>&eacute;&nbsp;c") == "a\nb\né c"

    def test_the_bundled_samples_parse_cleanly(self) -> None:
        rss_feed = parse_feed((SAMPLES / "caucasus-wire.rss").read_bytes(), url="file:///s.rss")
        atom_feed = parse_feed(
            (SAMPLES / "frontline-monitor.atom").read_bytes(), url="file:///s.atom"
        )
        assert (len(rss_feed.items), len(atom_feed.items)) == (9, 8)
        assert rss_feed.warning is None and atom_feed.warning is None
        undated = [i for i in rss_feed.items + atom_feed.items if i.published_at is None]
        assert [i.guid for i in undated] == ["cw-explainer-truces-2020"]


class TestErrors:
    @pytest.mark.parametrize(
        ("body", "message"),
        [
            (b"", "empty body, no feed"),
            (b"  \n ", "empty body, no feed"),
            (
                b"<!DOCTYPE html><html><head><title>Hi</title></head><body><p>x</p></body></html>",
                "the server sent an HTML page, not a feed",
            ),
            (b"<rss><channel><item><title>cut off", "malformed feed with no readable entries"),
            (b"<?xml version='1.0'?><note><to>x</to></note>", "not a feed"),
        ],
    )
    def test_unusable_bodies_raise_feed_parse_error(self, body: bytes, message: str) -> None:
        with pytest.raises(FeedParseError) as info:
            parse_feed(body, url=URL)
        assert info.value.url == URL
        assert info.value.message.startswith(message)

    def test_a_large_ill_formed_body_is_refused_without_the_slow_lenient_parser(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        body = b"<rss><channel>" + b"<a>" * 800_000  # 2.4 MB of unclosed tags
        lenient: list[int] = []
        monkeypatch.setattr(feedparser, "parse", lambda *a, **k: lenient.append(1))
        with pytest.raises(FeedParseError) as info:
            parse_feed(body, url=URL)
        assert info.value.message == (
            "malformed XML (no element found: line 1, column 2400014) in a body over "
            "2,097,152 bytes; the lenient parser is not tried on bodies this large"
        )
        assert lenient == []  # the lenient parser (seconds on such a body) was never run

    def test_bozo_with_entries_is_a_warning(self) -> None:
        body = rss("<item><guid>1</guid><title>ok &bogus; here</title></item>")
        feed = parse_feed(body, url=URL)
        assert len(feed.items) == 1
        assert feed.warning is not None and "undefined entity" in feed.warning

    def test_wrong_declared_encoding_still_yields_items_with_a_warning(self) -> None:
        body = rss("<item><guid>1</guid><title>Ağdərə</title></item>")  # UTF-8 bytes
        headers = {"Content-Type": "application/rss+xml; charset=us-ascii"}
        feed = parse_feed(body, url=URL, headers=headers)
        assert feed.items[0].title == "Ağdərə"
        assert feed.warning is not None and "CharacterEncodingOverride" in feed.warning


class TestEntityGuard:
    def test_billion_laughs_without_items_is_refused_quickly(self) -> None:
        with pytest.raises(FeedParseError, match="entity bomb refused") as info:
            parse_feed(billion_laughs(), url=URL)
        # sized from the declarations, never expanded (10**9 characters)
        assert "would expand to more than 1,000,000 characters" in info.value.message

    def test_billion_laughs_with_items_parses_without_expanding(self) -> None:
        feed = parse_feed(billion_laughs(with_item=True), url=URL)
        assert [i.title for i in feed.items] == ["x"]
        assert feed.warning is not None and feed.warning.startswith(
            "removed the DOCTYPE: the entity lol6"
        )

    def test_quadratic_blowup_is_defused(self) -> None:
        body = quadratic_blowup()
        feed = parse_feed(body, url=URL)
        [item] = feed.items
        assert len(item.title) <= len(body)  # references left unexpanded, not 10**9 chars
        assert "in the document" in (feed.warning or "")

    def test_declared_entities_are_never_expanded_however_small(self) -> None:
        body = rss(
            "<item><guid>1</guid><title>&copy2020; &amp; &#233;</title></item>",
            prolog='<!DOCTYPE rss [<!ENTITY copy2020 "(c) 2020">]>',
        )
        assert guard_prolog(body) == (body, None)
        # The reference stays as written; predefined and character references still work.
        assert parse_feed(body, url=URL).items[0].title == "&copy2020; & \u00e9"

    @pytest.mark.parametrize(
        "prolog",
        [
            # hidden from a prolog scan in a comment; feedparser's own DOCTYPE handling
            # (declarations at the start of a line, before the first element) used to
            # find it there and re-declare it for both of its parsers
            '\n<!--\n<!ENTITY a "{big}">\n-->\n<!DOCTYPE rss [ ]>\n',
            '\n<!--\n<!ENTITY a "{big}">\n-->\n<!DOCTYPE rss>\n',
            '\n<!DOCTYPE rss [\n<!-- x -->\n<!ENTITY a "{big}">\n]>\n',
            '\n<!-- <a -->\n<!DOCTYPE rss [\n<!ENTITY a "{big}">\n]>\n',
        ],
    )
    def test_no_declaration_is_expanded_wherever_it_hides(self, prolog: str) -> None:
        big = "A" * 10_000
        body = rss(
            "<item><guid>1</guid><title>" + "&a;" * 1_000 + "</title></item>",
            prolog=prolog.format(big=big),
        )
        feed = parse_feed(body, url=URL)
        assert "A" not in feed.items[0].title  # 10 MB on expansion; here, the references
        assert len(feed.items[0].title) <= len(body)

    def test_a_body_in_a_one_byte_charset_is_not_expanded_either(self) -> None:
        text = rss(
            "<item><guid>1</guid><title>" + "&a;" * 3_000 + "</title></item>",
            prolog='<!DOCTYPE rss [<!ENTITY a "' + "B" * 1_000 + '">]>',
        ).decode()
        body = text.replace(
            '<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0" encoding="cp037"?>'
        ).encode("cp037")
        feed = parse_feed(body, url=URL)
        assert "B" not in feed.items[0].title

    def test_the_decoded_size_cap_applies_after_the_charset(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from tracker.ingest import parse

        body = (
            rss("<item><guid>1</guid><title>\u00e9\u00e9\u00e9\u00e9</title></item>")
            .decode()
            .encode("latin-1")
        )
        monkeypatch.setattr(parse, "MAX_DECODED_BYTES", len(body) + 2)  # é: 1 byte, then 2
        with pytest.raises(FeedParseError, match="once decoded to UTF-8"):
            parse_feed(
                body, url=URL, headers={"Content-Type": "application/rss+xml; charset=latin-1"}
            )

    @pytest.mark.parametrize(
        ("subset", "reason"),
        [
            ('<!ENTITY x SYSTEM "file:///etc/passwd">', "it declares the external entity x"),
            ('<!ENTITY % p "x">', "it declares the parameter entity %p"),
            ('<!ENTITY a "&b;"><!ENTITY b "&a;">', "the entity a refers to itself"),
            (
                '<!ENTITY a "' + "&#38;b;" * 10 + '"><!ENTITY b "' + "x" * 200_000 + '">',
                "the entity a would expand to more than 1,000,000 characters",
            ),
        ],
    )
    def test_dangerous_doctypes_are_removed_with_a_reason(self, subset: str, reason: str) -> None:
        body = rss(
            "<item><guid>1</guid><title>t</title></item>", prolog=f"<!DOCTYPE rss [{subset}]>"
        )
        guarded, note = guard_prolog(body)
        assert note == reason
        assert b"<!DOCTYPE" not in guarded
        assert guarded == body.replace(f"<!DOCTYPE rss [{subset}]>".encode(), b"")

    def test_only_the_prolog_is_touched(self) -> None:
        tail = '<item><guid>1</guid><title><![CDATA[<!DOCTYPE x [<!ENTITY z SYSTEM "f">]>]]></title></item>'
        body = rss(
            tail,
            prolog='<!-- <!ENTITY in a comment --><!DOCTYPE rss [<!ENTITY e SYSTEM "http://x/">]>',
        )
        guarded, note = guard_prolog(body)
        assert note == "it declares the external entity e"
        assert tail.encode() in guarded
        assert b"<!-- <!ENTITY in a comment -->" in guarded

    def test_utf16_bodies_are_guarded_too(self) -> None:
        text = (
            billion_laughs(with_item=True).decode().replace('encoding="utf-8"', 'encoding="utf-16"')
        )
        body = text.encode("utf-16")
        guarded, note = guard_prolog(body)
        assert note is not None and "lol" in note
        assert "<!DOCTYPE" not in guarded.decode("utf-16")
        assert parse_feed(body, url=URL).items[0].title == "x"

    def test_limit_is_about_one_megabyte(self) -> None:
        assert MAX_ENTITY_EXPANSION == 1_000_000
        under = rss(
            "<item><guid>1</guid><title>" + "&a;" * 9 + "</title></item>",
            prolog=f'<!DOCTYPE rss [<!ENTITY a "{"A" * 100_000}">]>',
        )
        assert guard_prolog(under)[1] is None
