"""Person names the small NER model misses, from census name lists plus letter-case rules.

`curate/data/first_names.txt` and `surnames.txt` (US Census 1990 lists, names that are
common English words removed; see their headers), plus `first_names_world.txt` (Faker's
first names of every locale, English words removed: `Ishani`, `Tuuli`, `Lorcan`), drive
three rules:
- a known first name, capitalised (`Thelma`, `THELMA`; `THelma`, two capitals typed), then
  an optional initial and a capitalised word that is not a common English word: `Thelma
  Mitchell`, `Iva D. Grusová`;
- all lower case, a known first name then a known surname: `eva kleist`, a list of three
  or more known first names (`silvana, adam, chad and caleb`), or a known first name that
  acts as a person, before a possessive or a person's verb (`nadia's file`, `nadia will try`);
- one capitalised word alone: a known first name, or a known surname not at a sentence start,
  but not a month or weekday (`Jun`, `April`); a known first name that is no word takes a
  capital initial after it, without a dot (`Jeff B sign`, `Anthony D -- 6235`).
A capitalised word after a title (`Mayor Brown`, `Ms. Nardell`; `curate.pii.cues`; `Representative
Quellavi` when no dictionary word) is a name too, as is a capitalised word no dictionary knows
that opens a sentence as its subject when a personal pronoun follows (`Dravkon is a mixed bag.
I think he's`), one or two such words before a verb that only a person does (`Dravko Quellin
lives`; not a company's `wants`), two capitalised words around a middle initial, each a listed
name or no dictionary word (`Dravko J Quellin`), `Surname, First` with a listed first name
(`Novak, Petra J`), a first name that is also a word before a verb of speaking (`Bill said`),
a listed surname after a capitalised word that no dictionary knows (`Dravko Kowalski`), and the
name-shaped items of a list that holds a listed name not in capitals (`Ishani, Okonkwo and
Brevik`; not `EES and ENA`; commas alone from four items on, half of them listed names or
unknown words; a two-word item whose surname is also a word after a first name, `Tavia
Dorsett`; a list may run across one line break).
A match inside an entity spaCy labelled as a place or organisation is dropped
(`Georgia`, `Virginia Tech`), except a listed first name that spaCy calls an organisation
and a name whose context says it is a person's (`a call into Rosalba`, `to call Nockler`).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from curate.pii.cues import NAME_TITLE, PERSON_OBJECT, PERSON_VERB, person_context

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer
    from presidio_analyzer.nlp_engine import NlpArtifacts

# A capitalised or upper-case word, or one typed with its first two letters in capitals (`THelma`:
# the shift key held a letter too long; only a listed name makes it one).
_WORD = r"\p{Lu}[\p{Ll}\p{M}]+(?:['’\-]\p{Lu}?[\p{Ll}\p{M}]+)*|\p{Lu}{2}[\p{Ll}\p{M}]{2,}|\p{Lu}{2,}"
_FULL = regex.compile(
    rf"(?<![\w@])(?P<first>{_WORD})(?:[ \t]+\p{{Lu}}\.?)?[ \t]+(?P<last>{_WORD})(?![\w@])"
)
_LOWER = regex.compile(r"(?<![\w@])(?P<first>\p{Ll}+)(?:[ \t]+\p{Ll}\.?)?[ \t]+(?P<last>\p{Ll}+)(?![\w@])")
_SURNAME_FIRST = regex.compile(
    rf"(?<![\w@,])(?P<last>{_WORD}),[ \t]*(?P<first>{_WORD})(?:[ \t]+\p{{Lu}}\.?)?(?![\w@])"
)
# A list of capitalised names: `Ishani, Okonkwo and Brevik`, `Jane Roe, Tavish Vasko or Orrin`
# (not a firm's `Procter & Gamble`: no `&` next to it).
_ITEM = rf"(?:{_WORD})(?:[ \t]+\p{{Lu}}\.)?(?:[ \t]+(?:{_WORD}))?"
# Items may run across one line break: mail is hard-wrapped (`Quellon,\nVasko, Dravkin`).
_NEXT = r"[ \t]*(?:\n[ \t]*)?"
_LIST = regex.compile(
    rf"(?<![\w@])(?<!&[ \t]?)(?P<item>{_ITEM})(?:,{_NEXT}(?P<item>{_ITEM}))*,?"
    rf"(?:[ \t]+|[ \t]*\n[ \t]*)(?:and|or)(?:[ \t]+|[ \t]*\n[ \t]*)"
    rf"(?P<item>{_ITEM})(?![\w@]|[ \t]?&)"
)
# A list of four or more capitalised items joined by commas alone, as a subject line or a
# meeting's attendees run (`Diane, Mark, Luke, Vicki, Robin Rowntree`).
_COMMA_LIST = regex.compile(
    rf"(?<![\w@])(?<!&[ \t]?)(?P<item>{_ITEM})(?:,{_NEXT}(?P<item>{_ITEM})){{3,}}(?![\w@]|[ \t]?&)"
)
# A lower-case list of three or more words (`silvana, adam, chad and caleb`).
_LOWER_LIST = regex.compile(
    r"(?<![\w@])(?P<item>\p{Ll}{2,})(?:,[ \t]*(?P<item>\p{Ll}{2,})){1,}"
    r",?[ \t]+(?:and|or)[ \t]+(?P<item>\p{Ll}{2,})(?![\w@])"
)
# A lower-case word acting as a person: before a possessive or a verb that a person does
# (`nadia's file`, `nadia is away`, `nadia will try`), unless a determiner makes it a noun
# (`the van will`).
_LOWER_ACTOR = regex.compile(
    r"(?<![\w@])(?<!\b(?i:the|a|an|this|these|those|my|your|his|her|our|their|its|each"
    r"|every|some|any|no|of|new|old)[ \t]+)(?P<name>\p{Ll}{3,})(?=['’]s[ \t]+\p{Ll}|[ \t]+(?:is|was"
    r"|will|would|has|had|can|could|says|said|wants|asked|called|thinks|agreed)\b)"
)
_POSSESSIVE = regex.compile(r"['’]s\b")
# A title of an elected office that is also a role word (`Representative Quellavi`; not `Sales
# Representative Agreement`: the word after it must be no dictionary word).
_OFFICE = regex.compile(r"(?<![\w.])Representative[ \t]+(?P<name>\p{Lu}[\p{Ll}\p{M}]+)(?![\w@])")
# An unknown capitalised word that opens a sentence as its subject (`Dravkon is`, `Dravkon has`),
# and a personal pronoun later in that sentence or the next (`... I think he's strong`).
_SUBJECT = regex.compile(
    r"(?<![\w@])(?P<name>\p{Lu}[\p{Ll}\p{M}]+)(?=[ \t]+(?:is|was|has|had|will|would|can|could"
    r"|did|does|may|might|seems|seemed|left|joined)\b)"
)
# Two capitalised words around a middle initial (`Dravko J Quellin`, `Ivo D. Roe`).
_INITIALED = regex.compile(
    rf"(?<![\w@])(?P<first>{_WORD})[ \t]+\p{{Lu}}\.?[ \t]+(?P<last>{_WORD})(?![\w@])"
)
# Capitalised words before a verb that only a person does (`Dravko Quellin lives`, `Dravko spent
# a year`; not a company's `wants`, `said`, `agreed`).
_PERSON_ONLY_VERB = regex.compile(
    r"[ \t]+(?:lives|lived|spent|smiled|laughed|married|graduated|studied|sang|sings|shouted"
    r"|feels|felt)\b"
)
_ACTOR = regex.compile(
    r"(?<![\w@])(?P<name>\p{Lu}[\p{Ll}\p{M}]+(?:[ \t]+\p{Lu}[\p{Ll}\p{M}]+)?)(?![\w@])"
)
_PRONOUN = regex.compile(r"(?i:\b(?:he|she|him|his|her|himself|herself)\b)")
_SENTENCE_END = regex.compile(r"[.!?](?:[ \t]|$)|\n[ \t]*\n")
# A name after a title: a surname may be written in two capitals (`DeVane`, `McTavish`).
_TITLED_WORD = rf"\p{{Lu}}\p{{Ll}}{{1,2}}\p{{Lu}}\p{{Ll}}+|{_WORD}"
_TITLED = regex.compile(rf"(?P<first>{_TITLED_WORD})(?:[ \t]+(?P<last>{_TITLED_WORD}))?(?![\w@])")
# The next name of a list after a plural title (`Reps. Jane Roe and Hal Vasko`).
_TITLED_NEXT = regex.compile(r"(?:,|,?[ \t]+(?:and|&))[ \t]+(?=\p{Lu})")
_SINGLE = regex.compile(r"(?<![\w@])\p{Lu}\p{Ll}+(?![\w@]|['’](?:t|ll|re|ve|d|m)\b)")
# A first name and the initial of a surname, no dot (`Jeff B sign`, `Anthony D -- 6235`; not the
# pronoun `I`, the article `A`, nor `C++`, `B.`).
_FIRST_INITIAL = regex.compile(
    r"(?<![\w@])(?P<first>\p{Lu}\p{Ll}+)[ \t]+(?P<initial>[B-HJ-Z])(?![\w@.'’&+#/-])"
)
# presidio's names for spaCy's GPE/LOC/FAC, ORG and NORP labels.
_NOT_PERSON_LABELS = frozenset({"LOCATION", "ORGANIZATION", "NRP"})
FULL_SCORE, LOWER_SCORE, SINGLE_SCORE, CONTEXT_SCORE = 0.6, 0.5, 0.45, 0.85
# Month and weekday names and abbreviations that name lists hold (`Jun`, `April`): dates first.
CALENDAR = frozenset(
    {
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "january", "february", "march", "april", "june", "july", "august", "september", "october",
        "november", "december", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat",
        "sun", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    }
)


@lru_cache(maxsize=1)
def name_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(first names, surnames, common English words) in lower case."""
    from spacy.lang.en.stop_words import STOP_WORDS

    common = frozenset(_easy_words().read_text(encoding="utf-8").lower().split()) | STOP_WORDS
    first = _read("first_names.txt") | _read("first_names_world.txt")
    return first, _read("surnames.txt"), common


