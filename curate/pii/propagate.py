"""A name found once in a record is found everywhere in it ("Jane Doe", "JANE DOE", "jane"),
and a found name takes a listed surname that follows it."""

from __future__ import annotations

import regex

from curate.pii.detect import Span, canonical, merge

MIN_PART = 3
_NEXT_WORD = regex.compile(r"[ \t]([\p{L}\p{M}'’\-]+)\b")


def propagate_names(texts: list[str], spans: list[list[Span]]) -> list[list[Span]]:
    """Add a PERSON span for every other occurrence of a found name or of its distinctive parts."""
    from spacy.lang.en.stop_words import STOP_WORDS

    names = {
        canonical(t[s.start : s.end])
        for t, found in zip(texts, spans, strict=True)
        for s in found
        if s.entity == "PERSON"
    }
    parts = {
        p for name in names for p in name.split() if len(p) >= MIN_PART and p not in STOP_WORDS
    }
    terms = sorted(names | parts, key=lambda term: (-len(term), term))
    if not terms:
        return spans
    alternatives = "|".join(r"[ \t\n]+".join(map(regex.escape, term.split())) for term in terms)
    pattern = regex.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", regex.IGNORECASE)
    out = []
    for text, found in zip(texts, spans, strict=True):
        extra = [Span(m.start(), m.end(), "PERSON", 0.7) for m in pattern.finditer(text)]
        out.append(_with_surnames(text, merge([*found, *extra]) if extra else found))
    return out


def _with_surnames(text: str, spans: list[Span]) -> list[Span]:
    """Extend each PERSON span over a listed surname right after it, in any case
    (`kofi kowalski` when only `kofi` was found)."""
    from curate.pii.names import name_lists

    _, last, common = name_lists()
    out = []
    for span in spans:
        after = _NEXT_WORD.match(text, span.end) if span.entity == "PERSON" else None
        if after and after[1].lower() in last and after[1].lower() not in common:
            span = Span(span.start, after.end(), span.entity, span.score)
        out.append(span)
    return merge(out)
