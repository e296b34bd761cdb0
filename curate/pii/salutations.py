"""Names in greetings and signatures, in any letter case: `Hi jane,`, `Thanks,\\nJANE DOE`.

The words after a greeting, or on the line after a sign-off, are a name only when every
word looks like one: in the census first-name or surname lists (any case), or capitalised,
not a common English word and not an organisation word. So `Hi support team,`,
`Hello Northwind team,` and `Cheers,\\nNorthwind Cloud Support` are left alone. One word in
lower case that no dictionary knows is a name too, after a greeting (`hi zuzeth,`) or on the
last line of a message after a sign-off (`cheers,\\nzuzeth`; the casual form of `Zuzeth`).
A listed first name after a sign-off on the same line, ending it, counts too (`Thanks,
Renata.`); a plural noun greeted is a group (`Hi Experts,`), never a name.
Initials that sign a message count too: one to three letters alone on the line after a
sign-off (`Thanks,\\nkd`) or two or three after a dash on a line of their own (`-kd`, `-- VK`,
`Thanks -- tg`) or in capitals ending the sign-off's line (`Thanks.  JRV`),
unless they spell a common word (`ok`, `me`). A name alone after a signature or notice cue at
the start of a line (`By: JANE ROE`, `APPROVED BY: Jane Roe`, `Attention: Jane Roe`) counts
when its words are capitalised (or in lower case, listed names or no dictionary words: `name:
jane q. roe`) and none is a role or organisation word (a department may
follow after a comma: `Attention: Aino Lehtonen, Legal Department`); so do the names on a
line of their own that opens a message or paragraph (`Michelle/Quinessa;`, `Kevin,`) when one
of them is a listed first name and none is a common word, and a name addressed as a message or
paragraph opens, before a request (`Dravkon, can you`, `Orrin, please`) or a dash (`Dravkon --
any news?`, `Orrin/Tavish - how?`), and one word alone signing a message on its last line
(`\n\nDravkon.`, also before a quoted or forwarded message): a listed first name or no word.
So do one or two such words greeted alone on a message's or paragraph's opening line
(`Doreena,`, `Pani Jadwigo,`), a first name addressed with a request in an aside (`(Rob- can
you`) or after a dash within a paragraph, a first name that is also a word beside a listed one on
an addressee line (`Julia/Mark`), and a subject line that is only a name (`Subject: Re:
DeVarro`: a listed name that is no word or place, or a first name and a surname-like word).
A name that a naming phrase
introduces counts in any case, up to its first common word (`my name is borna jerković but`,
`everyone calls me Csanád`, `her maiden name is Sandgreen`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import regex

from curate.pii.names import CALENDAR, english_word, name_lists, proper_noun, word_first_name
from curate.pii.terms import ORG_WORDS

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer

_NAME = r"[^\W\d_]+(?:['’-][^\W\d_]+)*"
_GREETING = regex.compile(
    rf"(?i:\b(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)))[ \t]+"
    rf"(?P<name>{_NAME}(?:[ \t]+{_NAME})?)(?=[ \t]*[,!.:\n])"
)
_SIGNATURE = regex.compile(
    r"(?i:\b(?:thanks(?: in advance| again)?|thank you|many thanks|regards|best regards|kind regards"
    r"|warm regards|best|best wishes|all the best|cheers|sincerely|yours(?: truly| sincerely)?))"
    r"[ \t]*[,.!]?[ \t]*\n[ \t]*"
    rf"(?P<name>{_NAME}(?:[ \t]+{_NAME}){{0,2}})(?=[ \t]*$)",
    regex.MULTILINE,
)
# A sign-off and the name on one line, ending it: `Thanks, Renata.`, `Best, Jane Roe`.
_SIGNED_LINE = regex.compile(
    r"(?i:\b(?:thanks(?: in advance| again)?|thank you|many thanks|regards|best regards"
    r"|kind regards|cheers|best))[ \t]*,[ \t]*"
    rf"(?P<name>\p{{Lu}}{_NAME}(?:[ \t]+\p{{Lu}}{_NAME})?)(?=[ \t]*[.!]?[ \t]*$)",
    regex.MULTILINE,
)
# What may follow a signature's lower-case name: the end of the message or a blank line.
_CLOSES = regex.compile(r"[ \t]*(?:\n[ \t]*\n|\n?[ \t]*\Z)")
_INITIALS = r"\p{L}\.?(?:[ \t]?\p{L}\.?){0,2}"
_SIGNED_INITIALS = regex.compile(
    r"(?i:\b(?:thanks|thank you|thx|many thanks|regards|best regards|kind regards|warm regards"
    r"|best|cheers|sincerely|yours(?: truly| sincerely)?))[ \t]*[,.!]?[ \t]*\n[ \t>]*"
    rf"(?P<name>{_INITIALS})(?=[ \t]*$)"
    rf"|^[ \t>]*(?:--?|~)[ \t]?(?P<name>\p{{L}}\.?(?:[ \t]?\p{{L}}\.?){{1,2}})(?=[ \t]*$)"
    r"|(?i:\b(?:thanks|thx|regards|best|cheers))[ \t]*[,.!]?[ \t]*(?:--?|~)[ \t]*"
    rf"(?P<name>\p{{L}}\.?(?:[ \t]?\p{{L}}\.?){{1,2}})(?=[ \t]*$)"
    r"|(?i:\b(?:thanks|thank you|thx|regards|best|cheers))[ \t]*[,.!][ \t]+(?P<name>\p{Lu}{2,3})"
    r"(?=[ \t]*$)",
    regex.MULTILINE,
)
# A line that only addresses people, after a blank line or at the start: `Michelle/Quinessa;`,
# `Kevin,`, `Jane and Omar:`.
_ADDRESSEES = regex.compile(
    rf"(?:\A|\n[ \t]*\n)[ \t>]*(?P<name>{_NAME}(?:(?:[ \t]*[/&,][ \t]*|[ \t]+and[ \t]+){_NAME})"
    r"{0,3})[ \t]*[,;:]?[ \t]*(?=\n)"
)
# A name addressed as a message or paragraph opens, before a request or a statement (`Vasko,
# can you`, `Dravkon, I shall`, `Orrin, please`).
_VOCATIVE = regex.compile(
    r"(?:\A|\n[ \t]*\n)[ \t>]*(?P<name>\p{Lu}[^\W\d_]+),[ \t]+"
    r"(?=(?i:can|could|would|will|please|pls|i|we|thanks|thank)\b)"
)
# Names addressed by a dash as a message or paragraph opens (`Dravkon -- any news?`,
# `Orrin/Tavish - how does it work?`).
_DASHED = regex.compile(
    rf"(?:\A|\n[ \t]*\n)[ \t>]*(?P<name>{_NAME}(?:[ \t]*/[ \t]*{_NAME}){{0,3}})[ \t]+(?:--?|–|—)[ \t]+\S"
)
# A message signed by one word on its last line, or on the last line before a quoted or
# forwarded message (`...\n\nDravkon.`, `Dravkon\n\n-----Original Message-----`).
_LAST_LINE = regex.compile(
    r"\n[ \t]*\n[ \t>]*(?P<name>\p{Lu}[\p{Ll}\p{M}]+)[ \t]*[.!]?[ \t]*"
    r"(?=\s*\Z|\n[ \t]*\n[ \t>]*(?:-{2,}|_{3,}|>|(?i:from|to|on)\b))"
)
# One or two words alone on a message's or paragraph's opening line, closed by a comma: the
# person greeted (`Doreena,`, `Pani Jadwigo,`: an honorific of another language and its name).
_GREETED_LINE = regex.compile(
    rf"(?:\A|\n[ \t]*\n)[ \t>]*(?P<name>\p{{Lu}}{_NAME}(?:[ \t]+\p{{Lu}}{_NAME})?)[ \t]*,[ \t]*(?=\n)"
)
# A first name addressed with a request in an aside or, by a dash, inside a paragraph:
# `(Rob- can you ...)`, `(Dravkon, could you ...)`, `... today.  Mark -- could you ...`.
_ASIDE = regex.compile(
    r"(?:(?<=\()(?P<name>\p{Lu}[\p{Ll}\p{M}]+)[ \t]*(?:--?|–|—|,)"
    r"|(?<=[.!?;][ \t]+)(?P<name>\p{Lu}[\p{Ll}\p{M}]+)[ \t]*(?:--?|–|—))"
    r"[ \t]*(?=(?i:can|could|would|will|please|pls)\b)"
)
# A subject line that is only a name (`Subject: Re: DeVarro`, `Subject: Andre Roe`).
_SUBJECT_NAME = regex.compile(
    r"^[ \t>]*(?i:subject)[ \t]*:[ \t]*(?:(?i:re|fw|fwd)[ \t]*:[ \t]*)*"
    r"(?P<name>\p{Lu}[\p{L}\p{M}'’]+(?:[ \t]+\p{Lu}[\p{L}\p{M}'’]+)?)[ \t]*$",
    regex.MULTILINE,
)
# A signature or notice line: `By: JANE ROE`, `APPROVED BY: Jane Roe`, `Attention: Jane Roe`;
# without a colon, a column gap after the label makes it a table's header (`Name   Share`).
_SIGNED_BY = regex.compile(
    r"^[ \t>]*(?i:(?:approved |signed |prepared |reviewed )?by|name|attention|attn\.?)"
    rf"(?:[ \t]*:[ \t]*|[ \t]{{0,2}})(?:/s/[ \t]*)?(?P<name>{_NAME}(?:[ \t]+(?:\p{{L}}\.|{_NAME})){{1,3}})"
    r"(?=[ \t]*(?:$|,))",
    regex.MULTILINE,
)
# An endorser's or artist's name after `f/s/o` ("for the services of") in a contract's parties,
# anywhere on its line: `Roe Sports, Inc. f/s/o JANE ROE ("Athlete")`.
_SERVICES_OF = regex.compile(
    rf"(?i:\bf/s/o)[ \t]+(?P<name>{_NAME}(?:[ \t]+(?:\p{{L}}\.|{_NAME})){{1,3}})"
    r"(?=[ \t]*(?:$|[,;(]))",
    regex.MULTILINE,
)
# A name that a phrase introduces: `my name is borna jerković`, `everyone calls me Csanád`,
# `Her maiden name is Sandgreen`, `What's your last name? Nielsen`.
_NAMED = regex.compile(
    r"(?i:\b(?:my (?:first |last |full |maiden )?name is|maiden name is|(?:people |everyone |they )"
    r"?calls? me|last name\??|first name\??|surname is)[ \t]+)"
    rf"(?P<name>{_NAME}(?:[ \t]+(?:\p{{L}}\.|{_NAME})){{0,2}})"
)
# Words that open a noun phrase: a line `BY THIS AGREEMENT,` goes on a sentence, it signs nothing.
_DETERMINERS = frozenset({"this", "that", "these", "those", "such", "any", "each", "every", "all",
                          "said", "our", "your", "their", "its", "his", "her", "some", "no", "a"})
# Words of a role, an office or a department, not of a name, in a signature or notice block
# (`By: Authorized Officer`, `Attn: Accounts Payable`, `Attention: Corporate Development`);
# none is a listed first name or surname.
ROLE_WORDS = frozenset(
    {
        "authorized", "authorised", "signatory", "officer", "president", "vice", "chief",
        "executive", "director", "manager", "secretary", "treasurer", "counsel", "general",
        "legal", "department", "title", "name", "its", "board", "member", "partner",
        "representative", "agent", "trustee", "chairman", "managing", "senior", "head", "of",
        "the", "and", "for", "ceo", "cfo", "coo", "cto", "office", "operations", "finance",
        "contracts", "administrator", "human", "resources", "sales", "marketing", "purchasing",
        "accounts", "payable", "receivable", "billing", "accounting", "treasury", "tax",
        "payroll", "procurement", "compliance", "licensing", "notices", "business", "affairs",
        "corporate", "development", "administration", "customer", "service", "relations",
        "investor", "communications", "engineering", "management", "credit", "collections",
        "facilities", "supply", "quality", "regulatory", "product", "programs", "partnerships",
        "alliances", "strategic", "controller", "comptroller", "accountant", "attorney",
        "paralegal", "clerk", "notary", "public", "witness", "principal", "owner", "founder",
        "coordinator", "specialist", "supervisor", "analyst", "engineer", "consultant",
        "advisor", "adviser", "buyer", "associate", "assistant", "acting", "interim",
        "regional", "division",
    }
)
_SIGNOFF_ABBREVIATIONS = frozenset({"TIA", "THX", "TYIA"})
_NOT_INITIALS = frozenset({"ok", "hi", "thx", "ty", "pls", "fyi", "yes", "asap", "eom", "nb", "ps"})
_ORG_WORD = regex.compile(rf"(?i:{ORG_WORDS})")
NOT_NAMES = frozenset(
    {
        "team", "all", "everyone", "there", "again", "so", "folks", "guys", "both", "you", "sir",
        "madam", "in", "and", "for", "much", "a", "the", "advance",
    }
)
SCORE = 0.75


def looks_like_name(words: list[str]) -> bool:
    """Every word a listed name, or capitalised and neither common nor an organisation word."""
    first, last, common = name_lists()
    for word in words:
        lower = word.lower()
        if lower in NOT_NAMES or _ORG_WORD.fullmatch(word):
            return False
        if lower in first or lower in last:
            continue
        if not word[0].isupper() or lower in common or _plural_noun(lower):
            return False
    return True


def _plural_noun(lower: str) -> bool:
    """An English plural (`experts`, `maintainers`) or a role's plural that no dictionary
    holds (`devs`, `admins`: `curate.pii.structure.GENERIC_USERS`): a greeting to a group,
    not to a person."""
    from curate.pii.structure import GENERIC_USERS

    if not lower.endswith("s") or lower.endswith("ss"):
        return False
    return (english_word(lower) and english_word(lower[:-1])) or lower[:-1] in GENERIC_USERS


def find_salutation_names(text: str) -> list[tuple[int, int, float]]:
    """(start, end, SCORE) of the names and initials in greetings and signatures of `text`
    (Windows line ends read as plain ones: a `\r` counts as a space, offsets unchanged); not
    a sign-off's own abbreviation in capitals (`TIA`: thanks in advance; `Tia` may sign)."""
    return [f for f in (*kept_letter_names(text), *_message_names(text.replace("\r", " ")))
            if text[f[0] : f[1]] not in _SIGNOFF_ABBREVIATIONS]


