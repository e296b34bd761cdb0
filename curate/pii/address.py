"""Whole postal addresses: a street line, then the unit, city, region, country and postcode
parts that follow it on the same line or the next lines.

A street line is one of: a number + street name + street type (`24 Clarke Avenue`); a
street name with a street-type ending + number (`Koskikatu 25`, `Parijsstraat 8`); a
street-type word first (`Rue de la Gare 12`, `ul. Cicha 86`); a PO / military box; or,
after an address cue (`lives at`, `address:`, `meet me at`, ...) or when address parts
follow it, any capitalised name with house numbers (`6750 Arenales 9462`, `Hoge Wei 32`) whose
last word is neither an English word nor upper case (`Section 3`, `GTX 1660` are not streets),
unless only capitals follow it (`Debian 11 VM`: a product's version).
An intersection (`the corner of Bygget 64 and Komel Club`, the phrase included) is one
address. What follows a street line is taken while it looks like address parts, each after a
space, a comma, or up to two line breaks (one blank line; `\\n, CO` too): units (`Apt. 5`), postcodes
(`62704`, `53-320`, `B0J 2H0`, `7412 SL`, `D04 K803`), and short capitalised place lines that end at
a comma, a line end or the end of the sentence, or at a postcode (`Springfield, IL`,
`Utrecht\\nNetherlands`, `Parramatta NSW 2150 please`).
An address written all in lower case (`42 maple avenue, springfield, il 62704`) counts when
it ends in a postcode or follows an address cue.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer

_CAP = r"(?:\p{Lu}[\p{L}\p{M}'’.\-]*|\(\p{Lu}[\p{L}\p{M}'’.\-]*\))"
_PARTICLE = (
    r"(?:de|del|de la|la|le|les|des|di|dei|da|do|dos|van|von|der|den|du|el|al|an|am|u\.|ul\.|op"
    r"|aan)(?!\p{L})"
)
_NAME_WORD = rf"(?:{_CAP}|{_PARTICLE})"
# A house number, with the dot Hungarian addresses write after it (`Erzsébet tér 19.`).
_HOUSE = r"\d{1,6}[A-Za-z]?\b(?:\.(?=[ \t]*(?:\n|,|$|\p{Lu})))?"
_STREET_TYPE = (
    r"(?i:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Court|Ct|Place|Pl"
    r"|Terrace|Square|Sq|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Trail|Crescent|Close|Row|Mews|Walk"
    r"|Grove|Gardens|Alley|Plaza|Loop|Pike|Ridge|Park|Point|Crossing|Heights|Hills|Path|Springs|Str"
    r"|View|Forks|Flats|Radial|Rapids|Points|Junction|Valley|Green|Hill|Estate|Wharf|Quay)\b\.?"
)
_STREET_ENDING = (
    r"(?i:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|gatan|gata|gate|vägen|veien|vegen"
    r"|gränd|katu|tie|kuja|polku|vej|gade|stræde|laan|straat|plein|gracht|kade|singel|utca"
    r"|út|útja|tér|u\.|krt\.|rkp\.|körút|rakpart|köz|kapu|sor|fasor|sétány|ulica|ulice|cesta"
    r"|tee|iela|gatvė|sokak|caddesi|stien|sti|stig|stigen)"
)
_STREET_FIRST = (
    r"(?:Rue|Via|Viale|Calle|C/|Carrer|Avenida|Avenue|Av\.|Avda\.|Rua|Piazza|Plaza|Praça|Largo"
    r"|Ulica|ul\.|Boulevard|Chaussée|Chemin|Route|Allée|Place|Platz|Cite|Cité|Πλατεία|Οδός)"
)
_UNIT = (
    r"(?i:Apt\.?|Apartment|Suite|Ste\.?|Unit|Room|Floor|Fl\.|Flat|Box|#)[ \t]*#?\d{1,6}[A-Za-z]?\b"
)
_POSTCODE = (
    r"(?:\d{3,6}(?:[ \-]\d{2,4})?|\p{Lu}{1,2}\d[\p{Lu}\d]?[ \t]?\d\p{Lu}{2}"
    r"|\p{Lu}\d\p{Lu}[ \t]?\d\p{Lu}\d|\d{4}[ \t]?\p{Lu}{2}|\p{Lu}\d[\dW][ \t]?[\p{Lu}\d]{4})\b"
)

# A word of a street's name: not the unit that may follow it (`rue des Lilas Apt. 4`).
_STREET_WORD = rf"(?!(?i:Apt|Apartment|Suite|Ste|Unit|Room|Floor|Fl|Flat|Box)\b){_NAME_WORD}"
_NUMBERS = r"(?:\b\d{1,6}[ \t]+){0,2}"  # house numbers before a street's name, if any
# Where a street line can start: a digit, a capital, a bracket, or the `u`, `a`, `f`, `d` of
# `unit`, `ul.`, `APO`, `FPO`, `DPO`. Every branch of _STRONG starts so; testing it first spares
# the eight branches at every other position (the same matches in half the time).
_STRONG_START = r"(?=[\d\p{Lu}(uUaAfFdD])"
_ENDED_STREET = (
    # Koskikatu 25 / 6750 Koskikatu 25 / Luite tee 87 / 255 hersnapvej 18 /
    # 04862 Victor Hugo u. 49.
    rf"(?:{_NUMBERS}(?:{_CAP}[ \t]+)?(?<!\w)\p{{Lu}}[\p{{L}}\p{{M}}]*{_STREET_ENDING}"
    rf"|{_NUMBERS}(?:{_CAP}[ \t]+){{1,2}}(?:\p{{Ll}}+[ \t]+)?{_STREET_ENDING}(?!\p{{L}})"
    rf"|\b\d{{1,6}}[ \t]+[\p{{L}}\p{{M}}]*{_STREET_ENDING})[ \t]+{_HOUSE}"
)
_STRONG_BRANCHES = (
    # 24 Clarke Avenue / 363 52 Huntly Street
    rf"\b(?:\d{{1,6}}[ \t]+){{1,2}}(?:{_NAME_WORD}[ \t]+){{0,3}}{_CAP}[ \t]+{_STREET_TYPE}",
    _ENDED_STREET,
    # Rue de la Gare 12 / 1812 Rue De La Gare / ul. Cicha 86
    rf"(?:\b\d{{1,6}}[ \t]+)?(?<!\w){_STREET_FIRST}(?:[ \t]+{_STREET_WORD}){{1,4}}"
    rf"(?:[ \t]+{_HOUSE})?",
    # 33 avenue de Provence / 143 31 rue de la Hulotais: a street word in any case
    # after house numbers
    rf"\b(?:\d{{1,6}}[ \t]+){{1,2}}(?<!\w)(?i:{_STREET_FIRST})(?:[ \t]+{_STREET_WORD}){{1,4}}",
    # P.O. Box 186 / Postbox 53 / PSC 3294, Box 9168 / APO AE 12345
    r"(?:\b\d{1,6}[ \t]+)?\b(?:P\.?[ \t]?O\.?[ \t]?Box|Post(?:office)?box|Post Office Box"
    r"|PSC|CMR|(?i:unit))[ \t]+\d{1,6}(?:,?[ \t]+(?i:box)[ \t]+\d{1,6})?",
    r"\b(?i:APO|FPO|DPO)[ \t]+(?i:A[AEP])[ \t]+\d{5}\b",
    # a ship's line before its fleet post office: `USNS Mercy\nFPO AP 96672`
    rf"\b(?:USNS|USNV|USS|USCGC)[ \t]+{_CAP}(?=[ \t]*\n[ \t>]*(?i:FPO|APO|DPO)\b)",
    # a postcode after its cue: `ZIP: 62704`, `my zip code is 7188`
    r"(?<=(?i:\bzip(?:[ \t]?code)?|\bpost(?:al)?[ \t]?code)(?:[ \t]+is)?[ \t]*:?[ \t]*)"
    r"\d{3,6}(?:[ \t\-]\d{2,4})?\b",
)
_STRONG = regex.compile(_STRONG_START + r"(?:" + r"|".join(_STRONG_BRANCHES) + r")")
# `_STRONG` less its street-ending branch, for a text where no street ending precedes a house
# number (`_ENDED_HINT`), as in most: tried at every capital, that branch costs most of the scan.
_STRONG_UNENDED = regex.compile(
    _STRONG_START + r"(?:" + r"|".join(b for b in _STRONG_BRANCHES if b != _ENDED_STREET) + r")"
)
_ENDED_HINT = regex.compile(rf"[ \t]\d(?<={_STREET_ENDING}[ \t]+\d)")
# What a text must hold for `find_addresses` to find anything in it: a digit (house numbers,
# boxes, postcodes), `corner of`, a street-type first word, or a ship's prefix; every address
# holds one (`curate.pii.recognizers.TRIGGERS`).
TRIGGER = regex.compile(
    rf"\d|(?i:corner of)|{_STREET_FIRST}|\b(?:USNS|USNV|USS|USCGC)\b"
)
# Capitalised name with house numbers: an address only after a cue or with parts following.
_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\b"
)
_MONTH_WORD = regex.compile(_MONTH)
_WEAK = regex.compile(
    rf"\b(?:\d{{1,6}}[ \t]+){{0,2}}(?!{_MONTH}){_CAP}(?:[ \t]+{_NAME_WORD}){{0,3}}[ \t]+\d{{1,5}}[A-Za-z]?\b"
)
_CUE = regex.compile(
    r"(?i:\b(?:address(?:ed)?|lives?|lived|living|reside[sd]?|residing|located|moved|move"
    r"|ship(?:ped)?|send|sent|deliver(?:ed)?|mail(?:ed)?|meet|visit|stop|return|corner of"
    r"|here'?s)\b)[^.\n]{0,24}[:\n]?[ \t>]*$"
)
# inside the frame, a street's words may be lower case (`159 Venizelou str`, `Csabai kapu 39.`)
_CORNER_WORD = rf"(?:{_NAME_WORD}|\d{{1,6}}\.?|\p{{Ll}}{{1,6}}\.?)"
_INTERSECTION = regex.compile(
    rf"(?i:(?:\bthe[ \t]+)?corner of)[ \t]+(?:{_NAME_WORD}|\d{{1,6}}[A-Za-z]?)"
    rf"(?:[ \t]+{_CORNER_WORD}){{0,4}}[ \t]+and[ \t]+(?:{_CAP}|\p{{Ll}}{{1,6}})"
    rf"(?:[ \t]+(?:{_NAME_WORD}|\d{{1,6}})){{0,4}}"
)
_BREAK = r"(?:[ \t]*\n[ \t>]*){0,2}(?:[ \t]*[,;][ \t]*(?:\n[ \t>]*)?|(?<=\n[ \t>]*))"
_NOT_PLACE = (
    r"(?!(?:Thanks|Thank|Regards|Best|Cheers|Sincerely|Hi|Hello|Dear|Phone|Tel|Fax|Mobile|Email"
    r"|E-mail|Desk|Office|Name|Address|Website)\b)"
)
_PLACE = rf"(?:{_POSTCODE}[ \t]+)?{_NOT_PLACE}{_CAP}(?:[ \t]+{_NAME_WORD}){{0,3}}"
# A postcode alone is no phone's first digits (`082 490 1693` on the next line).
# A short lower-case region code right before a postcode (`nan 18237`, `nan\n 7188`); never a
# function word (`Firefox 103 and 104` is two versions).
_REGION = (
    r"(?!(?:and|or|nor|but|to|the|of|in|on|at|for|by|via|per|vs|is|was|are|not)\b)"
    rf"\p{{Ll}}{{2,3}}(?=[ \t]*(?:\n[ \t>]*)?{_POSTCODE})"
)
_PART = regex.compile(
    rf"(?:{_BREAK}|[ \t]+)(?:{_UNIT}|{_REGION}|{_PLACE}[ \t,]+{_POSTCODE}"
    rf"|{_PLACE}(?=[ \t]*(?:[,.;:!?)\]]|\n|$)|[ \t]+{_REGION})|{_POSTCODE}(?![ \t\-.]*\d))"
)
_LOWER_STREET = regex.compile(
    rf"\b\d{{1,6}}[ \t]+(?:\p{{Ll}}+[ \t]+){{1,3}}{_STREET_TYPE}"
    r"(?:[ \t]*(?:apt\.?|apartment|suite|unit|#)[ \t]*#?\d{1,6}[a-z]?\b)?"
)
_LOWER_TAIL = regex.compile(
    r"(?:[ \t]*,[ \t]*\p{Ll}+(?:[ \t]+\p{Ll}+){0,2}){0,2}[ \t]*,?[ \t]*(?:\p{Ll}{2}[ \t]+)?"
    r"\d{5}(?:-\d{4})?\b"
)
# A name and a number followed by capitals alone or a bracketed word (`Debian 11 VM.`, `Fedora
# 38 LTS`, `Zorvex Linux 37 (Xfce)`): a product's version and a kind of machine, release or
# edition, not a street and its region.
_ACRONYM_PART = regex.compile(
    r"[ \t]+(?:\p{Lu}{2,4}|\(\p{Lu}[\p{L}\d]*\))(?=[ \t]*(?:[.;:!?)]|\n|$))")
MAX_PARTS = 6
SCORE = 0.7


def find_addresses(text: str) -> list[tuple[int, int]]:
    """(start, end) of every address found in `text`, sorted, not overlapping."""
    strong = _STRONG if _ENDED_HINT.search(text) else _STRONG_UNENDED
    spans = [(m.start(), m.end()) for m in strong.finditer(text)]
    for m in _LOWER_STREET.finditer(text):
        tail = _LOWER_TAIL.match(text, m.end())
        if tail or _CUE.search(text, max(0, m.start() - 48), m.start()):
            spans.append((m.start(), tail.end() if tail else m.end()))
    spans += [m.span() for m in _INTERSECTION.finditer(text)]
    for m in _WEAK.finditer(text):
        if _english_before_number(m.group()):
            continue
        cued = _CUE.search(text, max(0, m.start() - 48), m.start())
        if cued or (_extend(text, m.end()) > m.end() and not _ACRONYM_PART.match(text, m.end())):
            spans.append((m.start(), m.end()))
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        end = _extend(text, end)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _english_before_number(weak: str) -> bool:
    """Whether the word before the house number is an English word (`Section 3`, `Agreement
    11`), upper case (`GTX 1660`) or a month (`the Commission's July 26 Order`): a reference,
    a model or a date, not a street (`Hoge Wei 32`)."""
    from curate.pii.names import english_word

    words = regex.findall(r"[\p{L}\p{M}'’.\-]+", weak)
    last = words[-1].strip(".") if words else ""
    return bool(last) and (english_word(last) or (len(last) > 1 and last.isupper())
                           or bool(_MONTH_WORD.fullmatch(last)))


def _extend(text: str, end: int) -> int:
    """The end of the address parts that follow position `end`."""
    for _ in range(MAX_PARTS):
        part = _PART.match(text, end)
        if not part:
            break
        end = part.end()
    return end


def address_recognizer() -> EntityRecognizer:
    """A presidio recognizer reporting `find_addresses` as STREET_ADDRESS."""
    from curate.pii.finder import finder_recognizer

    return finder_recognizer(
        "STREET_ADDRESS",
        "AddressRecognizer",
        lambda text, _: [(start, end, SCORE) for start, end in find_addresses(text)],
    )
