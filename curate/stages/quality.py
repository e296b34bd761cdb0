"""Heuristic and readability quality checks, one reason code each, and a combined score.

The checked text ("subject") is the output for text tasks. For label tasks
(`task.output == "label"`) the output is a one-word label, so length,
trivial, quoted-text and repetition checks look at the input instead and
copying the input is not checked. Every record is measured once and gets
`scores.quality` (0..1) and the measured values; then the checks of
`quality_checks.CHECKS` run in order and the first that fails rejects with
`quality.<code>` and the measured value and threshold in `detail`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from curate import readability as rd
from curate import text_checks as tc
from curate.record import Record
from curate.stages.base import Stage, StageConfig
from curate.stages.quality_checks import Measured, first_failure

if TYPE_CHECKING:
    from curate.config import TaskSpec

TRIVIAL = [
    "thanks",
    "thank you",
    "thanks a lot",
    "thx",
    "ok",
    "okay",
    "k",
    "yes",
    "no",
    "sure",
    "noted",
    "got it",
    "will do",
    "done",
    "fyi",
    "see attached",
    "np",
    "cheers",
]


class QualityConfig(StageConfig):
    """Thresholds of each check; `language: null` turns the English check off."""

    min_words: int = Field(
        3, ge=0, description="fewest words in the output (the input for label tasks)"
    )
    max_words: int = Field(2000, ge=1)
    max_tokens: int = Field(8000, ge=1, description="estimated tokens of instruction+input+output")
    trivial_phrases: list[str] = Field(default_factory=lambda: list(TRIVIAL))
    max_quoted_ratio: float = Field(0.2, ge=0.0, le=1.0)
    max_mojibake: int = Field(0, ge=0)
    max_control_chars: int = Field(0, ge=0)
    max_repetition: float = Field(0.3, ge=0.0, le=1.0)
    max_input_copy: float = Field(
        0.8, ge=0.0, le=1.0, description="share of output 3-grams found in the input"
    )
    language: Literal["en"] | None = "en"
    min_stopword_ratio: float = Field(0.15, ge=0.0, le=1.0)
    min_language_words: int = Field(
        8, ge=1, description="texts with fewer words skip the language check"
    )
    min_quality: float = Field(0.3, ge=0.0, le=1.0)


class QualityStage(Stage):
    """Per-record quality scoring; see the module docstring."""

    name = "quality"
    Config = QualityConfig
    config: QualityConfig
    provides = ("scores.quality",)

    def prepare(self) -> None:
        rd.load()

    def process(self, records: list[Record]) -> list[Record]:
        for record in records:
            m = measure(record, self.context.tasks.get(record.task), self.config.language)
            record.scores.update(
                quality=m.quality,
                flesch=round(m.flesch, 2),
                grade=round(m.grade, 2),
                words=float(m.words),
                tokens=float(m.tokens),
                repetition=round(m.repetition, 4),
                stopword_ratio=round(m.stopword_ratio, 4),
            )
            failure = first_failure(m, self.config)
            if failure:
                record.reject("quality", f"quality.{failure[0]}", failure[1])
        return records


def measure(record: Record, spec: TaskSpec | None, language: str | None) -> Measured:
    """Everything the checks read, and the combined score (English counts when `language`)."""
    is_label = spec is not None and spec.output == "label"
    subject = record.input if is_label else record.output
    subject_words = tc.words(subject)
    input_words, output_words = tc.words(record.input), tc.words(record.output)
    flesch, grade = rd.readability(subject)
    repeated = tc.repetition(subject, subject_words)
    quoted = tc.quoted_ratio(subject)
    stop_ratio = tc.stopword_ratio(input_words + output_words)
    everything = f"{record.instruction}\n{record.input}\n{record.output}"
    return Measured(
        record=record,
        spec=spec,
        is_label=is_label,
        field="input" if is_label else "output",
        subject=subject,
        words=len(subject_words),
        output_words=len(output_words),
        language_words=len(input_words) + len(output_words),
        tokens=tc.token_estimate(everything),
        flesch=flesch,
        grade=grade,
        repetition=repeated,
        quoted=quoted,
        stopword_ratio=stop_ratio,
        mojibake=tc.mojibake_count(everything),
        control=tc.control_count(everything),
        quality=_combine(
            len(subject_words), flesch, repeated, quoted, stop_ratio if language else None
        ),
    )


def _combine(
    n_words: int, flesch: float, repeated: float, quoted: float, stop_ratio: float | None
) -> float:
    """Mean of 0..1 sub-scores: substance, readability, no repetition, no quoting, English."""
    parts = [
        min(1.0, n_words / 20),
        min(1.0, max(0.0, (flesch + 20) / 70)),
        1.0 - repeated,
        1.0 - quoted,
    ]
    if stop_ratio is not None:
        parts.append(min(1.0, stop_ratio / 0.3))
    return round(sum(parts) / len(parts), 4)
