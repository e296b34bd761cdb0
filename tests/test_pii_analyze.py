"""`curate.pii.analyze` gives what presidio's own `AnalyzerEngine.analyze` gives, with the
real engine and spaCy model: context words that lift a score over the threshold, NER
entities, pattern-only texts that are never tokenised unless a context word is looked for.
Every text here is invented."""

from __future__ import annotations

import pytest

from curate.pii.analyze import LazyArtifacts, analyze
from curate.pii.detect import detect
from curate.pii.engine import analyzer
from curate.pii.recognizers import TRIGGERS

TEXTS = [
    # presidio's SSN pattern scores too low alone; the context word `ssn` lifts it
    "Her ssn is 536-90-4399 and the ticket number is 4421.",
    "536-90-4399 came up twice in the export.",
    "Call Maria Lopez at the Denver office on 415-555-0132, card 4111 1111 1111 1111.",
    "Email jane.doe@example.com or write to 42 Maple Avenue, Springfield, IL 62704.",
    # no digit, no `@`: the recognizers with a trigger are not run
    "Write to jane dot doe at example dot com or omar (at) example.org, says Maria Lopez.",
    "",
]
# At least one finding for each recognizer with a trigger (all invented).
TRIGGERED = (
    "Card 4111 1111 1111 1111 (visa), ssn: 536-90-4399 and SSN 536904399. IBAN GB82 WEST 1234"
    " 5698 7654 32. Passport GB 801234567, employee id AB12345. NI number QQ 12 34 56 C.\n"
    "clientIp=203.0.113.7 connected to the server at 198.51.100.23; host fe80::1ff:fe23:4567:890a.\n"
    "Born 12/03/1985, dob 4 May 1985. Ship to 42 Maple Avenue, Apt 4, Springfield, IL 62704,"
    " zip 62704; London SW1A 1AA.\nMail jane.doe@example.com or jane dot doe at example dot com."
    "\nCall me on 415-555-0132 or +44 20 7946 0958.\nThanks,\nMaria\n+1 415 555 0199\n"
    # addresses without a digit, and names a text backs (initials of a full name)
    "Meet me at the corner of Elm Street and Oak Avenue, then Rue de la Gare.\n"
    "Greta Lindqvist wrote it; GL signed.\n"
)
ENTITIES = ["PERSON", "US_SSN", "PHONE_NUMBER", "CREDIT_CARD", "EMAIL_ADDRESS", "LOCATION"]


def as_tuples(results) -> list[tuple]:
    return sorted((r.entity_type, r.start, r.end, r.score) for r in results)


@pytest.mark.parametrize("part", ["all", "patterns", "ner"])
def test_analyze_matches_presidio_analyze(part) -> None:
    engine = analyzer((), part)
    wanted = sorted(set(ENTITIES) & set(engine.get_supported_entities("en")))
    recognizers = engine.registry.get_recognizers("en", wanted)
    nlp = engine.nlp_engine.get_nlp("en")
    for text in TEXTS:
        with nlp.select_pipes(disable=["ner"] if part == "patterns" else []):
            doc = nlp(text)
        ours = analyze(engine, recognizers, text,
                       LazyArtifacts(text, None if part == "patterns" else doc, engine.nlp_engine),
                       wanted, 0.4)
        # presidio's own artifacts of the same Doc, its lemmas the lower-case tokens
        for token in doc:
            token.lemma_ = token.lower_
        artifacts = engine.nlp_engine._doc_to_nlp_artifact(doc, "en")
        theirs = engine.analyze(text, "en", wanted, score_threshold=0.4, nlp_artifacts=artifacts)
        assert as_tuples(ours) == as_tuples(theirs), (part, text)


def test_context_words_still_count_and_plain_patterns_skip_the_tokenizer() -> None:
    engine = analyzer((), "patterns")
    recognizers = engine.registry.get_recognizers("en", ["US_SSN", "EMAIL_ADDRESS"])
    with_cue = LazyArtifacts(TEXTS[0], None, engine.nlp_engine)
    found = analyze(engine, recognizers, TEXTS[0], with_cue, ["US_SSN", "EMAIL_ADDRESS"], 0.4)
    assert [r.entity_type for r in found] == ["US_SSN"] and "tokens" in vars(with_cue)
    text = "Nothing personal here: order 4421 shipped on time."
    plain = LazyArtifacts(text, None, engine.nlp_engine)
    assert analyze(engine, recognizers, text, plain, ["US_SSN", "EMAIL_ADDRESS"], 0.4) == []
    assert "tokens" not in vars(plain)


def test_a_repeated_text_is_read_once_with_the_same_spans() -> None:
    texts = [TEXTS[2], TEXTS[3], TEXTS[2]]
    once = detect(texts, ENTITIES, 0.4)
    assert once[0] == once[2] and once[0] is not once[2]
    assert once == [detect([t], ENTITIES, 0.4)[0] for t in texts]


def test_a_recognizer_with_a_trigger_finds_nothing_without_one() -> None:
    """Every finding of a recognizer in `TRIGGERS` holds a match of its trigger, so a text
    without one is rightly not given to it; and `analyze` gives what running it would."""
    engine = analyzer()
    by_name = {r.name: r for r in engine.registry.recognizers}
    assert set(TRIGGERS) <= set(by_name)
    found: set[str] = set()
    for name, trigger in TRIGGERS.items():
        recognizer = by_name[name]
        artifacts = LazyArtifacts(TRIGGERED, None, engine.nlp_engine)
        for r in recognizer.analyze(TRIGGERED, recognizer.supported_entities, artifacts):
            assert trigger.search(TRIGGERED, r.start, r.end), (name, TRIGGERED[r.start : r.end])
            found.add(name)
    assert found == set(TRIGGERS)