@lru_cache(maxsize=4096)
def kept_salutation_names(text: str) -> tuple[tuple[int, int, float], ...]:
    """`find_salutation_names`, kept per text until `kept_salutation_names.cache_clear()`:
    the greeting recognizer, the NER names' corroboration and the genre rules read it of one
    text (redact clears it after each batch)."""
    return tuple(find_salutation_names(text))


@lru_cache(maxsize=4096)
def kept_letter_names(text: str) -> tuple[tuple[int, int, float], ...]:
    """`letter_names`, kept per text as `kept_salutation_names` is (a contract's greetings)."""
    return tuple(letter_names(text))


def letter_names(text: str) -> list[tuple[int, int, float]]:
    """The names of `find_salutation_names` that a letter or a signature block gives: a
    greeting word's, a sign-off's, a signature or notice cue's (`By:`, `Attention:`), `f/s/o`,
    a naming phrase. A contract has only these: the line that opens a message or paragraph
    there is a party list's or a heading's (`Zorvex,\nAcme Bank`), not the person greeted."""
    text = text.replace("\r", " ")
    names = [
        (*m.span("name"), SCORE)
        for pattern in (_GREETING, _SIGNATURE)
        for m in pattern.finditer(text)
        if looks_like_name(m["name"].split())
        or (_lower_name(m["name"]) and (pattern is _GREETING or _CLOSES.match(text, m.end())))
    ]
    return names + [
        (*m.span("name"), SCORE)
        for m in _SIGNED_LINE.finditer(text)
        if m["name"].split()[0].lower() in name_lists()[0] and looks_like_name(m["name"].split())
    ] + [
        (*m.span("name"), SCORE)
        for m in _SIGNED_INITIALS.finditer(text)
        if _initials(m["name"])
    ] + [
        (*m.span("name"), SCORE)
        for pattern in (_SIGNED_BY, _SERVICES_OF)
        for m in pattern.finditer(text)
        if _signed_name(m["name"].split())
    ] + [
        (m.start("name"), m.start("name") + len(name), SCORE)
        for m in _NAMED.finditer(text)
        if (name := _named(m["name"]))
    ]


