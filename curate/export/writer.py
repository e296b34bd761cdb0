"""Writes every configured trainer format of a finished set.

Per format and split: `<split>.<format>.jsonl` (training lines only), its
`<split>.<format>.ids.jsonl` sidecar (line -> id, label, scores), the records the format
skipped in `<split>.<format>.skipped.jsonl` (id, reason; the report keeps their count and
a sample: `curate.listing`), any side file the trainer needs (`dataset_info.json`, ...),
and one `README.md` dataset card.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from curate.export.base import ExportProblem
from curate.export.card import dataset_card
from curate.export.targets import Targets, sharing
from curate.export.tokens import tokenizer_name
from curate.io import atomic_open, write_json
from curate.listing import Listing, listing
from curate.record import Record
from curate.registries import EXPORTERS
from curate.review.queue import needs_review

if TYPE_CHECKING:
    from curate.config import CurateConfig

SPLITS = ("train", "eval")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _write_split(exporter: Any, records: Iterable[Record], targets: Targets, path: Path,
                 skipped: Listing) -> tuple[int, frozenset[str], Counter[str]]:
    """Write one split's training lines and their id sidecar, listing each record the format
    skips in `skipped` (id and reason); return the line count, the keys every line has and
    the skipped records per reason."""
    sidecar = path.with_name(path.name.removesuffix(".jsonl") + ".ids.jsonl")
    count, common, reasons = 0, None, Counter[str]()
    with atomic_open(path) as out, atomic_open(sidecar) as ids:
        for record in records:
            try:
                line = exporter.line(record, targets.elsewhere(record.id))
            except ExportProblem as problem:
                skipped.add({"id": record.id, "reason": problem.reason})
                reasons[problem.reason] += 1
                continue
            common = set(line) if common is None else common & set(line)
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            ids.write(_dumps({"line": count, "id": record.id, "label": record.label,
                              "scores": record.scores}) + "\n")
            count += 1
    return count, frozenset(common or ()), reasons


class _Shipped:
    """The records of one split that are not held for review, in order, read again on
    every pass (`records` may be a `curate.io.RecordFile`)."""

    def __init__(self, records: Iterable[Record], split: str, held: set[str]) -> None:
        self.records, self.split, self.held = records, split, held

    def __iter__(self) -> Iterator[Record]:
        return (r for r in self.records
                if (r.split or "train") == self.split and r.id not in self.held)


def held_for_review(records: Iterable[Record], config: CurateConfig) -> Iterator[Record]:
    """Records a stage asked a person to look at, unless `export.include_review` ships them
    (read as they come, not held)."""
    return iter(()) if config.export.include_review else filter(needs_review, records)


def write_exports(
    records: Collection[Record],
    config: CurateConfig,
    out_dir: Path,
    ready: bool,
    forced: bool = False,
    formats: list[str] | None = None,
    report: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Write every configured format when the gate passed (or `forced`); return the summary.

    `report` (report.json's content, with the gate verdict) feeds the dataset card.

    Records held for review are left out (counted per split) unless `export.include_review`;
    `curate.export.targets` decides which line trains each reply. `records` is read pass by
    pass, never copied (it may be a `curate.io.RecordFile`)."""
    if not ready and not forced:
        return {"written": False, "reason": "gate not passed", "files": []}
    held = {r.id for r in held_for_review(records, config)}
    sizes = Counter(r.split or "train" for r in records)
    held_by_split = Counter(r.split or "train" for r in records if r.id in held)
    summary: dict[str, Any] = {
        "written": True, "ready": ready, "forced": forced, "tokenizer": tokenizer_name(),
        "held_for_review": {s: held_by_split[s] for s in SPLITS},
        "formats": {}}
    rows = {s: _Shipped(records, s, held) for s in SPLITS if sizes[s] > held_by_split[s]}
    shared = {s: sharing(rows[s]) for s in rows}
    targets = {(s, every): Targets.of(shared[s], every) for s in rows for every in (True, False)}
    side: dict[str, dict[str, Any]] = {}
    for fmt in formats or config.export.formats:
        exporter = EXPORTERS.load(fmt)(config)
        skipped: dict[str, dict[str, Any]] = {}
        files, lines, common, by_split = {}, {}, {}, {}
        for split in SPLITS:
            if split in rows:
                files[split] = f"{split}.{fmt}.jsonl"
                with listing(out_dir / f"{split}.{fmt}.skipped.jsonl") as listed:
                    lines[split], common[split], by_split[split] = _write_split(
                        exporter, rows[split], targets[split, exporter.trains == "every"],
                        out_dir / files[split], listed)
                skipped[split] = listed.to_json()
        for name, content in exporter.side_files(files, common).items():
            side.setdefault(name, {}).update(content)
        summary["formats"][fmt] = {
            "files": files, "lines": lines,
            "skipped": dict(sorted(sum(by_split.values(), Counter()).items())),
            "skipped_by_split": {s: dict(sorted(c.items())) for s, c in by_split.items()},
            "skipped_ids": skipped,
            "token_limit": exporter.limit}
    for name, content in sorted(side.items()):
        write_json(out_dir / name, content)
    with atomic_open(out_dir / "README.md") as handle:
        handle.write(dataset_card(records, config, summary, report))
    summary["files"] = sorted(
        [p for info in summary["formats"].values() for p in info["files"].values()]
        + [p.removesuffix(".jsonl") + ".ids.jsonl"
           for info in summary["formats"].values() for p in info["files"].values()]
        + [listed["file"] for info in summary["formats"].values()
           for listed in info["skipped_ids"].values()]
        + [*side, "README.md"]
    )
    return summary
