"""The verification re-scan of every written slot, changed or not, cheaper than a second pass.

Placeholders are masked with spaces (same length, so offsets hold) so the NER model does
not read `<PERSON_1>` as a word and tag its neighbours; a finding is residual when it
covers a letter or digit outside the placeholders (`<PERSON_1> Lopez` counts).

Not only the first pass's detectors: over the whole final text of every slot run the record's
structural people, the structural mentions of prose and two-word names from the name lists
(plain string scans), and over every paragraph that changed the pattern recognizers (patterns,
addresses, greetings, phones; a paragraph the first pass read as it is now found nothing, or
it would have changed), there only within LINES_AROUND lines of a placeholder. A slot with no
letter or digit left outside its placeholders cannot hold a residual and is not read again.
spaCy's NER decides on a token from a window of nearby tokens (its encoder reads four tokens
either side, its transitions one more), so text far from any replacement gets the same NER
findings as in the first pass, where everything found was replaced: NER and the NER-dependent
name list read only windows around each placeholder of prose, and a finding counts only where
it reaches within REACH_WORDS words of a placeholder; the CONTEXT_WORDS words beyond are read
as the model's context, not searched (`windows`). When PERSON and LOCATION are the only NER
entities counted, a reach that holds no word such a finding could count on (`_may_name`) is
not read. A slot whose text is exactly what the first pass's detectors read (nothing was
replaced in it, so they found nothing there) is not given to those detectors again: they would
read the same text the same way. The record's people, its structural mentions and the name
lists read it again, all three from the first pass's own scans of that very text (the spans
the people matched there, `curate.pii.structure.kept_mentions` and
`curate.pii.names.kept_names`, kept for the batch), and a text repeated in the batch once. In
a text that changed, the name lists are read only by the rules that can score a full name (the
only names the re-scan counts), and only over the paragraphs the first pass did not read as
they are now: each of those rules reads within one paragraph, so the others' names are the
first pass's scan's there (`full_names_in`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import regex

from curate.pii.detect import Span, canonical, merge
from curate.pii.genre import Genre, guessed_name_allowed

if TYPE_CHECKING:
    from curate.pii.engine import Part
    from curate.pii.fields import Slot
    from curate.pii.people import People

PLACEHOLDER = regex.compile(r"<[A-Z][A-Z0-9_]*_[0-9a-f]+>")
# Words either side of a placeholder where the re-scan's NER looks for what the first pass's
# did not find (dev and test's re-scan NER findings are all within two), and the words beyond
# them read only as the model's context, so that a finding in reach is judged as in the text.
REACH_WORDS = 3
CONTEXT_WORDS = 5
# The NER entities a finding counts as only with a name-like word in it (`_name_like`).
NAME_LIKE_ENTITIES = frozenset({"PERSON", "LOCATION"})
SOLID = "\u2588"  # a full block: neither a word character nor white space
_WORD = regex.compile(r"\S+")
_NOT_NEWLINE = regex.compile(r"[^\n]")
# Lines either side of a line with a placeholder that the pattern pass reads with it
# (`near_changed_lines`).
LINES_AROUND = 1
# A blank line and the white space after it, before more text: where a paragraph ends.
PARAGRAPH_END = regex.compile(r"\n[^\S\n]*\n\s*(?=\S)")
_PLAIN_WORD = regex.compile(r"(?<![/\\\w])[\p{L}\p{M}'’\-]+(?![/\\\w])")

Detect = Callable[[Sequence[str], "Part"], list[list["Span"]]]


def mask(text: str, fill: str = " ") -> str:
    """`text` with every placeholder replaced by as many `fill` characters."""
    if "<" not in text:  # no placeholder (most unchanged fields): no scan
        return text
    return PLACEHOLDER.sub(lambda m: fill * len(m.group()), text)


class Window(NamedTuple):
    """A stretch of text NER reads (`start`, `end`) and, within it, the ranges of text where a
    finding counts (`reaches`)."""

    start: int
    end: int
    reaches: list[tuple[int, int]]


def windows(text: str, keep: Callable[[int, int], bool] | None = None) -> list[Window]:
    """Around each placeholder, REACH_WORDS words either side (its reach) and CONTEXT_WORDS
    more (context); windows that overlap are merged, keeping each reach. `keep(start, end)`:
    whether a reach is wanted (all are by default); a window is made only around those."""
    words = [m.span() for m in _WORD.finditer(text)]
    last = len(words) - 1
    around = REACH_WORDS + CONTEXT_WORDS
    out: list[Window] = []
    i = 0
    for m in PLACEHOLDER.finditer(text):
        while words[i][1] <= m.start():
            i += 1
        j = i
        while words[j][1] < m.end():
            j += 1
        reach = (words[max(0, i - REACH_WORDS)][0], words[min(last, j + REACH_WORDS)][1])
        if keep is not None and not keep(*reach):
            continue
        start, end = words[max(0, i - around)][0], words[min(last, j + around)][1]
        if out and start <= out[-1].end:
            out[-1] = Window(out[-1].start, max(out[-1].end, end), [*out[-1].reaches, reach])
        else:
            out.append(Window(start, end, [reach]))
    return out


def residual(
    slots: Sequence[Slot],
    people: Sequence[People],
    detect: Detect,
    wanted: frozenset[str],
    genre: Genre = "other",
    before: Sequence[str | None] | None = None,
    matched: Sequence[tuple[bool, list[Span]] | None] | None = None,
) -> list[Counter[str]]:
    """Per slot, counts per entity of what a re-scan still finds outside placeholders.

    Every slot is re-scanned, changed or not: the record's people (`people[i]` for slot i),
    structural mentions and full names from the name lists over the whole text; the pattern
    recognizers over the lines near a placeholder in the paragraphs that changed
    (`changed_paragraphs`) and NER on windows around placeholders of prose. `before[i]`: slot
    i's text as the first pass's detectors read it (None: not read); a paragraph they read as
    it is now found nothing (or it would have changed), so a text they read unchanged gets
    only the record's people, the structural mentions and the name lists. `matched[i]`:
    whether `before[i]` was read as a people field and the spans `people[i]` matched in it
    then; a slot that is `before[i]` as it was, read the same way, takes those spans instead
    of matching them again.
    `detect(texts, part)` finds spans with the recognizers of `part`
    (`curate.pii.engine.Part`); only `wanted` entities count; the list names count as
    `genre`'s documents allow (`curate.pii.genre`)."""
    before = before if before is not None else [None] * len(slots)
    matched = matched if matched is not None else [None] * len(slots)
    masked = [mask(slot.text) for slot in slots]
    # only a letter or digit outside the placeholders can be residual
    live = [i for i, text in enumerate(masked) if _has_alnum(text)]
    unread = [i for i in live if before[i] != slots[i].text]
    found: list[list[Span]] = [[] for _ in slots]
    changed = {i: changed_paragraphs(slots[i].text, masked[i], before[i]) for i in unread}
    scanned = [i for i in unread if _has_alnum(changed[i])]
    for i, spans in zip(scanned, detect([changed[i] for i in scanned], "patterns"), strict=True):
        found[i] = list(spans)
    prose = [i for i in unread if slots[i].kind == "text"]
    for i, spans in zip(
        prose, near_placeholders([slots[i].text for i in prose], detect, wanted), strict=True
    ):
        found[i] += spans
    in_prose: dict[tuple[str, frozenset[str]], list[Span]] = {}
    for i in live:
        slot = slots[i]
        # a solid mask: a structural pattern never reads across a replaced value
        # (`-rw-r--r-- 1 <PERSON_1> wheel` has no owner `wheel`)
        solid = mask(slot.text, SOLID)
        as_people = slot.kind == "people"
        earlier = matched[i]
        if earlier is not None and solid == before[i] and earlier[0] == as_people:
            found[i] += earlier[1]
        else:
            found[i] += [span for span, _ in people[i].find(solid, as_people)]
        if slot.kind == "text":
            # a text repeated in the batch (a quoted reply, a template) is read once
            key = (solid, people[i].projects)
            if key not in in_prose:
                in_prose[key] = named_in_prose(solid, people[i], genre, before[i])
            found[i] += in_prose[key]
    return [
        Counter(
            s.entity
            for s in merge(spans)
            if s.entity in wanted
            and _has_alnum(text[s.start : s.end])
            and canonical(text[s.start : s.end]) not in known.allow
        )
        for text, spans, known in zip(masked, found, people, strict=True)
    ]


