"""Which names that only the NER model found are kept: lists, context and shape
(`curate.pii.corroborate`). The names are invented or census list entries."""

from __future__ import annotations

import pytest

from curate.pii.corroborate import corroborated


def _backed(text: str, name: str, nth: int = 0) -> bool:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return corroborated(text, start, start + len(name))


@pytest.mark.parametrize(
    "text, name, nth",
    [
        # a first name that is also a word, before a surname-like word
        ("Thanks to Mark Quarrendale for the numbers.", "Mark Quarrendale", 0),
        ("Clay Vennicombe\nEnron North America", "Clay Vennicombe", 0),
        # ... or alone, when the text writes it so before a surname elsewhere
        ("Drew Okonkwa-Lind joined. Later Drew sent the memo.", "Drew", 1),
        # a rarer census surname beside another word
        ("Thanks to Rice Lehtonen for it", "Rice Lehtonen", 0),
        # a title before it
        ("Chairman Vorlitzke strongly endorsed it.", "Vorlitzke", 0),
        ("very opposed to Sen. Quillbarrow on this", "Quillbarrow", 0),
        # an e-mail header line, and `Surname, First`
        ("From: Hueterbach, Barbara A.\nSent: Monday", "Hueterbach", 0),
        ("To: Mignolden; Stenson", "Mignolden", 0),
        ("Bauman, Edward D.;\nCarver, Kaynor; Ray, Hollis L.", "Kaynor", 0),
        # a listed first name before it across a line break
        ("my assistant, Dolores\nQuarrington, will call", "Quarrington", 0),
        # an auxiliary after a name
        ("Pat was told that Ken agreed.", "Pat", 0),
    ],
)
def test_ner_names_with_backing_are_kept(text: str, name: str, nth: int) -> None:
    assert _backed(text, name, nth)


@pytest.mark.parametrize(
    "text, name",
    [
        ('LA Times: "Bill to Cut Some Power Prices Stalls"', "Bill"),
        ("Sac Bee, Fri 2/23: Davis says", "Sac Bee"),
        ("Wisconsin Gas to Purchase Nine Mile Line From Northern", "Nine Mile Line"),
        ("Mark Down the price list today.", "Mark Down"),
        ("the caps have reduced markup since", "markup"),
        ("Subject: Request for Ken to contact", "Request"),
        ("tap into the US\nGraduate Schools (eg Kennedy School)", "Graduate Schools"),
        # a company before an auxiliary; a rare surname that the text writes as a tool's name
        ("Kestrix will defend any claim.", "Kestrix"),
        ("Run bazel build first; Bazel caches it.", "Bazel"),
        ("### Bazel version\n\n_No response_", "Bazel"),
        ("I built it with Bazel and it failed again.", "Bazel"),
    ],
)
def test_ner_names_without_backing_are_dropped(text: str, name: str) -> None:
    assert not _backed(text, name)


def test_backing_lists_ship_without_english_words_or_listed_names() -> None:
    from curate.pii.names import _english, _read, backing_lists, name_lists

    word_names, rare = backing_lists()
    assert {"mark", "bill", "pat", "clay", "ed"} <= word_names
    assert {"lehtonen", "brevik"} <= rare
    assert not rare & _english() and not rare & _read("surnames.txt")
    assert not word_names & name_lists()[0]