def _message_names(text: str) -> list[tuple[int, int, float]]:
    """The names of `find_salutation_names` that only a message's shape gives: addressed as it
    or a paragraph opens, signing its last line, a subject line, an aside."""
    return [
        (*m.span("name"), SCORE)
        for pattern in (_VOCATIVE, _LAST_LINE)
        for m in pattern.finditer(text)
        if _addressed(m["name"])
    ] + [
        (*m.span("name"), SCORE)
        for m in _SUBJECT_NAME.finditer(text)
        if _subject_name(m["name"].split())
    ] + [
        (*m.span("name"), SCORE)
        for m in _GREETED_LINE.finditer(text)
        if all(_addressed(w) for w in m["name"].split())
    ] + [
        (*m.span("name"), SCORE)
        for m in _ASIDE.finditer(text)
        if _addressed(m["name"]) or word_first_name(m["name"])
    ] + [
        (m.start("name") + w.start(), m.start("name") + w.end(), SCORE)
        for m in _DASHED.finditer(text)
        if all(_addressed(w) for w in regex.findall(_NAME, m["name"]))
        for w in regex.finditer(_NAME, m["name"])
    ] + [
        (m.start("name") + w.start(), m.start("name") + w.end(), SCORE)
        for m in _ADDRESSEES.finditer(text)
        if _addressees(regex.findall(_NAME, m["name"]))
        for w in regex.finditer(_NAME, m["name"])
        if w.group() != "and"
    ]