def near_placeholders(
    texts: Sequence[str], detect: Detect, wanted: frozenset[str]
) -> list[list[Span]]:
    """Per text (placeholders in it), what NER and the NER-dependent name list find in its
    masked text within the reach of a placeholder, read with the context beyond (`windows`).
    When PERSON and LOCATION are the only NER entities `wanted`, a reach that holds no word
    such a finding could count on (`_may_name`) is not read."""
    masked = [mask(text) for text in texts]
    names_only = not (wanted & _ner_entities()) - NAME_LIKE_ENTITIES
    pieces = [
        (i, window)
        for i, text in enumerate(texts)
        for window in windows(
            text, (lambda a, b, m=masked[i]: _may_name(m[a:b])) if names_only else None
        )
        if _has_alnum(masked[i][window.start : window.end])
    ]
    found: list[list[Span]] = [[] for _ in texts]
    for (i, (start, _, reaches)), spans in zip(
        pieces, detect([masked[i][w.start : w.end] for i, w in pieces], "ner"), strict=True
    ):
        found[i] += [
            replace(s, start=s.start + start, end=s.end + start)
            for s in spans
            if any(a < s.end + start and s.start + start < b for a, b in reaches)
            and (s.entity not in NAME_LIKE_ENTITIES
                 or _name_like(masked[i][s.start + start : s.end + start]))
        ]
    return found


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Character ranges of `text`'s paragraphs, each up to the start of the next (a blank
    line and the white space after it end the paragraph before them)."""
    cuts = [m.end() for m in PARAGRAPH_END.finditer(text)]
    return list(zip([0, *cuts], [*cuts, len(text)], strict=True))


def paragraphs(text: str) -> list[str]:
    """`text`'s paragraphs (`paragraph_bounds`); they join back into `text`."""
    return [text[a:b] for a, b in paragraph_bounds(text)]


