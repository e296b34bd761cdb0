"""The re-scan's paragraphs: patterns read again only the paragraphs that changed, and the
name lists' full names only there (the others' from the first pass's scan)."""

from __future__ import annotations

from curate.pii.names import FULL_SCORE, find_names, full_names
from curate.pii.verify import (
    SOLID,
    changed_paragraphs,
    full_names_in,
    mask,
    paragraph_bounds,
    paragraphs,
)


def test_paragraphs_join_back_into_the_text() -> None:
    for text in ("", "one line", "a\n\n\nb \n \n  c\n", "\n\nx\n\n", "a\nb\n \nc"):
        assert "".join(paragraphs(text)) == text
    assert paragraphs("Hi Ann,\n\nThe box.\n \n\tBye") == ["Hi Ann,\n\n", "The box.\n \n\t", "Bye"]
    assert paragraph_bounds("ab\n\ncd") == [(0, 4), (4, 6)]


def test_rescan_patterns_read_only_changed_paragraphs() -> None:
    original = "Call 415-555-0132 today.\n\nHi Maria,\n\nBye"
    text = "Call 415-555-0132 today.\n\nHi <PERSON_1>,\n\nBye"
    scanned = changed_paragraphs(text, mask(text), original)
    assert len(scanned) == len(text)
    assert scanned.split("\n\n") == [" " * 24, "Hi           ,", "   "]
    # nothing read before: the whole masked text
    assert changed_paragraphs(text, mask(text), None) == mask(text)


# Synthetic prose that each rule scoring FULL_SCORE fires on: a listed first name and a
# surname, `Surname, First I`, an unknown first name and a listed surname, a list beside a
# listed name (across one line break), a title, a person's verb, a middle initial.
_FULL_FORMS = (
    "Maria Kowalczyk met Kowalczyk, Petra J and Dravko Kowalski.\n"
    "Ishani, Okonkwo Brevik and\nLorcan came; Ms. Nardell too. Dravko Quellin lives here;\n"
    "Dravko J Quellin left. Reps. Jane Roe and Hal Vasko spoke."
)


def _full(text: str) -> list[tuple[int, int, float]]:
    return sorted(n for n in find_names(text) if n[2] >= FULL_SCORE)


def test_full_names_are_find_names_full_scored_ones() -> None:
    for text in (_FULL_FORMS, _FULL_FORMS.lower(), "", "Maria\n\nKowalczyk", "Omar Vance & Co"):
        assert sorted(full_names(text)) == _full(text)
    assert len(full_names(_FULL_FORMS)) >= 7


def test_full_names_read_within_one_paragraph() -> None:
    """What makes the re-scan's reuse exact: each paragraph's names, read alone, are the
    text's names there, whatever stands beside it (a name at either edge, `&`, a list that
    would run on, CRLF and odd white space in the blank line)."""
    blanks = ("\n\n", "\r\n\r\n", "\n \t\n  ", "\n\r\n", "\n\u00a0\n")
    for blank in blanks:
        text = blank.join([_FULL_FORMS, "Petra Novak", "& Omar Vance,", "Jane Roe and",
                           "Lorcan Dorsett or Tavia Dorsett", _FULL_FORMS])
        pieces = [
            (s + a, e + a, score)
            for a, b in paragraph_bounds(text)
            for s, e, score in full_names(text[a:b])
        ]
        assert len(paragraph_bounds(text)) == 6
        assert sorted(pieces) == sorted(full_names(text)) == _full(text)


def test_rescan_full_names_beside_a_placeholder_match_a_full_scan() -> None:
    """The re-scan takes an unchanged paragraph's names from the first pass's scan and scans
    the changed ones: a name right beside a placeholder, at the changed paragraph's first
    or last character, or opening the unchanged paragraph after it, is found all the same."""
    before = "Hi Jane Roe,\n\nMaria Kowalczyk and Omar Vance\n\nPetra Novak\n\nOmar Vance"
    for old, new in (
        ("Jane Roe", "<PERSON_1>"),                      # the first paragraph changed
        ("Omar Vance\n\nPetra", "<PERSON_1> Petra"),     # two paragraphs made one
        ("Maria Kowalczyk and ", "<PERSON_1>"),         # `<PERSON_1>Omar Vance`
        ("Petra Novak", "<PERSON_2>Maria Kowalczyk"),    # a name glued to a placeholder
        ("Hi Jane Roe,\n\n", ""),                        # offsets shift, nothing masked
    ):
        text = mask(before.replace(old, new, 1), SOLID)
        assert sorted(full_names_in(text, before)) == _full(text)
        assert sorted(full_names_in(text, None)) == _full(text)
    assert sorted(full_names_in(before, before)) == _full(before)


def test_rescan_takes_no_countrys_name_for_a_person_in_any_genre() -> None:
    """`Hong Kong` is a listed first name and surname to the name lists, and the re-scan has
    no NER there to call it a place: it withheld every record that named the place."""
    from curate.pii.people import People
    from curate.pii.verify import named_in_prose

    text = "We open an office in Hong Kong and one in Sierra Leone; Tobias Marrow runs both."
    for genre in ("mail", "ticket", "contract", "other"):
        found = [text[s.start : s.end] for s in named_in_prose(text, People(), genre)]
        assert found == ["Tobias Marrow"]
