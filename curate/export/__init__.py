"""Trainer formats: one module each, one line here; `write_exports` writes them all.

Per format and split: `<split>.<format>.jsonl` (training lines only), its
`<split>.<format>.ids.jsonl` sidecar (line -> id, label, scores), any side file
the trainer needs (`dataset_info.json`, ...), and one `README.md` dataset card.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from curate.registry import Registry

if TYPE_CHECKING:
    from curate.config import CurateConfig
    from curate.record import Record

EXPORTERS = Registry(
    "export format",
    {
        "openai": "curate.export.openai:OpenAIChat",
        "trl": "curate.export.trl:TRLMessages",
        "trl_prompt_completion": "curate.export.trl:TRLPromptCompletion",
        "axolotl": "curate.export.axolotl:AxolotlChatTemplate",
        "llamafactory_alpaca": "curate.export.llamafactory:LlamaFactoryAlpaca",
        "llamafactory_sharegpt": "curate.export.llamafactory:LlamaFactorySharegpt",
        "alpaca": "curate.export.alpaca:Alpaca",
        "sharegpt": "curate.export.sharegpt:ShareGPT",
        "gemini": "curate.export.gemini:Gemini",
        "bedrock_claude": "curate.export.bedrock:BedrockClaude",
        "bedrock_nova": "curate.export.bedrock:BedrockNova",
    },
)

SPLITS = ("train", "eval")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _write_split(exporter: Any, records: list[Record], path: Path, skipped: Counter[str]) -> int:
    """Write one split's training lines and their id sidecar; return the line count."""
    from curate.export.base import ExportProblem
    from curate.io import atomic_open

    sidecar = path.with_name(path.name.removesuffix(".jsonl") + ".ids.jsonl")
    count = 0
    with atomic_open(path) as out, atomic_open(sidecar) as ids:
        for record in records:
            try:
                line = exporter.line(record)
            except ExportProblem as problem:
                skipped[problem.reason] += 1
                continue
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            ids.write(_dumps({"line": count, "id": record.id, "label": record.label,
                              "scores": record.scores}) + "\n")
            count += 1
    return count


def write_exports(
    records: list[Record],
    config: CurateConfig,
    out_dir: Path,
    ready: bool,
    forced: bool = False,
    formats: list[str] | None = None,
) -> dict[str, Any]:
    """Write every configured format when the gate passed (or `forced`); return the summary."""
    from curate.export.card import dataset_card
    from curate.export.tokens import tokenizer_name
    from curate.io import atomic_open, write_json

    if not ready and not forced:
        return {"written": False, "reason": "gate not passed", "files": []}
    summary: dict[str, Any] = {"written": True, "ready": ready, "forced": forced,
                               "tokenizer": tokenizer_name(), "formats": {}}
    side: dict[str, dict[str, Any]] = {}
    for fmt in formats or config.export.formats:
        exporter = EXPORTERS.load(fmt)(config)
        skipped: Counter[str] = Counter()
        files, lines = {}, {}
        for split in SPLITS:
            rows = [r for r in records if (r.split or "train") == split]
            if rows:
                files[split] = f"{split}.{fmt}.jsonl"
                lines[split] = _write_split(exporter, rows, out_dir / files[split], skipped)
        for name, content in exporter.side_files(files).items():
            side.setdefault(name, {}).update(content)
        summary["formats"][fmt] = {"files": files, "lines": lines,
                                   "skipped": dict(sorted(skipped.items())),
                                   "token_limit": exporter.limit}
    for name, content in sorted(side.items()):
        write_json(out_dir / name, content)
    with atomic_open(out_dir / "README.md") as handle:
        handle.write(dataset_card(records, config, summary))
    summary["files"] = sorted(
        [p for info in summary["formats"].values() for p in info["files"].values()]
        + [p.removesuffix(".jsonl") + ".ids.jsonl"
           for info in summary["formats"].values() for p in info["files"].values()]
        + [*side, "README.md"]
    )
    return summary


def export_run(
    source: Path,
    out_dir: Path,
    formats: list[str] | None = None,
    force: bool = False,
    predictions: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Gate a run dir, then export it (or, with `force`, export anyway, marked not ready)."""
    from curate.errors import ConfigError
    from curate.gate import evaluate, load_run
    from curate.manifest import write_manifest

    unknown = [f for f in formats or [] if f not in EXPORTERS]
    if unknown:
        raise ConfigError("--format", f"unknown format {unknown[0]!r}",
                          f"use any of: {', '.join(EXPORTERS.names())}")
    records, report, config = load_run(source)
    ready = evaluate(records, report, config, predictions)["ready"]
    summary = write_exports(records, config, out_dir, ready, forced=force and not ready,
                            formats=formats)
    if summary["written"]:
        run_manifest = source if source.is_dir() else source.parent
        inputs = json.loads((run_manifest / "manifest.json").read_text(encoding="utf-8"))[
            "inputs"] if (run_manifest / "manifest.json").is_file() else []
        write_manifest(out_dir, config, inputs, ready=ready, forced=force and not ready)
    return summary