def _has_alnum(text: str) -> bool:
    return any(map(str.isalnum, text))


def changed_paragraphs(text: str, masked: str, before: str | None) -> str:
    """`masked` (`text` masked) with each paragraph that `before` holds as it is in `text`
    blanked: spaces, its line breaks kept, so offsets hold; in a paragraph that changed, the
    lines farther than LINES_AROUND lines from every line with a placeholder too
    (`near_changed_lines`)."""
    if before is None:
        return masked
    kept = set(paragraphs(before))
    parts = [
        _NOT_NEWLINE.sub(" ", masked[a:b]) if text[a:b] in kept
        else near_changed_lines(text[a:b], masked[a:b])
        for a, b in paragraph_bounds(text)
    ]
    return "".join(parts)


def near_changed_lines(text: str, masked: str) -> str:
    """`masked` (`text` masked) with each line farther than LINES_AROUND lines from every line
    of `text` that holds a placeholder blanked (none when no line holds one). Such a line and
    the lines beside it are as the first pass read them, and it found nothing there that
    stayed: the pattern recognizers that read across lines (a sign-off and the name below it,
    a greeted line) read the line beside the one they find in."""
    lines = text.split("\n")
    changed = [k for k, line in enumerate(lines) if "<" in line and PLACEHOLDER.search(line)]
    if not changed:
        return masked
    near = {k + step for k in changed for step in range(-LINES_AROUND, LINES_AROUND + 1)}
    out: list[str] = []
    at = 0
    for k, line in enumerate(lines):
        out.append(masked[at : at + len(line)] if k in near else " " * len(line))
        at += len(line) + 1
    return "\n".join(out)


@lru_cache(maxsize=1)
def _ner_entities() -> frozenset[str]:
    """The entities the NER part's recognizers find (`curate.pii.engine.Part`)."""
    from curate.pii.engine import analyzer

    return frozenset(analyzer((), "ner").get_supported_entities("en"))


_NAME_RUN = regex.compile(r"[\p{L}\p{M}'’\-]+")
_JOINS = regex.compile(r"['’\-]")


