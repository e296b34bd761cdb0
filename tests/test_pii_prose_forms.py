"""Recall on forms of names in mail prose that session 7 generalised: names joined by a slash,
a lower-case first name acting as a person, capital initials ending a sign-off's line, a first
name typed with two capitals, a display name joined by underscores, and initials in a list
beside a known person's; and session 11's classes: a hard-wrapped list of surnames, a surname
a person cue names once, a nickname inside a full name, initials after the last sentence, a
conference bridge's number, a weekday taken for a place; and session 12's: a name the model
ran on into a number, a first name with the initial after it, a contacts line's number, a
sender's initial signing alone, a room named after someone, a subject's place and the name
greeted below it, a date read as a house number. Real presidio and spaCy model; every name
here is invented."""

from __future__ import annotations

import pytest

from curate.pii.names import find_names
from curate.pii.people import People
from curate.pii.salutations import find_salutation_names
from curate.record import Source, new_record
from curate.stages.redact import RedactConfig, RedactStage


@pytest.fixture(scope="module")
def stage() -> RedactStage:
    return RedactStage(RedactConfig())


def _names(text: str) -> list[str]:
    return [text[s:e] for s, e, _ in find_names(text)]


def _redacted(stage: RedactStage, text: str) -> str:
    out = stage.process([new_record(Source("test", "t", "1"), "t", "", text, "Noted.")])[0]
    assert out.annotations["redact"]["residual"] == {}  # the first pass found it all
    return out.input


@pytest.mark.parametrize(
    "text, planted, kept",
    [
        ("Out of the office\n\nMartha Oakridge/Orrin Vasko (shared desk) call either.",
         ["Martha", "Oakridge", "Orrin", "Vasko"], "(shared desk) call either."),
        ("Subject: Wilhelmina Roe /Project Summer transfers\n\nAny word?", ["Wilhelmina", "Roe"],
         "/Project Summer transfers"),
        ("Subject: Re: Mtg w/Bob Quennell\n\nI think this is a great idea.", ["Quennell"],
         "Mtg w/"),
    ],
)
def test_names_joined_by_a_slash_are_each_found(
    stage: RedactStage, text: str, planted: list[str], kept: str
) -> None:
    out = _redacted(stage, text)
    assert not [p for p in planted if p in out]
    assert kept in out


def test_a_lower_case_first_name_acting_as_a_person_is_a_name() -> None:
    assert _names("it may wait as ken is on vacation, but ken will call") == ["ken", "ken"]
    assert _names("please put it in ken's file") == ["ken"]
    # a determiner makes it a noun; first names that are also words are not guessed in lower case
    assert _names("the van will arrive") == []
    assert _names("mark is on the chart and bill is due") == []


def test_capital_initials_ending_a_sign_off_line_sign_the_message() -> None:
    text = "Please advise if you wish to discuss.  Thanks.  JRV\n\n\tOrrin Vasko@ACME"
    assert [text[s:e] for s, e, _ in find_salutation_names(text)] == ["JRV"]
    assert find_salutation_names("Send it over. Thanks. FYI") == []
    assert find_salutation_names("thanks, ok") == []


def test_a_listed_first_name_typed_with_two_capitals_is_a_name() -> None:
    assert "WIlhelmina Quennell" in _names("WIlhelmina Quennell suggested I forward it.")
    assert _names("The APIs and IDs are listed.") == []


def test_a_display_name_joined_by_underscores_is_the_person() -> None:
    people = People()
    value = "Roe_Tamsin <Tamsin_Roe@school.example>"
    people.add_field("to", value)
    found = {value[s.start : s.end] for s, _ in people.find(value, True)}
    assert {"Roe_Tamsin", "Tamsin_Roe@school.example"} <= found


def test_a_list_that_names_a_known_person_by_initials_names_the_others_by_theirs(
    stage: RedactStage,
) -> None:
    text = ("From: Vasko, Orrin\n\nShe needs one of you (OV, TQ, or MK) to speak at the dinner; "
            "the RFP, SOW and NDA are attached.")
    out = _redacted(stage, text)
    assert not {"OV", "TQ", "MK"} & set(out.replace("(", " ").replace(",", " ").split())
    assert "RFP, SOW and NDA" in out  # no known person's initials in that list


def test_an_unknown_word_a_person_verb_takes_or_that_owns_something_is_a_name() -> None:
    assert _names("I'd be happy to call Dravkonen.") == ["Dravkonen"]
    assert _names("Subject: Re: Quellavi's presentations") == ["Quellavi"]
    # dictionary words, places and common words are not
    assert _names("please call Legal and ask Support") == []
    assert _names("the budget's total") == []


