"""Item identity, content hashes and near-duplicate sketches: pure functions.

Owns how a feed item is recognised again (GUID, canonical link, or a hash), the
content hash that detects revisions and exact cross-feed duplicates, the event id
of an ``ItemIngested``, and the MinHash/LSH helpers the near-duplicate projection is
built on (FEEDS.md §3 items 10–12). Must not do I/O, read the clock, or import
anything outside the standard library: the same input gives the same output on every
machine and every run, which is what makes re-polls and projection rebuilds no-ops.

MinHash flavour: *one-permutation hashing with optimal densification* (Li, Owen and
Zhang 2012; Shrivastava 2017). Each shingle is hashed once (BLAKE2b, 64 bits); the
hash picks one of ``num_perm`` bins and the bin keeps its minimum. Empty bins borrow
the value of a non-empty bin along a fixed pseudo-random probe sequence, so two
signatures agree in a position with probability equal to the Jaccard similarity of
the shingle sets, exactly as with ``num_perm`` independent permutations, at the cost of
one hash per shingle instead of ``num_perm``. A 5 KB text takes well under 1 ms.
"""

from __future__ import annotations

import functools
import hashlib
import random
import re
import unicodedata
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

#: Namespace of every item event id. Fixed forever: changing it changes every id.
#: (= uuid5(NAMESPACE_URL, "https://tracker.invalid/ns/item-ingested"))
ITEM_NAMESPACE = uuid.UUID("9f14620d-47ac-5c30-8b29-b2d35c51d0a4")

#: Query parameters that only track the reader; dropped by :func:`canonical_url`.
TRACKING_PARAMS: frozenset[str] = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ref_src",
        "ref_url",
        "cmpid",
        "ito",
        "at_medium",
        "at_campaign",
        "oly_anon_id",
        "oly_enc_id",
        "rb_clickid",
        "s_cid",
        "vero_id",
        "wt_mc",
        "__twitter_impression",
    }
)
#: Parameter prefixes that only track the reader (``utm_source``, ``utm_medium``...).
TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "pk_", "mtm_", "hsa_")

#: Share of blank or repeated GUIDs above which a feed switches to link identity
#: (FreshRSS's automatic degradation of its "unicity criteria").
GUID_DEGRADE_RATIO = 0.05

#: Texts with fewer words than this are shingled as character 5-grams.
SHORT_TEXT_WORDS = 48

_DEFAULT_PORTS = {"http": 80, "https": 443}
_WORD_RE = re.compile(r"\w+", re.UNICODE)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_EMPTY_BIN = (1 << 64) - 1


class IdentifiableItem(Protocol):
    """What identity needs of an item; :class:`tracker.ingest.parse.ParsedItem` fits."""

    @property
    def guid(self) -> str | None: ...
    @property
    def link(self) -> str | None: ...
    @property
    def title(self) -> str: ...
    @property
    def summary(self) -> str: ...
    @property
    def content(self) -> str: ...
    @property
    def published_raw(self) -> str | None: ...


# --------------------------------------------------------------------------- URLs


def canonical_url(url: str) -> str:
    """The form of ``url`` used to recognise the same page under different spellings.

    Lower-cases scheme and host, drops the default port, the fragment, user info and
    tracking parameters (``utm_*``, ``fbclid``, ``gclid``, ``mc_cid``... see
    :data:`TRACKING_PARAMS`), sorts the remaining query parameters (keeping blank
    values) and gives an empty path as ``/``. Percent-escapes are left as they are.
    Non-http(s) URLs only get the scheme lower-cased and the fragment dropped.
    A string that does not parse as a URL comes back stripped, unchanged.
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    without_fragment = text.split("#", 1)[0]
    if scheme not in _DEFAULT_PORTS:
        # urlunsplit would collapse an empty authority ("////" -> "//"), so edit the text.
        return scheme + without_fragment[len(scheme) :] if scheme else without_fragment
    host = (parts.hostname or "").rstrip(".")
    if not host:  # not a web address: keep it as written, so that the form is stable
        return without_fragment
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking_param(key)
    ]
    query.sort()
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def url_alias(url: str) -> str:
    """:func:`canonical_url` without its scheme: ``http://`` and ``https://`` copies match."""
    return alias_of_canonical(canonical_url(url))


