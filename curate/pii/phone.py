"""Phone numbers: presidio's libphonenumber check on candidate runs only, plus formats it misses.

Presidio's `PhoneRecognizer` runs libphonenumber's matcher over the whole text once
per region (8 passes that parse every digit group: dates, amounts, ids) and was a third
of detection time. Here a cheap regex first picks runs of at least `MIN_DIGITS` digits
with phone punctuation, and the matcher only sees those runs (same regions, leniency,
score and context words). Two general patterns add what libphonenumber rejects:
numbers in international form (`+41 (0)96 471 07 95`, `+447700 921 916`,
`+1-903-140-4508x769`, `+44 7700 900123`) and local digit groups right after a phone cue (`Phone: 780 6326`,
`call me on 450 0840`) or right before a line label (`28-64-66-98 office`), and phone-shaped
lines of a signature block (`Thanks,\nJane\n520-109-8326`: a line that holds only digit groups,
with a sign-off on one of the SIGNOFF_LINES lines before it) or of a list of contacts (a line
that ends in the number after a person's name, or holds only it under a line that holds only
the name: `Jane Roe 5550143876`, `Jane Roe\n555-0100`; the name's first word a listed first
name).

Unicode dashes and spaces count as their ASCII forms (`(415) 555‑0132` with a non-breaking
hyphen, an en dash, a no-break space), and no finding is a date or time (`2019-10-08 08:07:27`,
`10/08/2019`), a dotted version (`1.2023.807004`), an IPv4 address or netmask
(`255.255.255.0`), a number after `patent` / `section`, or digits glued by a dash to a month
(a table's `86919986 25-Feb-16`: a number and a date's day; not `788-063-Office`), or a
conference bridge's dial-in number (`Conference Call, 800-555-0100`: `dial_in`).
libphonenumber does not see runs of bare digits (`1712935578`, ids and timestamps): those count
only after a phone cue.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer, RecognizerResult
    from presidio_analyzer.nlp_engine import NlpArtifacts

MIN_DIGITS = 7
_EXT = r"(?:[ \t]*(?:x|ext\.?|extension)[ \t]*\d{1,6})?"
_CANDIDATE = regex.compile(r"[+(]?\d[\d \t().\-/]{5,}\d" + _EXT, regex.IGNORECASE)
_GROUPS = r"(?:\(\d{1,4}\)[ .\-]?)?\d{2,5}(?:[ .\-]\d{2,5}){1,5}"
_INTERNATIONAL = regex.compile(
    rf"(?<![\w+])\+\d{{1,3}}(?:[ .\-]?\(0\))?[ .\-]?(?:{_GROUPS}|\d{{2,5}}[ .\-]\d{{6}}|\d{{7,12}})"
    rf"{_EXT}(?!\w)",
    regex.IGNORECASE,
)
_LOCAL = regex.compile(rf"(?<![\w+\-])(?:{_GROUPS}|\d{{7,12}}){_EXT}(?![\w\-]*\d)", regex.IGNORECASE)
_CUE_BEFORE = regex.compile(
    r"\b(?:phone|tel|telephone|call|called|calling|mobile|cell|cellphone|fax|desk|landline"
    r"|whatsapp|sms|text me|reach me|answering|my number|number is)\b[^\n\d]{0,24}\n?[ \t>]*$",
    regex.IGNORECASE,
)
_CUE_AFTER = regex.compile(r"[ \t]*-?[ \t]*(?:office|fax|mobile|cell|home|work)\b", regex.IGNORECASE)
_LINE_LABEL = r"(?:(?:tel|phone|ph|cell|mobile|mob|office|work|home|fax|direct|[a-z])\.?[ \t]*:?[ \t]*)"
_PHONE_LINE = regex.compile(
    rf"^[ \t>]*{_LINE_LABEL}?(?P<number>\+?(?:{_GROUPS}|\d{{7,12}}){_EXT})"
    rf"[ \t]*(?:\(?[a-z]{{1,6}}\)?)?[ \t]*$",
    regex.IGNORECASE | regex.MULTILINE,
)
_SIGNOFF = regex.compile(
    r"^[ \t>]*(?:thanks|thank you|many thanks|regards|best regards|kind regards|best|cheers"
    r"|sincerely|yours(?: truly| sincerely)?|--+|__+|-[ \t]*\p{L})\b",
    regex.IGNORECASE | regex.MULTILINE,
)
SIGNOFF_LINES = 6
# A person's name, a listed first name first (`_first_name`), alone on a line or opening the
# line of a phone number with at most a dash, colon or comma between (`Jane Roe 5550143876`,
# `Jane Q. Roe -- 555-0100`): a list of contacts.
_NAME = r"(?P<first>\p{Lu}\p{Ll}+)(?:[ \t]+\p{Lu}\.?)?[ \t]+\p{Lu}[\p{Ll}\p{M}'’\-]+"
_NAME_ONLY = regex.compile(rf"[ \t>]*{_NAME}[ \t]*")
_NAME_THEN = regex.compile(rf"[ \t>]*{_NAME}[ \t]*(?:--?|:|,)?[ \t]*")
_BEFORE_LINE_END = regex.compile(r"[ \t]*(?:\n|\Z)")
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u2009\u202f\u2002\u2003"), " ")
_MONTH_DAY = r"(?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])"
_DAY_MONTH = r"(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|[12]\d|3[01])"
_DATE_TIME = regex.compile(
    rf"(?<![\d\-/.])(?:(?:19|20)\d{{2}}[-/.]{_MONTH_DAY}|{_DAY_MONTH}[-/.](?:19|20)?\d{{2}})"
    r"(?!\d|[-/.]\d)|(?<!\d)\d{1,2}:\d{2}(?!\d)"
)
_VERSION = regex.compile(r"(?<![\d.])\d{1,2}\.\d{4}\.\d+|\d\.\d+\.\d{6,}")
# Four dot-separated parts of one to three digits: an IPv4 address or netmask, no phone.
_DOTTED_QUAD = regex.compile(r"(?<!\d|\d\.)(?:\d{1,3}\.){3}\d{1,3}(?!\d|\.\d)")
# A month glued by a dash to the digits (`25-Feb-16`, `7-Oct-13`): a date's day or year.
_MONTHS = r"(?i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
_GLUED_AFTER = regex.compile(rf"-{_MONTHS}\b")
_GLUED_BEFORE = regex.compile(rf"\b{_MONTHS}-$")
# Four or more dotted parts not all of two digits (`114.0.1823.67`, `1.2.840.113549`): a
# version or an OID; a phone written so has parts of two digits (`01.23.45.67.89`).
_DOTTED_RUN = regex.compile(r"(?<![\d.])\d+(?:\.\d+){3,}(?![\d.])")
# A sign glued before the digits (`= -2147024891`, `(-215`): a signed number.
_SIGNED = regex.compile(r"(?:^|[\s(\[=:,])-$")
_NOT_PHONE_CUE = regex.compile(
    r"(?i:\b(?:patents?|pat\.|section|sections|§|clause|article)(?:[ \t]+(?:no|nos|number|numbers)\.?)?"
    r"[ \t#:]*)$"
)


def ascii_punctuation(text: str) -> str:
    """`text` with unicode dashes and spaces as `-` and ` ` (same length: offsets hold)."""
    return text.translate(_DASHES).translate(_SPACES)


def _digits(value: str) -> int:
    return sum(ch.isdigit() for ch in value)


def not_a_phone(text: str, start: int, end: int) -> bool:
    """Whether the digits at text[start:end] are a date or time, part of a dotted version
    (`1.2023.807004`, `1.81.2023081609`, `114.0.1823.67`), a dotted quad (`255.255.255.0`), a
    signed number (`(-2147024891)`), a patent / section number, or glued by a dash to a month
    (`12-Feb`)."""
    if _VERSION.search(text, max(0, start - 2), end + 2) or _GLUED_AFTER.match(text, end):
        return True
    if any(m.start() < end and start < m.end()
           for m in _DOTTED_QUAD.finditer(text, max(0, start - 4), end + 4)):
        return True
    if _GLUED_BEFORE.search(text, max(0, start - 8), start) or _SIGNED.search(
        text, max(0, start - 2), start
    ) or text.startswith(("-", "(-"), start):
        return True
    if any(m.start() <= start and end <= m.end() and any(len(p) != 2 for p in m.group().split("."))
           for m in _DOTTED_RUN.finditer(text, max(0, start - 24), end + 24)):
        return True
    around = text[max(0, start - 3) : end + 3]
    return any(
        m.start() < end - start + 3 and m.end() > 3 for m in _DATE_TIME.finditer(around)
    ) or _NOT_PHONE_CUE.search(text, max(0, start - 24), start) is not None or dial_in(
        text, start, end)


# A conference bridge's words: its call, dial-in and pin or pass codes.
_CONFERENCE = regex.compile(
    r"(?i:\bconf(?:erence)?\.?[ \t]*call|\bdial[ \t\-]?in\b|\bcall-in\b|\bbridge[ \t]+(?:line"
    r"|number)|\bpin[ \t]*(?:code|#|number)|\bpass[ \t]*code|\b(?:participant|host)[ \t]+code)"
)
_NAME_WORD = regex.compile(r"\b\p{Lu}[\p{Ll}\p{M}]+")


def dial_in(text: str, start: int, end: int) -> bool:
    """Whether the number at text[start:end] is a conference bridge's, no person's: a
    conference word before it on its line or after it (`Conference Call, 800-555-0100`, `Call
    800-555-0100, pin code #1234`), or on one of the two lines above with no capitalised word
    but a month or weekday between (`Subject: Task Force Conference Call\n\nto discuss June 3
    meeting.  202-555-0100`; not `Conference Call\n\nJane Roe  555-0100`)."""
    from curate.pii.names import CALENDAR

    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if _CONFERENCE.search(text, line_start, start) or _CONFERENCE.search(
            text, end, min(end + 40, len(text) if line_end < 0 else line_end)):
        return True
    above = line_start
    for _ in range(3):  # the two lines above and the blank one between
        above = text.rfind("\n", 0, max(0, above - 1)) + 1
    cues = list(_CONFERENCE.finditer(text, above, line_start))
    return bool(cues) and all(w.group().lower() in CALENDAR
                              for w in _NAME_WORD.finditer(text, cues[-1].end(), start))


# Software text (tickets) writes numbers of every kind; a phone there is named as one
# (`phone:`, `call me on`, `WhatsApp`; not a bare `call`, as in `call returned 1234567`) ...
_PHONE_WORD = regex.compile(
    r"(?i:\b(?:phone|tel|telephone|mobile|cell|cellphone|fax|landline|whatsapp|sms|text me"
    r"|reach me|call me|call us|my number|number is)\b[^\n\d]{0,24}\n?[ \t>]*)$"
)
# ... or shaped as numbers in software text are not: a country code, an area code in
# brackets, or three or more groups of digits with one separator, as a national number
# (`415-555-0132`, `020 7946 0958`, `415.555.0132`), and not a count grouped in thousands
# (`12 345 678`, `12.345.678`).
_SHAPED = regex.compile(
    r"\+\d.*|\(\d{2,5}\)[ .\-]?\d{2,5}(?:[ .\-]\d{2,5}){0,3}"
    r"|\d{2,5}(?P<sep>[ .\-])\d{2,5}(?:(?P=sep)\d{2,5}){1,3}"
)
_THOUSANDS = regex.compile(r"\d{1,3}(?:(?P<sep>[ .])\d{3})(?:(?P=sep)\d{3})*")
# Around a number of software text: glued to a URL, path, identifier, option or key
# (`Edg/114`, `id=1152255`, `main.js:39558`, `issuecomment-1339086411`, `_1690022693676`),
# in an array or a row of numbers (`[ 12 345 678 901]`, `0.1234 0.5678`), or before a unit
# (`1 048 576 bytes`, `123 456 ms`).
_GLUED_LEFT = regex.compile(r"[\w/\\=:#?&@.\-\[]$")
_GLUED_RIGHT = regex.compile(r"[\w/\\=:#?&@\]]|\.\w")
_ROW_LEFT = regex.compile(r"(?:\d[\d.,]*|\[)[ \t,]*$")
_ROW_RIGHT = regex.compile(r"[ \t,]+\d")
_UNIT_AFTER = regex.compile(
    r"[ \t]*(?:[KMGTP]i?B|[kKMGT]?bytes?|[kKMGT]?bps|ms|µs|us|ns|s|secs?|seconds|minutes"
    r"|px|Hz|[kMG]Hz|fps|%|rows|items|times|ops|iterations|iters?|it/s|steps|epochs|records"
    r"|samples|parameters|params|tokens|blocks|transactions|txs?|sats?|vB|vbytes|files|lines"
    r"|calls|requests|entries|elements|nodes|objects|instructions|cycles)\b"
)
# A software word right before it: `version`, `build`, `id`, `commit`, `pid`, `port` ...
_SOFTWARE_BEFORE = regex.compile(
    r"(?i:\b(?:v|ver|version|build|release|id|ids|uuid|hash|sha|commit|pid|tid|port|line|lines"
    r"|size|offset|height|block|blocks|issue|pr|pull|run|job|step|seed|code|error|errno"
    r"|checksum|serial|count|total|address|addr|ptr|txid|nonce|epoch|iteration|time|timestamp"
    r"|duration|took|elapsed)\b\.?[ \t:=#]*)$"
)


def phone_cued(text: str, start: int, end: int) -> bool:
    """Whether a phone word (or a line label after it: `555-0100 office`) names the number at
    text[start:end] as a phone."""
    text = ascii_punctuation(text)
    return bool(_PHONE_WORD.search(text, max(0, start - 48), start) or _CUE_AFTER.match(text, end))


def phone_shaped(value: str) -> bool:
    """Whether `value` is shaped as a phone and not as another number (see `_SHAPED`)."""
    value = ascii_punctuation(value).strip()
    return _SHAPED.fullmatch(value) is not None and _THOUSANDS.fullmatch(value) is None


def software_number(text: str, start: int, end: int) -> bool:
    """Whether the number at text[start:end] stands where software text puts numbers: glued
    to a URL, path, key or identifier, in an array or a row of numbers, before a unit, or
    after a software word (`version`, `build`, `id`, `port`...)."""
    text = ascii_punctuation(text)
    return bool(
        _GLUED_LEFT.search(text, max(0, start - 1), start)
        or _GLUED_RIGHT.match(text, end)
        or _ROW_LEFT.search(text, max(0, start - 24), start)
        or _ROW_RIGHT.match(text, end)
        or _UNIT_AFTER.match(text, end)
        or _SOFTWARE_BEFORE.search(text, max(0, start - 24), start)
    )


def find_phones(text: str) -> list[tuple[int, int, float]]:
    """International-form numbers anywhere; local digit groups next to a phone cue or on a
    line of their own in a signature block."""
    text = ascii_punctuation(text)
    found = [
        (m.start(), m.end(), 0.6)
        for m in _INTERNATIONAL.finditer(text)
        if _digits(m.group()) >= MIN_DIGITS + 1
    ]
    for m in _LOCAL.finditer(text):
        if not MIN_DIGITS - 1 <= _digits(m.group()) <= 15:
            continue
        before = text[max(0, m.start() - 48) : m.start()]
        if (_CUE_BEFORE.search(before) or _CUE_AFTER.match(text, m.end())
                or _ends_named_line(text, m.start(), m.end())):
            found.append((m.start(), m.end(), 0.5))
    for m in _PHONE_LINE.finditer(text):
        if MIN_DIGITS <= _digits(m["number"]) <= 15 and (
                _after_signoff(text, m.start()) or _named_line(text, m.start())):
            found.append((*m.span("number"), 0.5))
    return sorted(f for f in set(found) if not not_a_phone(text, f[0], f[1]))


def _ends_named_line(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] ends a line that a person's name opens, a listed first name
    first (`Jane Roe 5550143876`, `Jane Q. Roe -- 555-0100`: a list of contacts)."""
    if not _BEFORE_LINE_END.match(text, end):
        return False
    name = _NAME_THEN.fullmatch(text, text.rfind("\n", 0, start) + 1, start)
    return bool(name and _first_name(name["first"]))


def _named_line(text: str, start: int) -> bool:
    """Whether the line before position `start` (a phone line's) is only a person's name, a
    listed first name first (`Jane Roe\n555-0100` in a list of contacts)."""
    end = text.rfind("\n", 0, start)
    name = _NAME_ONLY.fullmatch(text, text.rfind("\n", 0, max(0, end)) + 1, end) if end > 0 else None
    return bool(name and _first_name(name["first"]))


def _first_name(word: str) -> bool:
    from curate.pii.names import name_lists

    first, _, common = name_lists()
    return word.lower() in first and word.lower() not in common


def _after_signoff(text: str, start: int) -> bool:
    """Whether a sign-off line is among the SIGNOFF_LINES lines before position `start`."""
    begin = start
    for _ in range(SIGNOFF_LINES):
        begin = text.rfind("\n", 0, max(0, begin - 1)) + 1
        if begin == 0:
            break
    return _SIGNOFF.search(text, begin, start) is not None


@lru_cache(maxsize=8192)
def _matches(
    window: str, regions: tuple[str, ...], leniency: int
) -> tuple[tuple[int, int, str], ...]:
    """(start, end, region) of libphonenumber's matches in `window`, region by region; cached,
    as the verification re-scan meets again every candidate the first pass did not replace."""
    import phonenumbers

    return tuple(
        (match.start, match.end, region)
        for region in regions
        for match in phonenumbers.PhoneNumberMatcher(window, region, leniency)
    )