def test_a_lower_case_list_may_hold_one_unlisted_first_name_among_four() -> None:
    text = "they had five: zoravin, terrence, pamela, donna and brian."
    assert _names(text) == ["zoravin", "terrence", "pamela", "donna", "brian"]
    assert _names("bring apples, pamela, bread and milk") == []


def test_a_lower_case_name_on_a_signature_line() -> None:
    text = "name: jane q. roe\n"
    assert [text[s:e] for s, e, _ in find_salutation_names(text)] == ["jane q. roe"]
    assert find_salutation_names("by: the parties\n") == []


def test_a_name_addressed_as_a_message_opens_is_a_name() -> None:
    def found(text: str) -> list[str]:
        return [text[s:e] for s, e, _ in find_salutation_names(text)]

    assert found("Dravkon, can you send the curves?") == ["Dravkon"]
    assert found("Notes below.\n\nQuellavi, I shall be in town on Thu.") == ["Quellavi"]
    assert found("Also, could you send it?") == []
    assert found("Unfortunately, we lost the bid.") == []
    assert found("We met. Dravkon, can you call?") == []  # not opening a message or paragraph


def test_a_name_addressed_by_a_dash_or_signing_alone_on_the_last_line_is_a_name() -> None:
    def found(text: str) -> list[str]:
        return [text[s:e] for s, e, _ in find_salutation_names(text)]

    assert found("Agreed.\n\nDravkon -- any news on the curves?") == ["Dravkon"]
    assert found("Fine.\n\nQuellavi/Tavish - how does the link work?") == ["Quellavi", "Tavish"]
    assert found("I guess not.\n\nDravkon.") == ["Dravkon"]
    assert "Dravkon" in found("Will do.\n\nDravkon\n\n-----Original Message-----\nFrom: x")
    # a word of the dictionary or a place is no signature or addressee
    assert found("Fine.\n\nNote -- the build is slow.") == []
    assert found("Done.\n\nThanks.") == []
    assert found("Done.\n\nTexas.") == []
    assert found("Done.\n\nQuellavi\n\nmore text follows") == []  # not a last line


def test_an_unknown_subject_with_a_personal_pronoun_after_it_is_a_name() -> None:
    assert _names("Dravkonen is a mixed bag.  I think he's strong.") == ["Dravkonen"]
    assert _names("Kubectlix is slow.  It hangs.\n\nHe said so.") == []


def test_an_unknown_word_after_representative_is_a_name() -> None:
    assert "Quellavi" in _names("Meet with Representative Quellavi at 4:00.")
    assert "Agreement" not in _names("the Sales Representative Agreement")


def test_unknown_words_before_a_verb_only_a_person_does_are_a_name() -> None:
    assert _names("Dravkonen spent a year at the firm.") == ["Dravkonen"]
    assert "Quellavi Dravkonen" in _names("Quellavi Dravkonen lives at the end of the road.")
    # a company wants, says and agrees too
    assert _names("Quellixon wants to close by November.") == []


def test_two_words_around_a_middle_initial_are_a_name() -> None:
    assert "Quellavi J Dravkonen" in _names("Have you been to a Quellavi J Dravkonen concert?")
    assert _names("Read Section A Subsection B first.") == []


def test_a_relation_named_by_a_possessive_introduces_a_name() -> None:
    assert _names("I would like to remove my kid Dravkonen from the will.") == ["Dravkonen"]


@pytest.mark.parametrize(
    "text, nick",
    [
        ("Please set up a meeting with Alfred Quellin (Fred) on Monday.", "Fred"),
        ("Ask Robert (Rob) Vasko about the schedule.", "Rob"),
        ("Martha Oakridge (Marty) will join the call.", "Marty"),
    ],
)
def test_a_nickname_in_brackets_beside_the_full_name_it_shortens_is_redacted(
    stage: RedactStage, text: str, nick: str
) -> None:
    assert f"({nick})" not in _redacted(stage, text)


def test_a_bracketed_word_that_shortens_no_first_name_is_kept(stage: RedactStage) -> None:
    text = "The Software Engineering (Soft) team and Acme Corp (Acme) signed."
    assert "(Soft)" in _redacted(stage, text) and "(Acme)" in _redacted(stage, text)


def test_sponsors_of_a_bill_joined_by_a_slash_are_each_found(stage: RedactStage) -> None:
    out = _redacted(stage, "Subject: Senate passes Quellon/Vasko Bill 30-0\n\nSee below.")
    assert "Quellon" not in out and "Vasko" not in out and "Bill 30-0" in out


