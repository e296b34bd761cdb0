"""A person a contract names by a bare word, known from forms only a person takes.

An endorsement or services contract names its person by a lone surname or initials (`Dravkon`,
`QV`), often beside a company named after them (`Dravkon Media`, `QV, Inc.`), and no name list
or model ties the word to a person. Two forms do, within one text:
- the word owns what only a person has: `QV's likeness`, `Dravkon's death`, `X's name and
  likeness`, `X's hair and make-up` (a listed surname that is also a word only what a
  person's own body or life has: `Carver's likeness`, not `Client's personal data`);
- the word goes with a personal pronoun's belongings: `Dravkon and his immediate family`,
  `QV or her heirs`;
- the word stands as a party beside the company named after it: `Dravkon Media and Dravkon
  as`, `QV, Inc. or QV,`, `neither Dravkon Media nor Dravkon shall` (a party: punctuation, a
  verb or a preposition follows it; not `Acme Apparel and Acme hats`, a brand).
Then every occurrence of the word in that text is the person, except where a company's or
brand's name goes on (`Dravkon Media`, `QV, Inc.`, `QV Optics`). A company's own possessions
(`Acme's name`, `Acme's logo`) are no such form, and a word of the dictionary or a party's
role (`Company's likeness`, `Licensor's image`) is never taken.

A party's whole name is a person's where the contract defines it by a role only a person
holds: `Aino Vesk (the "Consultant")`, `JANE ROE ("Executive")`, `Jane Roe, ("Individual")`,
the term maybe on the next line. The name is two to four capitalised words, none an
organisation word (`Worldwide Strategies ("Consultant")` is a firm, and
so is `Vesk Consulting, LLC ("Consultant")`); a listed first name or a word no dictionary knows
is among them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from curate.pii.names import english_word, name_lists
from curate.pii.terms import ORG_WORDS, role_noun

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer

# Above the NER model's 0.85: presidio keeps one result per span, the higher scored, and the
# form (not the guess) must decide.
SCORE = 0.9
_WORD = r"\p{Lu}[\p{Ll}\p{M}]+|\p{Lu}{2,3}"
_GAP = r"[ \t\n]+"
# What only a person has (after `X's`, maybe `name and` / `name or` / `name,` first).
_PERSONAL = (
    r"likeness|image|voice|signature|autograph|photograph|portrait|biography|persona|child"
    r"|children|family|spouse|wife|husband|hair|make-up|makeup|wardrobe|death|disability"
    r"|illness|health|entourage|services as|personal"
)
_OWNS = regex.compile(
    rf"(?<![\w@])(?P<word>{_WORD})['’]s{_GAP}(?:name,?{_GAP}(?:and|or|and/or){_GAP})?"
    rf"(?P<what>(?i:{_PERSONAL}))\b"
)
# What only a person's own body or life has: a listed surname that is also a word (`Carver`,
# `Weaver`) is a person only before one of these (`Carver's likeness`; not `Client's personal
# data` or `Brand's image`, a listed surname too).
_BODILY = frozenset(
    {"likeness", "autograph", "biography", "death", "spouse", "wife", "husband", "disability",
     "illness"}
)
# The word beside a personal pronoun's belongings, as only a person is: `Dravkon and his
# immediate family`, `QV or her heirs` (a company is `its`).
_HIS = regex.compile(rf"(?<![\w@])(?P<word>{_WORD}),?{_GAP}(?:and|or){_GAP}(?:his|her)\b")
# The company named after the word, then the word alone as a party. A word that is no
# organisation word goes on the company's name only on its line: on the next line it is
# another party of a list (`Zorvex\nAcme and Zorvex`).
_COMPANY = rf"(?:,?{_GAP}(?:{ORG_WORDS})\b\.?|[ \t]+(?P<tail>\p{{Lu}}[\p{{Ll}}\p{{M}}]+))"
_BESIDE = regex.compile(
    rf"(?<![\w@])(?P<word>{_WORD}){_COMPANY}['’]?s?,?{_GAP}(?:and|or|nor){_GAP}(?P=word)"
    r"(?=[ \t\n]*(?:[,;.:)(]|$|(?:as|to|has|have|had|shall|will|would|may|must|agrees?|is|was"
    r"|are|under|on|in|for|with|at|and|or|if|who|which|whose|hereby|each)\b))"
)


# A role only a person holds, defined as a party's term right after the party's name.
_PERSON_ROLES = (
    r"Executive|Employee|Individual|Consultant|Advisor|Adviser|Athlete|Talent|Artist|Endorser"
    r"|Personality|Celebrity|Spokesperson|Player|Author|Inventor|Physician|Founder"
)
_NAME_WORD = r"\p{Lu}[\p{L}\p{M}'’\-]*\.?"
_ROLE_DEFINED = regex.compile(
    rf"(?<![\w@&])(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,3}})[ \t]*,?[ \t]*\n?[ \t]*\(?"
    rf"[ \t]*(?i:(?:hereinafter[ \t]+)?(?:the[ \t]+)?)[\"“](?i:{_PERSON_ROLES})[\"”]"
)
_ORG_WORD = regex.compile(rf"(?i:{ORG_WORDS})\.?")


def contract_people(text: str) -> list[tuple[int, int, float]]:
    """(start, end, SCORE) of every occurrence of a word `text` shows to be a person, and of
    every party's name defined by a person's role (above)."""
    words: dict[str, set[str]] = {}
    for pattern in (_OWNS, _HIS, _BESIDE):
        for m in pattern.finditer(text):
            word = m["word"]
            if not word.isupper() and (english_word(word) or role_noun(word)) and not (
                pattern is _OWNS and _surname_owner(word, m["what"])
            ):
                continue
            tails = words.setdefault(word, set())
            if pattern is _BESIDE and m["tail"]:
                tails.add(m["tail"])
    found = []
    for word, tails in words.items():
        company = rf",?{_GAP}(?:{ORG_WORDS})\b|[.,]?{_GAP}(?:{ORG_WORDS})\b\.?"
        if tails:
            company += rf"|{_GAP}(?:{'|'.join(map(regex.escape, sorted(tails)))})\b"
        # a capitalised word after it on its line goes on a company's or a brand's name
        company += r"|[ \t]+\p{Lu}"
        occurrence = regex.compile(rf"(?<![\w@]){regex.escape(word)}(?![\w@])(?!{company})")
        found += [(m.start(), m.end(), SCORE) for m in occurrence.finditer(text)]
    return found + [(*m.span("name"), SCORE) for m in _ROLE_DEFINED.finditer(text)
                    if _person_shaped(m["name"].split())]


def _person_shaped(words: list[str]) -> bool:
    """A party's name that may be a person's: no organisation word, and a listed first name or
    a word no dictionary knows among its words."""
    first = name_lists()[0]
    return not any(_ORG_WORD.fullmatch(w) for w in words) and any(
        w.rstrip(".").lower() in first or not english_word(w.rstrip(".")) for w in words)


def _surname_owner(word: str, what: str) -> bool:
    """A word of the dictionary owning what only a person's body or life has, that is a
    listed surname and no common word or role (`Carver's likeness`)."""
    _, last, common = name_lists()
    lower = word.lower()
    return what.lower() in _BODILY and lower in last and lower not in common and not role_noun(word)


def contract_person_recognizer() -> EntityRecognizer:
    """A presidio recognizer reporting `contract_people` as PERSON."""
    from curate.pii.finder import finder_recognizer

    return finder_recognizer("PERSON", "ContractPersonRecognizer", lambda text, _: contract_people(text))
