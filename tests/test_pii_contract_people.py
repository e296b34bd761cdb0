"""A contract's person named by a bare word: known from what only a person has (`X's
likeness`) or from standing beside the company named after them (`X Communications and X`);
and a party's whole name defined by a role only a person holds (session 16). Every name here is
invented."""

from __future__ import annotations

import pytest

from curate.pii.contract_people import contract_people
from curate.record import Source, new_record
from curate.stages.redact import RedactConfig, RedactStage


def _found(text: str) -> list[tuple[str, int]]:
    return [(text[s:e], s) for s, e, _ in contract_people(text)]


def test_a_word_that_owns_a_likeness_is_the_person_wherever_it_stands() -> None:
    text = ("Licensee shall not use QV's name and likeness without consent. QV, Inc. owns all "
            "rights, and QV will attend two events. QV Optics sells the frames.")
    assert [w for w, _ in _found(text)] == ["QV", "QV"]
    assert text.index("QV will") in [s for _, s in _found(text)]


def test_a_word_beside_the_company_named_after_it_is_the_person() -> None:
    text = ("The Company retains Dravkon Media and Dravkon to provide the Services; "
            "Dravkon Media shall invoice, and Dravkon shall appear in person.")
    assert [s for _, s in _found(text)] == [text.index("Dravkon to"), text.index("Dravkon shall")]


def test_a_word_with_a_personal_pronouns_family_is_the_person() -> None:
    text = ("The Company shall furnish Dravkon, at no cost, with apparel for the personal use "
            "of Dravkon and his immediate family. Dravkon Media shall invoice.")
    assert [s for _, s in _found(text)] == [text.index("Dravkon,"), text.index("Dravkon and")]
    assert _found("Licensee and its affiliates; the Licensor and her heirs.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Distributor shall use Quellix's name and logo as Quellix Networks directs.",
        "Products means Quellix Apparel and Quellix hats.",  # a brand, not a party
        "The Company's likeness and the Licensor's image are defined terms.",
        "Quellix Networks and Quellix Systems Ltd. agree.",
    ],
)
def test_a_company_its_brand_and_dictionary_words_are_not_people(text: str) -> None:
    assert _found(text) == []


def test_the_stage_replaces_the_person_and_keeps_the_company() -> None:
    stage = RedactStage(RedactConfig())
    text = ("The Company retains Dravkon Media and Dravkon to provide the Services. "
            "Dravkon's death or disability ends the Term.")
    out = stage.process([new_record(Source("contracts", "t", "1"), "t", "", text, "ok")])[0]
    assert out.rejected is None
    assert "Dravkon Media" in out.input
    assert out.input.count("Dravkon") == 1


@pytest.mark.parametrize(
    "text, name",
    [
        ('Zorvex Bag Inc. (the "Company"); Aino Vesk ( the "Consultant")', "Aino Vesk"),
        ('Zorvex Limited ("Company"); MARTA QUELLBERG ("Executive")', "MARTA QUELLBERG"),
        ('Zorvex Foods, Inc.\nAino Vesk\nthe "Individual"', "Aino Vesk"),
    ],
)
def test_a_party_defined_by_a_persons_role_is_a_person(text: str, name: str) -> None:
    assert [w for w, _ in _found(text)] == [name]


@pytest.mark.parametrize(
    "text",
    ['Worldwide Strategies ("Consultant")', 'Vesk Consulting, LLC ("CONSULTANT")',
     'Zorvex LLC ("Consultant")', 'Aino Vesk ("Licensor")'],
)
def test_a_firm_or_a_role_anyone_holds_is_not(text: str) -> None:
    assert _found(text) == []
