"""The quality checks, in the order they run: the first that fails is the rejection reason.

Each check is a small class: its reason code (`quality.<code>`), the records it
applies to (`all`, `text_tasks`, `label_tasks`) and a verdict that returns the
failure's detail (measured value and threshold) or None. It reads only the
record's `Measured` values and the stage config. Adding a check is one class
here, its place in `CHECKS`, and its threshold as a field of `QualityConfig`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

from curate import text_checks as tc
from curate.record import Record

if TYPE_CHECKING:
    from curate.config import TaskSpec
    from curate.stages.quality import QualityConfig

Scope = Literal["all", "text_tasks", "label_tasks"]


@dataclass(frozen=True)
class Measured:
    """One record's measurements, taken once and read by every check.

    The subject is the output for text tasks and the input for label tasks,
    whose output is a one-word label; `field` names it in details.
    """

    record: Record
    spec: TaskSpec | None
    is_label: bool
    field: str
    subject: str
    words: int  # of the subject
    output_words: int
    language_words: int  # of input and output together
    tokens: int
    flesch: float
    grade: float
    repetition: float
    quoted: float
    stopword_ratio: float
    mojibake: int
    control: int
    quality: float


class Check(ABC):
    """One quality check: a reason code, what it applies to, a verdict."""

    code: ClassVar[str]
    applies_to: ClassVar[Scope] = "all"

    def applies(self, m: Measured) -> bool:
        return self.applies_to == "all" or (self.applies_to == "label_tasks") == m.is_label

    @abstractmethod
    def verdict(self, m: Measured, cfg: QualityConfig) -> str | None:
        """The failure's detail, or None when the record passes."""


class _Trivial(Check):
    def verdict(self, m: Measured, cfg: QualityConfig) -> str | None:
        if tc.is_trivial(m.subject, frozenset(cfg.trivial_phrases)):
            return f"{m.field} is empty or a trivial phrase ({m.words} words)"
        return None


class TrivialOutput(_Trivial):
    code = "trivial_output"
    applies_to = "text_tasks"


class TrivialInput(_Trivial):
    code = "trivial_input"
    applies_to = "label_tasks"


class TooShort(Check):
    code = "too_short"

    def verdict(self, m: Measured, cfg: QualityConfig) -> str | None:
        return f"{m.field} words={m.words} < {cfg.min_words}" if m.words < cfg.min_words else None


class _AtMost(Check):
    """Fails when a measurement is over its configured maximum: one line per such check."""

    measured: ClassVar[str]  # the `Measured` attribute
    limit: ClassVar[str]  # the `QualityConfig` field
    what: ClassVar[str]  # its name in the detail; `{field}` is the checked field
    digits: ClassVar[str] = ""  # format of the measured value

    def verdict(self, m: Measured, cfg: QualityConfig) -> str | None:
        value, most = getattr(m, self.measured), getattr(cfg, self.limit)
        if value > most:
            return f"{self.what.format(field=m.field)}={value:{self.digits}} > {most}"
        return None


class TooLong(_AtMost):
    code, measured, limit, what = "too_long", "words", "max_words", "{field} words"


class TooManyTokens(_AtMost):
    code, measured, limit, what = "too_long", "tokens", "max_tokens", "estimated tokens"


class TaskMinOutput(Check):
    """The task spec's `min_output_words`, on the output itself (label tasks too)."""

    code = "too_short"

    def verdict(self, m: Measured, cfg: QualityConfig) -> str | None:
        if m.spec is not None and m.output_words < m.spec.min_output_words:
            return f"output words={m.output_words} < task min_output_words {m.spec.min_output_words}"
        return None


class TaskMaxOutput(Check):
    """The task spec's `max_output_words`, on the output itself (label tasks too)."""

    code = "too_long"

    def verdict(self, m: Measured, cfg: QualityConfig) -> str | None:
        most = m.spec.max_output_words if m.spec is not None else None
        if most is not None and m.output_words > most:
            return f"output words={m.output_words} > task max_output_words {most}"
        return None


class AutoReply(Check):
    code = "auto_reply"

    def verdict(self, m: Measured, cfg: QualityConfig) -> str | None:
        if tc.AUTO_REPLY.search(m.record.input) or tc.AUTO_REPLY.search(m.record.output):
            return "input or output matches an out-of-office/auto-reply pattern"
        return None


class QuotedText(_AtMost):
    code, measured, limit, what = "quoted_text", "quoted", "max_quoted_ratio", "{field} quoted share"
    digits = ".2f"


class Mojibake(_AtMost):
    code, measured, limit, what = "mojibake", "mojibake", "max_mojibake", "mojibake sequences"


class ControlChars(_AtMost):
    code, measured, limit, what = "control_chars", "control", "max_control_chars", "control characters"


class Repetitive(_AtMost):
    code, measured, limit, what = "repetitive", "repetition", "max_repetition", "{field} repetition"
    digits = ".2f"


class CopiesInput(Check):
    """The output mostly copies the input; records with an empty input pass."""

    code = "copies_input"
    applies_to = "text_tasks"

    def verdict(self, m: Measured, cfg: QualityConfig) -> str | None:
        if not m.record.input.strip():
            return None
        share = tc.copied_share(m.record.output, m.record.input)
        if share >= cfg.max_input_copy:
            return f"output 3-grams found in input={share:.2f} >= {cfg.max_input_copy}"
        return None


class NotEnglish(Check):
    """Too few English stopwords; off with `language: null` and for short texts."""

    code = "not_english"

    def verdict(self, m: Measured, cfg: QualityConfig) -> str | None:
        if cfg.language is None or m.language_words < cfg.min_language_words:
            return None
        if m.stopword_ratio < cfg.min_stopword_ratio:
            return (f"English stopword ratio={m.stopword_ratio:.3f} < {cfg.min_stopword_ratio} "
                    f"over {m.language_words} words")
        return None


class LowScore(Check):
    code = "low_score"

    def verdict(self, m: Measured, cfg: QualityConfig) -> str | None:
        if m.quality < cfg.min_quality:
            return f"quality={m.quality:.3f} < {cfg.min_quality}"
        return None


CHECKS: tuple[Check, ...] = (
    TrivialOutput(), TrivialInput(), TooShort(), TooLong(), TooManyTokens(), TaskMinOutput(),
    TaskMaxOutput(), AutoReply(), QuotedText(), Mojibake(), ControlChars(), Repetitive(),
    CopiesInput(), NotEnglish(), LowScore(),
)


def first_failure(m: Measured, cfg: QualityConfig) -> tuple[str, str] | None:
    """(code, detail) of the first check in `CHECKS` that applies and fails, or None."""
    for check in CHECKS:
        if check.applies(m) and (detail := check.verdict(m, cfg)) is not None:
            return check.code, detail
    return None