def alias_of_canonical(canonical: str) -> str:
    """:func:`url_alias` of a URL already in :func:`canonical_url` form."""
    for scheme in ("https://", "http://"):
        if canonical.startswith(scheme):
            return "//" + canonical[len(scheme) :]
    return canonical


def _is_tracking_param(key: str) -> bool:
    lowered = key.lower()
    return lowered in TRACKING_PARAMS or lowered.startswith(TRACKING_PREFIXES)


# --------------------------------------------------------------------------- text


def normalize_text(text: str) -> str:
    """Text reduced to what a reader sees: NFKC, case-folded, single spaces.

    Zero-width characters and soft hyphens are removed; typographic quotes and dashes
    keep their NFKC form. Used for content hashes and shingles.
    """
    if text.isascii():  # already NFKC, nothing invisible, casefold() is lower()
        folded = text.lower()
    else:
        folded = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).casefold()
    return " ".join(folded.split())  # = re.sub(r"\s+", " ", folded).strip(): same "space"


def content_hash(title: str, text: str) -> str:
    """SHA-256 hex of the normalised title and body text.

    Only what a reader sees goes in: pass the title and the item's text (content or
    summary), never volatile fields such as ``updated`` or ``lastBuildDate``, so that a
    feed re-stamping its items does not look like a revision (reader #231).
    """
    data = normalize_text(title) + "\n" + normalize_text(text)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- identity


IdentityMode = Literal["guid", "link"]


def item_identity(item: IdentifiableItem, *, guid_usable: bool) -> str:
    """The per-feed key of ``item``: ``guid:<guid>``, ``link:<canonical url>`` or ``hash:<hex>``.

    The GUID is used when ``guid_usable`` (the feed is in GUID mode, see
    :func:`feed_identity_mode`) and the item has one; else the canonical link; else
    SHA-256 of title, raw published date and summary. The key is stable across polls and
    independent of the feed name (the event id adds that). Use :func:`item_identities`
    for a whole fetch: it also separates items that repeat a GUID.
    """
    guid = (item.guid or "").strip()
    if guid_usable and guid:
        return "guid:" + guid
    link = (item.link or "").strip()
    if link:
        return "link:" + canonical_url(link)
    return "hash:" + _fallback_hash(item)


def _fallback_hash(item: IdentifiableItem) -> str:
    parts = (
        normalize_text(item.title),
        (item.published_raw or "").strip(),
        normalize_text(item.summary),
    )
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def feed_identity_mode(items: Sequence[IdentifiableItem]) -> IdentityMode:
    """``"guid"``, or ``"link"`` when more than 5 % of the GUIDs are blank or repeated.

    FreshRSS's automatic degradation: a feed whose GUIDs cannot tell its items apart is
    keyed by link instead. An empty fetch stays in GUID mode. The caller records a switch
    in the feed's state so that it can be shown and kept.
    """
    if not items:
        return "guid"
    guids = [(item.guid or "").strip() for item in items]
    blank = sum(1 for guid in guids if not guid)
    counts = Counter(guid for guid in guids if guid)
    repeated = sum(count - 1 for count in counts.values() if count > 1)
    if (blank + repeated) / len(items) > GUID_DEGRADE_RATIO:
        return "link"
    return "guid"


def item_identities(
    items: Sequence[IdentifiableItem], mode: IdentityMode | None = None
) -> list[str]:
    """The identity of each item of one fetch, in order.

    ``mode`` defaults to :func:`feed_identity_mode` of ``items``. When two items of
    the fetch share a key (a repeated GUID, Miniflux #4197, or a repeated link), each
    gets the key plus ``|`` and its canonical link, and if that still clashes, plus
    ``#`` and its content hash. Items identical in key, link and content keep one key:
    they are the same item listed twice.
    """
    chosen = feed_identity_mode(items) if mode is None else mode
    keys = [item_identity(item, guid_usable=chosen == "guid") for item in items]
    counts = Counter(keys)
    if all(count == 1 for count in counts.values()):
        return keys
    refined = [
        f"{key}|{canonical_url(item.link or '')}" if counts[key] > 1 else key
        for key, item in zip(keys, items, strict=True)
    ]
    counts = Counter(refined)
    return [
        f"{key}#{content_hash(item.title, item.content or item.summary)[:16]}"
        if counts[key] > 1
        else key
        for key, item in zip(refined, items, strict=True)
    ]


