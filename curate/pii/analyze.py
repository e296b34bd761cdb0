"""Presidio's recognizers on a text we already tokenised, without `AnalyzerEngine.analyze`.

`AnalyzerEngine.analyze` builds its NLP artifacts eagerly (a Python `Token` per token for the
lemmas and offsets, a vocabulary look-up per lemma for its keywords) and deep-copies every
result for context enhancement. Here the artifacts are built on first use: the tokens (and,
for a text no NER reads, the tokenisation itself) only when a result of a recognizer with
context words needs them, and only those results go through presidio's context enhancer.
A recognizer with a trigger (`curate.pii.recognizers.TRIGGERS`) is not run on a text without
one. The same recognizers, the same enhancer, the same threshold and de-duplication: the same
results, but for one thing: an NER PERSON that runs on into a number (`Jane Roe 5550143`,
`Anthony D -- 6235`) ends before it. Whole, its digits would drop it later
(`curate.pii.detect`), and with it the names that de-duplication folded into it.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex
    from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerResult
    from presidio_analyzer.nlp_engine import SpacyNlpEngine
    from spacy.tokens import Doc

# The end of a text cut at a digit: the word the digit starts or is in, and what separates it
# from the words before (spaces, dashes, `:`, `,`, `(`, `#`).
_NUMBER_WORD = re.compile(r"[\s\-–—:,(#]*\S*\Z")
# presidio's `RecognizerResult` metadata keys
_ID = "recognizer_identifier"
_NAME = "recognizer_name"
_BOOSTED = "is_score_enhanced_by_context"


class LazyArtifacts:
    """What presidio's `NlpArtifacts` of `text` holds, each part computed when first read. `doc`: the
    text's spaCy Doc when NER already ran on it; None to tokenise only if a token is read.
    Lemmas are the lower-case tokens (what the engine's context words are compared with)."""

    def __init__(self, text: str, doc: Doc | None, nlp_engine: SpacyNlpEngine) -> None:
        self._text = text
        self._doc = doc
        self.nlp_engine = nlp_engine

    @cached_property
    def tokens(self) -> Doc:
        return self._doc if self._doc is not None else self.nlp_engine.get_nlp("en").make_doc(
            self._text
        )

    @cached_property
    def _entities_and_scores(self) -> tuple[list, list[float]]:
        if self._doc is None:
            return [], []
        # presidio's own label mapping and ignore list
        engine = self.nlp_engine
        return engine._get_updated_entities(self._doc.ents, engine._get_scores_for_entities(self._doc))

    @property
    def entities(self) -> list:
        return self._entities_and_scores[0]

    @property
    def scores(self) -> list[float]:
        return self._entities_and_scores[1]

    @cached_property
    def tokens_indices(self) -> list[int]:
        from spacy.attrs import IDX

        return self.tokens.to_array(IDX).tolist()

    @cached_property
    def lemmas(self) -> list[str]:
        from spacy.attrs import LOWER

        strings = self.tokens.vocab.strings
        return [strings[h] for h in self.tokens.to_array(LOWER).tolist()]

    @cached_property
    def keywords(self) -> list[str]:
        from presidio_analyzer.nlp_engine import NlpArtifacts

        return NlpArtifacts.set_keywords(self.nlp_engine, self.lemmas, "en")

    @cached_property
    def token_texts(self) -> list[str]:
        """Each token's text, cut from the text by its offset and length."""
        from spacy.attrs import LENGTH

        lengths = self.tokens.to_array(LENGTH).tolist()
        return [self._text[i : i + n] for i, n in zip(self.tokens_indices, lengths, strict=True)]


class _ContextArtifacts:
    """What presidio's lemma context enhancer reads of `LazyArtifacts`, with the tokens as
    their texts: for every result it walks the tokens from the first to find the result's
    (only their lengths and order matter), and a walk over the `Doc` builds a `Token` a step."""

    def __init__(self, artifacts: LazyArtifacts) -> None:
        self.tokens = artifacts.token_texts
        self.tokens_indices = artifacts.tokens_indices
        self.lemmas = artifacts.lemmas
        self.keywords = artifacts.keywords


def analyze(
    engine: AnalyzerEngine,
    recognizers: list[EntityRecognizer],
    text: str,
    artifacts: LazyArtifacts,
    entities: list[str],
    threshold: float,
) -> list[RecognizerResult]:
    """What `engine.analyze(text, "en", entities, score_threshold=threshold)` returns when
    `recognizers` are the engine's recognizers for `entities` (loaded), minus the decision
    process: each recognizer, context enhancement, the threshold, de-duplication."""
    from presidio_analyzer import EntityRecognizer

    from curate.pii.recognizers import TRIGGERS

    results: list[RecognizerResult] = []
    triggered: dict[regex.Pattern[str], bool] = {}
    for recognizer in recognizers:
        if not recognizer.is_loaded:
            recognizer.load()
            recognizer.is_loaded = True
        trigger = TRIGGERS.get(recognizer.name)
        if trigger is not None:
            if trigger not in triggered:
                triggered[trigger] = trigger.search(text) is not None
            if not triggered[trigger]:
                continue  # it would find nothing here
        found = recognizer.analyze(text=text, entities=entities, nlp_artifacts=artifacts)
        for result in found or ():
            if not result.recognition_metadata:
                result.recognition_metadata = {}
            result.recognition_metadata.setdefault(_ID, recognizer.id)
            result.recognition_metadata.setdefault(_NAME, recognizer.name)
        results.extend(found or ())
    results = _with_context(engine, text, [_before_number(text, r) for r in results], artifacts,
                            recognizers)
    return EntityRecognizer.remove_duplicates([r for r in results if r.score >= threshold])


def _before_number(text: str, result: RecognizerResult) -> RecognizerResult:
    """An NER PERSON cut before its first word holding a digit and the separators before that
    word (`Jane Roe -- 6235` -> `Jane Roe`); unchanged when no letter would be left or the
    number belongs to a month or weekday before it (`Thu 8:30`, `June 5`: a date)."""
    from curate.pii.names import CALENDAR

    if result.entity_type != "PERSON" or result.recognition_metadata.get(_NAME) != "SpacyRecognizer":
        return result
    value = text[result.start : result.end]
    digit = next((i for i, ch in enumerate(value) if ch.isdigit()), None)
    if digit is None:
        return result
    head = _NUMBER_WORD.sub("", value[:digit], count=1)
    words = head.split()
    if words and any(ch.isalpha() for ch in head) and words[-1].strip(".").lower() not in CALENDAR:
        result.end = result.start + len(head)
    return result


def _with_context(
    engine: AnalyzerEngine,
    text: str,
    results: list[RecognizerResult],
    artifacts: LazyArtifacts,
    recognizers: list[EntityRecognizer],
) -> list[RecognizerResult]:
    """`AnalyzerEngine._enhance_using_context`: results grouped by recognizer (each one's own
    enhancement, where it has one), then the engine's enhancer on the results it can change
    (a recognizer with context words, not boosted yet); the others it would only copy."""
    from presidio_analyzer import EntityRecognizer

    by_id: dict[str, list[RecognizerResult]] = {}
    for r in results:  # each recognizer's own, in order, read once
        by_id.setdefault(r.recognition_metadata[_ID], []).append(r)
    grouped: list[RecognizerResult] = []
    for recognizer in recognizers:
        mine = by_id.get(recognizer.id, [])
        if type(recognizer).enhance_using_context is not EntityRecognizer.enhance_using_context:
            others = [r for r in results if r.recognition_metadata[_ID] != recognizer.id]
            mine = recognizer.enhance_using_context(text, mine, others, artifacts, None)
        grouped.extend(mine)
    with_context = {r.id: r for r in recognizers if r.context}
    todo = [
        i for i, r in enumerate(grouped)
        if r.recognition_metadata.get(_ID) in with_context and not r.recognition_metadata.get(_BOOSTED)
    ]
    if todo:
        enhanced = engine.context_aware_enhancer.enhance_using_context(
            text=text, raw_results=[grouped[i] for i in todo],
            nlp_artifacts=_ContextArtifacts(artifacts),
            recognizers=recognizers, context=None,
        )
        for i, result in zip(todo, enhanced, strict=True):
            grouped[i] = result
    return grouped
