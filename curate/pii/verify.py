"""The verification re-scan of redacted texts, cheaper than a second full pass.

Placeholders are masked with spaces (same length, so offsets hold) so the NER model does
not read `<PERSON_1>` as a word and tag its neighbours; a finding is residual when it
covers a letter or digit outside the placeholders (`<PERSON_1> Lopez` counts).

spaCy's NER decides on a token from a window of nearby tokens, and every rule here looks at
most a few words around a match, so text far from any replacement gets the same findings as
in the first pass, where everything found was replaced. So NER and the NER-dependent name
list (and nothing else) run only on windows of WINDOW_WORDS words around each placeholder,
and the other recognizers (patterns, addresses, greetings, phones) re-scan the whole text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import regex

from curate.pii.detect import merge

if TYPE_CHECKING:
    from curate.pii.detect import Span
    from curate.pii.engine import Part

PLACEHOLDER = regex.compile(r"<[A-Z][A-Z0-9_]*_[0-9a-f]+>")
WINDOW_WORDS = 10
_WORD = regex.compile(r"\S+")

Detect = Callable[[Sequence[str], "Part"], list[list["Span"]]]


def mask(text: str) -> str:
    """`text` with every placeholder replaced by as many spaces."""
    return PLACEHOLDER.sub(lambda m: " " * len(m.group()), text)


def windows(text: str) -> list[tuple[int, int]]:
    """Character ranges of WINDOW_WORDS words either side of each placeholder, merged."""
    words = [m.span() for m in _WORD.finditer(text)]
    out: list[tuple[int, int]] = []
    i = 0
    for m in PLACEHOLDER.finditer(text):
        while words[i][1] <= m.start():
            i += 1
        j = i
        while words[j][1] < m.end():
            j += 1
        start = words[max(0, i - WINDOW_WORDS)][0]
        end = words[min(len(words) - 1, j + WINDOW_WORDS)][1]
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def residual(texts: Sequence[str], detect: Detect) -> list[Counter[str]]:
    """Per text, counts per entity of what a re-scan still finds outside placeholders.

    `detect(texts, part)` finds spans with the recognizers of `part` (`curate.pii.engine.Part`)."""
    masked = [mask(text) for text in texts]
    pieces = [(i, start, end) for i, text in enumerate(texts) for start, end in windows(text)]
    found: list[list[Span]] = [list(spans) for spans in detect(masked, "patterns")]
    for (i, start, _), spans in zip(
        pieces, detect([masked[i][start:end] for i, start, end in pieces], "ner"), strict=True
    ):
        found[i] += [replace(s, start=s.start + start, end=s.end + start) for s in spans]
    return [
        Counter(
            s.entity for s in merge(spans) if any(ch.isalnum() for ch in text[s.start : s.end])
        )
        for text, spans in zip(masked, found, strict=True)
    ]
