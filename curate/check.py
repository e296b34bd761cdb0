"""`curate check`: every problem a config has that can be found before any work, all at once.

Errors stop `curate check` and `curate run` (exit 2): the schema and references
(`curate.config`), PII entity names no recognizer reports, a label task without
its label set, sources that cannot be read (unreadable, empty, or not the files
their ingestor reads). Warnings say what the run will do that the user may not
want, chiefly which readiness criterion the config cannot reach (a task without
a metric, a disabled stage the gate needs, sources too small for the gate's
minimums or for an eval side) and formats that will skip a task's records.
Each finding is one line naming the key and the fix. Nothing here loads a
model or reads more than a bounded amount of the sources.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from curate.config import (
    ConfigProblems,
    CurateConfig,
    config_problems,
    no_sources,
    read_config_data,
)
from curate.errors import ConfigError
from curate.ingest.base import file_problem
from curate.ingest.contracts import ContractOptions
from curate.pii.entities import ENTITIES, closest_entity, plugin_entities
from curate.registries import EXPORTERS, INGESTORS, STAGES

COUNT_BUDGET = 64 * 1024 * 1024
"""Bytes of source files read to bound the record count; beyond it the bound is unknown."""
COUNT_FILES = 20_000
"""Files of a source folder listed to bound its records; beyond it the bound is unknown."""
METRIC_HINT = {"label": "macro_f1", "json": "json_valid", "text": "rouge_l"}


@dataclass
class Checked:
    """The outcome of a check: the config (None when its schema fails), errors, warnings."""

    config: CurateConfig | None
    errors: list[ConfigError] = field(default_factory=list)
    warnings: list[ConfigError] = field(default_factory=list)

    def error(self, key: str, problem: str, fix: str) -> None:
        self.errors.append(ConfigError(key, problem, fix))

    def warn(self, key: str, problem: str, fix: str) -> None:
        self.warnings.append(ConfigError(key, problem, fix))

    def lines(self) -> list[str]:
        """One line per finding, errors first."""
        return [str(e) for e in self.errors] + [
            f"warning at '{w.key}': {w.problem}; {w.fix}" for w in self.warnings]

    def raise_errors(self) -> CurateConfig:
        """The config, or ConfigProblems listing every error."""
        if self.errors:
            raise ConfigProblems(self.errors)
        assert self.config is not None
        return self.config


def check_file(path: Path) -> Checked:
    """Every finding of the config file at `path` (an unreadable file or YAML raises)."""
    return check_data(read_config_data(path), path.parent)


def check_data(data: dict[str, Any], base_dir: Path) -> Checked:
    """Every finding of a parsed config."""
    config, problems = config_problems(data, base_dir)
    checked = Checked(config, list(problems))
    if config is None:
        return checked
    if not config.sources:
        checked.errors.append(no_sources())
    _check_entities(config, checked)
    _check_tasks(config, checked)
    _check_outputs(config, checked)
    bounds = _check_sources(config, checked)
    _check_gate_reach(config, checked, bounds)
    _check_formats(config, checked)
    return checked


def _stage(config: CurateConfig, name: str) -> Any:
    """The stage's config model, or None when the stage is not registered or its section is
    invalid (already reported)."""
    if name not in STAGES:
        return None
    try:
        return config.stage_config(name)
    except ValidationError:
        return None


def _enabled(config: CurateConfig, name: str) -> bool:
    """Whether the stage runs (a section with errors, already reported, counts as running)."""
    stage = _stage(config, name)
    return name in STAGES and (stage is None or stage.enabled)


def _check_entities(config: CurateConfig, checked: Checked) -> None:
    redact = _stage(config, "redact")
    if redact is None:
        return
    known = ENTITIES | {p.entity for p in redact.extra_patterns}
    if not known.issuperset([*redact.entities, *redact.operators]):
        known |= plugin_entities()
    for key, names in (("entities", list(redact.entities)), ("operators", list(redact.operators))):
        for i, name in enumerate(names):
            if name in known:
                continue
            where = f"stages.redact.{key}[{i}]" if key == "entities" else f"stages.redact.{key}"
            guess = closest_entity(name, known)
            checked.error(
                where, f"no recognizer reports {name!r}: it would never be redacted",
                f"did you mean {guess!r}?" if guess else
                f"use one of: {', '.join(sorted(known))} (a pattern of your own goes in "
                "stages.redact.extra_patterns)")
    missing = redact.missing_key() if redact.enabled else None
    if missing is not None:
        checked.errors.append(missing)
    if not redact.enabled:
        checked.warn("stages.redact.enabled", "redaction is off: PII reaches the exports and the "
                     "gate's pii_clean criterion has no evidence", "remove `enabled: false`")
    elif not redact.verify:
        checked.warn("stages.redact.verify", "no verification pass: the gate's pii_clean "
                     "criterion has no evidence", "set verify: true")


def _check_tasks(config: CurateConfig, checked: Checked) -> None:
    for name, spec in config.tasks.items():
        key = f"tasks.{name}"
        if spec.output == "label" and not spec.labels:
            offered = sorted(_source_labels(config, name))
            checked.error(f"{key}.labels", "a label task without its label set: no output can "
                          "conform and the gate's task_defined criterion fails",
                          "add labels: [...]" + (f", e.g. [{', '.join(offered)}]"
                                                 if offered else ""))
        elif spec.output == "json" and not spec.output_schema:
            checked.warn(f"{key}.output_schema", "output 'json' without a schema: the gate's "
                         "task_defined criterion cannot be met", "add output_schema")
        elif spec.output == "text" and spec.max_output_words is None:
            checked.warn(f"{key}.max_output_words", "output 'text' without a length limit: the "
                         "gate's task_defined criterion cannot be met", "add max_output_words")
        if spec.labels:
            extra = sorted(_source_labels(config, name) - set(spec.labels))
            if extra:
                checked.warn(f"{key}.labels", f"its contract sources also label clauses "
                             f"{', '.join(extra)}: those outputs will not conform",
                             "add them to the labels, or take them out of the source's taxonomy")
        if spec.metric is None and config.gate.metric is None:
            checked.warn(f"{key}.metric", "no metric declared here nor in gate.metric: the "
                         "gate's metric_and_eval criterion cannot be met",
                         f"add metric: {METRIC_HINT[spec.output]}")


def _check_outputs(config: CurateConfig, checked: Checked) -> None:
    """A source whose outputs are never labels cannot serve a label task, and one whose
    outputs are always labels serves a text task oddly."""
    for i, source in enumerate(config.sources):
        ingestor, options = _ingestor(source.kind), _options(source)
        spec = config.tasks.get(source.task)
        if ingestor is None or options is None or spec is None:
            continue
        labels = ingestor.outputs_labels(options)
        if spec.output == "label" and labels is False:
            checked.error(f"sources[{i}].task", f"{source.kind} outputs are not labels, but "
                          f"task '{source.task}' has output: label (no output would conform)",
                          "serve a task with output: text (its records keep their label)")
        elif spec.output != "label" and labels:
            checked.warn(f"sources[{i}].task", f"{source.kind} outputs are labels, but task "
                         f"'{source.task}' has output: {spec.output}",
                         f"set tasks.{source.task}.output: label with its labels")


def _source_labels(config: CurateConfig, task: str) -> set[str]:
    """The clause types the task's contract sources can output (their taxonomy, and
    `other` unless unmapped clauses are rejected)."""
    labels: set[str] = set()
    for source in config.sources:
        if source.task == task and source.kind == "contracts":
            options = _options(source)
            if isinstance(options, ContractOptions):
                labels |= set(options.taxonomy)
                labels |= {"other"} if options.unmapped == "other" else set()
    return labels


def _ingestor(kind: str) -> Any:
    return INGESTORS.load(kind) if kind in INGESTORS else None


def _options(source: Any) -> BaseModel | None:
    """A source's validated options, or None when they are invalid (already reported)."""
    ingestor = _ingestor(source.kind)
    try:
        return ingestor.Options.model_validate(source.options) if ingestor else None
    except ValidationError:
        return None


