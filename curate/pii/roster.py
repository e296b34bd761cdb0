"""A roster: the people a whole dataset names in structured positions, found in any record.

A company's mail names the same colleagues over and over: `ask Shirley` in one message's prose
is very often a person that another message's From/To/Cc header names in full. A roster holds
the first and last names of every person the records' structure gives (header display names
in either order, addresses whose local part spells a name, git trailers, ticket and Jira
people fields: `curate.pii.people.People.add_headers`, no NER), and finds them in any
record's text.

Found: a roster full name (`Jane Roe`, `Roe, Jane`, `JANE ROE`; `Jenny Roe` too, a nickname
of the first name: `curate/data/nicknames.txt`), anywhere but inside an
organisation's name or code; a roster first or last name alone, only where it is confidently
a name here: capitalised (`Roe`, not `roe` nor `ROE`), three letters or more, no common or
calendar word, a listed name or no English word, no word the text also uses in lower case
(`bill`, `grants`), no term the text defines (`the Distributor`), not after a place prefix
(`San`, `New`), and a dictionary proper noun (`London`, `Virginia`: a place as often as a
person) only with a person cue beside it (`ask Virginia`, `Virginia said`) or standing alone:
not after an article or a place's preposition (`the Hyatt`, `in London`) and with no
capitalised word beside it (`Morgan Stanley`, `Project Stanley`, `London, Houston`). A roster
surname that is an English word (`Wood`, `Stone`: no list takes it alone) counts where it stands
as a person stands (`curate.pii.name_neighbours.person_position`: capitalised, no capitalised
word beside it, no article or place preposition before it, opening a sentence only before what a
person does: `panel including Stone and`, `Stone is going to`) and the text writes it nowhere in
lower case. And, whatever word they also are, two roster surnames joined by a slash
(`Stone/Vesk Talking Points`) and a roster name joined by `&`, `and` or `or` to a name already
found (`Ines & Bill`), where NER reads an organisation (`curate.pii.joined_names`). Never in a
contract (redact asks none there: a contract's surname is as often its firm's).

A roster made from records keeps only names whose words may be a name's, as
`curate.pii.propagate` asks of a full name (not `Bitcoin Core`), or a given name the nickname
table knows before a word (`Hedda Stone`: a surname that is an English word), or whose display
name an address of the person spells too (`Stone, Hedda` and `hedda.stone@`: two structured
sources agree), and none with a word that is a label of the records' e-mail domains (a
company's: `Roe` of `jane@roe-energy.com`).

The roster holds names, so it is never written to logs, reports or manifests; it is sorted,
so it is the same whatever order or partitioning its records came in.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import regex

from curate.pii.corroborate import without_possessive
from curate.pii.cues import person_context
from curate.pii.detect import Span, canonical
from curate.pii.fields import Field, innermost_key, record_slots
from curate.pii.joined_names import joined_names
from curate.pii.name_neighbours import person_position
from curate.pii.names import CALENDAR, english_word, name_lists, nicknames, proper_noun
from curate.pii.people import LOCAL_NAME, People, Person
from curate.pii.propagate import LOWER_WORD, MIN_PART, PLACE_PREFIXES, confident_part, name_part
from curate.pii.terms import code_like, organisations
from curate.record import Record

SCORE = 0.8
# A name word as a roster knows it: capitalised or upper case, hyphens and apostrophes inside.
_WORD = regex.compile(r"(?<![\w@./\\'’\-])\p{Lu}[\p{L}\p{M}'’\-]*(?<!['’\-])(?![\w@])")
_GAP = regex.compile(r"[ \t]+|,[ \t]*")
_LABEL_SEPARATOR = regex.compile(r"[.\-]")
# A place name's first word before the word (`San Antonio`, `New London`).
_PLACE_PREFIX = regex.compile(rf"\b(?:{PLACE_PREFIXES})[ \t]+$")


# Where a place stands (`in London`, `from Houston`) or a name's neighbour that makes it a
# firm's or a place's (`Morgan Stanley`, `Project Stanley`, `London, Houston`).
_LOCATIVE = regex.compile(
    r"(?i:\b(?:the|in|from|to|at|near|of|via|across|around|outside|inside|into|for)[ \t]+)$")
_CAPITALISED_BEFORE = regex.compile(r"\p{Lu}[\p{L}'’&\-]*,?[ \t]+$")
_CAPITALISED_AFTER = regex.compile(r"(?:['’]s)?,?[ \t]+\p{Lu}")
# Two surnames joined by a slash (`Roe/Vesk Talking Points`).
_SLASHED = regex.compile(r"(?<![\w@./\\'’\-])(\p{Lu}\p{Ll}+)/(\p{Lu}\p{Ll}+)(?![\w@/\\])")


class Roster:
    """People as (first, last), sorted; found in text by `find`."""

    def __init__(self, people: Iterable[tuple[str, str]]) -> None:
        self.people = tuple(sorted({(f.strip(), la.strip()) for f, la in people
                                    if f.strip() and la.strip()}))
        # a full name with a nickname or formal name for the first (`Ken Roe` for Kenneth)
        nicks = nicknames()
        forms = [(n, la) for f, la in self.people for n in (f.casefold(), *nicks.get(f.casefold(), ()))]
        self._full = frozenset(canonical(f"{n} {la}") for n, la in forms)
        self._words = frozenset(w.casefold() for form in forms for w in form)
        self._alone = frozenset(w.casefold() for person in self.people for w in person)
        self._lasts = frozenset(la.casefold() for _, la in self.people)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Roster) and self.people == other.people

    def __hash__(self) -> int:
        return hash(self.people)

    @classmethod
    def of_records(cls, records: Iterable[Record], fields: list[Field],
                   allow: frozenset[str] = frozenset()) -> Roster:
        """The people `records` name in structured positions: their people fields and the
        address headers and trailers in their text (`curate.pii.people.People.add_headers`),
        with a first and a last name."""
        people: set[tuple[str, str]] = set()
        spelled: set[tuple[str, str]] = set()  # names an address of the person also spells
        domains: set[str] = set()
        for record in records:
            known = People(allow)
            slots = [s for s in record_slots(record, fields) if s.kind != "timestamp"]
            for slot in slots:
                if slot.kind == "people":
                    known.add_field(innermost_key(slot.path), slot.text, slot.owner)
                elif slot.kind == "text":
                    known.add_headers(slot.text)
            named = known.named()
            people.update(name for person in named for name in _names(person))
            spelled.update(name for person in named if (name := _spelled(person)))
            domains.update(label for person in named for email in person.emails
                           for label in _LABEL_SEPARATOR.split(email.partition("@")[2]))
        # a name that is a label of the addresses' domains is the organisation's (`Roe` of
        # `jane@roe.com`), not a person's
        return cls(name for name in people if (_confident(*name) or name in spelled)
                   and not {w.casefold() for w in name} & domains)

    @classmethod
    def read(cls, path: Path) -> Roster:
        """A roster file: one person a line, `First Last` or `Last, First` (more words: the
        first and the last are kept); blank lines and lines starting with `#` skipped."""
        people = []
        for line in path.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.count(",") == 1:
                last, _, first = line.partition(",")
                words = [*first.split(), *last.split()]
            else:
                words = line.split()
            if len(words) >= 2:
                people.append((words[0], words[-1]))
        return cls(people)

    def find(self, text: str) -> list[Span]:
        """PERSON spans of the roster's people in `text` (see the module docstring)."""
        if not self.people:
            return []
        words = [m for m in _WORD.finditer(text)
                 if without_possessive(m.group()).casefold() in self._words]
        if not words:
            return []
        orgs = organisations(text)
        lower = frozenset(LOWER_WORD.findall(text))
        out: list[Span] = []
        i = 0
        while i < len(words):
            m = words[i]
            nxt = words[i + 1] if i + 1 < len(words) else None
            if nxt is not None and _GAP.fullmatch(text, m.end(), nxt.start()) and (
                self._full_name(m.group(), without_possessive(nxt.group()), "," in text[m.end():nxt.start()])
            ):
                start, end = m.start(), nxt.start() + len(without_possessive(nxt.group()))
                i += 2
            elif self._confident_alone(text, m, lower):
                start, end = m.start(), m.start() + len(without_possessive(m.group()))
                i += 1
            else:
                i += 1
                continue
            if not code_like(text, start, end) and not any(s <= start and end <= e for s, e in orgs):
                out.append(Span(start, end, "PERSON", SCORE))
        return out

    def joined(self, text: str, found: list[Span]) -> list[Span]:
        """PERSON spans of roster names that the text joins to another name, whatever word
        they also are (NER misses them inside what it calls an organisation: a subject's
        `Roe/Vesk Talking Points`, `Ines & Bill`): two roster surnames joined by a slash, and a
        roster name joined to a PERSON already `found` (`curate.pii.joined_names`)."""
        if not self.people:
            return []
        slashed = [Span(*m.span(i), "PERSON", SCORE) for m in _SLASHED.finditer(text)
                   if m[1].casefold() in self._lasts and m[2].casefold() in self._lasts
                   for i in (1, 2)]
        return [*slashed, *joined_names(text, [*found, *slashed],
                                        lambda word: word.casefold() in self._alone)]

    def _full_name(self, one: str, two: str, comma: bool) -> bool:
        """Whether two words are a roster person's full name (`Last, First` with a comma)."""
        first, last = (two, one) if comma else (one, two)
        return canonical(f"{first} {last}") in self._full and _name_cased(f"{one} {two}")

    def _confident_alone(self, text: str, m: regex.Match[str], lower: frozenset[str]) -> bool:
        """Whether a roster first or last name alone at `m` is confidently a name here."""
        word = without_possessive(m.group())
        folded = word.casefold()
        if folded not in self._alone or not word[1:].islower():
            return False
        if _PLACE_PREFIX.search(text, 0, m.start()):
            return False
        if not confident_part(folded, text, lower):
            return self._word_surname(text, m.start(), m.start() + len(word), lower)
        if not proper_noun(word) or person_context(text, m.start(), m.start() + len(word)):
            return True
        # a proper noun that stands alone, not where a place or a firm's name would
        return not (_LOCATIVE.search(text, 0, m.start()) or _CAPITALISED_BEFORE.search(
            text, 0, m.start()) or _CAPITALISED_AFTER.match(text, m.start() + len(word)))

    def _word_surname(self, text: str, start: int, end: int, lower: frozenset[str]) -> bool:
        """Whether a roster surname that is an English word, at text[start:end], is the person
        here (see the module docstring)."""
        folded = text[start:end].casefold()
        return (folded in self._lasts and english_word(folded) and len(folded) >= MIN_PART
                and folded not in CALENDAR and folded not in lower
                and person_position(text, start, end))


