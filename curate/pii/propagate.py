"""A name found once in a record is found everywhere in it ("Jane Doe", "JANE DOE", "Jane"),
but only a name that is confidently one, and a found name takes a listed surname and a
generational suffix (`, Jr.`, `III`) that follow it.

Confident: a full name (two or more words, each a listed first name, a proper noun or no
English word, and one a listed name or no English word: not `Diego Union`), and each of its
words but a short one the text writes only in capitals (`RTO` of `Roe RTO bill`), or a lone
word that is a listed first name (a lone surname may be a place or a firm: `Houston`,
`Edison`, unless a person cue stands around one of its occurrences or one names a measure or
a draft: `talk to Roe and his staff`, `the Roe reliability draft ... the Roe language`), or
any name the record's structure gives (`known`).
Never a word the record also uses in lower case, in any regular form (`bill`, `grants`), a
term it defines or uses after an article (`the Distributor`; a cued surname excepted: `the Roe
draft`), a common word, or a lone English word that is no listed name (`Shares`, `Debug`).
An occurrence counts when it is capitalised or upper case like a name (lower case only for a
word that is no English word), whole (not part of `Don't`, `jane.doe`, `San Diego`, nor of a
country's name: `Hong Kong`), not code and not inside an organisation's name (`Stanford
University`).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import regex

from curate.pii.cues import NAMED_DRAFT, person_context
from curate.pii.detect import Span, canonical, merge
from curate.pii.names import CALENDAR, country, english_word, name_lists, proper_noun
from curate.pii.terms import INFLECTIONS, code_like, defined_term, organisations

MIN_PART = 3
_NEXT_WORD = regex.compile(r"[ \t]([\p{L}\p{M}'’\-]+)\b")
# A generational suffix after a name (`George F. Halstrom, Jr.`, `James W. Nardell III`).
_SUFFIX = regex.compile(r"(?:,?[ \t]+(?:Jr|Sr|JR|SR)\b\.?|[ \t]+(?:II|III|IV)\b)")
# Not inside a word, an address, a path or a place name (`San Diego`, `Fort Worth`).
# The first word of a place name (`San Diego`, `Fort Worth`), as a regex alternation.
PLACE_PREFIXES = r"San|Santa|Santo|São|Sao|Los|Las|St\.?|Saint|Fort|Port|Lake|Mount|New|El"
_BEFORE = rf"(?<![\w@.\\'’\-])(?<!\b(?:{PLACE_PREFIXES})[ \t])"
_AFTER = r"(?![\w@]|['’](?:t|ll|re|ve|d|m)\b|\.\w|[\\-]\w)"
# `_BEFORE` compiled once: a record's names are compiled without it (its look-behinds cost
# most of the compile) and it is tested where they match (`_occurrences`).
_BEFORE_AT = regex.compile(_BEFORE, regex.IGNORECASE)
# A surname's particles between two found parts of one name (`Van der Roe`, `Ana de la Roe`).
_PARTICLES = regex.compile(
    r"[ \t]+(?:(?:de|der|den|del|della|di|da|du|la|le|van|von|ter|ten|dos|das)[ \t]+){1,2}")
LOWER_WORD = regex.compile(r"(?<![\w@./\\])\p{Ll}[\p{Ll}'’\-]*")
_WORD_BEFORE = regex.compile(r"([\p{L}\p{M}'’\-]+)[ \t]+$")


def propagate_names(
    texts: list[str], spans: list[list[Span]], known: frozenset[str] = frozenset()
) -> list[list[Span]]:
    """Add a PERSON span for every other occurrence of a confident name or of its parts;
    `known`: canonical names the record's structure gives, propagated as they are."""
    names = {
        canonical(t[s.start : s.end])
        for t, found in zip(texts, spans, strict=True)
        for s in found
        if s.entity == "PERSON"
    }
    terms = _confident(names, "\n".join(texts)) | set(known)
    if not terms:
        return spans
    ordered = sorted(terms, key=lambda term: (-len(term), term))
    alternatives = "|".join(r"[ \t\n]+".join(map(regex.escape, term.split())) for term in ordered)
    pattern = regex.compile(rf"(?:{alternatives}){_AFTER}", regex.IGNORECASE)
    out = []
    for text, found in zip(texts, spans, strict=True):
        orgs = organisations(text)
        extra = [
            Span(m.start(), m.end(), "PERSON", 0.7)
            for m in _occurrences(pattern, text)
            if _name_shaped(m.group()) and not code_like(text, m.start(), m.end())
            and not any(s <= m.start() and m.end() <= e for s, e in orgs)
            and not _in_country(text, m.start(), m.end())
        ]
        out.append(_with_surnames(text, merge([*found, *extra]) if extra else found))
    return out


def _occurrences(pattern: regex.Pattern[str], text: str) -> Iterator[regex.Match[str]]:
    """The matches `(?:_BEFORE)pattern` finds (`finditer`): leftmost, where `_BEFORE` holds,
    on from each one's end."""
    at = 0
    while m := pattern.search(text, at):
        if _BEFORE_AT.match(text, m.start()):
            yield m
            at = m.end()
        else:
            at = m.start() + 1


