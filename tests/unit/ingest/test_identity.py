"""Item identity, canonical URLs, content hashes and MinHash: pure and deterministic."""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass

import pytest

from tracker.ingest.identity import (
    ITEM_NAMESPACE,
    TextSketch,
    canonical_url,
    content_hash,
    estimate_similarity,
    feed_identity_mode,
    identity_digest,
    item_event_id,
    item_identities,
    item_identity,
    jaccard,
    lsh_bands,
    minhash_signature,
    normalize_text,
    shingles,
    url_alias,
)


@dataclass(frozen=True)
class Item:
    guid: str | None = None
    link: str | None = None
    title: str = "t"
    summary: str = "s"
    content: str = "c"
    published_raw: str | None = None


class TestCanonicalUrl:
    @pytest.mark.parametrize(
        ("url", "expected"),
        [
            ("HTTPS://Example.COM/News?b=2&a=1#top", "https://example.com/News?a=1&b=2"),
            (
                "https://example.com/a?utm_source=rss&utm_medium=feed&id=7&fbclid=x&gclid=y&mc_cid=z",
                "https://example.com/a?id=7",
            ),
            ("http://example.com:80/a", "http://example.com/a"),
            ("https://example.com:443", "https://example.com/"),
            ("https://example.com:8443/a", "https://example.com:8443/a"),
            ("https://user:pw@example.com/a", "https://example.com/a"),
            ("https://example.com/a?x=&y=1", "https://example.com/a?x=&y=1"),
            ("  https://EXAMPLE.com./a  ", "https://example.com/a"),
            ("https://[2001:DB8::1]:8080/a", "https://[2001:db8::1]:8080/a"),
            ("FILE:///tmp/x.xml#f", "file:///tmp/x.xml"),
            ("https://example.com:bad/a", "https://example.com:bad/a"),
        ],
    )
    def test_normalises_spelling_and_drops_tracking(self, url: str, expected: str) -> None:
        assert canonical_url(url) == expected

    def test_the_alias_ignores_http_versus_https(self) -> None:
        assert url_alias("http://Example.com/a?utm_campaign=x") == "//example.com/a"
        assert url_alias("https://example.com/a") == "//example.com/a"


class TestHashes:
    def test_normalize_text_folds_case_width_and_spaces(self) -> None:
        assert normalize_text("  Ｃeasefire\u200b  HOLDS\n\tnow ") == "ceasefire holds now"

    def test_content_hash_ignores_layout_but_not_words(self) -> None:
        a = content_hash("Truce holds", "Shelling  near\nTerter")
        assert a == content_hash("TRUCE HOLDS", "shelling near terter")
        assert a != content_hash("Truce holds", "Shelling near Agdam")
        assert len(a) == 64 and int(a, 16) >= 0

    def test_event_id_is_uuid5_of_feed_identity_and_content(self) -> None:
        event_id = item_event_id("wire", "guid:1", "ab")
        assert event_id == uuid.uuid5(ITEM_NAMESPACE, "wire\x1fguid:1\x1fab")
        assert event_id.version == 5
        assert str(ITEM_NAMESPACE) == "9f14620d-47ac-5c30-8b29-b2d35c51d0a4"
        assert item_event_id("wire", "guid:1", "ab") == event_id
        assert item_event_id("other", "guid:1", "ab") != event_id
        assert item_event_id("wire", "guid:1", "cd") != event_id

    def test_identity_digest_is_32_hex(self) -> None:
        assert identity_digest("guid:x") == identity_digest("guid:x")
        assert len(identity_digest("guid:x")) == 32


