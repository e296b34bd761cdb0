"""The curate.yaml model: loaded and validated strictly before any work.

Every problem becomes a `ConfigError` that names the key and the fix.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from curate.errors import ConfigError
from curate.registries import EXPORTERS, INGESTORS, STAGES


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EngineConfig(Strict):
    """How stages are executed."""

    kind: Literal["local", "dask"] = "local"
    workers: int = Field(1, ge=1, le=256)
    batch_size: int = Field(256, ge=1)
    scheduler: str | None = None


MetricName = Literal["accuracy", "macro_f1", "exact_match", "rouge_l", "json_valid"]


class TaskSpec(Strict):
    """What the model is to learn: the strict task definition the gate checks."""

    instruction: str = Field(min_length=1)
    labels: list[str] | None = None
    output: Literal["text", "label", "json"] = "text"
    output_schema: dict[str, Any] | None = None
    min_output_words: int = Field(1, ge=0)
    max_output_words: int | None = Field(None, ge=1)
    metric: MetricName | None = None
    target: float | None = Field(None, ge=0, le=1)


class SourceConfig(Strict):
    """One input: an ingestor kind, one or more paths, and the task its pairs serve."""

    kind: str
    path: list[str]
    task: str
    options: dict[str, Any] = Field(default_factory=dict)

    @field_validator("path", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


class GateConfig(Strict):
    """The readiness policy (see curate/gate.py). A task's own metric/target win over these."""

    min_train_examples: int = Field(1000, ge=0)
    min_eval_examples: int = Field(100, ge=0)
    min_conformance: float = Field(0.98, ge=0, le=1)
    metric: MetricName | None = None
    target: float | None = Field(None, ge=0, le=1)
    require_baseline: bool = False
    baseline_predictions: str | None = None
    baseline_endpoint: str | None = None
    baseline_model: str | None = None
    max_pii_findings: int = Field(0, ge=0)
    fail_on_bias_severity: Literal["low", "medium", "high"] | None = "high"


class ExportConfig(Strict):
    """Trainer formats written when the gate passes."""

    formats: list[str] = Field(default_factory=lambda: ["openai"])
    system_prompt: str | None = None
    max_tokens: int | None = Field(None, ge=1, description="overrides each format's own limit")
    dataset_name: str = "curated-dataset"
    include_review: bool = Field(False, description="export records held for review too")


