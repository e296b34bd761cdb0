"""The readiness gate: fine-tune only when several criteria hold, never on one or two.

Criteria 1-4 and three hard stops, each `met`, `not_met` or `no_evidence` with
its numbers. Policy: criteria 1-3 and every hard stop must be `met` (the bias
stop only when `gate.fail_on_bias_severity` is set); criterion 4 too when
`gate.require_baseline` is true. A task's `metric`/`target` win over the
gate-wide ones.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Collection, Iterable
from typing import Any

from curate.accounting import TOTALS, Accounting
from curate.baseline import resolve_predictions
from curate.config import CurateConfig, TaskSpec
from curate.errors import AccountingError
from curate.export.writer import held_for_review
from curate.metrics import METRICS
from curate.record import Record
from curate.registries import STAGES
from curate.report.models import ReportBody

SEVERITY = {"low": 1, "medium": 2, "high": 3}


def _check(
    name: str, met: bool | None, detail: str, required: bool = True, fix: str = "",
    **numbers: Any
) -> dict[str, Any]:
    """One criterion's result; a check that is not met says its `fix` (the config key to
    change, or the findings by name) at the end of its detail."""
    status = "no_evidence" if met is None else ("met" if met else "not_met")
    if fix and status != "met":
        detail = f"{detail}; fix: {fix}"
    return {"name": name, "status": status, "required": required, "detail": detail,
            "numbers": numbers}


def metric_for(task: str, config: CurateConfig) -> tuple[str | None, float | None]:
    """The task's declared metric and target, falling back to the gate's."""
    spec = config.tasks.get(task)
    metric = (spec.metric if spec else None) or config.gate.metric
    target = spec.target if spec and spec.target is not None else config.gate.target
    return metric, target


def definition_gaps(spec: TaskSpec) -> list[str]:
    """What a task spec lacks to count as strictly defined."""
    if spec.output == "label" and not spec.labels:
        return ["output 'label' without a label set"]
    if spec.output == "json" and not spec.output_schema:
        return ["output 'json' without output_schema"]
    if spec.output == "text" and spec.max_output_words is None:
        return ["output 'text' without max_output_words"]
    return []


class Conformance:
    """Checks outputs against their task spec (label set, JSON schema, length limits)."""

    def __init__(self, tasks: dict[str, TaskSpec]) -> None:
        self.tasks = tasks
        self._validators: dict[str, Any] = {}

    def __call__(self, record: Record) -> bool:
        spec = self.tasks.get(record.task)
        if spec is None:
            return False
        if spec.output == "label":
            return record.output.strip() in (spec.labels or [])
        if spec.output == "json":
            return self._json_ok(record.task, spec, record.output)
        words = len(record.output.split())
        return spec.min_output_words <= words <= (spec.max_output_words or words)

    def _json_ok(self, task: str, spec: TaskSpec, text: str) -> bool:
        try:
            value = json.loads(text)
        except ValueError:
            return False
        if spec.output_schema is None:
            return True
        if task not in self._validators:
            from jsonschema import Draft202012Validator

            self._validators[task] = Draft202012Validator(spec.output_schema)
        return self._validators[task].is_valid(value)


def check_examples(records: Collection[Record], report: ReportBody,
                   config: CurateConfig) -> dict:
    """Criterion 1: more than N high-quality examples in train, after every filter; records
    held for review do not count unless `export.include_review` ships them."""
    need = config.gate.min_train_examples
    train = sum(_in_train(r) for r in records)
    held = sum(map(_in_train, held_for_review(records, config)))
    numbers = {"train": train - held, "held_for_review": held, "required_more_than": need}
    if not ran_a_provider(report, QUALITY_SCORE):
        return _check("enough_examples", None, f"no stage that provides {QUALITY_SCORE} ran: "
                      "quality unknown", fix="enable stages.quality", **numbers)
    fix = "add sources, or lower gate.min_train_examples"
    if held:
        fix += " (records held for review count once decided, or with export.include_review)"
    return _check("enough_examples", train - held > need,
                  f"{train - held} quality-filtered train examples ({held} held for review "
                  f"left out); more than {need} required", fix=fix, **numbers)


def _in_train(record: Record) -> bool:
    return record.split in (None, "train")


QUALITY_SCORE = "scores.quality"
"""What criterion 1 needs a stage to have provided (stages declare it: `Stage.provides`)."""


def ran_a_provider(report: ReportBody, provided: str) -> bool:
    """True when a stage of the run's books declares that it provides `provided`."""
    return any(name in STAGES and provided in STAGES.load(name).provides
               for name in report.accounting.stages)


