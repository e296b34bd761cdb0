"""Business terms that the small NER model and the name rules take for people or places.

A PERSON or LOCATION finding is dropped when it is
- inside an organisation name: a capitalised run on one line that ends in an organisation
  word (`Foxglove Studio`, `Cobalt Ridge Games`, `Northwind Cloud Support`, `Acme Ltd`),
- a product: followed by a model code (`Edge Gateway NE-200`, `Sensor Kit S3`),
- (PERSON) after an article or possessive and not a listed surname (`the Starter plan`,
  `our Scale subscription`; `the Jensen novel` stays), made of
  greeting / sign-off words only (`Cheers`), or of short upper-case tokens only (`400 GB`),
unless one of its words is a known first name (`Jane Doe Consulting` stays a person).
A lone LOCATION that is a known first name, with no place preposition before it and
nothing address-like after it (`Kenji,`), is re-typed PERSON.
"""

from __future__ import annotations

import regex

from curate.pii.names import name_lists

ORG_WORDS = (
    r"Inc|Ltd|LLC|LLP|PLC|GmbH|AG|Corp|Corporation|Co|Company|Group|Holdings|Partners|Associates"
    r"|Labs?|Studios?|Systems|Solutions|Software|Technologies|Tech|Media|Logistics|Hotels?|Foods"
    r"|Retail|Games|Dental|Clinics?|Bakery|Legal|Analytics|Architects|Travel|Robotics|Print"
    r"|Printing|Freight|Energy|School|Pharmacy|Insurance|Farms?|Consulting|Services|Support|Team"
    r"|Bank|University|College|Hospital|Airlines|Motors|Outdoor|Cloud|Foundation|Institute"
    r"|Agency|Industries|Enterprises|Networks?|Capital|Ventures|Restaurant|Cafe|Shop|Stores?"
    r"|Construction|Manufacturing|Desk"
)
_CAP = r"\p{Lu}[\p{L}\p{M}'’&.\-]*"
_ORG = regex.compile(rf"(?<![\w])(?:{_CAP}[ \t]+){{0,3}}(?:{ORG_WORDS})\b\.?")
_MODEL_CODE = regex.compile(r"[ \t]+([\p{Lu}\d][\p{L}\d]*(?:-[\p{L}\d]+)*)\b")
_DETERMINER = regex.compile(r"(?i:\b(?:the|a|an|our|your|their|its))[ \t]+$")
_SALUTATION = frozenset(
    {
        "hi", "hello", "hey", "dear", "thanks", "thank", "you", "many", "best", "regards", "kind",
        "warm", "cheers", "sincerely", "yours", "truly", "wishes", "all", "the", "good", "morning",
        "afternoon", "evening",
    }
)
_LINE_PIECE = regex.compile(r"\S(?:[^\n]*\S)?")
_PLACE_BEFORE = regex.compile(r"(?i:\b(?:in|at|from|near|to|of|into|via|around))[ \t]+$")
_ADDRESS_AFTER = regex.compile(r"[ \t]*(?:,[ \t]*\p{Lu}|\d)")


NAMED = frozenset({"PERSON", "LOCATION"})


def named_pieces(
    entity: str, text: str, start: int, end: int, orgs: list[tuple[int, int]]
) -> list[tuple[int, int, str]]:
    """A finding as (start, end, entity): a PERSON / LOCATION one cut into its lines (a name
    does not cross a line break), business terms dropped, first names re-typed."""
    if entity not in NAMED:
        return [(start, end, entity)]
    return [
        (m.start(), m.end(), retype(entity, text, m.start(), m.end()))
        for m in _LINE_PIECE.finditer(text, start, end)
        if not business_term(entity, text, m.start(), m.end(), orgs)
    ]


def organisations(text: str) -> list[tuple[int, int]]:
    """(start, end) of capitalised runs that end in an organisation word."""
    return [m.span() for m in _ORG.finditer(text)]


def business_term(
    entity: str, text: str, start: int, end: int, orgs: list[tuple[int, int]]
) -> bool:
    """Whether the PERSON / LOCATION finding text[start:end] is a business term (see above)."""
    first, last, _ = name_lists()
    words = regex.findall(r"[\p{L}\p{M}'’\-]+", text[start:end])
    if not words or any(w.lower() in first for w in words):
        return False
    if any(s <= start and end <= e for s, e in orgs) or _model_code_after(text, end):
        return True
    if entity != "PERSON":
        return False
    lower = [w.lower() for w in words]
    return (
        (
            _DETERMINER.search(text, max(0, start - 8), start) is not None
            and not any(w in last for w in lower)
        )
        or all(w in _SALUTATION for w in lower)
        or all(w.isupper() and len(w) <= 3 for w in words)
    )


def _model_code_after(text: str, end: int) -> bool:
    code = _MODEL_CODE.match(text, end)
    return bool(code) and any(c.isdigit() for c in code[1]) and any(c.isalpha() for c in code[1])


def retype(entity: str, text: str, start: int, end: int) -> str:
    """PERSON for a lone LOCATION that is a known first name used like one; else `entity`."""
    value = text[start:end]
    if (
        entity == "LOCATION"
        and value.isalpha()
        and value.lower() in name_lists()[0]
        and not _PLACE_BEFORE.search(text, max(0, start - 8), start)
        and not _ADDRESS_AFTER.match(text, end)
    ):
        return "PERSON"
    return entity
