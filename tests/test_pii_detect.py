"""Detector precision and recall on business-text cases, with the real presidio engine and spaCy
model. Every text here is written for this test; the names, numbers and addresses are invented."""

from __future__ import annotations

import pytest

from curate.record import Source, new_record
from curate.stages.redact import RedactConfig, RedactStage


@pytest.fixture(scope="module")
def redact():
    stage = RedactStage(RedactConfig())

    def run(text: str, reply: str = "Noted.") -> str:
        record = new_record(Source("test", "t", "1"), "t", "", text, reply)
        return stage.process([record])[0].input

    return run


@pytest.mark.parametrize(
    "text, kept",
    [
        # A place on its own is not personal.
        ("Power prices in California rose again; Houston traders noticed.", "California"),
        ("Power prices in California rose again; Houston traders noticed.", "Houston"),
        # A name found once is not replaced where the same word is a common word.
        ("Bill Gates asked us to pay the bill by Friday.", "pay the bill"),
        ("Bill said the bill was wrong.", "the bill was"),
        # A title that starts an office is no person's title; a city before its country.
        ("The Justice Department wrote; the Speaker Series starts.", "Department"),
        ("They met in Paris, France last year.", "France"),
        ("Bill Gates was small in stature. Small businesses agree.", "Small businesses"),
        # Defined contract terms and legal roles.
        (
            'Acme Corp. (the "Distributor") and Jane Whitfield agree. The Distributor shall pay. '
            "Distributor will report monthly.",
            "Distributor will report",
        ),
        ("2. Grant of Option. The Company grants the option. The Grant vests in June.", "Grant of"),
        ("The Company shall issue the Shares to the Licensor. Shares are final.", "Shares are"),
        ("The Licensor shall deliver. Licensor keeps title.", "Licensor keeps"),
        # Contractions are not names.
        ("Don Hargreave will call you. Don't worry about it.", "Don't worry"),
        # Code identifiers.
        ("Run `cmake -DCMAKE_BUILD_TYPE=Debug` then cmake --build.", "cmake --build"),
        ("Switch to Debug mode; it raises ValueError in setRef.", "ValueError in setRef"),
        # Dates and timestamps are not phone numbers.
        ("created_at: 2019-10-08 08:07:27 by the bot", "2019-10-08 08:07:27"),
        ("Invoice dated 10/08/2019 was paid on 11.09.2019.", "10/08/2019"),
        # Section, version and patent numbers are not IP addresses or phones.
        ("As set out in Section 13.2.2.1 above, the fee applies.", "13.2.2.1"),
        ("Upgrade to version 10.2.0.4 first.", "10.2.0.4"),
        ("The device is covered by U.S. Patent No. 6,123,456 and 7,234,567.", "6,123,456"),
        # Months are not names; a section heading is not a street.
        ("The jar was built on 12 Jun and tagged.", "12 Jun"),
        ("See Section 3 (Confidentiality), Springfield office.", "Section 3"),
        # An organisation's address in a notice block is not personal.
        ("If to Company: Acme Inc., 1310 Harbor Street, Dover, DE 19901", "1310 Harbor Street"),
        # ... or heading the notice block the address starts a line of
        ("If to Licensor:\nAcme Incorporated\nAttention: Legal Department\n1310 Chesapeake "
         "Terrace\nSunnyvale, CA 94089", "1310 Chesapeake Terrace"),
        # A PERSON only the NER model gives, with nothing to back it: products and firms.
        ("I built it with Bazel and it failed again.", "Bazel"),
        ("Accuray shall deliver the Products to Distributor.", "Accuray"),
        # A listed first name heading an organisation's name is the organisation's.
        ("Please try Frank Orlik from Stanford University.", "Stanford University"),
        # Firms joined by `&`, with a dotted legal form.
        ("Copy to Harwell, Bexley & Toome, L.L.P., Attention: Orla Penrith.", "Harwell"),
        # ... and a firm named by its partners with no legal form after it.
        ("The opinion of Lusk Lehrman Gorvan Pomerov & Schiek governs.", "Pomerov"),
        ("Counsel: Wilson Sonsini Goodrich & Rosati.", "Sonsini"),
        # A one-word 'place' that acts as a party, a field label, a role named by its act.
        ("Work is subject to the approval of Quovira. Quovira will own the results.",
         "approval of Quovira"),
        ("Telephone:  (212) 555-0147\nTelefax:    (212) 555-0148\nAttention: General Counsel",
         "Telefax"),
        ("Information disclosed by Discloser to Recipient stays confidential.", "Discloser"),
        # Titles, products and street names that hold a listed name.
        ("Name: Orla Penrith\nTitle: Senior Vice President", "Senior Vice President"),
        ("This tracker is only for issues related to Bitcoin Core.", "Bitcoin Core"),
        ("CPUs|AMD Ryzen 9 7950X 16-Core Processor (32 x 4491)|", "Core Processor"),
        ("Compared with Vue DevTools, it is slow.", "Vue DevTools"),
        ("Mail Code L-25\nOne Allison Way\nIndianapolis, IN 46222", "Allison Way"),
        # A name suffix alone, a rule line, a URL's path past its account.
        ("Attention: Orla Penrith, Esq.) and the Company", "Esq"),
        ("By: /s/ Orla Penrith\n-------------------------\nOrla Penrith", "-----"),
        ("Implementation: https://github.com/quovira-lab/Adan", "/Adan"),
        # A notice block's company address and fax: headed by a party line, to a role.
        ("If to Quovira:\n430 Harbor Avenue, 5th Floor      Dover, DE 19901      Fax No.: "
         "302-555-0142      Attention: Chief Financial Officer", "430 Harbor Avenue"),
        ("If to Quovira:\n430 Harbor Avenue, 5th Floor      Dover, DE 19901      Fax No.: "
         "302-555-0142      Attention: Chief Financial Officer", "302-555-0142"),
        # Pinned and tagged versions are not IP addresses; dotted builds are not phones.
        ("nvidia-cudnn-cu11==8.6.0.163, cudatoolkit=11.8.0", "8.6.0.163"),
        ("V8: 10.8.168.25-electron.0", "10.8.168.25"),
        ("vscode-language-pack|MS-|1.81.2023081609", "2023081609"),
        # Addresses that name no one's machine; a version near a URL is no IP address.
        ("The server listens on 127.0.0.1:8080 and 0.0.0.0, netmask 255.255.255.0.", "127.0.0.1"),
        ("The server listens on 127.0.0.1:8080 and 0.0.0.0, netmask 255.255.255.0.",
         "255.255.255.0"),
        ("Fails on 2.0.1.5 but not on 2.0.1.4, see https://example.org/releases.", "2.0.1.5"),
        # A party's role is no name, whatever it does.
        ("Subscriber signed this Agreement on the date below.", "Subscriber"),
        # A name before a place word is the place's.
        ("Venue: Santa Clara County. Offices: Jackson Heights.", "Santa Clara"),
    ],
)
def test_not_personal_text_is_kept(redact, text: str, kept: str) -> None:
    assert kept in redact(text)


