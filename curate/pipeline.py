"""Runs a config end to end: ingest, stages in registry order, gate, export, report.

The pipeline knows nothing about what a stage does, nor where records live:
the engine runs ingest and the stages, writes the kept records and spools the
rejected ones; the pipeline checks the books, then the report, gate and
exports are computed where the data lives (`Engine.call`).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from curate.accounting import Accounting
from curate.config import CurateConfig
from curate.engine import local, make_engine
from curate.engine.base import Event, Progress, Reject, emit
from curate.engine.cache import phase_keys
from curate.engine.ingest import Ingest
from curate.export.writer import write_exports
from curate.gate import evaluate
from curate.io import RecordFile, load_records, write_json
from curate.manifest import hash_inputs, write_manifest
from curate.record import Record
from curate.registries import STAGES
from curate.report import build_report, write_html
from curate.report.models import Report, ReportBody
from curate.review.report import review_section, write_queue
from curate.rundir import claim
from curate.stages.base import Stage, StageContext
from curate.stages.key_tables import list_findings
from curate.workdir import WorkDir


@dataclass
class RunResult:
    """What a run produced: where it lives and what `finish` returned (`summary`: the gate
    verdict and counts, all the client holds of the report); report.json itself is read on
    first access (`report`)."""

    out_dir: Path
    summary: dict[str, Any]

    @cached_property
    def report(self) -> dict[str, Any]:
        """report.json's content (schemas/report.schema.json), with the gate verdict."""
        return json.loads((self.out_dir / "report.json").read_text(encoding="utf-8"))

    @property
    def ready(self) -> bool:
        return bool(self.summary["ready"])


def build_stages(config: CurateConfig) -> list[Stage]:
    """Instantiate the enabled stages in registry order (models load lazily, later)."""
    context = StageContext.of(config)
    stages = []
    for name in STAGES:
        stage_config = config.stage_config(name)
        if stage_config.enabled:
            stages.append(STAGES.load(name)(stage_config, context))
    return stages


def ingest(config: CurateConfig, books: Accounting, reject: Reject, workers: int = 1
           ) -> Iterator[str]:
    """Stream the pairs of every source as JSON lines, in parts, read in `workers` processes
    where an ingestor can spread its work; rejected items go to `reject` as they come."""
    return Ingest(config).encoded(books, reject, workers)


def survey(stages: list[Stage], config: CurateConfig) -> None:
    """Give each stage that surveys (`Stage.survey`: redact's `roster: auto`) every ingested
    record, read here once per such stage, before the engine runs (no books, no rejects:
    the engine's own ingest counts them)."""
    for stage in stages:
        if stage.surveys():
            batches = Ingest(config).batches(Accounting(), lambda record: None, 1000)
            stage.survey(record for batch in batches for record in batch)


def run_pipeline(
    config: CurateConfig, out_dir: Path, progress: Progress | None = None, force: bool = False
) -> RunResult:
    """Run everything and write the run directory; the gate verdict is in the report.

    The stages are built and the run directory claimed first (see curate/rundir.py: `force`
    lets curate write into a non-empty folder it did not create). A run re-runs only the
    phases whose inputs or config changed since the last run into `out_dir`, or that a
    killed run did not finish (see curate/workdir.py). `progress` hears what runs (see
    `curate.engine.base.Event`).
    """
    # absolute before anything is sent: a cluster worker's folder is not ours
    out_dir = out_dir.absolute()
    config = config.model_copy(update={"base_dir": config.base_dir.absolute()})
    stages = build_stages(config)  # a plugin that fails to load stops the run here
    run_dir = claim(out_dir, source_paths(config), force)
    try:
        emit(progress, Event("inputs", "start"))
        inputs = hash_inputs(config, [p for stage in stages for p in stage.input_files()])
        emit(progress, Event("inputs", "done"))
        work = WorkDir(out_dir, phase_keys(config, inputs, stages),
                       ["ingest", *(s.name for s in stages)])
        staged = run_dir.staging
        engine = make_engine(config.engine)
        try:
            curated = work.root / "curated.jsonl"
            survey(stages, config)
            books, findings = engine.execute(
                stages, Ingest(config), work, curated, progress)
            books.check()
            work.write_rejected(staged / "rejected.jsonl")
            curated.replace(staged / "curated.jsonl")
            emit(progress, Event("report", "start"))
            listed = {stage.name: stage.listed for stage in stages if stage.listed}
            summary = engine.call(finish, config, books, findings, listed, staged,
                                  work.root / "findings")
            emit(progress, Event("report", "done"))
        finally:
            engine.close()
            work.close()
        outputs = run_dir.publish()
        write_manifest(out_dir, config, inputs, ready=summary["ready"], outputs=outputs)
        work.keep()
    finally:
        run_dir.release()
    return RunResult(out_dir, summary)


def source_paths(config: CurateConfig) -> list[Path]:
    """Every configured source path, resolved from the config's folder."""
    return [config.resolve(raw) for source in config.sources for raw in source.path]


def curated_set(curated: Path, kept: int) -> Collection[Record]:
    """The `kept` records of a curated.jsonl: a set of up to the local engine's PARTITION
    records held as a list, a larger one read from the file again on each pass (a
    `RecordFile`), so memory does not grow with the set; a bad line is an InputError."""
    return load_records(curated) if kept <= local.PARTITION else RecordFile(curated)


def finish(config: CurateConfig, books: Accounting, findings: dict[str, Any],
           listed: dict[str, tuple[str, ...]], out_dir: Path, spilled: Path) -> dict[str, Any]:
    """From curated.jsonl (see `curated_set`) and the findings (those with a row per item,
    left in `spilled` or named in `listed`, listed into `out_dir`: `key_tables.list_findings`):
    review.jsonl, the report with the gate verdict, the exports. Returns only what the
    client keeps (it may run on a Dask worker): the gate verdict and counts, never
    report.json's content."""
    findings = list_findings(findings, listed, spilled, out_dir)
    live = curated_set(out_dir / "curated.jsonl", books.kept)
    queued, reasons = write_queue(live, out_dir / "review.jsonl")
    body = ReportBody.model_validate({
        **build_report(config, books, findings, live).to_json(),
        "review": review_section(queued, reasons, findings.get("review"))})
    gate = evaluate(live, body, config)
    exports = write_exports(live, config, out_dir, ready=gate["ready"],
                            report={**body.to_json(), "gate": gate})
    report = Report.model_validate({**body.to_json(), "gate": gate, "exports": exports})
    write_json(out_dir / "report.json", report.to_json())
    write_html(out_dir / "report.html", report)
    return {"ready": gate["ready"],
            "checks": {check["name"]: check["status"] for check in gate["checks"]},
            "records_kept": books.kept, "review_queue": queued, "exported": exports["written"]}
