"""Runs a config end to end: ingest, stages in registry order, gate, export, report.

The pipeline knows nothing about what a stage does. It streams records through
the per-record stages, hands the survivors to the whole-set stages, writes
every rejected record to `rejected.jsonl` as it goes, and checks the books.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from curate.accounting import Accounting, StageBook
from curate.config import CurateConfig
from curate.engine import make_engine
from curate.engine.base import StageResult
from curate.ingest import INGESTORS
from curate.io import RejectSink, write_json, write_records
from curate.manifest import write_manifest
from curate.record import Record
from curate.report import build_report, write_html
from curate.stages import STAGES
from curate.stages.base import Stage

Progress = Callable[[str, int], None]


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


def ingest(config: CurateConfig, books: Accounting, sink: RejectSink) -> Iterator[Record]:
    """Stream pairs from every source; rejected items go to `sink` as they come."""
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
                    sink.write(record)
        book.into, book.kept = ingestor.items_read, ingestor.items_used
        book.rejected = sum(book.reasons.values())


def run_pipeline(
    config: CurateConfig, out_dir: Path, progress: Progress | None = None
) -> RunResult:
    """Run everything and write the run directory; the gate verdict is in the report."""
    from curate.export import write_exports
    from curate.gate import evaluate

    out_dir.mkdir(parents=True, exist_ok=True)
    stages = build_stages(config)
    streaming = [s for s in stages if not s.whole_set]
    whole = [s for s in stages if s.whole_set]
    books = Accounting()
    for stage in stages:
        books.stage(stage.name)
    engine = make_engine(config.engine)
    rejected_out = RejectSink(out_dir / "rejected.jsonl", ["ingest", *(s.name for s in stages)])
    try:
        pairs = ingest(config, books, rejected_out)
        batches = _batched(pairs, config.engine.batch_size)
        live: list[Record] = [] if streaming else list(pairs)
        for results in engine.map_chain(streaming, batches) if streaming else ():
            live.extend(_book(results, books, rejected_out)[-1].kept)
            if progress:
                progress("records", results[0].into)
        for stage in whole:
            if progress:
                progress(stage.name, 0)
            result = engine.whole_set(stage, live)
            live = _book([result], books, rejected_out)[0].kept
        books.check()
        rejected_out.commit()
    finally:
        rejected_out.close()
        engine.close()
    write_records(out_dir / "curated.jsonl", live)
    write_records(out_dir / "review.jsonl", (r for r in live if needs_review(r)))
    findings = {stage.name: stage.findings for stage in stages if stage.findings}
    report = build_report(config, books, findings, live)
    report["gate"] = evaluate(live, report, config)
    report["exports"] = write_exports(live, config, out_dir, ready=report["gate"]["ready"])
    write_json(out_dir / "report.json", report)
    write_html(out_dir / "report.html", report)
    write_manifest(out_dir, config, ready=report["gate"]["ready"])
    return RunResult(out_dir, report)


def needs_review(record: Record) -> bool:
    """True when a stage asked a person to look (an annotation with a `review` key)."""
    return any(isinstance(note, dict) and "review" in note for note in record.annotations.values())


def _book(results: list[StageResult], books: Accounting, sink: RejectSink) -> list[StageResult]:
    """Enter each stage result in the books and spool its rejected records."""
    for result in results:
        books.stage(result.name).add(result.into, len(result.kept), result.rejected)
        for record in result.rejected:
            sink.write(record)
    return results


def _batched(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch
