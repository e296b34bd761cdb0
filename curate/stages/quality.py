"""Heuristic and readability quality checks, one reason code each, and a combined score.

The checked text ("subject") is the output for text tasks. For label tasks
(`task.output == "label"`) the output is a one-word label, so length,
trivial, auto-reply, quoted-text and repetition checks look at the input
instead and copying the input is not checked. Every record gets
`scores.quality` (0..1) and the measured values; a failed check rejects with
`quality.<check>` and the measured value and threshold in `detail`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field

from curate import readability as rd
from curate import text_checks as tc
from curate.record import Record
from curate.stages.base import Stage, StageConfig

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

    def prepare(self) -> None:
        rd.load()

    def process(self, records: list[Record]) -> list[Record]:
        for record in records:
            failure = self._check(record)
            if failure:
                record.reject("quality", f"quality.{failure[0]}", failure[1])
        return records

    def _check(self, record: Record) -> tuple[str, str] | None:
        """Score the record; the first failed check as (what, detail), or None."""
        cfg = self.config
        spec = self.context.tasks.get(record.task)
        is_label = spec is not None and spec.output == "label"
        subject = record.input if is_label else record.output
        field = "input" if is_label else "output"
        subject_words = tc.words(subject)
        input_words, output_words = tc.words(record.input), tc.words(record.output)
        flesch, grade = rd.readability(subject)
        repeated = tc.repetition(subject, subject_words)
        quoted = tc.quoted_ratio(subject)
        stop_ratio = tc.stopword_ratio(input_words + output_words)
        tokens = tc.token_estimate(f"{record.instruction}\n{record.input}\n{record.output}")
        quality = _combine(
            len(subject_words), flesch, repeated, quoted, stop_ratio if cfg.language else None
        )
        record.scores.update(
            quality=quality,
            flesch=round(flesch, 2),
            grade=round(grade, 2),
            words=float(len(subject_words)),
            tokens=float(tokens),
            repetition=round(repeated, 4),
            stopword_ratio=round(stop_ratio, 4),
        )
        everything = f"{record.instruction}\n{record.input}\n{record.output}"
        mojibake, control = tc.mojibake_count(everything), tc.control_count(everything)
        checks = (
            (
                tc.is_trivial(subject, frozenset(cfg.trivial_phrases)),
                f"trivial_{field}",
                f"{field} is empty or a trivial phrase ({len(subject_words)} words)",
            ),
            (
                len(subject_words) < cfg.min_words,
                "too_short",
                f"{field} words={len(subject_words)} < {cfg.min_words}",
            ),
            (
                len(subject_words) > cfg.max_words,
                "too_long",
                f"{field} words={len(subject_words)} > {cfg.max_words}",
            ),
            (tokens > cfg.max_tokens, "too_long", f"estimated tokens={tokens} > {cfg.max_tokens}"),
            *_task_limits(spec, len(output_words)),
            (
                bool(tc.AUTO_REPLY.search(record.input) or tc.AUTO_REPLY.search(record.output)),
                "auto_reply",
                "input or output matches an out-of-office/auto-reply pattern",
            ),
            (
                quoted > cfg.max_quoted_ratio,
                "quoted_text",
                f"{field} quoted share={quoted:.2f} > {cfg.max_quoted_ratio}",
            ),
            (
                mojibake > cfg.max_mojibake,
                "mojibake",
                f"mojibake sequences={mojibake} > {cfg.max_mojibake}",
            ),
            (
                control > cfg.max_control_chars,
                "control_chars",
                f"control characters={control} > {cfg.max_control_chars}",
            ),
            (
                repeated > cfg.max_repetition,
                "repetitive",
                f"{field} repetition={repeated:.2f} > {cfg.max_repetition}",
            ),
            *self._copy_check(record, is_label),
            *self._language_check(len(input_words) + len(output_words), stop_ratio),
            (quality < cfg.min_quality, "low_score", f"quality={quality:.3f} < {cfg.min_quality}"),
        )
        return next(((what, detail) for failed, what, detail in checks if failed), None)

    def _copy_check(self, record: Record, is_label: bool) -> list[tuple[bool, str, str]]:
        if is_label or not record.input.strip():
            return []
        share = tc.copied_share(record.output, record.input)
        return [
            (
                share >= self.config.max_input_copy,
                "copies_input",
                f"output 3-grams found in input={share:.2f} >= {self.config.max_input_copy}",
            )
        ]

    def _language_check(self, n: int, ratio: float) -> list[tuple[bool, str, str]]:
        cfg = self.config
        if cfg.language is None or n < cfg.min_language_words:
            return []
        return [
            (
                ratio < cfg.min_stopword_ratio,
                "not_english",
                f"English stopword ratio={ratio:.3f} < {cfg.min_stopword_ratio} over {n} words",
            )
        ]


def _task_limits(spec: TaskSpec | None, output_words: int) -> list[tuple[bool, str, str]]:
    """The task spec's min/max_output_words, checked on the output itself."""
    if spec is None:
        return []
    out = [
        (
            output_words < spec.min_output_words,
            "too_short",
            f"output words={output_words} < task min_output_words {spec.min_output_words}",
        )
    ]
    if spec.max_output_words is not None:
        out.append(
            (
                output_words > spec.max_output_words,
                "too_long",
                f"output words={output_words} > task max_output_words {spec.max_output_words}",
            )
        )
    return out


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
