"""The evidence a guessed name needs depends on the record's genre (`curate.pii.genre`), with the
real presidio engine and spaCy model. Every text is written for this test; names, numbers and
addresses are invented. Each "kept" case is also run as a record of no particular genre, where
the same words are replaced: the genre, not a blind spot, keeps them."""

from __future__ import annotations

import pytest

from curate.pii.genre import genre_of
from curate.record import Source, new_record
from curate.stages.redact import RedactConfig, RedactStage


@pytest.fixture(scope="module")
def redact():
    stage = RedactStage(RedactConfig())

    def run(kind: str, text: str) -> str:
        record = new_record(Source(kind, "t", "1"), "t", "", text, "Noted.")
        out = stage.process([record])[0]
        assert out.rejected is None
        return out.input

    return run


KEPT = [
    # Contracts: parties, institutions and tables are no people.
    ("contracts", "Aura grants to Zanotti a limited licence. Aura may not use the Marks.",
     "Aura grants"),
    ("contracts", "Upon termination, MD Anderson will return the Study Drugs.", "MD Anderson"),
    ("contracts", "Country Trademark Status\nUS FOREST GLEN Registered 86084354 7-Oct-13\n"
     "CA FOREST GLEN Registered 1769732 26-Feb-16", "GLEN Registered"),
    # A party's office is no personal address.
    ("contracts", "ACME INCORPORATED, a Delaware corporation with its executive offices located "
     "at 1310 Harbor Terrace, Sunnyvale, California 94089", "1310 Harbor Terrace"),
    # A place alone in a contract is an office's town or no place at all.
    ("contracts", "The loading dock located at 5800 Park of Commerce Blvd NW, Boca Raton, FL 33487 "
     "receives the Source Plasma.", "Boca Raton, FL 33487"),
    ("contracts", "The colours are Morado, Tungsten and Black.", "Morado, Tungsten"),
    # Tickets: tables, system lines, library and optimizer names, headings, lower case.
    ("tickets", "Can we introduce this in Tf/Keras optimizers?", "Tf/Keras"),
    ("tickets", "Extension|Author (truncated)|Version\n---|---|---\nEditorConfig|Edi|0.16.4",
     "|Edi|"),
    ("tickets", "VS Code version: Code 1.82.0\nOS version: Darwin x64 22.5.0", "Darwin x64"),
    ("tickets", "Adan seems to be a superior optimizer compared to Adam and its variants.",
     "compared to Adam"),
    ("tickets", "Subject: Recognize Flowers with TensorFlow Lite on Android", "Flowers"),
    ("tickets", "Restore non max suppression (nms) support for the GPU delegate", "max"),
    # Tickets: an id that passes the card checksum is a card only after a card word.
    ("tickets", "Event id 4532015112830366 was dropped by the collector.", "4532015112830366"),
    # Tickets: products led by a first name: an acronym beside it, a version after it, a
    # common noun (no surname) as its last word.
    ("tickets", "Builds on Travis CI pass, the nightly ones fail.", "Travis CI"),
    ("tickets", "Hugo Extended 0.111 is installed and fails.", "Hugo Extended"),
    ("tickets", "Our Siri Shortcut times out.", "Siri Shortcut"),
    ("tickets", "Enable Max Pooling in the first layer.", "Max Pooling"),
    # Contracts: a heading or defined term led by a first name.
    ("contracts", "The parties signed the Grant Agreement and the Will Call Schedule.",
     "Grant Agreement"),
    # Contracts: a name after an article or possessive is a brand or product.
    ("contracts", "Accounts move to the Martin Calloway platform at Closing.", "Martin Calloway"),
    # Contracts: a party's switchboard and fax, with no person or a role as the addressee.
    ("contracts", "All notices go to Supplier at its office, Telephone: (510) 555-0100, "
     "Facsimile: (510) 555-0101.", "555-0100"),
    ("contracts", "Licensor fax: +1 (408) 555-0142    Attn: General Counsel, with cc to: "
     "Orla Penrith", "555-0142"),
]


