"""The curate.yaml model: loaded and validated strictly before any work.

Every problem becomes a `ConfigError` that names the key and the fix.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from types import UnionType
from typing import Any, Literal, Union, get_args, get_origin

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
    span_bytes: int = Field(64 << 20, ge=1024, description=(
        "dask: a single JSONL, CSV or mbox file bigger than this is read as tasks of about "
        "this many bytes each, cut at record ends (an mbox: before `From ` lines, its "
        "threads linked in one task); local: a single mbox bigger than this is read span by "
        "span the same way"))
    stall_seconds: float = Field(1800, gt=0, description=(
        "dask: a run whose tasks finish nothing for this long while workers are present "
        "ends (exit 4)"))


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
    license: str | None = Field(None, description="the licence of this source's data, as the "
                                "dataset card names it (a Hub identifier such as cc-by-4.0)")

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


def resolve_path(base_dir: Path, path: str) -> Path:
    """A configured path: `~` expanded, a relative one taken from `base_dir`."""
    candidate = Path(path).expanduser()
    return candidate if candidate.is_absolute() else base_dir / candidate


class CurateConfig(Strict):
    """The whole run configuration."""

    version: Literal[1] = 1
    name: str | None = Field(None, description="the dataset's name on its card")
    description: str | None = Field(None, description="a paragraph on the card: what and why")
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
        return resolve_path(self.base_dir, path)

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
    config = validate_config(read_config_data(path), path.parent)
    if need_sources and not config.sources:
        raise no_sources()
    return config


def no_sources() -> ConfigError:
    """The problem of a config that reads nothing."""
    return ConfigError("sources", "no sources configured", "add at least one source")


def read_config_data(path: Path) -> dict[str, Any]:
    """The parsed mapping of a config file (not yet validated); ConfigError when it is
    missing, not UTF-8, not YAML or not a mapping."""
    if not path.is_file():
        raise ConfigError(str(path), "config file not found", "pass the path of a curate.yaml")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(str(path), "not UTF-8 text", "save the config as UTF-8") from None
    data = load_yaml(text, str(path))
    if not isinstance(data, dict):
        raise ConfigError("(top level)", "expected a mapping of keys", "see `curate init`")
    return data


def validate_config(data: dict[str, Any], base_dir: Path) -> CurateConfig:
    """Validate a parsed config: schema, references between sections, paths, options.

    Raises one ConfigError listing every problem found (see `config_problems`)."""
    config, problems = config_problems(data, base_dir)
    if problems:
        raise ConfigProblems(problems)
    assert config is not None
    return config


def config_problems(
    data: dict[str, Any], base_dir: Path
) -> tuple[CurateConfig | None, list[ConfigError]]:
    """The validated config (None when the schema fails) and every problem found, in order."""
    try:
        config = CurateConfig.model_validate({**data, "base_dir": base_dir})
    except ValidationError as exc:
        return None, _config_errors(exc, CurateConfig)
    problems = [*_check_sources(config), *_check_stages(config), *_check_exports(config)]
    return config, problems


class ConfigProblems(ConfigError):
    """Several config problems at once: the first one's key, one line per problem."""

    def __init__(self, problems: list[ConfigError]) -> None:
        first = problems[0]
        super().__init__(first.key, first.problem, first.fix)
        self.problems = problems
        self.args = ("\n".join(str(p) for p in problems),)

    def __str__(self) -> str:
        return str(self.args[0])


def _check_sources(config: CurateConfig) -> Iterator[ConfigError]:
    for i, source in enumerate(config.sources):
        key = f"sources[{i}]"
        if source.kind not in INGESTORS:
            yield ConfigError(f"{key}.kind", f"unknown kind {source.kind!r}",
                              _choose(source.kind, INGESTORS.names(), "use one of"))
        if source.task not in config.tasks:
            yield ConfigError(f"{key}.task", f"no task named {source.task!r}",
                              _choose(source.task, list(config.tasks),
                                      "define it under 'tasks' or use one of"))
        for path in source.path:
            if not config.resolve(path).exists():
                yield ConfigError(f"{key}.path", f"{path!r} does not exist",
                                  "fix the path; relative paths start at the config file's folder")
        if source.kind in INGESTORS:
            options_model = INGESTORS.load(source.kind).Options
            try:
                options_model.model_validate(source.options)
            except ValidationError as exc:
                yield from _config_errors(exc, options_model, prefix=f"{key}.options")


