"""A firm a contract names like a person, known from forms only a firm takes.

A contract's parties are mostly firms, and many are named like people: a founder's surname
(`Hartwell`), a trade name of a given name and a coined word, a short name that no dictionary
knows. Within one text, these forms say the words name a firm:
- a trade name: the words after `d/b/a`, `doing business as`, `trading as` (`Zorvex Labs, Inc.
  d/b/a TUULI VESK`);
- what only a firm owns: `Dravkon's affiliates`, `TUULI VESK's personnel`, `its subsidiaries`,
  `shareholders`, `premises`, `board of directors`;
- the firm's own pronoun with its group: `Dravkon (or its affiliate)`, `Dravkon and its
  Affiliates` (a person is `his` or `her`: `curate.pii.contract_people`);
- its full name elsewhere in the text, the same words and a legal form or an organisation
  word (`Qinghe Unigrav` beside `Qinghe Unigrav Ltd.`), unless the first word is a listed
  first name: a loan-out company is named after its person (`Jane Roe` and `Jane Roe LLC`).
- a member of a list that a plural noun of firms names (`retailers such as Dravkon, Vesk and
  Lund`, `Dravkon, Vesk or other competitors`: `retailers`, `companies`, `banks`, `brands`, not
  `brokers` or `distributors`, which a person may be), even one a common given name leads
  (`Jane Roe and other retailers`: a chain named after its founder).
A guessed name (NER, name lists) that is such a firm's name, or its last words (`Dravkon` of
`If Dravkon's affiliate`), is no person there (`curate.pii.genre`); a cue (`By:`, `Mr.`) is
judged before this and still names a person, and so does a common given name first outside
such a list (a US Census first name: `Jane Roe's premises`, `Jane Roe's personnel` may be a
sole trader's).
"""

from __future__ import annotations

from functools import lru_cache

import regex

from curate.pii.names import name_lists, us_first_names
from curate.pii.terms import ORG_WORDS, ORG_WORDS_UPPER

# One to four capitalised or upper-case words on one line.
_WORDS = r"\p{Lu}[\p{L}\p{M}'’&\-]*(?:[ \t]+\p{Lu}[\p{L}\p{M}'’&\-]*){0,3}"
_TRADE = regex.compile(
    rf"(?i:(?<![\w/])(?:d/b/a|d\.b\.a\.|dba|doing[ \t]+business[ \t]+as|trading[ \t]+as|t/a))"
    rf"[ \t]+(?P<name>{_WORDS})"
)
# What only a firm owns, after a possessive (`TUULI VESK'S premises`).
_FIRM_THINGS = (
    r"affiliates?|subsidiar(?:y|ies)|parent[ \t]+company|shareholders?|stockholders?"
    r"|board[ \t]+of[ \t]+directors|officers[ \t]+and[ \t]+directors|directors[ \t]+and[ \t]+officers"
    r"|personnel|premises|facilit(?:y|ies)|headquarters|sales[ \t]+force"
    r"|(?:sales|service|sales[ \t]+and[ \t]+service)[ \t]+personnel"
)
_OWNS = regex.compile(rf"(?P<name>{_WORDS})['’][sS][ \t]+(?i:{_FIRM_THINGS})\b")
_ITS = regex.compile(
    rf"(?P<name>{_WORDS})[ \t]*,?[ \t]*\(?(?i:and|or|and/or)[ \t]+(?i:its)[ \t]+"
    r"(?i:affiliates?|subsidiar(?:y|ies)|parent|successors?)\b"
)
# A list that a plural noun of firms names (`retailers such as Dravkon, Vesk and Lund`,
# `Dravkon, Vesk or other retailers`): its members are firms, whatever their first word.
# (Not nouns a person may be too: `brokers`, `dealers`, `distributors`, `vendors`, `lenders`.)
_FIRM_NOUNS = (
    r"retailers|stores|department[ \t]+stores|chains|outlets|wholesalers|competitors|companies"
    r"|corporations|firms|banks|brokerages|brands|labels|manufacturers|carriers|airlines|hotels"
    r"|agencies|studios|publishers|broadcasters|networks|insurers|institutions"
)
_ITEM = r"\p{Lu}[\p{L}\p{M}'’&.\-]*(?:[ \t]+\p{Lu}[\p{L}\p{M}'’&.\-]*){0,3}"
_LIST = rf"{_ITEM}(?:[ \t]*,[ \t]*{_ITEM})*"
_FIRM_LIST = regex.compile(
    rf"(?i:\b(?:{_FIRM_NOUNS}),?[ \t]+(?:such[ \t]+as|including|like|e\.g\.,?|namely))[ \t]+"
    rf"(?P<list>{_LIST}(?:,?[ \t]+(?:and|or)[ \t]+{_ITEM})?)"
    rf"|(?P<list>{_LIST}),?[ \t]+(?:and|or)[ \t]+(?i:other|similar|comparable)[ \t]+"
    rf"(?i:{_FIRM_NOUNS})\b"
)
_FIRM_NOUN = regex.compile(rf"(?i:\b(?:{_FIRM_NOUNS})\b)")
# A legal form or an organisation word after the name (`Qinghe Unigrav Ltd.`).
_LEGAL_AFTER = rf",?[ \t]+(?:{ORG_WORDS}|{ORG_WORDS_UPPER})\b"


def firm_named(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] names a firm by the forms above (its words, a possessive's `'s`
    aside, equal to such a name or to its last words)."""
    words = regex.sub(r"['’][sS]$", "", text[start:end]).split()
    if any(a <= start and end <= b for a, b in _firm_lists(text)):
        return True  # a list of retailers or competitors names firms, even `Jane Roe`'s
    if not words or words[0].rstrip(".").lower() in us_first_names():
        return False  # a common given name: a person's, whatever the forms say
    if " ".join(words).lower() in _firm_names(text):
        return True
    first = words[0].lower()
    if first in name_lists()[0] or len(first.rstrip(".")) <= 1:
        return False  # a loan-out company is named after its person (`Jane Roe LLC`)
    name = r"[ \t]+".join(map(regex.escape, words))
    return regex.search(rf"(?<![\w@]){name}{_LEGAL_AFTER}", text) is not None


@lru_cache(maxsize=256)
def _firm_names(text: str) -> frozenset[str]:
    """The names the text's firm forms give, lower case, with every run of their last words
    (`if dravkon` gives `dravkon` too)."""
    names = set()
    for pattern in (_TRADE, _OWNS, _ITS):
        for m in pattern.finditer(text):
            words = m["name"].lower().split()
            names.update(" ".join(words[i:]) for i in range(len(words)))
    return frozenset(names)


@lru_cache(maxsize=256)
def _firm_lists(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every list a plural noun of firms names (`_FIRM_LIST`)."""
    if _FIRM_NOUN.search(text) is None:
        return ()
    return tuple(m.span("list") for m in _FIRM_LIST.finditer(text))
