"""A name joined to a found name is a name too: `Ines & Bill`, `ask Drew and Ines`.

Two names joined by `&`, `and` or `or` are read as one phrase by the small NER model, which
calls it an organisation as often as not (a subject's `Ines & Bill`, `Roe & Vesk`), and a first
name that is also a word (`Bill`, `Drew`) has no other evidence alone: the name it is joined
to is the evidence. On its line, right before or after a found PERSON and joined to it by
`&`, `and` or `or`, a capitalised word (no upper-case acronym, month or weekday, and no
capitalised word after it: `and Merry Christmas` opens a longer name) is a name when `named`
says so: in mail, a listed first name or a first name that is also a word, joined to a found
name whose every word the name lists hold (an unlisted found word is as often a firm's the
chain took: `Enron and Dynegy`, `Barnes & Noble`); with a roster (`curate.pii.roster`), a
roster person's name. Never after a place's preposition (`in Houston and Ana Roe`), inside an
organisation's name by rule (`Roe & Vesk LLP`), in code, or a word NER calls a place unless a
found name of two words holds it (`Drew Okafor` ... `Drew and Ines`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

import regex

from curate.pii.corroborate import without_possessive
from curate.pii.names import CALENDAR, backing_lists, name_lists
from curate.pii.terms import code_like, organisations

if TYPE_CHECKING:
    from curate.pii.detect import Span

SCORE = 0.8
# A capitalised word (hyphens and apostrophes inside), not glued to an address or a path.
_WORD = regex.compile(r"(?<![\w@./\\'’\-])\p{Lu}\p{Ll}[\p{L}\p{M}'’\-]*(?<!['’\-])(?![\w@])")
_JOIN = r"[ \t]+(?:&|and|or)[ \t]+"
_JOINED_AFTER = regex.compile(_JOIN)
_JOINED_BEFORE = regex.compile(rf"(?r){_JOIN}$")
# A capitalised word after it: the word opens a longer name (`and Merry Christmas`, `and Green
# Mountain`), no one's alone.
_CAPITALISED_AFTER = regex.compile(r"[ \t]+\p{Lu}")
# A place's preposition before it (`in Houston and Ana Roe`; not `to` or `from`, which take people).
_LOCATIVE = regex.compile(r"(?r)(?i:\b(?:in|at|near|via)[ \t]+)$")


def joined_names(text: str, found: list[Span], named: Callable[[str], bool],
                 places: Sequence[tuple[int, int]] = (),
                 partner: Callable[[str], bool] = lambda name: True) -> list[Span]:
    """PERSON spans of the capitalised words joined to a found PERSON (see the module
    docstring) that `named` accepts; `places`: where NER names a place; `partner`: whether
    the found name's text may vouch for its partner."""
    people = [s for s in found if s.entity == "PERSON"]
    if not people:
        return []
    out = []
    for m in _WORD.finditer(text):
        word = without_possessive(m.group())
        start, end = m.start(), m.start() + len(word)
        if (word.casefold() in CALENDAR or any(s.start < end and start < s.end for s in people)
                or any(s < end and start < e for s, e in places)
                or _CAPITALISED_AFTER.match(text, m.end()) or _LOCATIVE.search(text, 0, start)):
            continue
        after = _JOINED_AFTER.match(text, end)
        before = _JOINED_BEFORE.search(text, 0, start)
        joined = next((s for s in people if (after and s.start == after.end())
                       or (before and s.end == before.start())), None)
        if joined is not None and named(word) and partner(text[joined.start:joined.end]):
            out.append(replace(joined, start=start, end=end, score=SCORE))
    orgs = organisations(text) if out else []
    return [s for s in out if not code_like(text, s.start, s.end)
            and not any(a <= s.start and s.end <= b for a, b in orgs)]


def mail_joined(text: str, found: list[Span], entities: list[tuple[int, int, str]]) -> list[Span]:
    """`joined_names` in mail: a listed first name, or a first name that is also a word
    (`Bill`, `Drew`), joined to a found name whose every word the name lists hold (`Ines`,
    `Mark Roe`; not a firm's word the chain took, `Dynegy`, `Noble`); `entities`: NER's
    (start, end, label)."""
    first, last, _ = name_lists()
    ambiguous = backing_lists()[0]
    # a word of a found name of two words or more is that name, whatever NER calls it
    # (`Drew Okafor` ... `Drew`)
    words = {w.casefold() for s in found if s.entity == "PERSON"
             for w in (_WORD.findall(text, s.start, s.end) if " " in text[s.start:s.end] else ())}
    places = [(s, e) for s, e, label in entities if label == "LOCATION"
              and not {w.casefold() for w in _WORD.findall(text, s, e)} <= words]

    def listed(name: str) -> bool:
        names = [without_possessive(w).casefold() for w in regex.findall(r"[\p{L}'’\-]+", name)]
        return bool(names) and all(w in first or w in last or w in ambiguous for w in names)

    return joined_names(text, found, lambda word: word.casefold() in first or word.casefold()
                        in ambiguous, places, listed)
