"""A place on its own is not personal data (`California`, `Houston`, `the U.S.`); a place tied
to a person is: part of an address block (next to a street address or a person's name, across
a comma or a line break: `Springfield, IL`, `Jane Doe\\nHelsinki`), or after a person and a
residence cue in the same sentence (`I live in Lyon`, `she moved here from Iceland`,
`I'm in Miami`). A street address right after an organisation's name, with no person's name
between (`Acme Inc., 12 Main Street`), is the organisation's, not personal data.
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
ORG_GAP = 100


def tied_places(text: str, spans: list[Span], orgs: list[tuple[int, int]]) -> list[Span]:
    """`spans` without organisations' addresses and the LOCATION spans that no person or
    address ties to (see above); `orgs`: (start, end) of organisation names.

    A place counts as tied when it joins a kept tie (an address, a person, or a place already
    kept), so `Springfield, IL` after a street line is kept part by part."""
    people = [s.end for s in spans if s.entity == "PERSON"]
    ordered = sorted(
        s for s in spans if s.entity != "STREET_ADDRESS" or not _organisation_address(s, orgs, people)
    )
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


def _organisation_address(span: Span, orgs: list[tuple[int, int]], people: list[int]) -> bool:
    """Whether an organisation's name ends up to ORG_GAP characters before the address, with
    no person's name ending between them."""
    ends = [e for _, e in orgs if span.start - ORG_GAP <= e <= span.start]
    return bool(ends) and not any(max(ends) <= p <= span.start for p in people)


def _cued(text: str, start: int) -> bool:
    return _CUED.search(text, max(0, start - LOOKBACK), start) is not None


def _joined(text: str, before: Span, after: Span) -> bool:
    """Whether `after` follows `before` with only a comma, spaces or one line break between."""
    if after.start < before.end:
        return after.start >= before.start
    gap = _JOIN.fullmatch(text, before.end, after.start)
    return gap is not None