def _easy_words() -> Path:
    """textstat's list of easy English words, found without importing textstat (whose import
    pulls in NLTK and SciPy: seconds of start-up in every worker)."""
    spec = find_spec("textstat")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("textstat is not installed: pip install textstat")
    return Path(spec.submodule_search_locations[0]) / "resources" / "en" / "easy_words.txt"


def _read(name: str) -> frozenset[str]:
    text = (resources.files("curate") / "data" / name).read_text(encoding="utf-8")
    return frozenset(w for w in text.split("\n") if w and not w.startswith("#"))


@lru_cache(maxsize=1)
def nicknames() -> dict[str, frozenset[str]]:
    """Lower-case given name -> its nicknames and, for a nickname, its formal names
    (`jeffrey` -> `jeff`, `geoff`; `jeff` -> `jeffrey`): `curate/data/nicknames.txt`."""
    text = (resources.files("curate") / "data" / "nicknames.txt").read_text(encoding="utf-8")
    out: dict[str, set[str]] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            formal, nick = line.split()
            out.setdefault(formal, set()).add(nick)
            out.setdefault(nick, set()).add(formal)
    return {name: frozenset(others) for name, others in out.items()}


@lru_cache(maxsize=1)
def us_first_names() -> frozenset[str]:
    """The US Census first names alone (lower case), without the world list's."""
    return _read("first_names.txt")


