"""A name that other words of the same text back, where neither a list nor the model would do.

- Initials that spell a name the text writes in full (`HW & TD` in a subject, `Harold Wendel and
  Tavia Dorsett` in the body): each initials word of two or three capitals, no common word, and
  the full name two capitalised words that may be a first name and a surname
  (`curate.pii.names.name_word`); not initials the text also writes as a firm's (`KI, Inc.`).
- A surname that names a measure or a draft: a word no dictionary knows before a bill,
  amendment or subcommittee (`Wexden Bankruptcy Amendment`; `curate.pii.cues.NAMED_MEASURE`), a
  listed surname before one in lower case or a draft or proposal (`the Preston draft`, `a Preston
  subcommittee`; not `Ingram Amendment`, a contract's; `curate.pii.cues.NAMED_DRAFT`); no
  common word or month.
- A first name that is also a word (`Mark`, `Rob`) as an item of a list of people: a list
  (`curate.pii.names.lists_in`) whose items open with a listed first name at least half the
  time (two or more), and whose items are made of listed names or no dictionary words but at
  most one in four (`Diane, Mark, Luke, Amy Cutter`; not `Sale, Grant and Transfer`).
- A nickname in brackets next to the full name it shortens: `Jane Roe (Janie)`, `Robert (Rob)
  Roe`, `Lanford Roe (Ford)`: the bracketed word is a listed nickname of the first name, or its
  first or last three or more letters; the first name and surname name-shaped
  (`curate.pii.names.name_word`). Between a listed first name and a surname any name-shaped
  word in brackets is one (`Ricardo (Cayo) Roe`), and the whole name is reported.
- Surnames listed by commas (`Quellon, Vasko, Kowalski, Ostrander, Mills`): in a list of four
  or more one-word items (`curate.pii.names.lists_in`), two or more of them listed surnames
  that are neither English words nor dictionary proper nouns (not `Houston, Dallas, Austin`)
  and half of them names by `curate.pii.names.name_word`, every item is a person, a surname
  that is also a word included (`Mills`, `Fields`); not a month, weekday or organisation
  word.
Each is reported by a trusted recognizer: the backing words, not the word's own look, decide,
so a business-term filter (`HW` is short capitals, `Preston` a place, `Mark` a word) does not undo it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from curate.pii.cues import NAMED_DRAFT, NAMED_MEASURE
from curate.pii.names import (
    CALENDAR,
    english_word,
    lists_in,
    name_lists,
    name_word,
    nicknames,
    proper_noun,
    word_first_name,
)
from curate.pii.terms import ORG_WORDS

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer

# Above the NER model's 0.85: presidio keeps the higher scored result of a span, and the
# backing (not the guess) must decide.
SCORE = 0.9
# A full name, perhaps with a leading or a middle initial (`G. Hal Vasko`, `Hal G. Vasko`): its
# initials, two or three, are the person's (`HV`, `GHV`, `HGV`).
_PAIR = regex.compile(
    r"(?<![\w@])(?:(?P<lead>\p{Lu})\.?[ \t]+)?(?P<first>\p{Lu}[\p{Ll}\p{M}]+)"
    r"(?:[ \t]+(?P<middle>\p{Lu})\.?)?[ \t]+(?P<last>\p{Lu}[\p{Ll}\p{M}'’\-]+)(?![\w@])"
)
_INITIALS = regex.compile(r"(?<![\w@/=.\-])\p{Lu}{2,3}(?![\w@]|\.\w)")
# Initials that the text also writes as a firm's name (`KI, Inc.`): a company's, never taken.
_FIRM_INITIALS = regex.compile(rf"(?<![\w@])(?P<word>\p{{Lu}}{{2,3}}),?[ \t]+(?:{ORG_WORDS})\b")
_NAME = r"\p{Lu}[\p{Ll}\p{M}]+"
_NICKNAMED = regex.compile(
    rf"(?<![\w@])(?P<first>{_NAME})(?:[ \t]+\p{{Lu}}\.?)?[ \t]+(?P<last>{_NAME}(?:['’\-]{_NAME})?)"
    rf"[ \t]*\((?P<nick>{_NAME})\)"
    rf"|(?<![\w@])(?P<first>{_NAME})[ \t]*\((?P<nick>{_NAME})\)[ \t]+(?P<last>{_NAME})(?![\w@])"
)
_ORG_WORD = regex.compile(rf"(?:{ORG_WORDS})")
_CAPITALISED = regex.compile(r"(?<![\w@\-])\p{Lu}[\p{Ll}\p{M}]+(?![\w@]|['’](?:t|ll|re|ve|d|m)\b)")
# Every backed name holds a capital (initials, capitalised names, list items): a text
# without one is not read (`curate.pii.recognizers.TRIGGERS`).
TRIGGER = regex.compile(r"\p{Lu}")


def backed_names(text: str) -> list[tuple[int, int, float]]:
    """(start, end, SCORE) of the names `text` backs (see the module docstring)."""
    lists = lists_in(text)  # read once, judged twice
    return (_initials(text) + _sponsors(text) + _word_names_in_lists(lists) + _nicknames(text)
            + _surname_lists(lists))


def _initials(text: str) -> list[tuple[int, int, float]]:
    spelled = {initials
               for m in _PAIR.finditer(text, overlapped=True)
               if name_word(m["first"], first=True) and name_word(m["last"], first=False)
               for initials in _spellings(m)}
    common = name_lists()[2]
    firms = {m["word"] for m in _FIRM_INITIALS.finditer(text)}
    return [(*m.span(), SCORE) for m in _INITIALS.finditer(text)
            if m.group() in spelled and m.group().lower() not in common and m.group() not in firms]


def _spellings(pair: regex.Match[str]) -> tuple[str, ...]:
    """The initials a `_PAIR` full name spells: first and last (`HV`), and with its leading or
    middle initial too when it has one (`G. Hal Vasko`: `GHV`; `Hal G. Vasko`: `HGV`)."""
    short = pair["first"][0] + pair["last"][0]
    if not (pair["lead"] or pair["middle"]):
        return (short,)
    return short, (pair["lead"] or "") + pair["first"][0] + (pair["middle"] or "") + pair["last"][0]


def _sponsors(text: str) -> list[tuple[int, int, float]]:
    last, common = name_lists()[1], name_lists()[2]
    return [(*m.span(), SCORE) for m in _CAPITALISED.finditer(text)
            if (w := m.group().lower()) not in common and w not in CALENDAR and (
                (w in last and NAMED_DRAFT.match(text, m.end()))
                or (name_word(m.group(), first=True) and NAMED_MEASURE.match(text, m.end())))]


def _nicknames(text: str) -> list[tuple[int, int, float]]:
    found = []
    for m in _NICKNAMED.finditer(text, overlapped=True):
        first, nick = m["first"].lower(), m["nick"].lower()
        inside = m.start("nick") < m.start("last")
        shortens = nick in nicknames().get(first, ()) or (
            len(nick) >= 3 and nick != first and (first.startswith(nick) or first.endswith(nick)))
        # between a listed first name and a surname, a bracketed name is a nickname whatever it
        # shortens to (`Ricardo (Cayo) Roe`): the whole name is the person's
        if inside and first in name_lists()[0] and name_word(m["nick"], first=True) and (
                name_word(m["last"], first=False)):
            found.append((m.start(), m.end(), SCORE))
        elif shortens and name_word(m["first"], first=True) and name_word(m["last"], first=False):
            found.append((*m.span("nick"), SCORE))
    return found


def _word_names_in_lists(lists: list[list[tuple[int, int, str]]]) -> list[tuple[int, int, float]]:
    first = name_lists()[0]
    found = []
    for items in lists:
        words = [item for *_, item in items]
        listed = sum(w.split()[0].lower() in first for w in words)
        odd = sum(not _person_item(w) for w in words)  # `Amy Cutter`: a surname that is a word
        if listed >= 2 and 2 * listed >= len(words) and odd <= len(words) // 4:
            found += [(start, end, SCORE) for start, end, item in items if word_first_name(item)]
    return found


def _surname_lists(lists: list[list[tuple[int, int, str]]]) -> list[tuple[int, int, float]]:
    first, last, _ = name_lists()
    found = []
    for items in lists:
        words = [item for *_, item in items]
        if len(words) < 4 or any(" " in w for w in words):
            continue
        surnames = sum(w.lower() in last and not english_word(w) and not proper_noun(w)
                       for w in words)
        strong = sum(w.lower() in first or name_word(w, first=True) or name_word(w, first=False)
                     for w in words)
        if surnames >= 2 and 2 * strong >= len(words):
            found += [(start, end, SCORE) for start, end, item in items
                      if item.lower() not in CALENDAR and not _ORG_WORD.fullmatch(item)]
    return found


def _person_item(item: str) -> bool:
    """Every word of a list item a listed name, a first name that is also a word, or no
    dictionary word."""
    first, last, _ = name_lists()
    return all(w.lower() in first or w.lower() in last or word_first_name(w)
               or name_word(w, first=True) for w in item.split() if not w.endswith("."))


def backed_recognizer() -> EntityRecognizer:
    """A presidio recognizer reporting `backed_names` as PERSON."""
    from curate.pii.finder import finder_recognizer

    return finder_recognizer("PERSON", "BackedNameRecognizer", lambda text, _: backed_names(text))