def _check_sources(config: CurateConfig, checked: Checked) -> dict[str, int | None]:
    """Each source path readable, not empty, and holding files its ingestor reads; return
    per task an upper bound of its records (None when unknown)."""
    bounds: dict[str, int | None] = {task: 0 for task in config.tasks}
    budget = [COUNT_BUDGET]
    for i, source in enumerate(config.sources):
        ingestor, options = _ingestor(source.kind), _options(source)
        if ingestor is None or options is None or source.task not in config.tasks:
            continue
        for path in source.path:
            found = config.resolve(path)
            if not found.exists():
                continue  # reported by the config validation
            problem, files = _read_problem(found, ingestor, options)
            if problem:
                checked.error(f"sources[{i}].path", f"{path!r} {problem}",
                              f"point it at {ingestor.file_kinds}, or change sources[{i}].kind")
                continue
            bound = None if files is None else _bound(files, ingestor, options, budget)
            old = bounds[source.task]
            bounds[source.task] = None if bound is None or old is None else old + bound
    return bounds


def _read_problem(
    path: Path, ingestor: Any, options: BaseModel
) -> tuple[str | None, list[Path] | None]:
    """Why `path` cannot feed the ingestor (or None), and the files it would read (None
    when a folder holds more than COUNT_FILES of them)."""
    if path.is_dir():
        if not os.access(path, os.R_OK | os.X_OK):
            return "is a folder that cannot be read (permission denied)", []
        files = list(islice((f for f in _walk(path) if ingestor.reads(f, options)),
                            COUNT_FILES + 1))
        if not files:
            return f"holds no {ingestor.file_kinds}", []
        return None, files if len(files) <= COUNT_FILES else None
    problem = file_problem(path)
    if problem:
        return f"cannot be read ({problem[1]})", []
    if path.stat().st_size == 0:
        return "is empty", []
    if not ingestor.reads(path, options):
        return f"is not one of the {ingestor.file_kinds}", []
    return None, [path]