@lru_cache(maxsize=1)
def backing_lists() -> tuple[frozenset[str], frozenset[str]]:
    """(first names that are also common words, rarer surnames), lower case: census names
    that only back a name the NER model found (`curate.pii.corroborate`), never find one."""
    return _read("first_names_ambiguous.txt"), _read("surnames_rare.txt")


@lru_cache(maxsize=1)
def common_surnames() -> frozenset[str]:
    """Census surnames that are common words (`brown`, `wood`), lower case: a name only where a
    person cue stands by it (`curate.pii.word_surnames`), never alone."""
    return _read("surnames_common.txt")


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    return _read("english_words.txt")


@lru_cache(maxsize=1)
def _proper() -> frozenset[str]:
    return _read("proper_nouns.txt")


def proper_noun(word: str) -> bool:
    """Whether `word` is a proper noun of the English dictionary (`Smith`, `Houston`)."""
    return word.lower() in _proper()


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    return _read("countries.txt")


def country(name: str) -> bool:
    """Whether `name` (any case and spacing) is a country's or territory's English name
    (`Hong Kong`, `Sierra Leone`: `curate/data/countries.txt`)."""
    return " ".join(name.split()).lower() in _countries()


def english_word(word: str) -> bool:
    """Whether `word` (any case) is a lower-case English dictionary word in any of its forms
    (`Shares`, `Distributor`, `Requests`, `bill`; not `Kubiak`)."""
    return word.lower().replace("’", "'") in _english()