def check_task_defined(records: Collection[Record], config: CurateConfig) -> dict:
    """Criterion 2: each task has a strict spec and its outputs conform."""
    tasks = sorted({r.task for r in records})
    gaps = {t: (definition_gaps(config.tasks[t]) if t in config.tasks else ["no task spec"])
            for t in tasks}
    gaps = {t: g for t, g in gaps.items() if g}
    conforms = Conformance(config.tasks)
    share = sum(map(conforms, records)) / len(records) if records else 0.0
    need = config.gate.min_conformance
    numbers = {"tasks": len(tasks), "conforming_share": round(share, 4), "required_share": need,
               "gaps": {t: "; ".join(g) for t, g in gaps.items()}}
    if not records:
        return _check("task_defined", None, "no records to check", **numbers)
    if gaps:
        first = next(iter(gaps))
        return _check("task_defined", False, f"task '{first}': {gaps[first][0]}",
                      fix=f"add tasks.{first}.{GAP_KEYS[config.tasks[first].output]}"
                      if first in config.tasks else f"define tasks.{first}", **numbers)
    fix = ""
    if share < need:
        shares = _shares(records, conforms)
        fix = (", ".join(f"task '{t}' {v:.1%} conform" for t, v in shares.items() if v < need)
               + ": widen its tasks.<task> spec (labels, max_output_words, output_schema) or "
               "lower gate.min_conformance")
    return _check("task_defined", share >= need,
                  f"{share:.1%} of outputs conform to their task spec; {need:.0%} required",
                  fix=fix, **numbers)


GAP_KEYS = {"label": "labels", "json": "output_schema", "text": "max_output_words"}


def _shares(records: Iterable[Record], conforms: Conformance) -> dict[str, float]:
    """Per task (sorted), the share of its records that conform."""
    seen: Counter[str] = Counter()
    good: Counter[str] = Counter()
    for record in records:
        seen[record.task] += 1
        good[record.task] += conforms(record)
    return {task: good[task] / seen[task] for task in sorted(seen)}


def check_metric(records: Collection[Record], report: ReportBody, config: CurateConfig) -> dict:
    """Criterion 3: a declared metric per task and a big enough, leak-checked eval split."""
    tasks = sorted({r.task for r in records})
    undeclared = [t for t in tasks if metric_for(t, config)[0] is None]
    evals = sum(r.split == "eval" for r in records)
    need = config.gate.min_eval_examples
    split = report.split_findings
    leak_check = split.leak_check
    numbers = {"eval": evals, "required_eval": need, "leak_check": leak_check,
               "leaks_found": split.leaks,
               "threads_across": split.threads_across,
               "conversations_across": split.conversations_across,
               "metrics": {t: metric_for(t, config)[0] for t in tasks}}
    if undeclared:
        return _check("metric_and_eval", False, f"no metric declared for task '{undeclared[0]}'",
                      fix=f"add tasks.{undeclared[0]}.metric (or gate.metric)", **numbers)
    if evals < need:
        return _check("metric_and_eval", False, f"{evals} eval examples; {need} required",
                      fix="raise stages.split.eval_fraction or stages.split.min_eval, add "
                      "sources, or lower gate.min_eval_examples", **numbers)
    if leak_check not in ("move", "reject"):
        return _check("metric_and_eval", None,
                      f"eval split not checked for near-duplicate leakage ({leak_check})",
                      fix="enable stages.split with leak_action: move", **numbers)
    if numbers["threads_across"] is None or numbers["conversations_across"] is None:
        return _check("metric_and_eval", None,
                      "eval split not checked for threads and conversations shared with train",
                      fix="run again with this curate version's stages.split", **numbers)
    if numbers["threads_across"] or numbers["conversations_across"]:
        return _check("metric_and_eval", False,
                      f"{numbers['threads_across']} threads and {numbers['conversations_across']} "
                      "eval conversations shared with train",
                      fix="keep stages.dedup enabled (its clusters tie conversations together) "
                      "and run again", **numbers)
    return _check("metric_and_eval", True,
                  f"metric declared, {evals} eval examples, near-duplicate leakage removed "
                  f"({leak_check}), no thread or conversation on both sides", **numbers)