@pytest.mark.parametrize(
    "text, planted",
    [
        # Unicode dashes and spaces in phone numbers.
        ("Reach me at (415) 555\u20110132 after lunch.", "0132"),
        ("Her cell is 415\u2013555\u20130199.", "0199"),
        ("Call 415\u00a0555\u00a00177 today.", "0177"),
        # A phone in a signature block that libphonenumber calls invalid.
        ("See you then.\n\nThanks,\nJane\n520-109-8326", "8326"),
        # Cue-led identifiers.
        ("Employee record: ssn:536904399, start date Monday.", "536904399"),
        ("My NI number is QQ 12 34 56 C.", "34 56"),
        ("Passport number: K1234567, expires 2031.", "K1234567"),
        ("Dial-in 1-800-555-0100, passcode: 4411298#.", "4411298"),
        # ... a bridge's pin code or password, or its code right after its number (session 17)
        ("Call 800-555-2462, pin code #441207", "441207"),
        ("Call In: (877) 555-6004\n  Password: 730955\n  Leader: Jane Roe", "730955"),
        ("Merger call 8005550183 318842", "318842"),
        # Spelled-out e-mail addresses.
        ("Write to jane dot doe at gmail dot com tonight.", "gmail"),
        ("Write to rob (at) example (dot) org tonight.", "example"),
        # A lower-case address.
        ("send it to 42 maple avenue, springfield, il 62704 please", "maple"),
        # Non-US first names, from the world first-name list.
        ("Please ask Tuuli about the invoice.", "Tuuli"),
        ("Ishani will send the report on Monday.", "Ishani"),
        ("Lorcan approved the change.", "Lorcan"),
        # Initials that sign a message.
        ("I moved the meeting to 3pm.\n\nThanks,\nkd", "kd"),
        # ... and a name signing a message with Windows line ends
        ("Please widen the box.\r\n\r\nBest Regards,\r\nQiaoxuan", "Qiaoxuan"),
        # A name that a naming phrase introduces, in any case.
        ("hi, my name is dravko velinek but everyone calls me dravko", "velinek"),
        ("Her maiden name is Sandgrove", "Sandgrove"),
        ("Agreed, go ahead.\n-- VK", "VK"),
        # A name after an honorific, even when the name is also an English word.
        ("Ms. Baker,\n\nThank you for the update.", "Baker"),
        # A place tied to a person.
        ("I live in Lyon with my family.", "Lyon"),
        # NER-only names backed by their context: an object of `copy`, a verb of speaking.
        ("Please copy Maelys on the reply.", "Maelys"),
        ("Bill Hardy asked us to pay the bill.", "Hardy"),
        # Names on signature lines, upper case, words that are also English words.
        ("By SKIP HARROW", "HARROW"),
        ("APPROVED BY: MARGARET O'HALLORAN", "HALLORAN"),
        # A `first.last` login of listed names; a person's repository owner.
        ("Logged in as karen.voss on the build box.", "karen.voss"),
        ("Code is at github.com/ketoprak-dev/dotfiles.", "ketoprak-dev"),
        # An address after a person's name in a notice block is the person's; so is a phone
        # after an addressee, and an address after a residence cue.
        ("If to Consultant: Orla Penrith, 42 Maple Avenue, Dover, DE 19901", "Maple"),
        ("If to Quovira:\n430 Harbor Avenue\nAttention: Orla Penrith\nTelephone: "
         "(302) 555-0143", "0143"),
        ("I work at Acme Corp and live at 42 Maple Avenue, Dover.", "Maple"),
        # Names on a signature line after a rule of dashes.
        ("By Its Authorized Representative:\n- -------------------- Orla Penrith Chairman",
         "Penrith"),
        # A listed name that spaCy calls a place, when its context says person.
        ("I've got a call into Rosalba.\n\n--Nell", "Rosalba"),
        # A capitalised word after a title, even an English word; `Surname, First M`.
        ("Ken has been asked by Mayor Brown to chair the effort.", "Brown"),
        ("Novak, Petra J asked for the curves.", "Novak"),
        # A first name that is also a word, speaking; initials after a same-line sign-off.
        ("Bill said the bill was wrong.", "Bill said"),
        # People joined by `&`, a first name leading: no firm.
        ("Thanks to Priya, Kenji & Joe Whitfield for the review.", "Kenji"),
        ("Subject: Orla Penrith CA Aug Dinner & Golf event", "Penrith"),
        ("Thanks -- tg", "tg"),
        # A name on a notice line followed by its department.
        ("Attention: Aino Lehtonen, Legal Department", "Lehtonen"),
        # A passport number after a country code; a phone after `my number is`.
        ("He travelled on passport GB 801234567.", "801234567"),
        ("my name is sarah connolly and my number is 555 0143 2210", "2210"),
        # A first name that is also a word makes a confident name with a listed surname.
        ("He did it (not to Pellham) after Rep. Chip Pellham spoke.", "Pellham"),
        # An IP address after a URL's scheme.
        ("Browse to http://10.0.3.7/admin from her desk.", "10.0.3.7"),
    ],
)
def test_personal_formats_are_found(redact, text: str, planted: str) -> None:
    assert planted not in redact(text)