def find_names(text: str) -> list[tuple[int, int, float]]:
    """(start, end, score) of names by the rules above (overlaps possible)."""
    return list(kept_names(text))


@lru_cache(maxsize=4096)
def kept_names(text: str) -> tuple[tuple[int, int, float], ...]:
    """`find_names`, kept per text until `kept_names.cache_clear()`: redact reads again the
    texts its first pass left as they were, to verify them (and clears after each batch)."""
    return tuple(_names(text, full_only=False))


def full_names(text: str) -> list[tuple[int, int, float]]:
    """The names of `find_names` scored FULL_SCORE or more, from only the rules that can give
    such a score (the single-word and lower-case rules are not run). Each of these reads
    within one paragraph (`curate.pii.verify.paragraph_bounds`): neither its match nor what
    it checks beside it (a title before, a verb after, the character either side) runs
    across a blank line, and at a paragraph's edge that character is white space or none,
    so a paragraph read alone gives the same names there. The re-scan relies on it
    (`curate.pii.verify.full_names_in`), so a rule added here that can score FULL_SCORE must
    too (`tests/test_pii_rescan.py`)."""
    return [name for name in _names(text, full_only=True) if name[2] >= FULL_SCORE]


def _names(text: str, full_only: bool) -> list[tuple[int, int, float]]:
    """`find_names` in its order; `full_only`: only the rules that can score FULL_SCORE."""
    first, last, common = name_lists()
    found = []
    for m in _FULL.finditer(text, overlapped=True):
        surname = m["last"].lower()
        if m["first"].lower() in first and surname not in common and len(surname) > 1:
            found.append((m.start(), m.end(), FULL_SCORE))
    if not full_only:
        found += [(m.start(), m.end(), LOWER_SCORE) for m in _LOWER.finditer(text, overlapped=True)
                  if m["first"] in first and m["last"] in last]
    for m in _SURNAME_FIRST.finditer(text, overlapped=True):  # `Novak, Petra J`
        surname = m["last"].lower()
        if m["first"].lower() in first and surname not in common and not english_word(surname) and not (
            proper_noun(surname) and proper_noun(m["first"])  # not `Paris, France`
        ):
            found.append((m.start(), m.end(), FULL_SCORE))
    for m in _FULL.finditer(text, overlapped=True):  # `Dravko Kowalski`: a listed surname
        if _unlisted_first(m["first"]) and m["last"][1:].islower() and _listed_surname(m["last"]):
            found.append((m.start(), m.end(), FULL_SCORE))
    found += _list_names(text)
    if not full_only:
        found += _lower_actors(text) + _named_by_context(text) + _lower_lists(text)
        for m in _SINGLE.finditer(text):  # `Bill said`: a first name that is also a word, acting
            if m.group().lower() in backing_lists()[0] and PERSON_VERB.match(text, m.end()):
                found.append((m.start(), m.end(), SINGLE_SCORE))
    for m in NAME_TITLE.finditer(text):  # `Mayor Brown`, `Ms. Nardell`, `Sen. Mary Roe`
        found += _titled(text, m.end(), bool(m["plural"]))
    if not full_only:
        found += [(*m.span("name"), SINGLE_SCORE) for m in _OFFICE.finditer(text)
                  if _unlisted_first(m["name"]) or _listed_surname(m["name"])]
        found += _pronoun_subjects(text)
    found += _actors(text)
    for m in _INITIALED.finditer(text, overlapped=True):  # `Dravko J Quellin`
        if all(_unlisted_first(w) or w.lower() in first or _listed_surname(w)
               for w in (m["first"], m["last"])):
            found.append((m.start(), m.end(), FULL_SCORE))
    if full_only:
        return found
    for m in _SINGLE.finditer(text):
        word = m.group().lower()
        if word in CALENDAR:
            continue
        if word in first or (word in last and not _sentence_start(text, m.start())):
            found.append((m.start(), m.end(), SINGLE_SCORE))
    for m in _FIRST_INITIAL.finditer(text):  # `Jeff B`: a first name that is no word, and initial
        word = m["first"].lower()
        if word in first and word not in common and word not in CALENDAR and not english_word(word):
            found.append((m.start(), m.end(), SINGLE_SCORE))
    return found


