"""Recall on forms of names in mail that session 9 generalised from a fresh draw: a greeted
name alone on a message's opening line, a first name that is also a word in a line or list of
people, a name addressed in an aside, initials spelled by a full name in the same text, a
surname naming a measure or a draft, a subject that is only a name, a second full name beside
a known one, header display names with a bracketed department, and a sender's initials with a
middle one the header does not give. Real presidio and spaCy model; every name here is
invented or a census surname."""

from __future__ import annotations

import pytest

from curate.pii.backed import backed_names
from curate.pii.names import find_names
from curate.pii.people import People
from curate.pii.salutations import find_salutation_names
from curate.record import Source, new_record
from curate.stages.redact import RedactConfig, RedactStage


@pytest.fixture(scope="module")
def stage() -> RedactStage:
    return RedactStage(RedactConfig())


def _found(find, text: str) -> list[str]:
    return sorted({text[s:e] for s, e, _ in find(text)})


def test_a_greeted_name_alone_on_the_opening_line() -> None:
    assert _found(find_salutation_names, "Subject: RE: Invitation\n\nDravkia,\n\nThanks.") == [
        "Dravkia"]
    # an honorific of another language before the name: both words go, the name with them
    assert _found(find_salutation_names, "Subject: ticket\n\nPani Quenelo,\n\nCzy to jest?") \
        == ["Pani Quenelo"]
    for opening in ("Folks,", "Gentlemen,", "Team,", "All,", "Texas,", "May,"):
        assert _found(find_salutation_names, f"Subject: x\n\n{opening}\n\nWe met today.") == [], \
            opening


def test_a_first_name_that_is_a_word_among_names_and_in_an_aside() -> None:
    assert _found(find_salutation_names, "PRIVILEGED\n\nJulia/Mark\n\nIf we file, fine.") == [
        "Julia", "Mark"]
    assert _found(find_salutation_names, "Summary/Action\n\nIf we file, fine.") == []
    assert _found(find_salutation_names, "price caps cause shortages (Rob- can you look?);") == [
        "Rob"]
    assert _found(find_salutation_names, "It failed.  Dravkon -- could you look?") == [
        "Dravkon"]
    assert _found(find_salutation_names, "the plan (Also, can you look?) and") == []
    assert _found(find_salutation_names, "It failed. Also - please look.") == []


def test_initials_spelled_by_a_full_name_in_the_same_text() -> None:
    text = "Subject: Award - HW & TD\n\nA request for Harold Wendel and Tavia Dorsett.  Rick"
    assert {"HW", "TD"} <= set(_found(backed_names, text))
    # a firm's initials (`KI, Inc.`) and initials no full name spells stay
    assert _found(backed_names, "KI, Inc. and Kara Ingleby agree; KI eyewear") == []
    assert _found(backed_names, "IT & HR met Harold Wendel.") == []


def test_a_surname_naming_a_measure_or_a_draft() -> None:
    text = ("We read the Kowalski draft RTO language; a Kowalski subcommittee hearing.\n"
            "Subject: Re: Quellberg Bankruptcy Amendment")
    assert _found(backed_names, text) == ["Kowalski", "Quellberg"]
    # a contract's amendment named after a firm, a company's draft, a word
    assert _found(backed_names, "Ingram Amendment  1\nSubject: Re: Starwood Draft\n"
                                "the Final draft; the Senate bill") == []


def test_a_first_name_that_is_a_word_in_a_list_of_people() -> None:
    text = "Subject: Meet with Diane, Mark, Luke, Vicki, Harry, Quellberg, Amy Cutter in 6C2"
    assert _found(backed_names, text) == ["Mark"]
    assert _found(backed_names, "Sale, Grant and Transfer of the Mark") == []


def test_a_second_full_name_beside_a_known_one_and_a_subject_that_is_a_name() -> None:
    assert "Tavia Dorsett" in _found(find_names, "for Harold Wendel and Tavia Dorsett.  I have")
    assert _found(find_salutation_names, "Subject: Re: Kowalski\n\nfyi") == ["Kowalski"]
    assert _found(find_salutation_names, "Subject: Andre Quellberg\n\nAny problem?") == [
        "Andre Quellberg"]
    for subject in ("Houston", "Budget", "Re: Natural Gas", "Re: Dravkia"):
        assert _found(find_salutation_names, f"Subject: {subject}\n\nfyi") == [], subject