def _may_name(text: str) -> bool:
    """Whether `text` holds a run of letters, apostrophes and hyphens that is two characters or
    more and holds a capital, or that is listed, whole or a piece between its apostrophes and
    hyphens (where spaCy cuts a token): every word `_name_like` accepts in a span of `text` is
    such a run or such a piece of one."""
    from curate.pii.names import name_lists

    first, last, _ = name_lists()
    return any(
        len(run) > 1
        and (run.lower() != run
             or any(w.casefold() in first or w.casefold() in last for w in (run, *_JOINS.split(run))))
        for run in _NAME_RUN.findall(text)
    )


def _name_like(value: str) -> bool:
    """A NER PERSON or LOCATION in masked text counts only with a capitalised or listed word
    of two letters or more that is not a path segment: spaCy reads the `/home/` or
    `C:\\Users\\` left of a masked user name as a name or a place."""
    from curate.pii.names import name_lists

    first, last, _ = name_lists()
    words = _PLAIN_WORD.findall(value)
    return any(
        len(w) > 1 and (w[0].isupper() or w.casefold() in first or w.casefold() in last)
        for w in words
    )


def named_in_prose(
    text: str, known: People, genre: Genre = "other", before: str | None = None
) -> list[Span]:
    """PERSON spans in prose that the detectors of the first pass do not own: the people named
    by structure in `text` itself, and full names from the name lists (two words) where
    `genre` allows such a guess and that name no country or territory (`Hong Kong`). Only
    what `known` knows of the record's context counts (its allow list and repositories), not
    its people. `before`: the text the first pass read in
    its place, whose name-list scan is kept (`full_names_in`)."""
    from curate.pii.names import country
    from curate.pii.terms import business_term, organisations

    fresh = known.same_context()
    fresh.add_text(text)
    spans = [span for span, _ in fresh.find(text)]
    full = full_names_in(text, before)
    orgs = organisations(text) if full else []  # only a full name asks
    spans += [
        Span(start, end, "PERSON", score)
        for start, end, score in full
        if not business_term("PERSON", text, start, end, orgs)
        and guessed_name_allowed(genre, text, start, end)
        and not country(text[start:end])  # `Hong Kong`: no NER here to call it a place
    ]
    return spans


def full_names_in(text: str, before: str | None = None) -> list[tuple[int, int, float]]:
    """`curate.pii.names.full_names(text)`, reusing the first pass's name-list scan of
    `before` (the text it read in this one's place, `curate.pii.names.kept_names`): each
    paragraph of `text` that is a paragraph of `before` takes that scan's names there, the
    others are scanned. Exact because every rule that can score FULL_SCORE reads within one
    paragraph (`paragraph_bounds`; `curate.pii.names.full_names`)."""
    from curate.pii.genre import spaced
    from curate.pii.names import FULL_SCORE, full_names, kept_names

    if before is None or spaced(before) != before:  # not read as it is: no scan kept
        return full_names(text)
    kept = [name for name in kept_names(before) if name[2] >= FULL_SCORE]
    if before == text:
        return kept
    bounds = paragraph_bounds(before)
    starts = [a for a, _ in bounds]
    by_paragraph: list[list[tuple[int, int, float]]] = [[] for _ in bounds]
    for name in kept:
        by_paragraph[bisect_right(starts, name[0]) - 1].append(name)
    where: dict[str, int] = {}
    for k, (a, b) in enumerate(bounds):
        where.setdefault(before[a:b], k)
    found: list[tuple[int, int, float]] = []
    runs: list[tuple[int, int]] = []  # runs of paragraphs that `before` does not hold
    for a, b in paragraph_bounds(text):
        k = where.get(text[a:b])
        if k is None:
            if runs and runs[-1][1] == a:
                runs[-1] = (runs[-1][0], b)
            else:
                runs.append((a, b))
            continue
        shift = a - starts[k]
        found += [(s + shift, e + shift, score) for s, e, score in by_paragraph[k]]
    for a, b in runs:
        found += [(s + a, e + a, score) for s, e, score in full_names(text[a:b])]
    return found
