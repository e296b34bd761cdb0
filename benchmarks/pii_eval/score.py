"""Black-box scoring of a redactor's output against the labelled spans.

The redacted text is aligned with the original without asking the redactor what it did:
placeholders (`<ENTITY_3>`, `<ENTITY_1a2b3c4d>`) split the redacted text into literal
segments, which are found again in the original in order (the first as a prefix, the last as a
suffix); the original text between two literal segments is what a placeholder replaced. When
that anchoring fails (the redactor changed literal text, or used another replacement form), the
texts are aligned with `difflib.SequenceMatcher(autojunk=False)`, each placeholder counting as
one character that matches nothing.

leak rate: share of labelled personal items with any letter or digit left in place.
wrong-placeholder share: share of replaced regions that touch no labelled personal item.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from benchmarks.pii_eval.evalset import Span

PLACEHOLDER = re.compile(r"<([A-Z][A-Z0-9_]*?)_(?:\d+|[0-9a-f]{8})>")
SENTINEL = "\ufffc"


@dataclass(frozen=True)
class Region:
    """Original text [start, end) that the redactor replaced, and the entity it claimed."""

    start: int
    end: int
    entity: str


def _anchored(original: str, redacted: str) -> list[Region] | None:
    parts = PLACEHOLDER.split(redacted)  # literal, entity, literal, entity, ..., literal
    literals, entities = parts[0::2], parts[1::2]
    if not original.startswith(literals[0]) or not original.endswith(literals[-1]):
        return None
    regions, at = [], len(literals[0])
    for i, entity in enumerate(entities):
        following = literals[i + 1]
        if i + 1 == len(entities):
            end = len(original) - len(following)
            if end < at:
                return None
        else:
            end = original.find(following, at) if following else at
            if end < 0:
                return None
        regions.append(Region(at, end, entity))
        at = end + len(following)
    return regions


def _matched(original: str, redacted: str) -> list[Region]:
    names = [m.group(1) for m in PLACEHOLDER.finditer(redacted)]
    flat = PLACEHOLDER.sub(SENTINEL, redacted)
    regions = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, original, flat, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        inserted = flat[b1:b2]
        for _ in range(max(1, inserted.count(SENTINEL))):
            entity = names.pop(0) if SENTINEL in inserted and names else "OTHER"
            regions.append(Region(a1, a2, entity))
    return regions


def align(original: str, redacted: str) -> tuple[list[Region], bool]:
    """The replaced regions of `original`, and whether the exact anchoring was used."""
    if original == redacted:
        return [], True
    regions = _anchored(original, redacted)
    return (regions, True) if regions is not None else (_matched(original, redacted), False)


def leaked(original: str, span: Span, regions: Iterable[Region]) -> bool:
    """True when a letter or digit of `span` is outside every replaced region."""
    covered = [False] * (span.end - span.start)
    for r in regions:
        for i in range(max(r.start, span.start), min(r.end, span.end)):
            covered[i - span.start] = True
    return any(not c and original[span.start + i].isalnum() for i, c in enumerate(covered))


@dataclass
class Tally:
    """Counts for one row of a table."""

    items: int = 0
    leaked: int = 0
    placeholders: int = 0
    wrong: int = 0

    def add(self, other: Tally) -> None:
        self.items += other.items
        self.leaked += other.leaked
        self.placeholders += other.placeholders
        self.wrong += other.wrong


@dataclass
class FieldScore:
    """What happened to one field: per-span leaks and per-region verdicts."""

    leaks: list[tuple[Span, bool]] = field(default_factory=list)
    regions: list[tuple[Region, bool]] = field(default_factory=list)  # (region, wrong)
    anchored: bool = True


def score_field(original: str, redacted: str, spans: list[Span]) -> FieldScore:
    regions, anchored = align(original, redacted)
    out = FieldScore(anchored=anchored)
    out.leaks = [(s, leaked(original, s, regions)) for s in spans]
    out.regions = [(r, not any(s.start < max(r.end, r.start + 1) and r.start < s.end
                               for s in spans)) for r in regions]
    return out


def rate(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def wrong_entities(scores: Iterable[FieldScore]) -> Counter[str]:
    """How many wrong placeholders each claimed entity produced."""
    return Counter(r.entity for s in scores for r, wrong in s.regions if wrong)
