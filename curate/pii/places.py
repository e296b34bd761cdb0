"""A place on its own is not personal data (`California`, `Houston`, `the U.S.`); a place tied
to a person is: part of an address block (next to a street address or a person's name, across
a comma or a line break: `Springfield, IL`, `Jane Doe\\nHelsinki`), or after a person and a
residence cue in the same sentence (`I live in Lyon`, `she moved here from Iceland`,
`I'm in Miami`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from curate.pii.detect import Span

_SUBJECT = r"(?i:\b(?:i|i'm|i’m|im|we|we're|we’re|he|she|they|my|our|his|her|their)\b)"
_RESIDENCE = (
    r"(?i:\b(?:live[sd]?|living|reside[sd]?|residing|resident|moved?|moving|relocat\w*|born"
    r"|grew[ \t]+up|raised|based|from|home|hometown|address|stay\w*|visit\w*|travel\w*|trip"
    r"|vacation|holiday|return\w*|'m[ \t]+in|’m[ \t]+in|am[ \t]+in|are[ \t]+in|'re[ \t]+in"
    r"|’re[ \t]+in|is[ \t]+in|arrived)\b)"
)
_CUED = regex.compile(rf"{_SUBJECT}[^.!?\n]{{0,60}}{_RESIDENCE}[^.!?\n]{{0,20}}$")
_JOIN = regex.compile(r"[ \t]*,?[ \t]*(?:\n[ \t>]*)?")
_TIES = frozenset({"STREET_ADDRESS", "PERSON", "LOCATION"})
LOOKBACK = 100


def tied_places(text: str, spans: list[Span]) -> list[Span]:
    """`spans` without the LOCATION spans that no person or address ties to (see above).

    A place counts as tied when it joins a kept tie (an address, a person, or a place already
    kept), so `Springfield, IL` after a street line is kept part by part."""
    ordered = sorted(spans)
    kept: list[Span] = []
    for i, span in enumerate(ordered):
        if span.entity != "LOCATION" or _cued(text, span.start) or any(
            _joined(text, other, span) for other in kept if other.entity in _TIES
        ) or any(
            _joined(text, span, other)
            for other in ordered[i + 1 :]
            if other.entity in ("STREET_ADDRESS", "PERSON")
        ):
            kept.append(span)
    return kept


def _cued(text: str, start: int) -> bool:
    return _CUED.search(text, max(0, start - LOOKBACK), start) is not None


def _joined(text: str, before: Span, after: Span) -> bool:
    """Whether `after` follows `before` with only a comma, spaces or one line break between."""
    if after.start < before.end:
        return after.start >= before.start
    gap = _JOIN.fullmatch(text, before.end, after.start)
    return gap is not None