def check_baseline(
    records: Collection[Record], config: CurateConfig, predictions: dict[str, str] | None
) -> dict:
    """Criterion 4: baseline predictions on eval, scored with the declared metric, below target."""
    required = config.gate.require_baseline
    if predictions is None:
        return _check("prompting_falls_short", None, "no baseline predictions given", required,
                      fix="pass --predictions FILE, or set gate.baseline_predictions (or "
                      "gate.baseline_endpoint and gate.baseline_model)")
    evals: dict[str, list[tuple[str, str]]] = {}  # per task, (id, reference) of each eval
    for record in records:
        if record.split == "eval":
            evals.setdefault(record.task, []).append((record.id, record.output))
    scores: dict[str, dict[str, Any]] = {}
    for task in sorted(evals):
        metric, target = metric_for(task, config)
        rows = evals[task]
        if metric is None or target is None:
            return _check("prompting_falls_short", None,
                          f"task '{task}' declares no metric and target", required,
                          fix=f"add tasks.{task}.metric and tasks.{task}.target")
        score = METRICS[metric]([predictions.get(rid, "") for rid, _ in rows],
                                [output for _, output in rows])
        scores[task] = {"metric": metric, "baseline": round(score, 4), "target": target,
                        "covered": sum(rid in predictions for rid, _ in rows), "eval": len(rows)}
    if not scores:
        return _check("prompting_falls_short", None, "no eval split to score", required,
                      fix="enable stages.split")
    short = [t for t, s in scores.items() if s["baseline"] < s["target"]]
    detail = "; ".join(f"{t}: {s['metric']} {s['baseline']:.3f} vs target {s['target']}"
                       for t, s in scores.items())
    reached = [t for t in scores if t not in short]
    return _check("prompting_falls_short", len(short) == len(scores),
                  f"baseline {detail}", required,
                  fix=f"prompting already reaches the target of {', '.join(reached)}: "
                  "fine-tuning may not be needed (or raise tasks.<task>.target)",
                  tasks=scores)