def phone_recognizers() -> list[EntityRecognizer]:
    """The libphonenumber recognizer restricted to candidates, and the pattern one."""
    from presidio_analyzer import EntityRecognizer, RecognizerResult
    from presidio_analyzer.predefined_recognizers import PhoneRecognizer

    from curate.pii.finder import finder_recognizer

    class CandidatePhoneRecognizer(PhoneRecognizer):
        """presidio's PhoneRecognizer, run on candidate digit runs instead of the whole text."""

        def analyze(
            self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
        ) -> list[RecognizerResult]:
            results = []
            text = ascii_punctuation(text)
            for candidate in _CANDIDATE.finditer(text):
                if (
                    _digits(candidate.group()) < MIN_DIGITS
                    or candidate.group().isdigit()
                    or not_a_phone(text, candidate.start(), candidate.end())
                ):
                    continue
                start = max(0, candidate.start() - 1)
                window = text[start : candidate.end() + 1]
                regions = tuple(self.supported_regions)
                for match_start, match_end, region in _matches(window, regions, self.leniency):
                    if not_a_phone(text, start + match_start, start + match_end):
                        continue
                    results.append(
                        RecognizerResult(
                            self.supported_entities[0],
                            start + match_start,
                            start + match_end,
                            self.SCORE,
                            self._get_analysis_explanation(region),
                            {
                                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                            },
                        )
                    )
            return EntityRecognizer.remove_duplicates(results)

    return [
        CandidatePhoneRecognizer(),
        finder_recognizer("PHONE_NUMBER", "PhoneFormatRecognizer", lambda text, _: find_phones(text)),
    ]
