"""The dataset card: README.md with Hugging Face Hub YAML front matter, beside the exports.

The front matter holds the metadata the Hub reads (name, licence, task categories, size,
one config per format with its data files per split, the first the default, so that
`datasets.load_dataset(FOLDER)` needs no config name). The body says what a person needs to
publish or use the data: tasks and labels, sources and their licences, personal data found,
what was rejected and why, the review queue, limitations, and the gate verdict with its numbers.
Only counts and configured text reach it, never record text.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

import yaml

from curate.accounting import count_lines
from curate.review.queue import needs_review

if TYPE_CHECKING:
    from curate.config import CurateConfig
    from curate.record import Record

# the Hub's size_categories, each with its upper bound
SIZES = ((10**3, "n<1K"), (10**4, "1K<n<10K"), (10**5, "10K<n<100K"), (10**6, "100K<n<1M"),
         (10**7, "1M<n<10M"), (10**8, "10M<n<100M"), (10**9, "100M<n<1B"))
CATEGORY = {"label": "text-classification", "text": "text-generation", "json": "text-generation"}
# Hub licence identifiers a declared licence may name as is; anything else is `other`
HUB_LICENSES = frozenset({
    "apache-2.0", "mit", "bsd-2-clause", "bsd-3-clause", "cc0-1.0", "cc-by-4.0", "cc-by-sa-4.0",
    "cc-by-nc-4.0", "cc-by-nc-sa-4.0", "cc-by-nd-4.0", "cc-by-nc-nd-4.0", "odc-by", "odbl",
    "pddl", "cdla-permissive-2.0", "cdla-sharing-1.0", "gpl-3.0", "lgpl-3.0", "unlicense"})
NOT_DECLARED = "licence not declared"


def size_category(n: int) -> str:
    return next((name for limit, name in SIZES if n < limit), "1B<n<10B")


def hub_license(config: CurateConfig) -> str | list[str]:
    """The front matter's `license`: the declared Hub identifiers, `other` when a source
    declares something else, `unknown` when any source declares nothing."""
    declared = [s.license.strip().lower() if s.license else None for s in config.sources]
    if not declared or None in declared:
        return "unknown"
    if all(d in HUB_LICENSES for d in declared):
        return sorted(set(declared))  # type: ignore[arg-type]
    return "other"


def front_matter(records: Collection[Record], config: CurateConfig, summary: dict[str, Any]) -> dict:
    """The Hub metadata; `configs` lists each format's files (eval as `validation`)."""
    return {
        "pretty_name": config.name or config.export.dataset_name,
        "license": hub_license(config),
        "task_categories": sorted({CATEGORY[spec.output] for spec in config.tasks.values()})
        or ["text-generation"],
        "size_categories": [size_category(len(records))],
        "tags": ["curate", "gate-passed" if summary["ready"] else "not-ready"],
        "configs": [
            {"config_name": fmt, "data_files": [{"split": "validation" if s == "eval" else s,
                                                 "path": path}
                                                for s, path in sorted(info["files"].items())],
             **({"default": True} if index == 0 else {})}
            for index, (fmt, info) in enumerate(summary["formats"].items())
        ],
    }


def dataset_card(records: Collection[Record], config: CurateConfig, summary: dict[str, Any],
                 report: dict[str, Any] | None = None) -> str:
    """README.md text: front matter, then the sections; those drawn from the run report
    (PII, rejections, gate) say so when there is no report."""
    name = config.name or config.export.dataset_name
    lines = [
        "---", yaml.safe_dump(front_matter(records, config, summary), sort_keys=False,
                              allow_unicode=True).rstrip(), "---", "",
        f"# {name}", "",
        *([config.description.strip(), ""] if config.description else []),
        "> **NOT READY**: exported with `--force` although the readiness gate did not pass."
        if summary["forced"] else "Exported by `curate` after the readiness gate passed.", "",
        *_overview(records, config, summary),
        *_tasks(records, config),
        *_sources(config),
    ]
    if report is None:
        lines += ["The run report was not available: PII counts, rejections, the review "
                  "queue and the gate's numbers are in the run's report.json.", ""]
    else:
        lines += [*_pii(report), *_rejections(report), *_review(records, report),
                  *_gate(report)]
    lines += [*_limitations(config, report), *_files(summary)]
    return "\n".join(lines)


def _table(head: tuple[str, ...], rows: list[tuple[Any, ...]]) -> list[str]:
    return [f"| {' | '.join(head)} |", f"|{' --- |' * len(head)}",
            *(f"| {' | '.join(str(c).replace('|', '/') for c in row)} |" for row in rows), ""]


def _overview(records: Collection[Record], config: CurateConfig, summary: dict[str, Any]) -> list[str]:
    splits = Counter(r.split or "train" for r in records)
    held = summary["held_for_review"]
    return [
        f"- records: {len(records)} (train {splits['train']}, eval {splits['eval']})",
        f"- held for review, not exported (`export.held_for_review`): "
        f"train {held.get('train', 0)}, eval {held.get('eval', 0)}"
        if any(held.values()) else "- held for review: none left out",
        f"- config sha256: `{config.digest()}`",
        f"- token counts: {summary['tokenizer']}", "",
    ]


