"""Personal identifiers that a cue introduces, plus the UK national insurance number's own shape.

- US_SSN after `ssn` / `social security number` in any punctuation: `ssn:536904399`.
- ID_NUMBER: a UK national insurance number (`QQ 12 34 56 C`, valid prefix letters; any
  letters after a `national insurance` / `NI number` / `NINO` cue), a passport number after
  `passport` (6 to 9 letters and digits, one a digit, after an optional country code:
  `GB 801234567`), a conference or meeting passcode or PIN after its cue (`passcode:
  4411298#`, `participant code 123 4567`), and a driver's licence, employee, national or tax
  id after its cue (a run of letters and digits with a digit).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer

# What may stand between a cue and its value: `number`, `no.`, `#`, `is`, `:`, `=`.
_GLUE = r"(?:[ \t]*(?:number|num|no\.?|nos\.?|#|id))?[ \t]*(?:is|was|:|=|#|-|–)?[ \t]*"
_CODE = r"(?=[\p{L}\d\-]*\d)[\p{L}\d][\p{L}\d\-]{3,17}[\p{L}\d]"
_PATTERNS = (
    (
        "US_SSN",
        rf"(?i:\b(?:ssn|ss\#|social[ \t]+security))(?-i:{_GLUE})(?P<value>\d{{3}}[ \-]?\d{{2}}"
        r"[ \-]?\d{4})(?!\d)",
    ),
    (
        "ID_NUMBER",
        r"(?<![\w])(?P<value>[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}"
        r"[ \t]?[A-D])(?!\w)",
    ),
    (
        "ID_NUMBER",
        rf"(?i:\b(?:national[ \t]+insurance|ni|nino)\b{_GLUE})(?P<value>(?i:[a-z]{{2}}[ \t]?\d{{2}}"
        r"[ \t]?\d{2}[ \t]?\d{2}[ \t]?[a-d]))(?!\w)",
    ),
    (
        "ID_NUMBER",
        rf"(?i:\bpassport\b{_GLUE})(?P<value>(?i:(?:[a-z]{{1,3}}[ \t])?(?=[a-z]*\d)[a-z0-9]{{6,9}}))"
        r"(?!\w)",
    ),
    (
        "ID_NUMBER",
        rf"(?i:\b(?:pass[ \t]?code|participant[ \t]+(?:code|pin|passcode)|conference[ \t]+(?:code|id)"
        rf"|access[ \t]+code|meeting[ \t]+id|host[ \t]+(?:code|pin)|leader[ \t]+(?:code|pin)|pin)\b"
        rf"{_GLUE})(?P<value>\d(?:[ \-]?\d){{3,14}})(?!\d)",
    ),
    (
        "ID_NUMBER",
        rf"(?i:\b(?:driver'?s?[ \t]+licen[cs]e|licen[cs]e[ \t]+(?:number|no)|employee[ \t]+(?:id|number)"
        rf"|national[ \t]+id|id[ \t]+card|tax[ \t]+id|tin)\b{_GLUE})(?P<value>{_CODE})(?!\w)",
    ),
)
_COMPILED = tuple((entity, regex.compile(pattern)) for entity, pattern in _PATTERNS)
SCORE = 0.75


def find_ids(text: str, entity: str) -> list[tuple[int, int, float]]:
    """(start, end, SCORE) of every identifier of `entity` (US_SSN or ID_NUMBER) in `text`."""
    return [
        (*m.span("value"), SCORE)
        for kind, pattern in _COMPILED
        if kind == entity
        for m in pattern.finditer(text)
    ]


def id_recognizers() -> list[EntityRecognizer]:
    """One presidio recognizer per entity of `find_ids`."""
    from curate.pii.finder import finder_recognizer

    return [
        finder_recognizer(entity, name, lambda text, _, entity=entity: find_ids(text, entity))
        for entity, name in (("US_SSN", "CuedSsnRecognizer"), ("ID_NUMBER", "IdNumberRecognizer"))
    ]
