"""Business terms against names (`curate.pii.terms`): a cue that names a person keeps a surname
that is also a word, and a legal form in capitals ends an organisation's name. Every text is
written for this test; the names are invented."""

from __future__ import annotations

import pytest

from curate.pii.terms import business_term, organisations


def _dropped(text: str, word: str) -> bool:
    start = text.index(word)
    return business_term("PERSON", text, start, start + len(word), organisations(text))


@pytest.mark.parametrize("word", ["Frost", "Moss"])
def test_a_verb_whose_object_is_a_person_keeps_a_surname_that_is_a_word(word: str) -> None:
    assert not _dropped(f"Please call {word} before Friday.", word)
    assert _dropped(f"The report on {word} arrived.", word)  # no cue: a word


@pytest.mark.parametrize("text", ["The Frost bill passed the committee.",
                                  "They voted on the Frost-Hale amendment."])
def test_a_bill_named_after_its_sponsor_keeps_the_sponsors_name(text: str) -> None:
    assert not _dropped(text, "Frost")
    assert _dropped("The Frost plan passed the committee.", "Frost")  # a plan's name


def test_a_cue_keeps_no_code_or_common_word() -> None:
    assert _dropped("Please call `Frost` before Friday.", "Frost")  # code
    assert _dropped("Please call Support before Friday.", "Support")  # a common word


@pytest.mark.parametrize("firm, name", [("ORLA PENRITH, INC.", "PENRITH"),
                                        ("THE MARLOW/KESTREL CO.", "KESTREL"),
                                        ("IVO BRANDT CORPORATION", "BRANDT"),
                                        ("PENRITH HOLDINGS, L.L.C.", "PENRITH")])
def test_a_legal_form_in_capitals_ends_an_organisation(firm: str, name: str) -> None:
    text = f"{firm}\nBy: /s/ Orla Penrith"
    spans = organisations(text)
    at = text.index(name)
    assert any(s <= at and at + len(name) <= e for s, e in spans), spans
    assert not any(s <= text.index("Orla Penrith") < e for s, e in spans)
    assert not organisations("ORLA PENRITH, PRESIDENT")  # a title in capitals is no legal form


@pytest.mark.parametrize("institution", ["M. D. Penrith Cancer Center", "Brandt Research Council",
                                         "Kestrel Communications", "Penrith Laboratories"])
def test_an_institution_named_after_a_person_is_an_organisation(institution: str) -> None:
    """An institution's head noun ends an organisation's name (session 10: a notice block's
    cancer centre was taken for its namesake)."""
    text = f"If to the Institute:\n{institution}\nAttn: Chief Legal Officer"
    assert (text.index(institution), text.index(institution) + len(institution)) in [
        (s, e) for s, e in organisations(text)
    ]
    assert _dropped(text, institution)
    assert not _dropped("Please call Orla Penrith before Friday.", "Orla Penrith")
