"""Properties over generated input: canonical URLs are stable, the parser only raises FeedParseError."""

from __future__ import annotations

import contextlib
import re
import subprocess
import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.errors import FeedParseError
from tracker.ingest.identity import canonical_url, minhash_signature, normalize_text, shingles
from tracker.ingest.parse import guard_prolog, html_to_text, parse_feed

URL_PARTS = (
    st.sampled_from(["http://", "https://", "HTTPS://", "ftp://", "", "file:///"]),
    st.text(alphabet="abcXYZ.-:[]@", max_size=12),
    st.text(alphabet="/a%20?&=#_utm_source+é", max_size=24),
)


@settings(max_examples=300, deadline=None, database=None)
@given(*URL_PARTS)
def test_canonical_url_is_idempotent(scheme: str, host: str, rest: str) -> None:
    once = canonical_url(scheme + host + rest)
    assert canonical_url(once) == once


# Content hashes (hence item ids and event ids) are built on normalize_text: its fast
# paths must give exactly what the plain definition gives, on any text.
SPACEY = st.text(
    alphabet=st.sampled_from(
        [
            *(" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\u00a0", "\u2003", "\u3000"),
            *("a", "B", "é", "ß", "Ǆ", "ﬁ", "\u200b", "\u00ad", "\ufeff", "İ", "1", "."),
        ]
    ),
    max_size=60,
)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)


def _normalize_by_definition(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).casefold()
    return re.sub(r"\s+", " ", folded).strip()


def _tidy_by_definition(text: str) -> str:
    lines = (re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in text.split("\n"))
    return re.sub(r"\n\s*\n+", "\n\n", "\n".join(lines)).strip()


@settings(max_examples=400, deadline=None, database=None)
@given(st.one_of(SPACEY, st.text(max_size=80)))
def test_normalize_text_equals_its_definition(text: str) -> None:
    assert normalize_text(text) == _normalize_by_definition(text)
    assert normalize_text(text.encode("ascii", "replace").decode()) == _normalize_by_definition(
        text.encode("ascii", "replace").decode()
    )


@settings(max_examples=400, deadline=None, database=None)
@given(st.one_of(SPACEY, st.text(max_size=80)))
def test_plain_text_is_tidied_as_defined(text: str) -> None:
    plain = text.replace("<", "").replace("&", "")  # no markup: only the tidying runs
    assert html_to_text(plain) == _tidy_by_definition(plain)


@settings(max_examples=150, deadline=None, database=None)
@given(st.binary(max_size=400))
def test_parse_feed_raises_only_feed_parse_error_on_random_bytes(body: bytes) -> None:
    with contextlib.suppress(FeedParseError):
        parse_feed(body, url="https://e.org/f")


XMLISH = st.lists(
    st.sampled_from(
        [
            "<",
            ">",
            "<!DOCTYPE rss [",
            "]>",
            '<!ENTITY a "',
            '">',
            "&a;",
            "<!--",
            "-->",
            '"',
            "'",
            "<rss>",
            "<item><title>x</title></item>",
            "</rss>",
            "<![CDATA[",
            "]]>",
            " SYSTEM ",
        ]
    ),
    max_size=30,
).map(lambda parts: "".join(parts).encode())


@settings(max_examples=300, deadline=None, database=None)
@given(XMLISH)
def test_the_guard_only_ever_removes_bytes_and_never_raises(body: bytes) -> None:
    guarded, note = guard_prolog(body)
    if note is None:
        assert guarded is body
    else:
        assert len(guarded) < len(body) and b"<!DOCTYPE" in body
    with contextlib.suppress(FeedParseError):
        parse_feed(body, url="https://e.org/f")


@settings(max_examples=100, deadline=None, database=None)
@given(st.text(max_size=300))
def test_minhash_of_a_text_equals_minhash_of_its_shingles(text: str) -> None:
    assert minhash_signature(text, 32) == minhash_signature(shingles(text), 32)


def test_deeply_nested_entities_are_refused_without_recursion_errors() -> None:
    # Declared outermost first, so sizing e899 must descend through all of them.
    decls = "".join(f'<!ENTITY e{i} "&e{i - 1};">' for i in range(899, 0, -1)) + '<!ENTITY e0 "x">'
    body = f"<!DOCTYPE rss [{decls}]><rss><channel><item><title>&e899;</title></item></channel></rss>".encode()
    assert guard_prolog(body)[1] == "its entities nest more than 32 deep"


def test_a_huge_internal_subset_is_scanned_whole() -> None:
    # 5 MB of comment inside the DOCTYPE: a scan that restarted at each character would
    # not come back; the one entity after it is read and found harmless.
    subset = '<!ENTITY a "b">' + "<!-- " + "x" * 5_000_000 + " -->"
    body = f"<!DOCTYPE rss [{subset}]><rss><channel><title>&a;</title></channel></rss>".encode()
    assert guard_prolog(body)[1] is None
    big = '<!ENTITY c "' + "y" * 2_000_000 + '">'
    bomb = (
        f"<!DOCTYPE rss [{subset}{big}]><rss><channel><title>&c;</title></channel></rss>".encode()
    )
    assert guard_prolog(bomb)[1] is not None  # the declaration after the comment is seen


def test_the_pure_modules_import_no_sql_cli_or_network_code() -> None:
    # (click and rich are not checked: httpx imports them for its own CLI when installed.)
    code = (
        "import sys, tracker.ingest.identity, tracker.ingest.parse, tracker.ingest.feedlist, "
        "tracker.ingest.fetch, tracker.ingest.article\n"
        "bad = [m for m in ('sqlalchemy', 'tracker.db', 'tracker.store', 'tracker.cli', 'trafilatura') "
        "if m in sys.modules]\n"
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    code = "import sys, tracker.ingest.identity; print('httpx' in sys.modules, 'feedparser' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"
