"""Typed report.json: one model per object of `schemas/report.schema.json`.

The report is built as a `Report` and written with `Report.to_json()`, which dumps only the
fields that were set, so the file holds exactly what the builders put in it. Stage findings
stay open (each stage writes its own); the ones the gate reads (`split`, `audit`) are typed
and parsed on access.
`tests/test_report_models.py` checks that these models and the schema name the same fields.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from curate.listing import SAMPLE


class _Closed(BaseModel):
    """A report object whose fields are all declared here and in the schema."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    def to_json(self) -> dict[str, Any]:
        """The JSON object as written: set fields only, schema names (aliases)."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)


class _Open(_Closed):
    """A findings object: the typed fields, plus whatever else its stage reports."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class Book(_Closed):
    """One source's or stage's counts: in = kept + rejected."""

    into: int = Field(alias="in", ge=0)
    kept: int = Field(ge=0)
    rejected: int = Field(ge=0)
    reasons: dict[str, int]


class Books(_Closed):
    """The `accounting` section: totals, then the books per source and per stage."""

    items_read: int = Field(ge=0)
    items_rejected: int = Field(ge=0)
    items_used: int = Field(ge=0)
    records_made: int = Field(ge=0)
    records_rejected: int = Field(ge=0)
    records_kept: int = Field(ge=0)
    balanced: bool
    stage_order: list[str]
    sources: dict[str, Book]
    stages: dict[str, Book]


class Histogram(_Closed):
    edges: list[float]
    counts: list[int]


class Summary(_Closed):
    """Mean, range and histogram of one score or length."""

    mean: float
    min: float
    max: float
    histogram: Histogram


class Dataset(_Closed):
    """The shape of the kept records."""

    records: int = Field(ge=0)
    tasks: dict[str, int]
    labels: dict[str, int]
    splits: dict[str, int]
    source_kinds: dict[str, int]
    labels_by_split: dict[str, dict[str, int]] = {}
    lengths: dict[str, Summary] = {}


class SplitFindings(_Open):
    """What the split stage says about leakage between train and eval."""

    leak_check: str = "not run"
    leaks: int = 0
    threads_across: int | None = None
    conversations_across: int | None = None


class BiasFinding(_Open):
    """One audit finding; the gate reads its severity."""

    severity: str | None = None


class AuditFindings(_Open):
    findings: list[BiasFinding] = []


class GateCheck(_Closed):
    """One readiness criterion or hard stop, with the numbers behind its status."""

    name: str
    status: Literal["met", "not_met", "no_evidence"]
    required: bool
    detail: str
    numbers: dict[str, Any]


class Gate(_Closed):
    ready: bool
    checks: list[GateCheck]


class Listed(_Closed):
    """A list that grows with the data, bounded (`curate.listing`): how many rows, the first
    of them, and the run-directory file that holds them all."""

    count: int = Field(ge=0)
    sample: list[dict[str, Any]] = Field(max_length=SAMPLE)
    file: str


class SkippedRecord(_Closed):
    """A record an export skipped: its id and reason."""

    id: str
    reason: str


class Skipped(Listed):
    """The records an export skipped from one split, listed."""

    sample: list[SkippedRecord] = Field(max_length=SAMPLE)


class FormatExport(_Closed):
    """One export format: files and lines per split, records skipped by reason."""

    files: dict[str, str]
    lines: dict[str, int]
    skipped: dict[str, int]
    skipped_by_split: dict[str, dict[str, int]] = {}
    skipped_ids: dict[str, Skipped] = {}
    token_limit: int | None


class Exports(_Closed):
    """What `write_exports` wrote, or why it wrote nothing."""

    written: bool
    reason: str | None = None
    ready: bool | None = None
    forced: bool | None = None
    tokenizer: str | None = None
    held_for_review: dict[str, int] = {}
    files: list[str]
    formats: dict[str, FormatExport] = {}


class Applied(_Closed):
    """Decisions applied, by word."""

    keep: int = Field(ge=0)
    relabel: int = Field(ge=0)
    drop: int = Field(ge=0)


class Decisions(_Closed):
    """The review stage: the decisions file and what its decisions did."""

    file: str
    sha256: str | None
    decisions: int = Field(ge=0)
    applied: Applied
    labels_changed: int = Field(ge=0)
    given_changed: int = Field(ge=0)
    unmatched: int = Field(ge=0)


class ReviewSection(_Closed):
    """The review queue left for a person and the reviewers' decisions the run applied."""

    queue: int = Field(ge=0)
    queue_by_reason: dict[str, int]
    decisions: Decisions | None


class ReportBody(_Closed):
    """The report of a finished run before the gate verdict and the exports are added."""

    schema_version: Literal[3]
    tool_version: str
    config_sha256: str = Field(pattern="^[0-9a-f]{64}$")
    config: dict[str, Any]
    accounting: Books
    dataset: Dataset
    scores: dict[str, Summary]
    pii: dict[str, int]
    findings: dict[str, dict[str, Any]]  # per stage, in stage order (report.html keeps it)
    review: ReviewSection | None = None

    @property
    def split_findings(self) -> SplitFindings:
        """The split stage's leakage findings (defaults when it did not run)."""
        return SplitFindings.model_validate(self.findings.get("split") or {})

    @property
    def audit_findings(self) -> AuditFindings | None:
        """The audit stage's findings, or None when it reported nothing."""
        audit = self.findings.get("audit")
        return None if audit is None else AuditFindings.model_validate(audit)


class Report(ReportBody):
    """report.json: the body, the gate verdict and what was exported."""

    gate: Gate
    exports: Exports