class CurateConfig(Strict):
    """The whole run configuration."""

    version: Literal[1] = 1
    seed: int = 0
    engine: EngineConfig = Field(default_factory=EngineConfig)
    tasks: dict[str, TaskSpec] = Field(default_factory=dict)
    sources: list[SourceConfig] = Field(default_factory=list)
    stages: dict[str, dict[str, Any]] = Field(default_factory=dict)
    gate: GateConfig = Field(default_factory=GateConfig)
    export: ExportConfig = Field(default_factory=ExportConfig)
    base_dir: Path = Field(default=Path("."), exclude=True)

    def stage_config(self, name: str) -> Any:
        """The validated config model of stage `name` (defaults when the section is absent)."""
        return STAGES.load(name).Config.model_validate(self.stages.get(name) or {})

    def resolve(self, path: str) -> Path:
        """A configured path, relative paths taken from the config file's folder."""
        candidate = Path(path).expanduser()
        return candidate if candidate.is_absolute() else self.base_dir / candidate

    def digest(self) -> str:
        """sha256 of the canonical config: part of the manifest, and of stage checkpoints."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases: a 645-byte alias bomb expands to gigabytes (the
    config is hashed as JSON), and nothing in curate.yaml needs one."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.key_path: list[Any] = []

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            raise ConfigError(_dotted([*self.key_path, index]) or "(top level)",
                              "YAML aliases (*name) are not accepted",
                              "write the value out in full instead of using &anchor / *alias")
        self.key_path.append(index)
        try:
            return super().compose_node(parent, index)
        finally:
            self.key_path.pop()


def _dotted(path: list[Any]) -> str:
    key = ""
    for part in path:
        if isinstance(part, int):
            key += f"[{part}]"
        elif isinstance(part, yaml.ScalarNode):
            key += f".{part.value}" if key else str(part.value)
    return key


def load_yaml(text: str, where: str) -> Any:
    """Parse YAML safely, aliases refused; ConfigError naming `where` (or the line)."""
    loader = _NoAliasLoader(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f"{where} line {mark.line + 1}" if mark else where
        raise ConfigError(at, "not valid YAML", "fix the syntax there") from None
    finally:
        loader.dispose()


def load_config(path: Path, need_sources: bool = True) -> CurateConfig:
    """Read and validate a config file; raise ConfigError naming the key and the fix."""
    if not path.is_file():
        raise ConfigError(str(path), "config file not found", "pass the path of a curate.yaml")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(str(path), "not UTF-8 text", "save the config as UTF-8") from None
    data = load_yaml(text, str(path))
    if not isinstance(data, dict):
        raise ConfigError("(top level)", "expected a mapping of keys", "see `curate init`")
    config = validate_config(data, path.parent)
    if need_sources and not config.sources:
        raise ConfigError("sources", "no sources configured", "add at least one source")
    return config


def validate_config(data: dict[str, Any], base_dir: Path) -> CurateConfig:
    """Validate a parsed config: schema, references between sections, paths, options."""
    try:
        config = CurateConfig.model_validate({**data, "base_dir": base_dir})
    except ValidationError as exc:
        raise _config_error(exc) from None
    _check_sources(config)
    _check_stages(config)
    _check_exports(config)
    return config


def _check_sources(config: CurateConfig) -> None:
    for i, source in enumerate(config.sources):
        key = f"sources[{i}]"
        if source.kind not in INGESTORS:
            raise ConfigError(f"{key}.kind", f"unknown kind {source.kind!r}",
                              f"use one of: {', '.join(INGESTORS.names())}")
        if source.task not in config.tasks:
            raise ConfigError(f"{key}.task", f"no task named {source.task!r}",
                              f"define it under 'tasks' or use one of: {', '.join(config.tasks)}")
        for path in source.path:
            if not config.resolve(path).exists():
                raise ConfigError(f"{key}.path", f"{path!r} does not exist",
                                  "fix the path; relative paths start at the config file's folder")
        options_model = INGESTORS.load(source.kind).Options
        try:
            options_model.model_validate(source.options)
        except ValidationError as exc:
            raise _config_error(exc, prefix=f"{key}.options") from None


def _check_stages(config: CurateConfig) -> None:
    for name, section in config.stages.items():
        if name not in STAGES:
            raise ConfigError(f"stages.{name}", "unknown stage",
                              f"use one of: {', '.join(STAGES.names())}")
        try:
            STAGES.load(name).Config.model_validate(section or {})
        except ValidationError as exc:
            raise _config_error(exc, prefix=f"stages.{name}") from None


def _check_exports(config: CurateConfig) -> None:
    for fmt in config.export.formats:
        if fmt not in EXPORTERS:
            raise ConfigError("export.formats", f"unknown format {fmt!r}",
                              f"use any of: {', '.join(EXPORTERS.names())}")
        EXPORTERS.load(fmt)  # a plugin format that fails to load stops the run before any work


_FIXES = {
    "extra_forbidden": "remove it or check its spelling",
    "missing": "add this key",
    "literal_error": "use one of the allowed values",
}


def _config_error(exc: ValidationError, prefix: str = "") -> ConfigError:
    """The first validation problem as a ConfigError with a dotted key."""
    error = exc.errors()[0]
    parts = [prefix] if prefix else []
    for loc in error["loc"]:
        if isinstance(loc, int):
            parts[-1:] = [f"{parts[-1]}[{loc}]"] if parts else [f"[{loc}]"]
        else:
            parts.append(str(loc))
    key = ".".join(parts) or "(top level)"
    kind = error["type"]
    if kind == "extra_forbidden":
        problem = "unknown key"
    elif kind == "missing":
        problem = "required key is missing"
    else:
        problem = error["msg"][0].lower() + error["msg"][1:]
    fix = _FIXES.get(kind, "fix the value")
    return ConfigError(key, problem, fix)
