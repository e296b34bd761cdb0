"""`benchmarks/pii_eval/fit_ner.py`'s training targets: labelled PERSON items are taught, the
original model's PERSON on no labelled item becomes `O` (the precision lesson), its other
entities and its PERSON on another labelled item stay, and a label off token edges is left
unknown. Every text here is invented."""

from __future__ import annotations

import pytest
import spacy

from benchmarks.pii_eval.fit_ner import gold_entities

TEXT = "Ask Maelys Ferrand about the Load Balancer in Paris, or ping jroe today."


def doc_with(ents: list[tuple[str, str]]):
    """TEXT tokenised, with the given (words, label) as the original model's entities."""
    doc = spacy.blank("en").make_doc(TEXT)
    spans = []
    for words, label in ents:
        start = TEXT.index(words)
        spans.append(doc.char_span(start, start + len(words), label=label))
    doc.ents = spans
    return doc


def item(words: str, category: str, offset: int = 0) -> tuple[int, int, str]:
    start = TEXT.index(words) + offset
    return start, start + len(words) - offset, category


def test_labels_teach_people_and_keep_the_rest():
    doc = doc_with([("Maelys", "ORG"), ("Load Balancer", "PERSON"), ("Paris", "GPE"),
                    ("jroe", "PERSON")])
    tags = gold_entities(doc, [item("Maelys Ferrand", "PERSON"), item("jroe", "USERNAME")])
    by_word = dict(zip([t.text for t in doc], tags, strict=True))
    assert (by_word["Maelys"], by_word["Ferrand"]) == ("B-PERSON", "L-PERSON")  # over the ORG
    assert (by_word["Load"], by_word["Balancer"]) == ("O", "O")  # PERSON on no label
    assert by_word["Paris"] == "U-GPE"
    assert by_word["jroe"] == "U-PERSON"  # on a labelled user name: kept


@pytest.mark.filterwarnings("ignore:.*W030")  # spaCy's notice of the misaligned span
def test_a_label_off_token_edges_is_unknown_not_taught():
    doc = doc_with([])
    tags = gold_entities(doc, [item("jroe", "PERSON", offset=1)])  # `roe` inside `jroe`
    assert tags[[t.text for t in doc].index("jroe")] == "-"
    assert set(tags) == {"O", "-"}
