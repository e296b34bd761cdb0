"""In mail, a name found once vouches for the word beside it that completes it, for its copies
in lower case, and for the short number written right after it.

A two-word name whose one word the chain finds and whose other it does not leaks half a name,
and no evidence about the other word alone reaches it: a surname that is an English word after
a found first name (`Ken Thimble speaking`, `Re: Confidential - Gus Kettle`), a nickname or an
unlisted first name before a found surname (`Re: Gus Brannock Promotion`, `Help for
Vardhanrao Pellikuri`). Here the found name is the evidence: on its line, one space or tab away,

- after a PERSON that ends in a listed first name or nickname: a capitalised word that is no
  stop word, month or weekday, organisation word (`Energy`, `Team`) or word of a place or an
  organisation NER names beside a dictionary proper noun (`Nevada Power`), with no third
  capitalised word after it (`Trevor Roe Conference` stays as the chain found it: the third
  word may end a heading); an English word there only after a given name the nickname table
  knows (`Ken Thimble`; not `the Carter Bill`, `Dates for Morgan Meeting`, `the Lincoln
  Bedroom`) and not after a greeting (`Thanks Trevor Great work`: the one addressed);
- before a PERSON that starts with a listed surname or a word no dictionary holds: a
  capitalised word that the nickname table knows as a given name or that no dictionary holds
  (`Vardhanrao`), no stop word, month or weekday, not itself after a capitalised word (a title
  case heading: `Quarterly Gus Roe` stays), no title (`Governor Roe`: the title is no
  name) and no word of a place or an organisation NER names beside a dictionary proper noun
  (`Southern California Edison`).

A found name's word that is a listed surname, no first name and no English word is the same
name where the text writes it in lower case (`We need to talk with Ostrander. ... try to see
ostrander`): mail is typed fast, and `curate.pii.propagate` spreads a lone found word only where
it is confidently a name (a listed first name; a lone surname may be a place or a firm), which
a word that the chain found alone already is here, in lower case no less.

A found full name's surname vouches for its copies alone elsewhere in the text, where they
stand as a person stands (`I met Tom Stone ... Stone said`, `Mayor Gus Kettle ... if kettle is
going`): no list takes a surname that is an English word alone (`Stone`, `Brown`), and
`curate.pii.propagate` spreads no lone surname (it may be a place's or a firm's). A
capitalised copy counts with no capitalised word beside it (`Brown Act`, `Stone Signature`),
after no article or place preposition (`the Brown`, `in Brown`), and opening a sentence only
before a verb a person does or a possessive (`Stone is going to`; not `Stone walls need work`); a
lower-case copy only as it acts as a person (`brown is going`, `brown's memo`; not `the
brown ones`) and when a surname list holds it (census surnames, common words among them: not
`companies` after a firm's name the chain took). Header and subject lines are left to the
header rules.

A short number right after a found name on its line is that person's line: an office's
short dial (`call Ana Roe (3-0142)`, `Ana Roe 3-0199`, `Per Ana Roe x30155`), which no phone
pattern takes alone (`3-0142` is as often a score or a range).

Only e-mail (`curate.pii.genre`): a ticket's capitalised neighbours are products (`Jane
Dashboard`), a contract's are firms and headings, and mail's prose is where half names leak.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import regex
from spacy.lang.en.stop_words import STOP_WORDS

from curate.pii.cues import CUE, HONORIFIC, PERSON_VERB
from curate.pii.names import (
    CALENDAR,
    common_surnames,
    english_word,
    name_lists,
    nicknames,
    proper_noun,
)
from curate.pii.person_score import HEADER_LINE, opening
from curate.pii.terms import ORG_WORDS

_NAME = r"\p{Lu}\p{Ll}+(?:(?:-|['’](?!s\b))\p{Lu}\p{Ll}+)*"  # not `India's`, `Atlanta-based`
_AFTER = regex.compile(rf"[ \t](?P<word>{_NAME})(?![\w@]|\.\w|['’](?!s\b)|[ \t]+\p{{Lu}})")
_BEFORE = regex.compile(rf"(?r)(?<![\w@.\-]|\p{{Lu}}[\p{{L}}'’\-]*[ \t])(?P<word>{_NAME})[ \t]$")
# A capitalised word of a found name (`Ostrander`, `O'Hara`; not `Long-Term`), whose lower-case
# copies are sought.
_WORD = regex.compile(r"\p{Lu}\p{Ll}{2,}(?:['’]\p{Lu}\p{Ll}+)?(?![\w\-])")
_ORG_WORD = regex.compile(rf"(?:{ORG_WORDS})")
_NOT_PERSON_LABELS = frozenset({"LOCATION", "ORGANIZATION"})
# A full name as a person writes it: a first name, maybe a middle initial, one or two more
# capitalised words (`Gus L. Kettle`, `Tom Stone`; not `Tom Roe CA Aug Dinner & Golf`).
_FULL_NAME = regex.compile(
    r"\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}\.?)?(?:[ \t]+\p{Lu}\p{Ll}+(?:['’\-]\p{Lu}?\p{Ll}+)*){1,2}")
# What a person does right after their name (`Stone is going`, `brown's memo`): a possessive
# before a lower-case word, or an auxiliary or a verb of speaking or acting.
_ACTS = regex.compile(r"['’]s[ \t]+\p{Ll}|[ \t]+(?:is|was|will|would|has|had|can|could|should"
                      r"|may|might|did|does|wants|thinks|agrees|agreed)\b")
# Before a copy: a capitalised word (a title-case run: `Charlie Brown`, `Sen. Stone`), or an
# article, a determiner or a place's preposition (`the Brown`, `in Brown`).
_NOT_PERSON_BEFORE = regex.compile(
    r"(?:\p{Lu}[\p{L}'’&\-]*|(?i:\b(?:the|a|an|this|that|these|those|my|your|his|her|our"
    r"|their|its|each|every|some|any|no|in|at|near|of|via|new|old)))[ \t]+$")
# After a copy: a capitalised word (`Brown Act`, `Brown's Ferry`).
_CAPITALISED_AFTER = regex.compile(r"(?:['’]s)?[ \t]+\p{Lu}")
# A short dial after a name: `(3-0142)`, ` 3-0199`, ` x30155`, ` ext. 4417`.
_SHORT_LINE = regex.compile(
    r"[ \t]+\(?(?P<number>\d-\d{4}|(?:x|ext\.?[ \t]?)\d{4,5})\)?(?![\w\-])")

if TYPE_CHECKING:
    from curate.pii.detect import Span


def completions(text: str, spans: list[Span], entities: list[tuple[int, int, str]]) -> list[Span]:
    """Each PERSON of `spans` extended over the neighbour that completes its name (see the
    module docstring), for the caller to merge; `entities`: spaCy's (start, end, label) of
    `text`."""
    out = []
    for span in spans:
        if span.entity != "PERSON" or "\n" in text[span.start : span.end]:
            continue
        words = text[span.start : span.end].split()
        after = _AFTER.match(text, span.end)
        if after and _surname_after(text, span.start, words[-1], after, entities):
            out.append(replace(span, end=after.end("word")))
        before = _BEFORE.search(text, 0, span.start)
        if before and _first_before(text, span.start, words[0], before, entities):
            out.append(replace(span, start=before.start("word")))
    return out


def lower_copies(text: str, spans: list[Span]) -> list[Span]:
    """A PERSON span for each lower-case copy, elsewhere in `text`, of a capitalised word of a
    PERSON of `spans` that the surname list holds, no first-name list and no English word (not
    a jargon word the chain took, `Peaker`; `curate.pii.propagate` spreads listed first names
    already), found where its capital says something (not opening a sentence, a line or a
    subject: `Re: PJM Stip`; see the module docstring)."""
    first, last, _ = name_lists()
    found = {w.lower(): s for s in spans if s.entity == "PERSON" and not opening(text, s.start)
             for w in _WORD.findall(text, s.start, s.end)
             if w.lower() in last and w.lower() not in first and not english_word(w) and _plain(w)}
    if not found:
        return []
    pattern = regex.compile(rf"(?<![\w@./\\\-])(?:{'|'.join(map(regex.escape, sorted(found)))})"
                            r"(?![\w@]|\.\w|[\\/\-]\w)")
    return [replace(found[m.group()], start=m.start(), end=m.end())
            for m in pattern.finditer(text)
            if not any(s.start < m.end() and m.start() < s.end for s in spans)]


def surname_copies(text: str, spans: list[Span]) -> list[Span]:
    """A PERSON span for each copy alone, elsewhere in `text`, of the surname of a PERSON of
    `spans` that is a full name opening with a listed first name or nickname, where the copy
    stands as a person (see the module docstring)."""
    found = {}
    for span in spans:
        name = text[span.start : span.end]
        if span.entity != "PERSON" or not _FULL_NAME.fullmatch(name):
            continue
        words = name.split()
        first, last = words[0], words[-1]
        if _given(first) and _WORD.fullmatch(last) and _plain(last) and not _given(last):
            found[last.lower()] = span
    if not found:
        return []
    pattern = regex.compile(rf"(?i)(?<![\w@./\\\-])(?:{'|'.join(map(regex.escape, sorted(found)))})"
                            r"(?![\w@]|\.\w|[\\/\-]\w)")
    return [replace(found[m.group().lower()], start=m.start(), end=m.end())
            for m in pattern.finditer(text)
            if not any(s.start < m.end() and m.start() < s.end for s in spans)
            and person_position(text, m.start(), m.end())
            and (not m.group().islower() or m.group() in name_lists()[1]
                 or m.group() in common_surnames())]


def person_position(text: str, start: int, end: int) -> bool:
    """Whether the surname at text[start:end], alone, stands where a person stands: capitalised,
    with no capitalised word beside it, after no article or place preposition, and opening a
    sentence only before what a person does; or in lower case acting as a person (see the
    module docstring). Never on a header or subject line."""
    line = text.rfind("\n", 0, start) + 1
    word = text[start:end]
    if HEADER_LINE.match(text, line) or _NOT_PERSON_BEFORE.search(text, line, start):
        return False
    acts = bool(_ACTS.match(text, end) or PERSON_VERB.match(text, end))
    if word.islower():
        return acts
    return (word[1:].islower() and not _CAPITALISED_AFTER.match(text, end)
            and (acts or not opening(text, start)))


def short_lines(text: str, spans: list[Span]) -> list[Span]:
    """A PHONE_NUMBER span for each short dial right after a PERSON of `spans` (see the module
    docstring)."""
    taken = [(s.start, s.end) for s in spans]
    out = []
    for span in spans:
        m = _SHORT_LINE.match(text, span.end) if span.entity == "PERSON" else None
        if m and not any(a < m.end("number") and m.start("number") < b for a, b in taken):
            out.append(replace(span, start=m.start("number"), end=m.end("number"),
                               entity="PHONE_NUMBER"))
    return out


def _surname_after(text: str, start: int, last: str, after: regex.Match[str],
                   entities: list[tuple[int, int, str]]) -> bool:
    """Whether the word `after` a name (starting at `start`, ending in `last`) is its surname."""
    word = after["word"]
    if not (_given(last) and _plain(word)) or _placed(entities, after, last):
        return False
    if _surname(word):
        return True
    greeted = CUE.search(text, text.rfind("\n", 0, start) + 1, start)
    return _forename(last) and not greeted


def _first_before(text: str, start: int, first: str, before: regex.Match[str],
                  entities: list[tuple[int, int, str]]) -> bool:
    """Whether the word `before` a name (starting at `start` with `first`) is its first name."""
    word = before["word"]
    return (_surname(first) and _plain(word) and (_forename(word) or _unknown(word))
            and not HONORIFIC.search(text, 0, start) and not _placed(entities, before, first))


def _given(word: str) -> bool:
    """A listed first name or nickname (`Ken`, `Gus`)."""
    folded = word.lower()
    return folded in name_lists()[0] or folded in nicknames()


def _forename(word: str) -> bool:
    """A given name the nickname table knows, formal or short (`Ken`, `Rebecca`; not `Davis`,
    `Lincoln` or `India`, which a list of first names holds beside a surname's, a place's or a
    thing's reading: `the Roe Bill`, `the Lincoln Bedroom`)."""
    return word.lower() in nicknames()


def _surname(word: str) -> bool:
    """A listed surname or a word no dictionary holds (`Brannock`, `Pellikuri`)."""
    return word.lower() in name_lists()[1] or _unknown(word)


def _unknown(word: str) -> bool:
    return not english_word(word) and not proper_noun(word)


def _plain(word: str) -> bool:
    """A word that may be a name's part here: no stop word, month, weekday or organisation
    word."""
    folded = word.lower()
    return (folded not in STOP_WORDS and folded not in CALENDAR
            and not _ORG_WORD.fullmatch(word))


def _placed(entities: list[tuple[int, int, str]], neighbour: regex.Match[str], found: str) -> bool:
    """Whether NER puts the `neighbour` word in a place or an organisation and it or the `found`
    word is a dictionary proper noun (`Nevada Power`, `the Lincoln Bedroom`: the found word was
    a place's or a firm's); NER calls unlisted names organisations too (`Vardhanrao
    Pellikuri`)."""
    start, end = neighbour.span("word")
    return (proper_noun(neighbour["word"]) or proper_noun(found)) and any(
        s <= start and end <= e and label in _NOT_PERSON_LABELS for s, e, label in entities)