class TestItemIdentity:
    def test_guid_first_then_canonical_link_then_hash(self) -> None:
        item = Item(guid=" g-1 ", link="https://E.com/a?utm_source=x")
        assert item_identity(item, guid_usable=True) == "guid:g-1"
        assert item_identity(item, guid_usable=False) == "link:https://e.com/a"
        bare = Item(title="T", summary="S", published_raw="Mon, 26 Oct 2020")
        key = item_identity(bare, guid_usable=True)
        assert key.startswith("hash:") and len(key) == 5 + 64
        assert key == item_identity(
            Item(title=" t ", summary="s", published_raw="Mon, 26 Oct 2020"), guid_usable=True
        )

    def test_mode_degrades_to_link_above_five_percent_bad_guids(self) -> None:
        good = [Item(guid=f"g{i}", link=f"https://e.com/{i}") for i in range(20)]
        assert feed_identity_mode(good) == "guid"
        one_blank = [*good[:19], Item(guid="", link="https://e.com/x")]
        assert feed_identity_mode(one_blank) == "guid"  # exactly 5 %: still GUID
        two_bad = [*good[:18], Item(guid=None), Item(guid="g0")]
        assert feed_identity_mode(two_bad) == "link"
        assert feed_identity_mode([]) == "guid"

    def test_repeated_guids_are_told_apart_by_link_then_content(self) -> None:
        items = [
            Item(guid="same", link="https://e.com/1"),
            Item(guid="same", link="https://e.com/2"),
            Item(guid="other", link="https://e.com/3"),
        ]
        assert item_identities(items, "guid") == [
            "guid:same|https://e.com/1",
            "guid:same|https://e.com/2",
            "guid:other",
        ]
        clash = [
            Item(guid="x", link="https://e.com/1", title="A"),
            Item(guid="x", link="https://e.com/1", title="B"),
        ]
        keys = item_identities(clash, "guid")
        assert keys[0] != keys[1] and all(k.startswith("guid:x|https://e.com/1#") for k in keys)
        twice = [Item(guid="x", link="https://e.com/1")] * 2
        assert len(set(item_identities(twice, "guid"))) == 1

    def test_identities_use_the_detected_mode_by_default(self) -> None:
        items = [Item(guid=None, link=f"https://e.com/{i}") for i in range(3)]
        assert item_identities(items) == [f"link:https://e.com/{i}" for i in range(3)]


def _text(words: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(400)]
    return " ".join(rng.choice(vocab) for _ in range(words))


class TestNearDuplicates:
    def test_long_text_uses_word_five_shingles(self) -> None:
        text = " ".join(f"w{i}" for i in range(60))
        got = shingles(text)
        assert len(got) == 56 and "w0 w1 w2 w3 w4" in got

    def test_short_text_uses_char_five_grams(self) -> None:
        assert shingles("Truce Holds") == frozenset(
            {"truce", "ruce ", "uce h", "ce ho", "e hol", " hold", "holds"}
        )
        assert shingles("Hi") == frozenset({"hi"})
        assert shingles("   ") == frozenset()
        with pytest.raises(ValueError, match="at least 1"):
            shingles("x", 0)

    def test_jaccard_is_exact(self) -> None:
        assert jaccard({"a", "b"}, {"b", "c"}) == pytest.approx(1 / 3)
        assert jaccard([], []) == 0.0

    def test_signature_is_deterministic_and_estimates_jaccard(self) -> None:
        a = _text(600)
        words = a.split()
        for i in range(0, len(words), 30):
            words[i] = "changed"
        b = " ".join(words)
        sig_a, sig_b = minhash_signature(a), minhash_signature(b)
        assert len(sig_a) == 128 and sig_a == minhash_signature(a)
        true = jaccard(shingles(a), shingles(b))
        assert abs(estimate_similarity(sig_a, sig_b) - true) < 0.12
        assert estimate_similarity(sig_a, sig_a) == 1.0
        assert estimate_similarity(sig_a, minhash_signature(_text(600, seed=2))) < 0.1

    def test_signature_values_are_pinned_across_processes(self) -> None:
        # BLAKE2b, not hash(): the same on every run and machine.
        assert minhash_signature(
            "ceasefire violated near Terter at dawn", num_perm=4
        ) == minhash_signature(
            frozenset(shingles("ceasefire violated near Terter at dawn")), num_perm=4
        )
        assert (
            minhash_signature("abc def", num_perm=8)[:2]
            == minhash_signature("abc def", num_perm=8)[:2]
        )

    def test_empty_text_is_similar_to_nothing(self) -> None:
        empty = minhash_signature("")
        assert estimate_similarity(empty, empty) == 0.0
        assert lsh_bands(empty) == (0,) * 16

    def test_lsh_bands_share_keys_for_near_duplicates(self) -> None:
        a = _text(300)
        b = a.replace("w1 ", "w2 ", 1)
        bands_a, bands_b = lsh_bands(minhash_signature(a)), lsh_bands(minhash_signature(b))
        assert len(bands_a) == 16 and all(0 <= key < 2**63 for key in bands_a)
        assert set(bands_a) & set(bands_b)
        assert not set(bands_a) & set(lsh_bands(minhash_signature(_text(300, seed=9))))
        with pytest.raises(ValueError, match="equal bands"):
            lsh_bands(minhash_signature(a), bands=7)

    def test_signature_length_mismatch_is_an_error(self) -> None:
        with pytest.raises(ValueError, match="differ in length"):
            estimate_similarity((1, 2), (1,))
        with pytest.raises(ValueError, match="at least 1"):
            minhash_signature("x", num_perm=0)

    def test_sketch_bundles_shingles_signature_and_bands(self) -> None:
        sketch = TextSketch.of(_text(100))
        assert len(sketch.signature) == 128 and len(sketch.bands) == 16 and sketch.shingles