def _tasks(records: Collection[Record], config: CurateConfig) -> list[str]:
    """One row per task, then per label task its label table (declared labels with none
    included, and any undeclared label seen)."""
    counts = Counter((r.task, r.label, r.split or "train") for r in records)
    lines = ["## Tasks", "", *_table(
        ("task", "category", "instruction", "output", "records"),
        [(f"`{name}`", CATEGORY[spec.output], spec.instruction, spec.output,
          sum(n for (task, _, _), n in counts.items() if task == name))
         for name, spec in sorted(config.tasks.items())])]
    for name, spec in sorted(config.tasks.items()):
        seen = {label for task, label, _ in counts if task == name and label is not None}
        labels = [*(spec.labels or []), *sorted(seen - set(spec.labels or []))]
        if labels:
            lines += [f"### Labels of `{name}`", "", *_table(
                ("label", "train", "eval"),
                [(label, counts[name, label, "train"], counts[name, label, "eval"])
                 for label in labels])]
    return lines


def _sources(config: CurateConfig) -> list[str]:
    if not config.sources:
        return ["## Sources", "", "No sources in the config (records were given directly).", ""]
    return ["## Sources", "", *_table(
        ("kind", "path", "task", "licence"),
        [(s.kind, ", ".join(f"`{p}`" for p in s.path), f"`{s.task}`", s.license or NOT_DECLARED)
         for s in config.sources])]


def _pii(report: dict[str, Any]) -> list[str]:
    residual = report.get("findings", {}).get("redact", {}).get("residual", {})
    entities = sorted(set(report.get("pii", {})) | set(residual))
    if not entities:
        return ["## Personal data", "", "No personal data was replaced in the kept records.", ""]
    return ["## Personal data", "",
            "Replaced by placeholders (`<PERSON_1>`, ...) in the kept records, and found "
            "again by the verification re-scan of the exported fields:", "",
            *_table(("entity", "replaced", "found after redaction"),
                    [(e, report.get("pii", {}).get(e, 0), residual.get(e, 0)) for e in entities])]


def _rejections(report: dict[str, Any]) -> list[str]:
    books = report["accounting"]
    reasons: Counter[str] = Counter()
    for book in [*books["sources"].values(), *books["stages"].values()]:
        reasons.update(book["reasons"])
    rows = [(f"`{reason}`", n) for reason, n in sorted(reasons.items())]
    return ["## Rejections", "",
            *(f"- {line}" for line in count_lines(books)), "",
            "Reasons: the curate README's reason tables.", "",
            *(_table(("reason", "count"), rows) if rows else [])]


def _review(records: Collection[Record], report: dict[str, Any]) -> list[str]:
    """The queue size (report.json `review.queue`, else counted), and the decisions applied
    when the report records them."""
    section = report.get("review") if isinstance(report.get("review"), dict) else {}
    queue = section.get("queue", sum(map(needs_review, records)))
    lines = ["## Review", "", f"- records in the review queue (`review.jsonl`): {queue}"]
    decisions = section.get("decisions")
    if isinstance(decisions, dict) and isinstance(decisions.get("applied"), dict):
        applied = ", ".join(f"{word} {n}" for word, n in decisions["applied"].items())
        lines.append(f"- reviewer decisions applied: {applied or 'none'}"
                     + (f" ({decisions['unmatched']} matched no record)"
                        if decisions.get("unmatched") else ""))
    else:
        lines.append("- reviewer decisions: none applied")
    return [*lines, ""]


def _gate(report: dict[str, Any]) -> list[str]:
    gate = report["gate"]
    return ["## Readiness gate", "", f"Verdict: **{'READY' if gate['ready'] else 'NOT READY'}**",
            "", *_table(("check", "status", "required", "detail", "numbers"),
                        [(c["name"], c["status"], "yes" if c["required"] else "no", c["detail"],
                          ", ".join(f"{k}: {_value(v)}" for k, v in c["numbers"].items()))
                         for c in gate["checks"]])]


def _value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def _limitations(config: CurateConfig, report: dict[str, Any] | None) -> list[str]:
    lines = [
        "## Limitations", "",
        "- Personal data was replaced by automated detectors (presidio with spaCy, plus "
        "curate's own finders); a detector can miss a name or number it has never seen.",
        "- Labels come from the sources; label-noise detection flags likely errors for review "
        "but does not correct them.",
        "- The records reflect the sources' customers, products and period; they are no "
        "sample of any wider population.",
    ]
    undeclared = sum(not s.license for s in config.sources)
    if undeclared:
        lines.append(f"- {undeclared} source(s) declare no licence: check the right to publish "
                     "before sharing.")
    if report is not None:
        open_checks = [c["name"] for c in report["gate"]["checks"] if c["status"] != "met"]
        if open_checks:
            lines.append(f"- Gate checks not met or without evidence: {', '.join(open_checks)}.")
    return [*lines, ""]


def _files(summary: dict[str, Any]) -> list[str]:
    rows = []
    for fmt, info in summary["formats"].items():
        for split, path in sorted(info["files"].items()):
            skipped = ", ".join(f"{k}: {v}" for k, v in info["skipped_by_split"][split].items())
            rows.append((fmt, split, f"`{path}`", info["lines"][split], skipped or "0"))
    return ["## Files", "", *_table(("format", "split", "file", "lines", "skipped"), rows),
            "Each `<split>.<format>.ids.jsonl` maps a line number to the record id, "
            "label and scores; the training lines hold only what the trainer accepts.", ""]