def test_a_hard_wrapped_list_of_surnames_names_every_item(stage: RedactStage) -> None:
    # mail wraps at 72 characters; two listed surnames and unknown words make it a list of
    # people, and its items that are also words (`Mills`, `Fields`) are surnames there
    text = ("These are useful updates.  Please include Quellon, Vasko, Kowalski,\n"
            "Dravkin, Mills, Fields, Ostrander, Lavorro etc on future updates.  Thanks")
    out = _redacted(stage, text)
    planted = ["Quellon", "Vasko", "Kowalski", "Dravkin", "Mills", "Fields", "Ostrander", "Lavorro"]
    assert not [p for p in planted if p in out]
    assert out.endswith("etc on future updates.  Thanks")


def test_a_list_of_places_is_no_list_of_people(stage: RedactStage) -> None:
    for text in ("We ship to Houston, Dallas, Austin, Denver and Phoenix every week.",
                 "Our cities: Houston, Dallas, Austin, Denver, Phoenix."):
        assert _redacted(stage, text) == text


def test_a_surname_a_person_cue_names_once_is_a_name_everywhere(stage: RedactStage) -> None:
    from curate.pii.detect import Span
    from curate.pii.propagate import propagate_names

    text = ("They continue to talk to Thornton and his staff about the Thornton discussion "
            "draft.  He spent hours with Thornton and other committee staff.")
    at = text.index("Thornton")
    spans = propagate_names([text], [[Span(at, at + 8, "PERSON", 0.9)]])[0]
    assert [text[s.start:s.end] for s in spans] == ["Thornton"] * 3
    # without a cue a lone surname may be a place or a firm: found where found, no further
    plain = "Thornton bought the plant.  The Thornton plant runs well."
    assert len(propagate_names([plain], [[Span(0, 8, "PERSON", 0.9)]])[0]) == 1
    assert "Thornton" not in _redacted(stage, text)


def test_a_nickname_in_brackets_inside_a_full_name_takes_the_whole_name(stage: RedactStage) -> None:
    out = _redacted(stage, "Subject: Ricardo (Cayo) Quellin, resume\n\nI don't know Ricardo.")
    assert "Cayo" not in out and "Quellin" not in out and out.startswith("Subject: <PERSON_1>, resume")


def test_three_initials_after_the_last_sentence_sign_the_message() -> None:
    people = People()
    people.add_addresses("mark.quellin@example.com")
    text = "He has elaborated his concerns below.  Let me know if\nyou need more.   mrq"
    spans = people.find(text, False)
    assert [text[s.start:s.end] for s, _ in spans] == ["mrq"]
    # not mid-message, and not initials of nobody here
    assert people.find("see mrq below.  ok", False) == []
    assert People().find("you need more.   mrq", False) == []


def test_a_conference_bridge_number_is_no_persons_phone(stage: RedactStage) -> None:
    for text in ("Subject: Task Force conf call -- 9:30\n\n202-555-0143",
                 "Subject: Reliability Conference Call\n\nto discuss June 3 meeting.  202-555-0143.",
                 "Call 800-555-0143, pin code #4411"):
        assert "202-555-0143" in _redacted(stage, text) or "800-555-0143" in _redacted(stage, text)
    # a named person's line under the call's subject is that person's
    out = _redacted(stage, "Subject: FYI - Conference Call\n\nJane Quellin 410-555-0172\nOrrin Vasko")
    assert "0172" not in out


def test_a_weekday_is_no_place(stage: RedactStage) -> None:
    from curate.pii.terms import business_term

    text = "Maybe dinner or drinks on Thurs?  Or Tues in Lyon."
    at = text.index("Thurs")
    assert business_term("LOCATION", text, at, at + 5, [])
    assert not business_term("LOCATION", text, text.index("Lyon"), text.index("Lyon") + 4, [])


def test_acronyms_are_no_names() -> None:
    from curate.pii.corroborate import corroborated

    # `Ena` is a listed first name, but a list of acronyms is one of firms and units
    assert _names("We shall work with EES and ENA on it.") == []
    assert {"Ishani", "Okonkwo", "Brevik"} <= set(_names("Ask Ishani, Okonkwo and Brevik."))
    # an acronym that a name stood before (`the Roe RTO bill`) is not spread as a name's part
    from curate.pii.detect import Span
    from curate.pii.propagate import propagate_names

    text0 = "the Thelma RTO bill; the RTO rules; Thelma wrote"
    spans = propagate_names([text0], [[Span(4, 14, "PERSON", 0.9)]])[0]
    assert [text0[s.start:s.end] for s in spans] == ["Thelma RTO", "Thelma"]
    # two short acronyms are no unknown name words for the NER model's guess
    text = "\tDan Roe 06/07/2001 04:59 PM   To: Bo Tan/HOU/ECT@ECT  Subject: renewal"
    at = text.index("ECT@ECT")
    assert not corroborated(text, at, text.index(":", at))
    assert corroborated("We met Xinhao Quzhang today.", 7, 21)


