"""Runs a config end to end: ingest, stages in registry order, gate, export, report.

The pipeline knows nothing about what a stage does. It streams records through
the per-record stages, hands the survivors to the whole-set stages, writes
every rejected record to `rejected.jsonl` as it goes, and checks the books.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from curate import __version__
from curate.accounting import Accounting, StageBook
from curate.config import CurateConfig
from curate.engine import make_engine
from curate.engine.base import StageResult
from curate.ingest import INGESTORS
from curate.io import write_json, write_records
from curate.manifest import hash_inputs, write_manifest
from curate.record import Record
from curate.report import build_report, write_html
from curate.stages import STAGES
from curate.stages.base import Stage
from curate.workdir import WorkDir

Progress = Callable[[str, int], None]
Reject = Callable[[Record], None]


@dataclass
class RunResult:
    """What a run produced: the report (with the gate verdict) and where it lives."""

    out_dir: Path
    report: dict[str, Any]

    @property
    def ready(self) -> bool:
        return bool(self.report["gate"]["ready"])


def build_stages(config: CurateConfig) -> list[Stage]:
    """Instantiate the enabled stages in registry order (models load lazily, later)."""
    stages = []
    for name in STAGES:
        stage_config = config.stage_config(name)
        if stage_config.enabled:
            stages.append(STAGES.load(name)(stage_config, config))
    return stages


def ingest(config: CurateConfig, books: Accounting, reject: Reject) -> Iterator[Record]:
    """Stream pairs from every source; rejected items go to `reject` as they come."""
    for index, source in enumerate(config.sources):
        cls = INGESTORS.load(source.kind)
        ingestor = cls(cls.Options.model_validate(source.options), source, config)
        book = books.sources.setdefault(f"{index}:{source.kind}", StageBook())
        for path in source.path:
            for record in ingestor.read(config.resolve(path)):
                if record.rejected is None:
                    books.pairs += 1
                    yield record
                else:
                    book.reasons[record.rejected.reason] += 1
                    reject(record)
        book.into, book.kept = ingestor.items_read, ingestor.items_used
        book.rejected = sum(book.reasons.values())


def run_pipeline(
    config: CurateConfig, out_dir: Path, progress: Progress | None = None
) -> RunResult:
    """Run everything and write the run directory; the gate verdict is in the report.

    A run killed part-way resumes from its last completed phase when the inputs
    and config are unchanged (see curate/workdir.py).
    """
    from curate.export import write_exports
    from curate.gate import evaluate

    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "manifest.json").unlink(missing_ok=True)  # no manifest = not finished
    stages = build_stages(config)
    inputs = hash_inputs(config)
    key = hashlib.sha256(
        json.dumps([__version__, config.digest(), inputs], sort_keys=True).encode()
    ).hexdigest()
    work = WorkDir(out_dir, key, ["ingest", *(s.name for s in stages)])
    try:
        live, books, findings = _execute(config, stages, work, progress)
        books.check()
        work.write_rejected(out_dir / "rejected.jsonl")
    finally:
        work.close()
    write_records(out_dir / "curated.jsonl", live)
    write_records(out_dir / "review.jsonl", (r for r in live if needs_review(r)))
    report = build_report(config, books, findings, live)
    report["gate"] = evaluate(live, report, config)
    report["exports"] = write_exports(live, config, out_dir, ready=report["gate"]["ready"])
    write_json(out_dir / "report.json", report)
    write_html(out_dir / "report.html", report)
    write_manifest(out_dir, config, inputs, ready=report["gate"]["ready"])
    work.remove()
    return RunResult(out_dir, report)


def _execute(
    config: CurateConfig, stages: list[Stage], work: WorkDir, progress: Progress | None
) -> tuple[list[Record], Accounting, dict[str, Any]]:
    """Stream ingest and the per-record stages, then each whole-set stage, checkpointing
    after each phase; skip the phases a previous, interrupted run completed."""
    streaming = [s for s in stages if not s.whole_set]
    whole = [s for s in stages if s.whole_set]
    resumed = work.resume(["stream", *(s.name for s in whole)])
    if resumed:
        next_phase, live, books, findings = resumed
    else:
        next_phase, live, books, findings = 0, [], Accounting(), {}
        for stage in stages:
            books.stage(stage.name)
    engine = make_engine(config.engine)
    try:
        if next_phase == 0:
            pairs = ingest(config, books, work.reject)
            if not streaming:
                live = list(pairs)
            for results in engine.map_chain(streaming, _batched(pairs, config.engine.batch_size)) \
                    if streaming else ():
                live.extend(_book(results, books, work.reject)[-1].kept)
                if progress:
                    progress("records", results[0].into)
            work.save("stream", live, books, findings)
        for phase, stage in enumerate(whole, start=1):
            if phase < next_phase:
                continue
            if progress:
                progress(stage.name, 0)
            live = _book([engine.whole_set(stage, live)], books, work.reject)[0].kept
            if stage.findings:
                findings[stage.name] = stage.findings
            work.save(stage.name, live, books, findings)
    finally:
        engine.close()
    return live, books, findings


def needs_review(record: Record) -> bool:
    """True when a stage asked a person to look (an annotation with a `review` key)."""
    return any(isinstance(note, dict) and "review" in note for note in record.annotations.values())


def _book(results: list[StageResult], books: Accounting, reject: Reject) -> list[StageResult]:
    """Enter each stage result in the books and hand on its rejected records."""
    for result in results:
        books.stage(result.name).add(result.into, len(result.kept), result.rejected)
        for record in result.rejected:
            reject(record)
    return results


def _batched(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch
