"""The calibrated person score (`curate.pii.person_score`) and its fitting rules, on synthetic
sentences (names from the shipped lists or invented, none from the corpora)."""

from __future__ import annotations

import numpy as np
import pytest
import regex

from benchmarks.pii_eval import fit_person_score as fitting
from curate.pii import person_score
from curate.pii.person_score import FEATURES, candidates, features, probability, scored_names


def _row(text: str, word: str) -> list[float]:
    """The features of the first whole-word occurrence of `word` (no NER entities)."""
    spans = candidates(text)
    at = regex.search(rf"\b{word}\b", text).start()
    return features(text, spans, [])[spans.index((at, at + len(word)))]


def _p(text: str, word: str) -> float:
    return probability(_row(text, word))


def _value(text: str, word: str, feature: str) -> float:
    return _row(text, word)[FEATURES.index(feature)]


def test_the_shipped_model_reads_and_matches_the_features():
    weights, bias, threshold = person_score.model()
    assert len(weights) == len(FEATURES)
    assert all(isinstance(w, float) for w in (*weights, bias, threshold))
    assert 0.0 < threshold <= 1.0


def test_unseen_names_in_cue_positions_score_above_words_products_and_defined_terms():
    names = [
        ("Please ask Thelma Kowalski to send it.", "Kowalski"),
        ("Thanks, I spoke with Thelma this morning.", "Thelma"),
        ("Senator Kowalski said the vote is close.", "Kowalski"),
    ]
    others = [
        ("The Distributor shall pay the invoice.", "Distributor"),
        ("Install the Photon Router 3.1 firmware.", "Photon"),
        ("The Products are listed in the Schedule.", "Products"),
        ("OS: Darwin arm64 22.6.0", "Darwin"),
        ("Send it to Allison Transmission Holdings, Inc. today.", "Allison"),
    ]
    lowest_name = min(_p(t, w) for t, w in names)
    highest_other = max(_p(t, w) for t, w in others)
    assert lowest_name > highest_other


def test_features_read_the_cues_around_a_word():
    assert _value("Talk to Dravko (Drav) tomorrow.", "Drav", "bracketed") == 1.0
    assert _value("That is Quellin's file.", "Quellin", "possessive") == 1.0
    assert _value("the Quellin draft is out", "Quellin", "measure_after") == 1.0
    assert _value("Call Mr. Quellin now", "Quellin", "title") == 1.0
    assert _value("It runs on the Quellin Energy platform", "Quellin", "org_after") == 1.0
    assert _value("Ask Quellin today", "Quellin", "unknown") == 1.0
    assert _value("Ask Products today", "Products", "unknown") == 0.0


def test_lower_case_candidates_are_listed_first_names_or_words_the_text_capitalises():
    text = "thelma and the Quellin plan; quellin agreed. table"
    words = {text[s:e] for s, e in candidates(text)}
    assert {"thelma", "Quellin", "quellin"} <= words
    assert "table" not in words and "agreed" not in words


def test_neighbours_above_the_threshold_join_into_one_name(monkeypatch):
    weights, bias, _ = person_score.model()
    monkeypatch.setattr(person_score, "model", lambda: (weights, bias, 0.05))
    text = "Please ask Thelma Kowalski to send the Schedule."
    found = [(text[s:e], p) for s, e, p in scored_names(text, [])]
    assert ("Thelma Kowalski", pytest.approx(found[0][1])) in found
    assert all("Schedule" not in name for name, _ in found)


def test_a_threshold_of_one_adds_nothing(monkeypatch):
    weights, bias, _ = person_score.model()
    monkeypatch.setattr(person_score, "model", lambda: (weights, bias, 1.0))
    assert scored_names("Please ask Thelma Kowalski to call.", []) == []


def test_the_fit_is_deterministic_and_separates_separable_data():
    rng = np.random.default_rng(7)
    x = rng.integers(0, 2, size=(200, 3)).astype(float)
    y = x[:, 0]  # the first feature decides
    w1, b1 = fitting.fit(x, y)
    w2, b2 = fitting.fit(x, y)
    assert np.array_equal(w1, w2) and b1 == b2
    assert w1[0] > 2 and abs(w1[1]) < 1 and abs(w1[2]) < 1


def _candidate(person: bool) -> fitting.Row:
    return fitting.Row("r1", "enron", [0.0], person, True, ("k", 0, 1))


def test_the_threshold_needs_the_added_words_to_be_people_often_enough():
    p = np.array([0.9, 0.8, 0.7, 0.6])
    mostly_people = [_candidate(True), _candidate(False), _candidate(True), _candidate(False)]
    assert fitting.threshold(p, mostly_people, {"enron": (100, 1)}, 0.10, 0.5) == 0.7
    never = [_candidate(False), _candidate(False), _candidate(True), _candidate(False)]
    assert fitting.threshold(p, never, {"enron": (100, 1)}, 0.10, 0.5) == 1.0


def test_the_threshold_stops_where_a_corpus_would_pass_the_wrong_placeholder_ceiling():
    p = np.array([0.9, 0.8, 0.7])
    rows = [_candidate(True), _candidate(False), _candidate(True)]
    # 10 placeholders, 0 wrong: one wrong addition makes 1 of 12 (8%), within 10%
    assert fitting.threshold(p, rows, {"enron": (10, 0)}, 0.10, 0.5) == 0.7
    # 5 placeholders: one wrong addition makes 1 of 7 (14%), over 10%
    assert fitting.threshold(p, rows, {"enron": (5, 0)}, 0.10, 0.5) == 0.9
