"""The re-scan's paragraphs: patterns read again only the paragraphs that changed."""

from __future__ import annotations

from curate.pii.verify import changed_paragraphs, mask, paragraph_bounds, paragraphs


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