def test_a_person_reached_or_called_to() -> None:
    assert "Quellberg" in _found(find_names, "Ken will try to reach Quellberg on Monday.")
    assert "Quellberg" in _found(find_names, "Subject: Re: CFTC call to Quellberg\n\nNot yet.")


def test_display_names_with_a_bracketed_department_and_mangled_addresses() -> None:
    people = People()
    people.add_addresses("julia.roe@x.example, legal <.vasko@x.example>")
    people.add_addresses(
        "Roe, Julia </O=X/OU=NA/CN=RECIPIENTS/CN=Jroe>, "
        "Vasko, Mark E (Legal) </O=X/OU=NA/CN=RECIPIENTS/CN=Mvasko1>"
    )
    text = "Julia/Mark\n\nMark E. Vasko says legal is fine."
    found = {text[s.start : s.end]: key for s, key in people.find(text)}
    assert found["Mark"] == found["Mark E. Vasko"] == "mark vasko"
    assert "legal" not in found  # a department before a mangled address is no handle


def test_a_senders_initials_with_an_unknown_middle_one_alone_on_a_line() -> None:
    people = People()
    people.add_addresses("Gavin Arkwright <qelbin19@x.example>")
    text = "Bear with me.\n\ngqa\n\nthe gqa pipeline"
    assert [text[s.start : s.end] for s, _ in people.find(text)] == ["gqa"]


def test_a_header_persons_initials_with_an_unknown_middle_one_addressing_a_line() -> None:
    people = People()
    people.add_addresses("Gavin Arkwright <gavin.arkwright@x.example>, Tilda Quorn <tq@x.example>")
    for text, found in (("TQ/GQA - as a follow-up, see below.", ["TQ", "GQA"]),
                        ("GQA: see below", ["GQA"]),
                        ("Our GQA - no", []), ("RSS/GQA feeds - fine", [])):
        assert [text[s.start : s.end] for s, _ in people.find(text)] == found


def test_a_nickname_or_formal_name_of_a_header_person_is_that_person() -> None:
    people = People()
    people.add_addresses("Quennell, Jeffrey <jq@x.example>, Chris Vasko <cv@x.example>")
    text = "Jeff says Christopher and Geoff Quennell agree; Bill and Will stay."
    found = {text[s.start : s.end]: key for s, key in people.find(text)}
    assert found == {"Jeff": "jeffrey quennell", "Geoff Quennell": "jeffrey quennell",
                     "Christopher": "chris vasko"}


def test_the_forms_end_to_end(stage: RedactStage) -> None:
    text = ("Subject: Award - HW & TD\n\nDravkia,\n\nA request for Harold Wendel and Tavia "
            "Dorsett.  The Kowalski draft is bad (Rob- can you look?).\n\nRick")
    out = stage.process([new_record(Source("test", "t", "1"), "t", "", text, "Noted.")])[0]
    for planted in ("HW", "TD", "Dravkia", "Tavia", "Dorsett", "Kowalski", "Rob"):
        assert planted not in out.input, planted
    assert "The <PERSON" in out.input and "draft is bad" in out.input


def test_initials_spelled_with_a_leading_or_middle_initial() -> None:
    assert _found(backed_names, "Regards,\n\nG. Hal Vasko (GHV)\n\nThe list follows.") == ["GHV"]
    assert _found(backed_names, "Hal G. Vasko wrote it; HGV agrees.") == ["HGV"]
    # three capitals that no name in the text spells stay
    assert _found(backed_names, "G. Hal Vasko met the CEO and the GHA.") == []


def test_a_legislators_abbreviated_or_plural_title_and_the_names_it_lists() -> None:
    text = ("Staff to Reps. Hal Vasko and Odile Quennell met; Cong. DeVane's staff and "
            "Senators Tallby, Quillby and Roeper too; Reps. Jana Ostrow and Sen. Pim Kalder.")
    found = _found(find_names, text)
    assert {"Hal Vasko", "Odile Quennell", "DeVane", "Tallby", "Quillby", "Roeper", "Jana Ostrow",
            "Pim Kalder"} <= set(found)
    assert not {"Cong", "Reps", "Senators"} & set(found)
    # a singular title names one person: the next name of a list is not its
    assert "Odile Quennell" not in _found(find_names, "Rep. Hal Vasko and odile quennell met.")
