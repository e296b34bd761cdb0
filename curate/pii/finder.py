"""Wrap a plain function that finds spans as a presidio recognizer."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer
    from presidio_analyzer.nlp_engine import NlpArtifacts

Finder = Callable[[str, "NlpArtifacts | None"], list[tuple[int, int, float]]]


def finder_recognizer(entity: str, name: str, find: Finder) -> EntityRecognizer:
    """A presidio recognizer reporting every (start, end, score) of `find` as `entity`."""
    from presidio_analyzer import LocalRecognizer, RecognizerResult

    class FinderRecognizer(LocalRecognizer):
        def load(self) -> None:
            pass

        def analyze(
            self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
        ) -> list[RecognizerResult]:
            return [RecognizerResult(entity, s, e, score) for s, e, score in find(text, nlp_artifacts)]

    return FinderRecognizer(supported_entities=[entity], name=name)