def _titled(text: str, at: int, plural: bool) -> list[tuple[int, int, float]]:
    """The name after a title ending at `at` (`Sen. Mary Roe`: a surname that is an English word
    stays out, `Rep. Jane Black`), and after a plural title each name of the list it opens."""
    found = []
    while (name := _TITLED.match(text, at)) and name["first"].lower() not in CALENDAR:
        end = name.end("last") if name["last"] and not english_word(name["last"]) else name.end("first")
        found.append((name.start(), end, FULL_SCORE))
        following = _TITLED_NEXT.match(text, name.end())
        if not plural or following is None or NAME_TITLE.match(text, following.end()):
            break  # a title of its own opens the next name (`Reps. Jane Roe and Sen. Hal Vasko`)
        at = following.end()
    return found


def _lower_actors(text: str) -> list[tuple[int, int, float]]:
    """A listed first name in lower case that acts as a person (`_LOWER_ACTOR`): no common
    word, month or first name that is also a word (`mark`, `bill`)."""
    first, _, common = name_lists()
    return [(*m.span("name"), SINGLE_SCORE) for m in _LOWER_ACTOR.finditer(text)
            if (w := m["name"]) in first and w not in common and w not in CALENDAR
            and w not in backing_lists()[0]]


def _lower_lists(text: str) -> list[tuple[int, int, float]]:
    """The items of a lower-case list of listed first names (`_LOWER_LIST`), at most one a
    word; from four items on one may be a first name no list holds, if no word (`leonti`)."""
    first, _, common = name_lists()
    found: list[tuple[int, int, float]] = []
    for m in _LOWER_LIST.finditer(text):
        items = list(zip(m.starts("item"), m.ends("item"), m.captures("item"), strict=True))
        unlisted = [item for *_, item in items if item not in first]
        if (not unlisted or (len(items) >= 4 and len(unlisted) == 1 and unlisted[0] not in common
                             and not english_word(unlisted[0]))) and sum(
                item in common or english_word(item) for *_, item in items) <= 1:
            found += [(start, end, SINGLE_SCORE) for start, end, _ in items]
    return found


