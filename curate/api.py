"""The Python API: run a config, open a finished run, read, gate and export it, apply one stage.

    import curate
    run = curate.run("curate.yaml", out="runs/demo")
    train = run.to_pandas("train")

Every failure raises a `curate.errors.CurateError` subclass (the CLI turns it into one line
and an exit code); nothing here exits the process.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from copy import deepcopy
from dataclasses import dataclass, field, fields
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from curate.check import check_data, check_file
from curate.config import CurateConfig, load_config, validate_config
from curate.engine.base import Event
from curate.engine.base import apply_stage as checked_apply
from curate.errors import ConfigError, InputError, UsageError
from curate.io import load_records
from curate.pipeline import run_pipeline
from curate.record import Record
from curate.registries import STAGES
from curate.runs import export_run, gate_run, run_directory
from curate.stages.base import StageContext

if TYPE_CHECKING:
    import datasets
    import pandas

ConfigLike = CurateConfig | Mapping[str, Any] | str | os.PathLike[str]
SPLITS = ("train", "eval")
COLUMNS = tuple(f.name for f in fields(Record) if f.name != "rejected")


def as_config(config: ConfigLike, need_sources: bool = True) -> CurateConfig:
    """A validated config from a `CurateConfig`, a parsed mapping (relative paths from the
    current folder) or the path of a curate.yaml."""
    if isinstance(config, CurateConfig):
        return config
    if not isinstance(config, Mapping):
        return load_config(Path(config), need_sources)
    parsed = validate_config(dict(config), Path.cwd())
    if need_sources and not parsed.sources:
        raise ConfigError("sources", "no sources configured", "add at least one source")
    return parsed


def checked_config(config: ConfigLike) -> CurateConfig:
    """`as_config`, with `curate check`'s semantic checks first for a path or a mapping (a
    ConfigError listing every problem); a CurateConfig is taken as it is."""
    if isinstance(config, CurateConfig):
        return config
    if isinstance(config, Mapping):
        return check_data(dict(config), Path.cwd()).raise_errors()
    return check_file(Path(config)).raise_errors()


def with_engine(config: CurateConfig, kind: str | None = None, scheduler: str | None = None,
                workers: int | None = None) -> CurateConfig:
    """`config` with its `engine` section overridden where a value is given (validated)."""
    overrides = {k: v for k, v in {"kind": kind, "scheduler": scheduler, "workers": workers}.items()
                 if v is not None}
    if not overrides:
        return config
    data = config.model_dump(mode="json")
    data["engine"] = {**data["engine"], **overrides}
    return validate_config(data, config.base_dir)


def run(
    config: ConfigLike,
    out: str | os.PathLike[str] = "runs/latest",
    *,
    force: bool = False,
    engine: str | None = None,
    scheduler: str | None = None,
    workers: int | None = None,
    progress: Callable[[Event], None] | None = None,
) -> Run:
    """Run the whole pipeline into the run directory `out`; the gate verdict is `Run.ready`.

    `engine`, `scheduler` and `workers` override the config's `engine` section; `force`
    lets curate write into a non-empty folder it did not create (only its own files are
    replaced); `progress(event)` is called as steps start, advance and end
    (`curate.engine.base.Event`). A config given as a path or mapping gets `curate check`'s
    checks first (a ConfigError listing every problem)."""
    cfg = with_engine(checked_config(config), engine, scheduler, workers)
    result = run_pipeline(cfg, Path(out), progress=progress, force=force)
    return Run(result.out_dir)  # report.json is read when asked for (Run.report)


def open_run(path: str | os.PathLike[str]) -> Run:
    """A finished run directory (or a file inside one)."""
    return Run.open(path)


class Run:
    """A finished run directory: its records, report, gate verdict and exports."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> Run:
        """The run directory at `path` (or holding the file `path`); InputError if it is none."""
        return cls(run_directory(Path(path)))

    def __repr__(self) -> str:
        return f"Run({str(self.path)!r}, ready={self.ready})"

    @cached_property
    def report(self) -> dict[str, Any]:
        """report.json as a dict (schemas/report.schema.json)."""
        return json.loads((self.path / "report.json").read_text(encoding="utf-8"))

    @property
    def ready(self) -> bool:
        """The run's gate verdict."""
        return bool(self.report["gate"]["ready"])

    @property
    def config(self) -> CurateConfig:
        """The config the run used (relative paths taken from the run directory)."""
        return CurateConfig.model_validate({**self.report["config"], "base_dir": self.path})

    def records(self, split: str | None = None) -> list[dict[str, Any]]:
        """The kept records (curated.jsonl) as dicts, all of them or one split's."""
        if split is not None and split not in SPLITS:
            raise UsageError(f"unknown split {split!r}; use one of: {', '.join(SPLITS)} (or None)")
        return [r.to_dict() for r in self._read("curated.jsonl")
                if split is None or (r.split or "train") == split]

    def rejected(self) -> list[dict[str, Any]]:
        """Every dropped item and record (rejected.jsonl), with stage, reason and detail."""
        return [r.to_dict() for r in self._read("rejected.jsonl")]

    def review(self) -> list[dict[str, Any]]:
        """The review queue (review.jsonl), what to look at first first."""
        return [r.to_dict() for r in self._read("review.jsonl")]

    def to_pandas(self, split: str | None = None) -> pandas.DataFrame:
        """The kept records as a DataFrame, one column per record field (needs pandas)."""
        pd = _optional("pandas", "to_pandas")
        return pd.DataFrame(self.records(split), columns=list(COLUMNS))

    def to_dataset(self, split: str | None = None) -> datasets.Dataset:
        """The kept records as a `datasets.Dataset` (needs `datasets`). `meta` and
        `annotations` hold values of any shape, which Arrow cannot type, so they are JSON
        strings there; every other field keeps its type."""
        ds = _optional("datasets", "to_dataset")
        rows = self.records(split)
        for row in rows:
            for name in ("meta", "annotations"):
                row[name] = json.dumps(row[name], ensure_ascii=False, sort_keys=True)
        if not rows:
            return ds.Dataset.from_dict({name: [] for name in COLUMNS})
        return ds.Dataset.from_list(rows)

    def gate(
        self,
        config: ConfigLike | None = None,
        *,
        predictions: str | os.PathLike[str] | None = None,
        endpoint: str | None = None,
        model: str | None = None,
    ) -> dict[str, Any]:
        """The readiness verdict, computed afresh: `{"ready": bool, "checks": [...]}`.

        `config` (a path, a CurateConfig, or a mapping of sections that replace the run's
        own) judges with its policy (gate, export,
        task metrics and targets; a config that changes what the stages did is a
        ConfigError); baseline evidence comes from a predictions JSONL or an
        OpenAI-compatible `endpoint` with `model`, as with `curate gate`."""
        if isinstance(config, Mapping):  # sections over the run's own config
            config = CurateConfig.model_validate({**self.report["config"], **config,
                                                  "base_dir": self.path})
        cfg = None if config is None else as_config(config, need_sources=False)
        name = "the given config" if isinstance(config, (CurateConfig, Mapping)) else str(config)
        return gate_run(self.path, None if predictions is None else Path(predictions),
                        endpoint, model, config=cfg, config_name=name)

    def export(self, formats: Sequence[str] | None, out: str | os.PathLike[str], *,
               force: bool = False) -> dict[str, Any]:
        """Write trainer files for `formats` (None: the config's) into the folder `out` when
        the gate passes, or with `force` (marked not ready); the summary's `written` says
        whether anything was."""
        return export_run(self.path, Path(out), list(formats) if formats else None, force)

    def _read(self, name: str) -> list[Record]:
        return load_records(self.path / name)