def _names(person: Person) -> list[tuple[str, str]]:
    """(first, last) of a person's name and of each other name of two or three words it
    goes by (a people field's display name no list knows: `Ysolde Varkonyi`)."""
    out = [(person.first, person.last)] if person.first and person.last else []
    for name in sorted(person.names | person.field_names):
        words = name.split()
        if 2 <= len(words) <= 3:
            out.append((words[0].capitalize(), words[-1].capitalize()))
    return out


def _spelled(person: Person) -> tuple[str, str] | None:
    """(first, last) of a person whose display name one of their addresses spells as well
    (`Stone, Hedda` and `hedda.stone@...`): two structured sources agree that it is a name,
    even of English words (`Stone`, `Birch`), which `_confident` alone would refuse."""
    if not person.displayed or not person.first or not person.last:
        return None
    wanted = (person.first.casefold(), person.last.casefold())
    for email in person.emails:
        m = LOCAL_NAME.fullmatch(email.partition("@")[0])
        if m and (m["first"].casefold(), m["last"].casefold()) == wanted:
            return person.first, person.last
    return None


def _confident(first: str, last: str) -> bool:
    """Whether a structured name is confidently a person's, as `curate.pii.propagate` asks
    of a full name: each word may be part of a name, and one is listed or no English word
    (not `Bitcoin Core`, a project's name in a people field); or a given name the nickname
    table knows before a word of letters (`Hedda Stone`, `Jeff Birch`)."""
    firsts, lasts, _ = name_lists()
    words = [first.casefold(), last.casefold()]
    if words[0] in nicknames() and words[1].isalpha() and len(words[1]) >= MIN_PART:
        return True
    return all(name_part(w) for w in words) and any(
        w in firsts or w in lasts or not english_word(w) for w in words)


def _name_cased(name: str) -> bool:
    """Capitalised words or all upper case, as a name is written (not `JANE roe`)."""
    words = name.split()
    return all(w[1:].islower() for w in words) or all(w.isupper() for w in words)