def _check_stages(config: CurateConfig) -> Iterator[ConfigError]:
    for name, section in config.stages.items():
        if name not in STAGES:
            yield ConfigError(f"stages.{name}", "unknown stage",
                              _choose(name, STAGES.names(), "use one of"))
            continue
        model = STAGES.load(name).Config
        try:
            model.model_validate(section or {})
        except ValidationError as exc:
            yield from _config_errors(exc, model, prefix=f"stages.{name}")
    yield from _check_annotations(config)


def _check_annotations(config: CurateConfig) -> Iterator[ConfigError]:
    """Every enabled stage's `needs` is provided by an enabled stage that runs before it."""
    provided: set[str] = set()
    earlier: dict[str, tuple[str, ...]] = {}  # stage name -> what it provides
    for name in STAGES:
        stage = STAGES.load(name)
        if config.stage_config(name).enabled:
            for need in stage.needs:
                if need not in provided:
                    yield ConfigError(f"stages.{name}", f"needs annotation {need!r}, which no "
                                      "enabled stage before it provides",
                                      _annotation_fix(name, need, earlier))
            provided.update(stage.provides)
        earlier[name] = stage.provides


def _annotation_fix(name: str, need: str, earlier: dict[str, tuple[str, ...]]) -> str:
    """Enable a disabled earlier provider, or turn the needing stage off."""
    providers = [f"stages.{n}" for n, provides in earlier.items() if need in provides]
    enable = f"enable {' or '.join(providers)}, or " if providers else ""
    return f"{enable}set stages.{name}.enabled: false"


def _check_exports(config: CurateConfig) -> Iterator[ConfigError]:
    for fmt in config.export.formats:
        if fmt not in EXPORTERS:
            yield ConfigError("export.formats", f"unknown format {fmt!r}",
                              _choose(fmt, EXPORTERS.names(), "use any of"))
        else:
            EXPORTERS.load(fmt)  # a plugin format that fails to load stops the run before any work


def _choose(given: str, known: list[str], lead: str) -> str:
    """The fix for an unknown name: the closest known one first, then every choice."""
    choices = f"{lead}: {', '.join(known)}" if known else ""
    close = difflib.get_close_matches(given, known, n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}? ({choices})" if close else choices


_FIXES = {
    "extra_forbidden": "remove it or check its spelling",
    "missing": "add this key",
    "literal_error": "use one of the allowed values",
}


def _config_errors(exc: ValidationError, model: type[BaseModel],
                   prefix: str = "") -> list[ConfigError]:
    """Every validation problem as a ConfigError with a dotted key; an unknown key names
    the closest allowed one (`sorces` -> did you mean 'sources'?)."""
    return [_config_error(error, model, prefix) for error in exc.errors()]


def _config_error(error: Any, model: type[BaseModel], prefix: str) -> ConfigError:
    parts = [prefix] if prefix else []
    for loc in error["loc"]:
        if isinstance(loc, int):
            parts[-1:] = [f"{parts[-1]}[{loc}]"] if parts else [f"[{loc}]"]
        else:
            parts.append(str(loc))
    key = ".".join(parts) or "(top level)"
    kind = error["type"]
    if kind == "extra_forbidden":
        allowed = [n for n in _fields_at(model, error["loc"][:-1]) if n != "base_dir"]
        return ConfigError(key, "unknown key",
                           _choose(str(error["loc"][-1]), allowed, "allowed keys")
                           or _FIXES[kind])
    problem = ("required key is missing" if kind == "missing"
               else error["msg"][0].lower() + error["msg"][1:])
    return ConfigError(key, problem, _FIXES.get(kind, "fix the value"))


def _fields_at(model: Any, loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed at `loc` below `model` (a list index or mapping key steps through
    `list[...]` / `dict[str, ...]`); [] where that is not a model."""
    for step in loc:
        if isinstance(model, type) and issubclass(model, BaseModel):
            field = model.model_fields.get(str(step))
            if field is None:
                return []
            model = field.annotation
        else:
            model = _item_type(model)
        model = _unwrap(model)
    return list(model.model_fields) if isinstance(model, type) and issubclass(
        model, BaseModel) else []


def _item_type(annotation: Any) -> Any:
    """The value type of a `list[X]` or `dict[str, X]` annotation."""
    args = get_args(annotation)
    return args[-1] if args else None


def _unwrap(annotation: Any) -> Any:
    """`X | None` -> X (the first model in a union, else the annotation itself)."""
    if get_origin(annotation) in (Union, UnionType):
        return next((a for a in get_args(annotation) if a is not type(None)), annotation)
    return annotation