def _lower_name(value: str) -> bool:
    """One lower-case word that no dictionary or list of common words knows (`zuzeth`; not
    `team`, `all`, `everyone`): written in lower case as casual greetings and sign-offs do."""
    return (value.islower() and " " not in value and 2 <= len(value) <= 20
            and value not in NOT_NAMES and value not in name_lists()[2]
            and value not in CALENDAR and not english_word(value) and not _ORG_WORD.fullmatch(value)
            and not _plural_noun(value))


def _addressed(word: str) -> bool:
    """A word addressed as a person (`_VOCATIVE`): a listed first name, or capitalised and no
    word, place, month or organisation word (`Dravkon`; not `Also`, `Texas`, `Unfortunately`)."""
    first, _, common = name_lists()
    lower = word.lower()
    if lower in common or lower in CALENDAR or lower in NOT_NAMES or _ORG_WORD.fullmatch(word):
        return False
    if (proper_noun(word) and lower not in first) or (
            lower.endswith("ly") and english_word(lower[:-2])):
        return False  # a place (`Texas, we ...`), an adverb (`Unfortunately, we ...`)
    return lower in first or not english_word(word)


def _addressees(words: list[str]) -> bool:
    """Names addressed on a line of their own: capitalised, no common or organisation word,
    and a listed first name among them (`Michelle/Quinessa`; not `Summary:`, `Acme Team,`)."""
    first, _, common = name_lists()
    return any(w.lower() in first for w in words) and all(
        w[0].isupper() and (w.lower() not in common or word_first_name(w)) and w.lower() not in NOT_NAMES
        and not _ORG_WORD.fullmatch(w)
        for w in words
        if w != "and"
    )


