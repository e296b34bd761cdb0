"""The re-scan's paragraphs: patterns read again only the paragraphs that changed (there the
lines near a placeholder), and the name lists' full names only there (the others' from the
first pass's scan); its NER: what it finds beside a placeholder, read with the context beyond
the placeholder's reach."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from curate.pii.names import FULL_SCORE, find_names, full_names
from curate.pii.verify import (
    LINES_AROUND,
    SOLID,
    _may_name,
    _name_like,
    changed_paragraphs,
    full_names_in,
    mask,
    near_changed_lines,
    near_placeholders,
    paragraph_bounds,
    paragraphs,
    windows,
)

if TYPE_CHECKING:
    from curate.pii.detect import Span
    from curate.pii.engine import Part


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


def test_rescan_patterns_read_only_lines_near_a_placeholder() -> None:
    original = "Ship to:\n12 Elm St\nCall 415-555-0132\nor Maria\nThanks,\nOmar"
    text = "Ship to:\n12 Elm St\nCall <PHONE_1>\nor Maria\nThanks,\nOmar"
    scanned = changed_paragraphs(text, mask(text), original)
    assert len(scanned) == len(text)
    # the placeholder's line and LINES_AROUND lines either side; the others blanked
    assert LINES_AROUND == 1
    assert scanned.split("\n") == [" " * 8, "12 Elm St", "Call" + " " * 10, "or Maria", " " * 7, "    "]
    # a changed paragraph without a placeholder is read whole
    assert near_changed_lines("a\nb\nc", "a\nb\nc") == "a\nb\nc"


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


def _ner_detect() -> Callable[[Sequence[str], Part], list[list[Span]]]:
    """The stage's own detectors (real presidio and spaCy model), as the re-scan calls them."""
    from curate.stages.redact import RedactConfig, RedactStage

    return RedactStage(RedactConfig())._detect


_WANTED = frozenset({"PERSON", "LOCATION", "EMAIL_ADDRESS"})


def test_the_re_scan_finds_a_name_beside_a_placeholder() -> None:
    text = "Yesterday our lawyers met with <PERSON_1> and Jane Roe about the lease renewal."
    (found,) = near_placeholders([text], _ner_detect(), _WANTED)
    assert [(text[s.start : s.end], s.entity) for s in found] == [("Jane Roe", "PERSON")]


def test_a_name_in_reach_is_read_with_the_context_beyond_it() -> None:
    """A name one word from a placeholder that the model finds only with the words before the
    placeholder's reach (`drove to`): the window reads them, the finding counts."""
    detect = _ner_detect()
    text = "We flew out on Monday and then drove to <LOCATION_1> near Brannick before the holidays."
    (window,) = windows(text)
    ((a, b),) = window.reaches
    assert "Brannick" in text[a:b] and window.start < a
    assert detect([mask(text)[a:b]], "ner") == [[]]  # the reach alone: nothing
    (found,) = near_placeholders([text], detect, _WANTED)
    assert [text[s.start : s.end] for s in found] == ["Brannick"]


def test_the_context_beyond_the_reach_is_read_not_searched() -> None:
    """A name more than REACH_WORDS words from every placeholder reads as in the first pass
    (which replaced or kept it already): the model reads it as context, nothing counts there."""
    detect = _ner_detect()
    text = "Jane Roe wrote that the file for <PERSON_1> is late."
    (window,) = windows(text)
    assert window.start == 0 and "Jane Roe" not in text[slice(*window.reaches[0])]
    assert any(s.entity == "PERSON" for s in detect([mask(text)], "ner")[0])
    assert near_placeholders([text], detect, _WANTED) == [[]]


def test_a_reach_without_a_name_like_word_is_not_read() -> None:
    """Only a capitalised or listed word lets a PERSON or LOCATION count: a placeholder whose
    reach holds none gets no window, unless another NER entity is wanted; one whose reach holds
    one gets its window as before."""
    text = "see the file that <PERSON_1> sent to us when it was done, then the rest."
    assert not _may_name(mask(text)[slice(*windows(text)[0].reaches[0])])
    detect, read = _ner_detect(), []

    def recording(texts: Sequence[str], part: Part) -> list[list[Span]]:
        read.extend(texts)
        return detect(texts, part)

    assert near_placeholders([text], recording, _WANTED) == [[]] and read == []
    near_placeholders([text], recording, _WANTED | {"DATE_TIME"})
    assert read == [mask(text)[windows(text)[0].start : windows(text)[0].end]]
    # a second placeholder whose reach holds a name-like word: only its window is read
    far = " ".join(["and then the rest of it"] * 4)
    both = f"{text} {far} we asked <PERSON_2> and Jane Roe"
    read.clear()
    (found,) = near_placeholders([both], recording, _WANTED)
    (kept,) = windows(both, lambda a, b: "Jane" in both[a:b])
    assert read == [mask(both)[kept.start : kept.end]]
    assert [both[s.start : s.end] for s in found] == ["Jane Roe"]


def test_a_window_s_gate_holds_every_word_a_name_needs() -> None:
    """Whatever run of spaCy's tokens of a text `_name_like` accepts (an NER finding is one),
    `_may_name` accepts the whole text."""
    from curate.pii.engine import analyzer

    nlp = analyzer().nlp_engine.get_nlp("en")
    texts = ("x Roe-smith y", "to o'Neil and", "ab maria cd", "the /home/Jdoe path", "a B c",
             "jean-luc said", "d'arcy came", "nothing here at all", "C:\\Users\\jdoe\\x",
             "we'll see ng's o-ring")
    accepted = []
    for text in texts:
        doc = nlp.make_doc(text)
        spans = [doc[a:b].text for a in range(len(doc)) for b in range(a + 1, len(doc) + 1)]
        if any(map(_name_like, spans)):
            accepted.append(text)
            assert _may_name(text), text
    assert len(accepted) >= 4 and not _may_name("nothing here at all")