def _named_by_context(text: str) -> list[tuple[int, int, float]]:
    """A capitalised word no dictionary knows, or a listed surname that is no common word or
    place, after a verb whose object is a person (`call Quennell`, `talked to Dravko`), and such
    an unknown word before a possessive (`Dravko's presentation`)."""
    found = []
    for m in _SINGLE.finditer(text):
        word, unknown = m.group(), _unlisted_first(m.group())
        owns = unknown and _POSSESSIVE.match(text, m.end()) is not None
        taken = (unknown or (_listed_surname_word(word) and not proper_noun(word))) and (
            PERSON_OBJECT.search(text, max(0, m.start() - 40), m.start()) is not None)
        if owns or taken:
            found.append((m.start(), m.end(), SINGLE_SCORE))
    return found


def _pronoun_subjects(text: str) -> list[tuple[int, int, float]]:
    """A capitalised word no dictionary knows that opens a sentence as its subject, when a
    personal pronoun follows in that sentence or the next (`Dravkon is a mixed bag.  I think
    he's strong`; not `Kubectl is slow.  It hangs`)."""
    found = []
    for m in _SUBJECT.finditer(text):
        if not _unlisted_first(m["name"]) or not _sentence_start(text, m.start()):
            continue
        ends = list(_SENTENCE_END.finditer(text, m.end()))
        stop = ends[1].end() if len(ends) > 1 else len(text)
        stop = min(stop, ends[0].end() if ends and ends[0].group().startswith("\n") else stop)
        if _PRONOUN.search(text, m.end(), stop):
            found.append((*m.span("name"), SINGLE_SCORE))
    return found


def _actors(text: str) -> list[tuple[int, int, float]]:
    """One or two capitalised words that no dictionary knows before a verb that only a person
    does (`Dravko spent a year`, `Dravko Quellin lives at`)."""
    return [(*m.span("name"), SINGLE_SCORE if " " not in m["name"] else FULL_SCORE)
            for m in _ACTOR.finditer(text, overlapped=True)
            if _PERSON_ONLY_VERB.match(text, m.end())
            and all(_unlisted_first(w) for w in m["name"].split())]


def _listed_surname_word(word: str) -> bool:
    lower = word.lower()
    return lower in name_lists()[1] and lower not in name_lists()[2]


def _listed_surname(word: str) -> bool:
    lower = word.lower()
    return lower in name_lists()[1] and lower not in name_lists()[2] and not english_word(word)


def _unlisted_first(word: str) -> bool:
    """A capitalised word that may be a first name no list holds: no English word, place or
    month (`Dravko`; not `Houston`, `Dear`, `April`)."""
    lower = word.lower()
    return (word[1:].islower() and lower not in name_lists()[2] and lower not in CALENDAR
            and not english_word(word) and not proper_noun(word))


def _list_names(text: str) -> list[tuple[int, int, float]]:
    """The names of a list that holds a listed name (`Ishani, Okonkwo and Brevik`) not in
    capitals: acronyms are firms and units (`EES and ENA`, though `Ena` is a first name)."""
    return [(start, end, FULL_SCORE if " " in item else SINGLE_SCORE)
            for items in lists_in(text)
            if any(_listed_item(item) and not item.isupper() for *_, item in items)
            for start, end, item in items if name_shaped(item)]


def lists_in(text: str) -> list[list[tuple[int, int, str]]]:
    """Per list of capitalised items in `text` (`A, B and C`, `A B or C D`; commas alone when
    four or more items, one of them holding a listed name and half of them a listed name or
    only words no dictionary knows: `Quellon, Vasko, Kowalski, Dravkin`): its items as
    (start, end, item)."""
    return [list(items) for items in kept_lists(text)]


