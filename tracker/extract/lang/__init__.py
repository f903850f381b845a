"""Languages read besides English: detection and routing to the lexicon reader.

Owns ``reading_language`` (which lexicon, if any, reads a text that is not English) and
``read`` (the ``Extraction`` of such a text). A new language is a lexicon module
(``tracker.extract.lang.ru``) registered in ``LANGUAGES``; texts in languages without one
are skipped with the reason the caller gives.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from tracker.conflict import active
from tracker.extract.lang.lexicon import Lexicon
from tracker.extract.lang.reader import read as _read
from tracker.extract.lang.ru import lexicon_for as russian
from tracker.extract.model import Extraction
from tracker.extract.text import letter_words

#: The languages read besides English, each a lexicon built for a conflict pack.
LANGUAGES = {"ru": russian}


def lexicons() -> dict[str, Lexicon]:
    """The lexicons with the names of the conflict pack in use, by language code."""
    pack = active()
    return {code: build(pack) for code, build in LANGUAGES.items() if code in pack.words}


#: The Cyrillic block: a word is Cyrillic when its first letter is in it.
_CYRILLIC_FIRST, _CYRILLIC_LAST = "\u0400", "\u04ff"


def reading_language(text: str, declared: str | None = None) -> str | None:
    """The code of the lexicon that reads ``text``, or None when none does.

    A declared language wins when it has a lexicon ("ru", "ru-RU"); feeds often declare
    a default language whatever the item's, so any other declaration is not trusted and
    the text decides: Russian is recognised by Cyrillic letters in most words, Russian
    function words (fewer will do when letters only Russian uses among its neighbours,
    ы and э, occur), and few letters of the neighbouring Cyrillic languages (Ukrainian,
    Belarusian, Kazakh, Serbian...).
    """
    if declared:
        code = declared.lower().split("-")[0].split("_")[0]
        if code in lexicons():
            return code
    sample = text[:4000]
    words = letter_words(sample)
    if len(words) < 3:
        return None
    cyr = [w for w in words if _CYRILLIC_FIRST <= w[0] <= _CYRILLIC_LAST]
    if len(cyr) / len(words) < 0.5:
        return None
    for code, lex in lexicons().items():
        low = list(map(str.lower, cyr))
        foreign = len(_letters_of(lex.foreign_letters).findall(sample))
        if foreign * 200 > len(sample):
            continue
        stop = sum(map(lex.function_words.__contains__, low))
        marked = any(ch in sample for ch in lex.marker_letters)
        if len(sample) >= 200 and not marked:
            continue  # a paragraph of Russian always has ы or э; Bulgarian, Serbian do not
        if lex.foreign_pattern is not None and lex.foreign_pattern.search(sample):
            continue
        if len(low) < 15 or stop / len(low) >= 0.08 or (marked and stop / len(low) >= 0.03):
            return code
    return None


@lru_cache(maxsize=8)
def _letters_of(letters: str) -> re.Pattern[str]:
    """Any one of ``letters`` (counted in one scan instead of one per letter)."""
    return re.compile(f"[{re.escape(letters)}]") if letters else re.compile("(?!)")


def read(text: str, published: datetime, tz: str, code: str, version: int) -> Extraction:
    """The extraction of a text in the language ``code`` (one of ``LANGUAGES``)."""
    return _read(text, published, tz, lexicons()[code], version)