def _walk(folder: Path) -> Iterator[Path]:
    """Every file below `folder`, in a stable order, lazily."""
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            yield Path(root) / name


def _bound(files: list[Path], ingestor: Any, options: BaseModel, budget: list[int]) -> int | None:
    """At most how many records the files give, while the byte budget lasts (a file that is
    not a readable regular file, a FIFO say, gives none and is never opened)."""
    total = 0
    for file in files:
        if file_problem(file):
            continue
        size = file.stat().st_size
        budget[0] -= size
        if budget[0] < 0:
            return None
        items = ingestor.max_items(file, options)
        if items is None:
            return None
        total += items
    return total


def _eval_size(size: int, split: Any) -> int:
    """The eval side the split stage gives a task of `size` records (curate.stages.split)."""
    return min(max(round(split.eval_fraction * size), split.min_eval), size // 2)


def _check_gate_reach(config: CurateConfig, checked: Checked,
                      bounds: dict[str, int | None]) -> None:
    """Which readiness criteria the config cannot reach, whatever the data holds."""
    gate = config.gate
    for stage, criterion in (("quality", "enough_examples"), ("split", "metric_and_eval")):
        if not _enabled(config, stage):
            checked.warn(f"stages.{stage}.enabled", f"the {stage} stage does not run: the gate's "
                         f"{criterion} criterion has no evidence", "remove `enabled: false`")
    if gate.fail_on_bias_severity and not _enabled(config, "audit"):
        checked.warn("stages.audit.enabled", "the audit stage is off but "
                     "gate.fail_on_bias_severity is set: the bias criterion has no evidence",
                     "enable audit, or set gate.fail_on_bias_severity: null")
    split = _stage(config, "split")
    if split is not None and split.enabled and split.leak_action == "off":
        checked.warn("stages.split.leak_action", "the eval split is not checked for leakage: "
                     "the gate's metric_and_eval criterion has no evidence",
                     "use leak_action: move (or reject)")
    if gate.require_baseline and not (gate.baseline_predictions or gate.baseline_endpoint):
        checked.warn("gate.require_baseline", "a baseline is required but none is configured",
                     "set gate.baseline_predictions (or baseline_endpoint and baseline_model)")
    if split is None or not split.enabled:
        return
    for task, bound in bounds.items():
        if bound is not None and _eval_size(bound, split) == 0:
            checked.warn(f"tasks.{task}", f"its sources hold at most {bound} items: no room for "
                         "an eval side", "add sources for this task (the split needs 2 records)")
    if not bounds or any(b is None for b in bounds.values()):
        return
    evals = sum(_eval_size(b or 0, split) for b in bounds.values())
    train = sum(bounds.values()) - evals  # type: ignore[arg-type]
    if train <= gate.min_train_examples:
        checked.warn("gate.min_train_examples", f"the sources hold at most {train} train "
                     f"records; more than {gate.min_train_examples} are required",
                     "add sources, or lower gate.min_train_examples for a trial run")
    if evals < gate.min_eval_examples:
        checked.warn("gate.min_eval_examples", f"the split can give at most {evals} eval "
                     f"records; {gate.min_eval_examples} are required",
                     "add sources, raise stages.split.eval_fraction or lower "
                     "gate.min_eval_examples")


def _check_formats(config: CurateConfig, checked: Checked) -> None:
    """Formats that will skip records a source makes (alpaca holds one exchange only)."""
    for fmt in config.export.formats:
        if fmt not in EXPORTERS or not EXPORTERS.load(fmt).one_exchange:
            continue
        for i, source in enumerate(config.sources):
            ingestor, options = _ingestor(source.kind), _options(source)
            fix = ingestor.multi_turn(options) if ingestor and options is not None else None
            if fix:
                checked.warn("export.formats", f"{fmt} holds one exchange per line, but "
                             f"sources[{i}] ({source.kind}) makes multi-turn records: those are "
                             "skipped as export.multi_turn",
                             "use a chat format (openai, trl, sharegpt, llamafactory_alpaca), "
                             f"or on sources[{i}] {fix}")