@pytest.mark.parametrize("kind, text, kept", KEPT)
def test_a_guess_without_the_genres_evidence_is_kept(redact, kind: str, text: str,
                                                      kept: str) -> None:
    assert kept in redact(kind, text)
    assert kept not in redact("notes", text)


REPLACED = [
    # Signature blocks, cues, greetings and sign-offs still name people in every genre.
    ("contracts", "ACME FLOORING, INC.\nBy: /s/ Donald R. Maierhofer Name: Donald R. "
     "Maierhofer Title: President", ["Maierhofer"]),
    ("contracts", "If to Consultant: Jane Whitfield, 12 Elm Road, Springfield, IL 62704",
     ["Whitfield", "12 Elm Road"]),
    ("contracts", "VA Partners I, LLC   By:  /s/ George F. Halstrom, Jr. Name:  George F. "
     "Halstrom, Jr. Title:  Chief Operating Officer", ["Halstrom", "Jr"]),
    ("tickets", "It would help a lot, thanks.\n\nBest Regards,\nXinhao", ["Xinhao"]),
    ("tickets", "Thanks Jane Whitfield for the quick fix!", ["Whitfield"]),
    # A persona's name: a first name and a person noun.
    ("tickets", "The export fails when Priya Developer opens the board.", ["Priya"]),
    # A phone whose notice block is addressed to a person, before or after it.
    ("contracts", "If to Consultant: Fax: (510) 555-0177, Attention: Jane Whitfield",
     ["555-0177", "Whitfield"]),
    ("contracts", "Attention: Jane Whitfield\nTelephone: (510) 555-0178", ["555-0178"]),
    ("tickets", "Please charge my visa card 4532015112830366 again.", ["4532015112830366"]),
]


@pytest.mark.parametrize("kind, text, gone", REPLACED)
def test_names_with_the_genres_evidence_are_replaced(redact, kind: str, text: str,
                                                     gone: list[str]) -> None:
    out = redact(kind, text)
    assert not [word for word in gone if word in out], out


def test_a_name_in_a_tickets_code_block_is_code(redact) -> None:
    text = ('```\nValueError    Traceback (most recent call last)\n  File "/opt/app/run.py", '
            "line 7, in <module>\n    Carter Hollis\n```")
    assert "Carter Hollis" in redact("tickets", text)
    assert "Carter Hollis" not in redact("notes", text)


def test_a_role_mailbox_is_kept_and_a_persons_replaced(redact) -> None:
    out = redact("contracts", "Send complaints to complaints@acme-example.com or to "
                              "jane.whitfield@acme-example.com.")
    assert "complaints@acme-example.com" in out
    assert "jane.whitfield" not in out


def test_genres_come_from_the_ingestor() -> None:
    assert [genre_of(k) for k in ("contracts", "tickets", "emails", "jsonl")] == [
        "contract", "ticket", "mail", "other"
    ]


def test_a_bare_by_cues_an_agent_but_not_a_contracts_party() -> None:
    from curate.pii.genre import guessed_name_allowed

    text = "The Agreement may be terminated by Anixa upon notice."
    start = text.index("Anixa")
    assert not guessed_name_allowed("contract", text, start, start + 5)
    assert guessed_name_allowed("ticket", text, start, start + 5)
    assert guessed_name_allowed("contract", "By: Anixa", 4, 9)