@dataclass
class StageOutput:
    """What one stage did: the kept and rejected records (as dicts) and its findings."""

    kept: list[dict[str, Any]]
    rejected: list[dict[str, Any]]
    findings: dict[str, Any] = field(default_factory=dict)


def apply_stage(
    name: str,
    records: Iterable[Record | Mapping[str, Any]],
    config: ConfigLike | None = None,
) -> StageOutput:
    """Run stage `name` (redact, quality, dedup, labels, audit, split) over records (dicts as
    `Run.records` gives, or `Record`s), configured by `config`'s `stages.<name>` section
    (defaults without one). Whole-set stages see all the records at once. Records that
    arrive already rejected are passed on in `rejected`; the records given are not changed."""
    if name not in STAGES:
        raise UsageError(f"unknown stage {name!r}; use one of: {', '.join(STAGES.names())}")
    cfg = CurateConfig() if config is None else as_config(config, need_sources=False)
    given = [as_record(r, i) for i, r in enumerate(records, 1)]
    before = [r for r in given if r.rejected is not None]  # before the stage marks any
    stage = STAGES.load(name)(cfg.stage_config(name), StageContext.of(cfg))
    live = [r for r in given if r.rejected is None]
    if stage.surveys():  # redact's roster: the people of the records given
        stage.survey(live)
    result = checked_apply(stage, live)
    return StageOutput([r.to_dict() for r in result.kept],
                       [r.to_dict() for r in before + result.rejected], dict(stage.findings))


def as_record(value: Record | Mapping[str, Any], number: int) -> Record:
    """A fresh Record (the caller's object is never changed) from a Record or a record dict;
    InputError naming the item `number` (1-based) if it is none."""
    try:
        return Record.from_dict(deepcopy(value.to_dict() if isinstance(value, Record)
                                         else dict(value)))
    except (KeyError, TypeError, ValueError):
        raise InputError(
            f"record {number} is not a curate record (see schemas/record.schema.json)") from None


def _optional(module: str, what: str) -> Any:
    """Import an optional library, or raise a UsageError saying how to install it."""
    from importlib import import_module

    try:
        return import_module(module)
    except ImportError:
        raise UsageError(f"Run.{what} needs {module}: pip install 'curate[datasets]'") from None