def test_a_name_rule_backs_the_models_guess_of_the_same_span() -> None:
    from curate.pii.corroborate import corroborated

    # presidio keeps one result per span, the model's; the name rule's evidence (an unknown
    # word that owns something) must still back it
    text = "Need to be there by noon to attend Dravko's staff meeting."
    at = text.index("Dravko")
    assert corroborated(text, at, at + 6)
    assert not corroborated("Need to be there by noon to attend Dravko staff meeting.", at, at + 6)


def test_a_name_the_model_ran_on_into_a_number_ends_before_it() -> None:
    from presidio_analyzer import RecognizerResult

    from curate.pii.analyze import _before_number

    def cut(text: str, recognizer: str = "SpacyRecognizer") -> str:
        result = RecognizerResult("PERSON", 0, len(text), 0.85,
                                  recognition_metadata={"recognizer_name": recognizer})
        return text[: _before_number(text, result).end]

    assert cut("Orrin Quellmar -- 7587") == "Orrin Quellmar"
    assert cut("Tuuli Quorrow 5550143876") == "Tuuli Quorrow"
    assert cut("Anthony D: x6235") == "Anthony D"
    assert cut("Vasko3 (4, 8)") == "Vasko3 (4, 8)"  # no name before the digits: left to drop
    assert cut("Confirmed Thu 8:30") == "Confirmed Thu 8:30"  # a date or time: left to drop
    assert cut("Orrin Quellmar -- 7587", "NameListRecognizer") == "Orrin Quellmar -- 7587"


def test_names_before_desk_numbers_are_redacted_in_the_first_pass(stage: RedactStage) -> None:
    # the model's spans ran into the numbers, whose digits dropped them with the listed names
    # folded into them; the re-scan then found a name and the record was withheld
    out = _redacted(stage, "Subject: Staff meeting\n\nAnthony D -- 6235\nLauren Cox 9416377899")
    assert "Anthony" not in out and "Lauren" not in out and "Cox" not in out


def test_a_senders_initial_alone_on_the_last_line_signs_the_message() -> None:
    people = People()
    people.add_addresses("mara.quellin@example.com")
    for text in ("I'm fine with it.\nm", "My thoughts,\nM  "):
        assert [text[s.start:s.end] for s, _ in people.find(text, False)] == [text.strip()[-1]]
    # not another letter, not a letter that goes on, not one inside the text
    assert people.find("I'm fine with it.\nk", False) == []
    assert people.find("I'm fine with it.\nm and more", False) == []
    assert people.find("m\nI'm fine with it.", False) == []


def test_a_room_named_after_someone_is_a_venue() -> None:
    from curate.pii.terms import business_term

    text = "At the Four Seasons Hotel - Thelma Room"
    at = text.index("Thelma")
    assert business_term("PERSON", text, at, at + 6, [])
    text = "Thelma Hall will attend; so will Orrin Vasko."
    assert not business_term("PERSON", text, 0, 11, [])


def test_a_subjects_place_is_not_tied_to_the_name_greeted_below_it(stage: RedactStage) -> None:
    out = _redacted(stage, "Subject: RE: 1. Paris, June 28; 2. Houston, July 16 - 17\n\n"
                           "Orsolya,\n\nNo problem.\n\nVasko")
    assert "Houston, July 16" in out and "Orsolya" not in out


def test_a_month_before_a_number_is_a_date_not_a_house_number() -> None:
    from curate.pii.address import find_addresses

    assert find_addresses("refunds under the Commission's July 26 Order, in both cases") == []
    text = "She lives at Hoge Wei 32, Utrecht"
    assert [text[s:e] for s, e in find_addresses(text)] == ["Hoge Wei 32, Utrecht"]


def test_a_first_name_takes_the_initial_after_it() -> None:
    assert _names("and have Ishani B sign.  Thanks") == ["Ishani", "Ishani B"]
    assert _names("Tuuli D -- 6235") == ["Tuuli", "Tuuli D"]
    # not the pronoun or an article, not a first name that is also a word, not `C++` or `B.`
    assert set(_names("I told Ishani I would")) == {"Ishani"}
    assert set(_names("Plan B is fine; Mark A said so; Tuuli C++ code; ask Tuuli B.")) == {"Tuuli"}


def test_a_number_on_a_contacts_line_after_a_name_is_a_phone() -> None:
    from curate.pii.phone import find_phones

    def phones(text: str) -> list[str]:
        return [text[s:e] for s, e, _ in find_phones(text)]

    assert phones("houston\nThelma Vantreek\nTuuli Quorrow 5550143876") == ["5550143876"]
    assert phones("Orrin piper\nIshani Keleman\n555-0143\n\nre Roadshow") == ["555-0143"]
    # not after words that are no listed first name, nor a desk extension
    assert phones("Account Number 5550143876\nOrder Total 5550143876") == []
    assert phones("Tuuli Quorrow -- 6235") == []