# Numbers a developer writes in a ticket, each with a phone's digits: the genre asks phone
# evidence of them (a phone word, or a phone's shape outside code and away from the places
# software text puts numbers), so they stay in a ticket while a record of no genre loses them.
TICKET_NUMBERS = [
    ("The call returned 4155550132 after the retry.", "4155550132"),  # a bare digit run
    ("```\nretry 415 555 0132\n```", "415 555 0132"),  # a fenced code block
    ("2023-07-11 15:57:01 ERROR job 415-555-0132 failed", "415-555-0132"),  # a log line
    ("| job | 415-555-0132 | failed |", "415-555-0132"),  # a table row
    ("See https://example.com/t/415-555-0132/log", "415-555-0132"),  # a URL's path
    ("The cache holds 415 555 0132 entries.", "415 555 0132"),  # a count before a unit
    ("order id 415-555-0132 was dropped", "415-555-0132"),  # an id
    ("Build 212-555-0147 broke the Windows job.", "212-555-0147"),  # a build number
    ("[[ 12 345 678 901]\n [ 23 456 789 012]]", "12 345 678 901"),  # an array row
    ("Output:\n\n    retry 415 555 0132\n", "415 555 0132"),  # an indented code block
]


# A ticket's guessed name that names software stays; the same name as a person's, with no
# cue, still goes. Each pair: (software, person, name).
TICKET_SOFTWARE = [
    # a software noun after it, or before it
    ("Upgrading the Mika Sorensen plugin breaks the build.",
     "Mika Sorensen upgraded the plugin and it broke.", "Mika Sorensen"),
    ("Project codename Mika Sorensen ships next week.",
     "Yesterday Mika Sorensen shipped the fix.", "Mika Sorensen"),
    # a version before or after it
    ("Version 2.3.1 of Mika Sorensen fails on start.",
     "Mika Sorensen found that 2.3.1 fails on start.", "Mika Sorensen"),
    ("Our app pins Mika Sorensen v4 and fails.", "Our app broke when Mika Sorensen pushed.",
     "Mika Sorensen"),
    # after an article or possessive
    ("The Mika Sorensen exporter drops spans.", "Mika Sorensen reproduced the dropped spans.",
     "Mika Sorensen"),
    # written joined elsewhere as a package or identifier; not as an account
    ("Mika Sorensen fails to load; mika-sorensen 2.3.0 works.",
     "Mika Sorensen reported it, see @mikasorensen on the forum.", "Mika Sorensen"),
    ("The Mika Sorensen splits words; MikaSorensen is the class.",
     "Mika Sorensen splits the work with me.", "Mika Sorensen"),
    # an import or install line
    ("pip install Mika Sorensen", "Mika Sorensen ran pip install and it failed.",
     "Mika Sorensen"),
    # a UI noun after it; a capitalised word after it (a heading's or UI string's phrase)
    ("Switching to Mika Sorensen mode hangs.", "Switching tabs hangs when Mika Sorensen logs in.",
     "Mika Sorensen"),
    ("### Mika Sorensen Search Widget Not Loading\n\nBlank.",
     "### Crash when Mika Sorensen opens the widget\n\nBlank.", "Mika Sorensen"),
]


@pytest.mark.parametrize("software, person, name", TICKET_SOFTWARE)
def test_a_tickets_software_name_stays_and_a_person_goes(redact, software: str, person: str,
                                                         name: str) -> None:
    assert name in redact("tickets", software)
    assert name.split()[-1] not in redact("tickets", person)


# A contract's name of a thing or a firm stays; the same name as a person's still goes.
# Each: (text naming a thing, what stays, text naming a person, what goes).
CONTRACT_THINGS = [
    # an organisation's defined short name
    ('This Agreement is between Hollis Carter Holdings, LLC ("Hollis Carter") and Acme Inc. '
     "Hollis Carter shall deliver the Goods.", '("Hollis Carter") and Acme Inc. Hollis Carter',
     'This Agreement is between Acme Inc. and Hollis Carter ("Consultant"). Hollis Carter '
     "shall deliver the Goods.", "Carter"),
    # a capitalised noun of a thing after it
    ("Exhibit B - Julian Ross Trademarks\nThe marks listed on it are licensed.", "Julian Ross",
     "Exhibit B - the marks Julian Ross designed\nThe marks listed on it are licensed.", "Ross"),
    # an organisation word in capitals after it
    ("IN WITNESS WHEREOF, JULIAN ROSS INTERNATIONAL and Acme have signed.", "JULIAN ROSS",
     "IN WITNESS WHEREOF, Julian Ross and Acme have signed.", "Ross"),
]