def _subject_name(words: list[str]) -> bool:
    """A subject that is a person's name: one listed name that is no word or place
    (`DeVarro`), or a listed first name and a surname-like word (`Andre LeBreton`)."""
    first, last, common = name_lists()
    lower = [w.lower() for w in words]
    if any(w in common or w in CALENDAR or _ORG_WORD.fullmatch(w) for w in lower):
        return False
    if len(words) == 1:
        return (lower[0] in first or lower[0] in last) and not (
            english_word(words[0]) or proper_noun(words[0]))
    return lower[0] in first and not english_word(words[1]) and not proper_noun(words[1])


def _named(value: str) -> str:
    """The name at the start of `value` that a naming phrase introduced: its words up to the
    first common English or organisation word, in any case (`borna jerković` of `borna
    jerković but`; nothing of `not important`)."""
    common = name_lists()[2]
    kept: list[str] = []
    for word in value.split():
        lower = word.lower().strip(".")
        if lower in common or lower in CALENDAR or lower in NOT_NAMES or _ORG_WORD.fullmatch(word):
            break
        kept.append(word)
    return value[: value.find(kept[-1]) + len(kept[-1])] if kept else ""


def _signed_name(words: list[str]) -> bool:
    """A name on a signature line: capitalised or upper-case words, no role or organisation
    word (`By: SKIP HARROW`; not `By: Authorized Officer`, `Attention: Acme Legal`); or, typed
    in lower case, each word a listed name, an initial or no dictionary word (`name: jane q.
    roe`; not `by: the parties`)."""
    if any(w.lower().strip(".") in ROLE_WORDS | _DETERMINERS or _ORG_WORD.fullmatch(w)
           for w in words):
        return False
    if all(w[0].isupper() for w in words):
        return True
    first, last, common = name_lists()
    return all(w.islower() or len(w.strip(".")) == 1 for w in words) and all(
        len(w.strip(".")) == 1 or w in first or w in last
        or (w not in common and not english_word(w))
        for w in words
    ) and any(len(w.strip(".")) > 1 for w in words)


def _initials(value: str) -> bool:
    from spacy.lang.en.stop_words import STOP_WORDS

    letters = "".join(ch for ch in value.lower() if ch.isalpha())
    return letters not in STOP_WORDS and letters not in _NOT_INITIALS


def salutation_recognizer() -> EntityRecognizer:
    """A presidio recognizer reporting `find_salutation_names` as PERSON."""
    from curate.pii.finder import finder_recognizer

    return finder_recognizer(
        "PERSON", "GreetingNameRecognizer", lambda text, _: list(kept_salutation_names(text))
    )