@lru_cache(maxsize=4096)
def kept_lists(text: str) -> tuple[tuple[tuple[int, int, str], ...], ...]:
    """`lists_in`, kept per text until `kept_lists.cache_clear()`: the name rules, the backed
    names and the record's people read a text's lists, in both passes."""
    found = [list(zip(m.starts("item"), m.ends("item"), m.captures("item"), strict=True))
             for m in _LIST.finditer(text)]
    taken = [(items[0][0], items[-1][1]) for items in found]
    for m in _COMMA_LIST.finditer(text):
        items = list(zip(m.starts("item"), m.ends("item"), m.captures("item"), strict=True))
        listed = sum(_listed_item(item) for *_, item in items)
        unknown = sum(not _listed_item(item) and all(map(_unlisted_first, item.split()))
                      for *_, item in items)
        if (listed and 2 * (listed + unknown) >= len(items)
                and not any(a < m.end() and m.start() < b for a, b in taken)):
            found.append(items)
    return tuple(map(tuple, found))


def name_word(word: str, first: bool) -> bool:
    """A capitalised word that may be a first name (`first`) or a surname: a listed one that
    is no common word, or no dictionary word, place or month (`Tavia`, `Dorsett`)."""
    lower = word.lower()
    if not word[1:].islower():
        return False
    listed = lower in name_lists()[0] if first else _listed_surname_word(word)
    return listed or _unlisted_first(word)


def name_shaped(item: str) -> bool:
    """Whether every word of a list item may be a name: capitalised and no English word,
    place or month (`Okonkwo`), or a listed name that is no place (`Lorcan`; not `Paris`)."""
    first = name_lists()[0]
    words = [w for w in item.split() if not w.endswith(".")]
    if len(words) == 2 and name_word(words[0], first=True) and name_word(words[1], first=False):
        return True  # `Tavia Dorsett`: a surname that is also a word, after a first name
    return all(_unlisted_first(w) or ((w.lower() in first or _listed_surname(w)) and not proper_noun(w))
               or word_first_name(w) for w in words)


def word_first_name(word: str) -> bool:
    """A capitalised first name that is also a word (`Mark`, `Rob`; not `May`)."""
    lower = word.lower()
    return word[1:].islower() and lower in backing_lists()[0] and lower not in CALENDAR


def _listed_item(item: str) -> bool:
    return any(w.lower() in name_lists()[0] or _listed_surname(w) for w in item.split())


def _sentence_start(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t")
    return not before or before[-1] in ".!?\n\"'“"


def _unless_place_or_org(
    text: str, nlp_artifacts: NlpArtifacts | None
) -> list[tuple[int, int, float]]:
    other = [
        (e.start_char, e.end_char, e.label_)
        for e in (nlp_artifacts.entities if nlp_artifacts else [])
        if e.label_ in _NOT_PERSON_LABELS
    ]
    first = name_lists()[0]

    def vetoed(start: int, end: int) -> bool:
        # The small model often calls a lone first name an organisation (`Martin:`).
        with_first = any(w.lower() in first for w in text[start:end].split())
        return any(
            s < end and start < e and not (label == "ORGANIZATION" and with_first)
            for s, e, label in other
        )

    # an unlisted word in a list beside a listed name that spaCy does not call a place or an
    # organisation is a name too (`Ishani, Okonkwo and Brevik`; not `Houston, Dallas and Austin`)
    beside_person = {
        (start, end) for items in lists_in(text)
        if any(_listed_item(item) and not vetoed(start, end) for start, end, item in items)
        for start, end, item in items if name_shaped(item)
    }
    # a name that spaCy calls a place but its context calls a person outranks the place
    return [(start, end, score if not vetoed(start, end) else CONTEXT_SCORE)
            for start, end, score in find_names(text)
            if not vetoed(start, end) or person_context(text, start, end)
            or (start, end) in beside_person]


def name_recognizer() -> EntityRecognizer:
    """A presidio recognizer reporting `find_names` as PERSON, vetoed by spaCy's place/org labels."""
    from curate.pii.finder import finder_recognizer

    return finder_recognizer("PERSON", "NameListRecognizer", _unless_place_or_org)