def test_a_confident_name_is_replaced_everywhere_with_one_placeholder(redact) -> None:
    out = redact("Jane Whitfield called. Later WHITFIELD wrote back, and Jane agreed.")
    assert "Whitfield" not in out and "WHITFIELD" not in out and "Jane" not in out
    assert out.count("<PERSON_1>") == 3


def test_an_address_keeps_the_place_parts_with_it(redact) -> None:
    out = redact("I live at 24 Clarke Avenue, Springfield, IL 62704 since May.")
    assert "Springfield" not in out and "62704" not in out and "Clarke" not in out


def test_english_words_are_every_form_of_the_dictionary_and_census_names_stay_names() -> None:
    from curate.pii.names import english_word

    # prefixed, derived and inflected forms of stems (re+quest, -ly, -ion, plural, possessive)
    assert all(english_word(w) for w in ("Request", "remove", "Quickly", "Deregulation", "numbers",
                                         "party’s"))
    # a derived form that the census names hold is a name; its stem is a word
    assert english_word("palm") and not english_word("Palmer")
    # no hand-made endings: `jam`+`es`, `jar`+`ed` named no word (the old `_SUFFIXES` did)
    assert not any(english_word(w) for w in ("Kubiak", "James", "Jared"))


def test_world_first_names_are_shipped_without_english_words() -> None:
    from curate.pii.names import _english, _read, name_lists

    world = _read("first_names_world.txt")
    assert {"tuuli", "ishani", "lorcan"} <= world <= name_lists()[0]
    assert not world & _english()
    assert "texas" not in world and "paris" not in world