def identity_digest(identity: str) -> str:
    """A short, fixed-length form of an identity (32 hex chars of SHA-256) for stream ids."""
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]


def item_event_id(feed_name: str, identity: str, content_hash: str) -> uuid.UUID:
    """The id of the ``ItemIngested`` event for this feed, item and content.

    UUIDv5 in :data:`ITEM_NAMESPACE`, so a re-poll of the same item (after a crash or
    an expired lease) produces the same id and the store treats it as a no-op, while a
    revised text produces a new id.
    """
    return uuid.uuid5(ITEM_NAMESPACE, "\x1f".join((feed_name, identity, content_hash)))


# --------------------------------------------------------------------------- near duplicates


def shingles(text: str, k: int = 5, *, short_text_words: int = SHORT_TEXT_WORDS) -> frozenset[str]:
    """The shingle set of ``text``: word ``k``-shingles, or character 5-grams when short.

    Text is normalised (:func:`normalize_text`) and split into words first. With fewer
    than ``short_text_words`` words (48 by default) it is shingled as character 5-grams
    of the words joined by single spaces, which are less brittle on a title or a lede.
    A text with fewer words than ``k`` yields one shingle of all of it; empty text, none.

    Raises:
        ValueError: ``k`` is less than 1.
    """
    if k < 1:
        raise ValueError(f"shingle size must be at least 1, got {k}")
    words = _WORD_RE.findall(normalize_text(text))
    if not words:
        return frozenset()
    if len(words) < short_text_words:
        joined = " ".join(words)
        if len(joined) <= 5:
            return frozenset({joined})
        return frozenset(joined[i : i + 5] for i in range(len(joined) - 4))
    if len(words) < k:
        return frozenset({" ".join(words)})
    return frozenset(" ".join(words[i : i + k]) for i in range(len(words) - k + 1))


def _hash64(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "little")


@functools.cache
def _probe_table(num_perm: int) -> tuple[tuple[int, ...], ...]:
    # A fixed pseudo-random probe sequence per bin (optimal densification). Seeded so
    # that every process builds the same table.
    rng = random.Random(f"tracker-minhash-{num_perm}")
    return tuple(tuple(rng.randrange(num_perm) for _ in range(64)) for _ in range(num_perm))


def minhash_signature(
    text: str | Iterable[str], num_perm: int = 128, *, k: int = 5
) -> tuple[int, ...]:
    """A MinHash signature of ``text`` (or of an already built shingle set).

    Pure Python, deterministic across processes and machines (BLAKE2b, no ``hash()``),
    ``num_perm`` 64-bit values. Two signatures agree in each position with probability
    equal to the Jaccard similarity of the shingle sets (see the module docstring for the
    one-permutation scheme). Empty text gives a signature of all ``2**64 - 1``, which
    :func:`estimate_similarity` never calls similar to anything.

    Raises:
        ValueError: ``num_perm`` is less than 1.
    """
    if num_perm < 1:
        raise ValueError(f"num_perm must be at least 1, got {num_perm}")
    shingle_set = shingles(text, k) if isinstance(text, str) else frozenset(text)
    bins = [_EMPTY_BIN] * num_perm
    for shingle in shingle_set:
        h = _hash64(shingle)
        index = h % num_perm
        value = h // num_perm
        if value < bins[index]:
            bins[index] = value
    if not shingle_set:
        return tuple(bins)
    empty = [i for i, value in enumerate(bins) if value == _EMPTY_BIN]
    if empty:
        probes = _probe_table(num_perm)
        filled = list(bins)
        for i in empty:
            for j in probes[i]:
                if bins[j] != _EMPTY_BIN:
                    filled[i] = bins[j]
                    break
            else:  # all 64 probes empty (tiny sets): the next non-empty bin to the right
                for step in range(1, num_perm):
                    j = (i + step) % num_perm
                    if bins[j] != _EMPTY_BIN:
                        filled[i] = bins[j]
                        break
        bins = filled
    return tuple(bins)


