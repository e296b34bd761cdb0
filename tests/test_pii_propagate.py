"""The first pass's shortcuts find what the plain forms found: propagation's names compiled
without the fixed look-behinds (tested where they match), and a text's lists of names read
once per pass. Every name here is invented."""

from __future__ import annotations

import regex

from curate.pii.names import kept_lists, lists_in
from curate.pii.propagate import _AFTER, _BEFORE, _occurrences

TEXTS = [
    "Dravko Quellin wrote to dravko.\nSan Quellin is a town; Fort Dravko too. Dravko's dog.",
    "@Quellin and x-Quellin, Quellin-style, Quellin.org, don't ask Quellin.\nQuellin said it.",
    "Tavia  Dorsett\nDorsett\n\nTAVIA DORSETT met tavia\tdorsett in Saint Dorsett, St. Tavia.",
    "Jo Jo Jo jo jo\njo: Jo. Jojo jo@x.com Jo's Jo’ll Jo’s (Jo) \"Jo\"",
    "San Jo Jo, x-Dravko Quellin, Fort Tavia Dorsett.\n"
    "lake Roe, LAKE Roe, Lake\tRoe, Lake  Roe, New\nRoe, El Roe, el roe, Elroe Roe.",
]
TERMS = ["dravko quellin", "dravko", "quellin", "tavia dorsett", "tavia", "dorsett",
         "jo jo", "jo", "roe"]


def test_names_are_found_where_the_whole_pattern_finds_them() -> None:
    ordered = sorted(TERMS, key=lambda term: (-len(term), term))
    alternatives = "|".join(r"[ \t\n]+".join(map(regex.escape, t.split())) for t in ordered)
    whole = regex.compile(rf"{_BEFORE}(?:{alternatives}){_AFTER}", regex.IGNORECASE)
    split = regex.compile(rf"(?:{alternatives}){_AFTER}", regex.IGNORECASE)
    for text in TEXTS:
        expected = [m.span() for m in whole.finditer(text)]
        assert expected  # each text holds names the rule spreads to
        assert [m.span() for m in _occurrences(split, text)] == expected


def test_a_texts_lists_are_read_once_and_handed_out_unshared() -> None:
    text = "Ask Ishani, Okonkwo and Brevik, or Tavia Dorsett, Orrin and Vasko."
    kept_lists.cache_clear()
    first = lists_in(text)
    assert first and kept_lists.cache_info().misses == 1
    first[0].clear()  # a caller's change stays its own
    again = lists_in(text)
    assert kept_lists.cache_info().hits == 1
    assert again[0] and [len(items) for items in again] == [len(items) for items in kept_lists(text)]