def check_pii(records: Collection[Record], report: ReportBody, config: CurateConfig) -> dict:
    """Hard stop: PII the redact verification pass still found in kept records.

    Met only when every kept record was re-scanned (all its written fields, changed or not);
    the numbers also say how many fields were re-scanned and how many records redact rejected
    for residual PII (those never reach an export)."""
    verified = residual = fields = 0
    entities: Counter[str] = Counter()
    for record in records:
        found = (record.annotations.get("redact") or {}).get("residual")
        if found is None:
            continue
        verified += 1
        residual += sum(found.values()) if isinstance(found, dict) else int(found)
        entities.update(found if isinstance(found, dict) else {})
        fields += int((record.annotations.get("redact") or {}).get("scanned", 0))
    allowed = config.gate.max_pii_findings
    redact = report.accounting.stages.get("redact")
    numbers = {"verified": verified, "unverified": len(records) - verified, "residual": residual,
               "fields_scanned": fields, "rejected_residual": redact.rejected if redact else 0,
               "allowed": allowed}
    verify = "enable stages.redact with verify: true"
    if not verified:
        return _check("pii_clean", None, "no redaction verification on the records",
                      fix=verify, **numbers)
    if verified < len(records):
        return _check("pii_clean", False, f"{len(records) - verified} kept records were never "
                      "re-scanned by redact's verification", fix=verify, **numbers)
    named = ", ".join(f"{e} {n}" for e, n in sorted(entities.items(), key=lambda x: (-x[1], x[0])))
    return _check("pii_clean", residual <= allowed,
                  f"{residual} residual PII findings in {verified} re-scanned records; at most "
                  f"{allowed} allowed ({numbers['rejected_residual']} records rejected by redact)",
                  fix=f"set stages.redact.on_residual: reject (withholds those records; found: "
                  f"{named}), list terms that are not PII in stages.redact.allow_list, or raise "
                  "gate.max_pii_findings", **numbers)


def check_accounting(report: ReportBody) -> dict:
    """Hard stop: `Accounting.check_report` passes on the report's books (every book
    balances, the chain walked in the run's stage order is unbroken, the totals agree)."""
    books = report.accounting
    numbers = {key: getattr(books, key) for key in TOTALS}
    try:
        Accounting.check_report(books.to_json())
    except AccountingError as problem:
        return _check("accounting_balanced", False, f"books do not balance: {problem}",
                      fix=ACCOUNTING_FIX, **numbers)
    return _check("accounting_balanced", True, "in = kept + rejected at every source and stage",
                  **numbers)


ACCOUNTING_FIX = "a stage lost or invented records: report it with this run's report.json"


def check_bias(report: ReportBody, config: CurateConfig) -> dict:
    """Hard stop: audit findings at or above `gate.fail_on_bias_severity`."""
    threshold = config.gate.fail_on_bias_severity
    audit = report.audit_findings
    if audit is None:
        return _check("bias_within_threshold", None, "the audit stage reported nothing",
                      threshold is not None,
                      fix="enable stages.audit, or set gate.fail_on_bias_severity: null",
                      threshold=threshold)
    findings = audit.findings
    over = [f for f in findings if threshold
            and SEVERITY.get(str(f.severity), 0) >= SEVERITY[threshold]]
    named = "; ".join(_finding_name(f.model_dump()) for f in over[:3])
    more = f"; and {len(over) - 3} more (report.json findings.audit)" if len(over) > 3 else ""
    return _check("bias_within_threshold", not over,
                  f"{len(over)} of {len(findings)} bias findings at or above '{threshold}'",
                  threshold is not None,
                  fix=f"{named}{more}: rebalance the data, declare stages.audit.expected shares "
                  "or stages.audit.levels, or set gate.fail_on_bias_severity",
                  findings=len(findings), at_or_above=len(over), threshold=threshold)


def _finding_name(finding: dict[str, Any]) -> str:
    """A bias finding by name: task, check, attribute or field, and what it found."""
    task = f"task '{finding['task']}' " if finding.get("task") else ""
    return f"{task}{finding.get('check')} by {finding.get('where')} ({finding.get('detail')})"


def evaluate(
    records: Collection[Record],
    report: ReportBody,
    config: CurateConfig,
    predictions: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Apply the criteria to a finished run; `ready` follows the configured policy.
    `records` is read pass by pass, never held (it may be a `curate.io.RecordFile`)."""
    checks = [
        check_examples(records, report, config),
        check_task_defined(records, config),
        check_metric(records, report, config),
        check_baseline(records, config, resolve_predictions(records, config, predictions)),
        check_pii(records, report, config),
        check_accounting(report),
        check_bias(report, config),
    ]
    ready = all(c["status"] == "met" for c in checks if c["required"])
    return {"ready": ready, "checks": checks}