def lsh_bands(signature: Sequence[int], bands: int = 16) -> tuple[int, ...]:
    """One bucket key per band of ``signature``, for a locality-sensitive index.

    Items sharing any (band number, key) pair are candidate near-duplicates; with 128
    values in 16 bands of 8, pairs at Jaccard 0.8 collide with probability ≈ 0.9996
    and pairs at 0.3 with ≈ 0.001. Keys are non-negative 63-bit integers (they fit a
    signed BIGINT column) and include the band number, so position ``b`` of the result is
    the key of band ``b``. An all-empty signature (empty text) gives all-zero keys: skip it.

    Raises:
        ValueError: ``bands`` does not divide the signature length.
    """
    if bands < 1 or len(signature) % bands:
        raise ValueError(
            f"{len(signature)} signature values cannot be split into {bands} equal bands"
        )
    if all(value == _EMPTY_BIN for value in signature):
        return (0,) * bands
    rows = len(signature) // bands
    keys = []
    for band in range(bands):
        chunk = signature[band * rows : (band + 1) * rows]
        data = band.to_bytes(2, "little") + b"".join(v.to_bytes(8, "little") for v in chunk)
        digest = hashlib.blake2b(data, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little") >> 1)
    return tuple(keys)


def jaccard(a: Iterable[str], b: Iterable[str]) -> float:
    """Exact Jaccard similarity |a ∩ b| / |a ∪ b| of two shingle sets; 0.0 if both are empty."""
    set_a = a if isinstance(a, frozenset | set) else frozenset(a)
    set_b = b if isinstance(b, frozenset | set) else frozenset(b)
    union = len(set_a | set_b)
    return len(set_a & set_b) / union if union else 0.0


def estimate_similarity(sig_a: Sequence[int], sig_b: Sequence[int]) -> float:
    """Estimated Jaccard similarity: the share of positions where the signatures agree.

    0.0 when either signature is of an empty text.

    Raises:
        ValueError: the signatures differ in length.
    """
    if len(sig_a) != len(sig_b):
        raise ValueError(f"signatures differ in length: {len(sig_a)} and {len(sig_b)}")
    if not sig_a or _is_empty(sig_a) or _is_empty(sig_b):
        return 0.0
    same = sum(1 for x, y in zip(sig_a, sig_b, strict=True) if x == y)
    return same / len(sig_a)


def _is_empty(signature: Sequence[int]) -> bool:
    return all(value == _EMPTY_BIN for value in signature)


@dataclass(frozen=True, slots=True)
class TextSketch:
    """Shingles and signature of one text, computed once for LSH and the exact check."""

    shingles: frozenset[str]
    signature: tuple[int, ...]
    bands: tuple[int, ...]

    @classmethod
    def of(cls, text: str, *, num_perm: int = 128, bands: int = 16) -> TextSketch:
        """Sketch ``text`` (see :func:`shingles`, :func:`minhash_signature`, :func:`lsh_bands`)."""
        shingle_set = shingles(text)
        signature = minhash_signature(shingle_set, num_perm)
        return cls(shingle_set, signature, lsh_bands(signature, bands))


#: What ``item_bands`` sketches; stored with the bands (``lsh_basis``) so that bands
#: sketched from another text are recomputed rather than compared.
BANDS_BASIS = 2


def item_text(title: str, body: str) -> str:
    """The text an item is compared by for near duplicates.

    Its body alone when the body is long enough to be shingled by words (outlets that
    syndicate a wire story give it their own headline, and a different title would
    pull a copy under the threshold); a short body is compared with its title before it.
    """
    if len(_WORD_RE.findall(normalize_text(body))) >= SHORT_TEXT_WORDS:
        return body
    return f"{title}\n{body}" if title else body


def item_bands(title: str, body: str) -> tuple[int, ...]:
    """The LSH band keys of an item (sorted, distinct, non-zero; none for an empty text).

    Computed once, at ingest, and stored in the ``ItemIngested`` payload
    (``lsh_bands``), so that clustering never sketches an item again.
    """
    return text_bands(item_text(title, body))


def text_bands(text: str) -> tuple[int, ...]:
    """The LSH band keys of ``text`` (see :func:`item_bands`)."""
    if not text.strip():
        return ()
    return tuple(sorted({k for k in TextSketch.of(text).bands if k}))