@pytest.mark.parametrize("thing, kept, person, gone", CONTRACT_THINGS)
def test_a_contracts_thing_named_like_a_person_stays_and_a_person_goes(
    redact, thing: str, kept: str, person: str, gone: str
) -> None:
    assert kept in redact("contracts", thing)
    assert gone not in redact("contracts", person)


def test_a_firm_named_in_capitals_is_no_person_where_its_namesake_signs(redact) -> None:
    out = redact("contracts", "ORLA PENRITH, INC.\nBy: /s/ Orla Penrith\nORLA PENRITH, President\n"
                              "THE MARLOW/BRANDVOLD CO.\nBy: /s/ Ivo Brandvold\nIVO BRANDVOLD")
    assert "ORLA PENRITH, INC." in out and "BRANDVOLD CO." in out
    assert "Orla Penrith" not in out and "Ivo Brandvold" not in out and "IVO BRANDVOLD" not in out


@pytest.mark.parametrize("text, number", TICKET_NUMBERS)
def test_a_number_without_phone_evidence_stays_in_a_ticket(redact, text: str,
                                                           number: str) -> None:
    assert number in redact("tickets", text)
    assert number not in redact("notes", text)


# Numbers that are never phones in any genre: a version after a product's slash, a dotted
# version or OID of four or more parts, a signed number, a network range.
NEVER_PHONES = [
    ("Chrome/114.0.5735.198 Safari/537.36 Edg/114.0.1823.67", "114.0.1823.67"),
    ("The signature uses OID 1.2.840.113549.1.1.11 here.", "840.113549"),
    ("HRESULT was (-2147024891) after the update.", "2147024891"),
    ("The return value = -2147024891 again.", "2147024891"),
    ("Traffic from 10.0.0.0/8 and port 8080 is dropped.", "10.0.0.0"),
]


@pytest.mark.parametrize("kind", ["tickets", "notes"])
@pytest.mark.parametrize("text, number", NEVER_PHONES)
def test_versions_signed_numbers_and_ranges_are_no_phones(redact, kind: str, text: str,
                                                          number: str) -> None:
    assert number in redact(kind, text)


# A real phone in a ticket still goes: a phone word, a country code, an area code in
# brackets, a national pattern in prose, a signature block, a `phone` key in a code block.
TICKET_PHONES = [
    ("You can reach me at +1 415 555 0132 any time.", "555 0132"),
    ("Ping me on WhatsApp +44 7700 900123 if it breaks again.", "900123"),
    ("If it helps, my desk line is (415) 555-0132.", "555-0132"),
    ("Their hotline 212-555-0147 could not help either.", "555-0147"),
    ("please ring 415.555.0132 tomorrow", "555.0132"),
    ("Thanks,\nJane Whitfield\nCustomer Success\n+1 (415) 555-0132", "555-0132"),
    ('```json\n{"name": "x", "phone": "415-555-0132"}\n```', "555-0132"),
    ("Phone: 4155550132", "4155550132"),
]


@pytest.mark.parametrize("text, phone", TICKET_PHONES)
def test_a_phone_in_a_ticket_still_goes(redact, text: str, phone: str) -> None:
    assert phone not in redact("tickets", text)


def test_a_phones_shape_is_not_a_count_in_thousands() -> None:
    from curate.pii.phone import phone_shaped

    assert [phone_shaped(v) for v in ("415.555.0132", "020 7946 0958", "(415) 555-0132",
                                      "+44 7700 900123")] == [True] * 4
    assert [phone_shaped(v) for v in ("12 345 678", "12.345.678", "4155550132",
                                      "1294-1300")] == [False] * 4