def _confident(names: set[str], text: str) -> set[str]:
    """The found names, and their parts, that may be propagated (see the module docstring)."""
    first, last, _ = name_lists()
    lower_words = frozenset(LOWER_WORD.findall(text))
    out = set()
    for name in names:
        words = name.split()
        if len(words) == 1:
            cued = words[0] in last and _cued(text, words[0])  # `talk to Roe`: no term
            if (words[0] in first or cued) and confident_part(words[0], text, lower_words, cued):
                out.add(name)
            continue
        surname = words[-1] in last and (proper_noun(words[-1]) or not english_word(words[-1]))
        if all(name_part(w) for w in words[1:]) and (name_part(words[0]) or surname) and any(
            w in first or w in last or not english_word(w) for w in words
        ):  # a first name that is also a word goes before a listed surname (`Chip Pellham`)
            out.add(name)
            out.update(w for w in words
                       if confident_part(w, text, lower_words) and not _acronym(text, w))
    return out


def confident_part(word: str, text: str, lower_words: frozenset[str], cued: bool = False) -> bool:
    """Whether a name's word (case-folded) may be a name on its own in `text`: three letters
    or more, no common or calendar word, a listed name or no English word, no English word
    the text also writes in lower case in a regular form (`lower_words`: `LOWER_WORD`'s
    finds; `bill`, `grants`), and, unless `cued`, no term the text defines (`the Distributor`)."""
    first, last, common = name_lists()
    listed = word in first or word in last
    return (
        len(word) >= MIN_PART
        and word not in common
        and word not in CALENDAR
        and (listed or not english_word(word))
        and not (english_word(word) and any(word + end in lower_words for end in INFLECTIONS))
        and (cued or not defined_term(text, word.capitalize()))
    )


def _acronym(text: str, word: str) -> bool:
    """Whether the text writes `word` (five letters or fewer) only in capitals: an acronym
    that a name stood before (`the Roe RTO bill`), not a part of the name to spread."""
    if len(word) > 5:
        return False
    seen = _whole_word(word, regex.IGNORECASE).findall(text)
    return bool(seen) and all(w.isupper() for w in seen)


def _cued(text: str, word: str) -> bool:
    """Whether a capitalised occurrence of `word` has a person cue around it (`talk to Roe`,
    `Sen. Roe`, `Roe said`: `curate.pii.cues.person_context`) or names a measure or a draft
    as its sponsor (`the Roe reliability draft`: `curate.pii.cues.NAMED_DRAFT`)."""
    return any(person_context(text, m.start(), m.end()) or NAMED_DRAFT.match(text, m.end())
               for m in _whole_word(word.capitalize()).finditer(text))


@lru_cache(maxsize=4096)
def _whole_word(word: str, flags: int = 0) -> regex.Pattern[str]:
    """`word` where no word character or `@` touches it; compiled once per process, outside
    regex's cache (one per name word would push its static patterns out)."""
    return regex.compile(rf"(?<![\w@]){regex.escape(word)}(?![\w@])", flags, cache_pattern=False)


def name_part(word: str) -> bool:
    """A word that can be part of a name: an initial, a listed or proper name, or no English
    word (not `Union` in `Diego Union`, `Chronicle`)."""
    first, last, _ = name_lists()
    bare = word.strip(".'’")
    return (
        len(bare) <= 1
        or bare in first
        or (bare in last and not english_word(bare))
        or proper_noun(bare)
        or not english_word(bare)
    )


def _in_country(text: str, start: int, end: int) -> bool:
    """Whether the word before or after text[start:end] makes a country's or territory's name
    of it (`Hong` of `Hong Kong`, `Leone` of `Sierra Leone`: a place, whoever is named so)."""
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    after = _NEXT_WORD.match(text, end)
    value = text[start:end]
    return (before is not None and country(f"{before[1]} {value}")) or (
        after is not None and country(f"{value} {after[1]}"))


def _name_shaped(value: str) -> bool:
    """Capitalised or upper-case words, or lower case when none is an English word."""
    words = value.split()
    if all(w[:1].isupper() for w in words):
        return True
    return value.islower() and not any(english_word(w) for w in words)


def _with_surnames(text: str, spans: list[Span]) -> list[Span]:
    """Extend each PERSON span over a listed surname right after it, in any case
    (`kofi kowalski` when only `kofi` was found), unless that word is a common English word,
    and over a generational suffix (`, Jr.`, `III`); join two PERSON spans that only a
    surname's particles part (`Van der Roe`)."""
    _, last, common = name_lists()
    out = []
    for span in spans:
        after = _NEXT_WORD.match(text, span.end) if span.entity == "PERSON" else None
        if after:
            word = after[1]
            if (
                word.lower() in last
                and word.lower() not in common
                and (word[:1].isupper() or not english_word(word))
            ):
                span = Span(span.start, after.end(), span.entity, span.score)
        suffix = _SUFFIX.match(text, span.end) if span.entity == "PERSON" else None
        if suffix:
            span = Span(span.start, suffix.end(), span.entity, span.score)
        out.append(span)
    joined: list[Span] = []
    for span in merge(out):  # `Van der Roe`: one name across its surname's particles
        if joined and joined[-1].entity == span.entity == "PERSON" and _PARTICLES.fullmatch(
                text, joined[-1].end, span.start):
            span = Span(joined.pop().start, span.end, "PERSON", span.score)
        joined.append(span)
    return joined
