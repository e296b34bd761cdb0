"""Postal address forms (session 8): house numbers with a dot, Hungarian and Nordic street
words, street words in any case after house numbers, lower-case units and military boxes, a
ship's line before its fleet post office, a postcode after its cue, a short region code before
a postcode, and what stays (a place alone, a phone's digits after an address). Every address
here is invented."""

from __future__ import annotations

import pytest

from curate.pii.address import find_addresses


def _found(text: str) -> list[str]:
    return [text[start:end] for start, end in find_addresses(text)]


@pytest.mark.parametrize(
    "text, address",
    [
        ("Send it to 12 Tölgyfa tér 7.\n Apt. 3\n Pécsvárad\n Hungary 7720",
         "12 Tölgyfa tér 7.\n Apt. 3\n Pécsvárad\n Hungary 7720"),
        ("The office is at 41 Bodnár Ernő u. 18.", "41 Bodnár Ernő u. 18."),
        ("She lives at Várfok rkp. 9.", "Várfok rkp. 9."),
        ("Meet me at 77 Lindestien 12.", "77 Lindestien 12."),
        ("I moved to 8 avenue de la Gare.", "8 avenue de la Gare."),
        ("Ship to 206 14 rue des Lilas Apt. 4 LYON France",
         "206 14 rue des Lilas Apt. 4 LYON France"),
        ("Drop it at 15 Oakmere Str. tomorrow", "15 Oakmere Str."),
        ("unit 2211 box 0457\ndpo ae 40123", "unit 2211 box 0457"),
        ("USNS Kellerby\nFPO AP 96671", "USNS Kellerby\nFPO AP 96671"),
        ("ZIP: 4471", "4471"),
        ("my zip code is 30716", "30716"),
        ("postal code: 123 45", "123 45"),
        ("Mail it to 55 Brekkeveien 3\nHAMAR nan 2317", "55 Brekkeveien 3\nHAMAR nan 2317"),
        ("Write to 9 Elmstraat 4 Suite 2\n   Delft\n    xx\n    2611",
         "9 Elmstraat 4 Suite 2\n   Delft\n    xx\n    2611"),
        ("at the corner of 31 Mirtou str and Olly Pass", "the corner of 31 Mirtou str and Olly Pass"),
    ],
)
def test_address_forms_are_found_whole(text: str, address: str) -> None:
    assert address in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "See Section 3.2 of the Agreement.",
        "We met on 12 May 2020 at the park.",
        "He is 33 and a Place holder in the team.",
        "The unit tests took 12 minutes.",
        "Version 2.3 of Route 66 is out.",
    ],
)
def test_numbers_that_are_no_address_stay(text: str) -> None:
    assert _found(text) == []


def test_a_phone_on_the_line_after_an_address_is_no_postcode() -> None:
    text = "Jane Roe\n\n41 Kerkweg 9\n Apt. 2\n Zwolle\n Netherlands 80213\n071 555 0142-Office"
    assert _found(text) == ["41 Kerkweg 9\n Apt. 2\n Zwolle\n Netherlands 80213"]
