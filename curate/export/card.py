"""The dataset card: README.md with Hugging Face-style YAML front matter, beside the exports."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from curate.config import CurateConfig
    from curate.record import Record

SIZES = ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
         (1_000_000, "100K<n<1M"))


def size_category(n: int) -> str:
    return next((name for limit, name in SIZES if n < limit), "n>1M")


def dataset_card(
    records: list[Record], config: CurateConfig, summary: dict[str, Any]
) -> str:
    """README.md text: front matter (configs per format, the first one the default, so that
    `datasets.load_dataset(RUN_DIR)` works) and a short human summary."""
    front = {
        "pretty_name": config.export.dataset_name,
        "task_categories": ["text-generation"],
        "size_categories": [size_category(len(records))],
        "tags": ["curate", "not-ready" if not summary["ready"] else "gate-passed"],
        "configs": [
            {"config_name": fmt, "data_files": [{"split": "validation" if s == "eval" else s,
                                                 "path": path}
                                                for s, path in sorted(info["files"].items())],
             **({"default": True} if index == 0 else {})}
            for index, (fmt, info) in enumerate(summary["formats"].items())
        ],
    }
    splits = Counter(r.split or "train" for r in records)
    held = summary["held_for_review"]
    labels = Counter(r.label for r in records if r.label is not None)
    lines = [
        "---", yaml.safe_dump(front, sort_keys=False, allow_unicode=True).rstrip(), "---", "",
        f"# {config.export.dataset_name}", "",
        "> **NOT READY**: exported with `--force` although the readiness gate did not pass."
        if summary["forced"] else "Exported by `curate` after the readiness gate passed.", "",
        f"- records: {len(records)} (train {splits['train']}, eval {splits['eval']})",
        f"- held for review, not exported (`export.held_for_review`): "
        f"train {held.get('train', 0)}, eval {held.get('eval', 0)}"
        if any(held.values()) else "- held for review: none left out",
        f"- config sha256: `{config.digest()}`",
        f"- token counts: {summary['tokenizer']}", "",
        "## Tasks", "",
        *(f"- `{name}`: {spec.instruction} (output: {spec.output})"
          for name, spec in sorted(config.tasks.items())), "",
    ]
    if labels:
        lines += ["## Labels", "", "| label | records |", "| --- | --- |",
                  *(f"| {label} | {n} |" for label, n in sorted(labels.items())), ""]
    lines += ["## Files", "", "| format | split | file | lines | skipped |",
              "| --- | --- | --- | --- | --- |"]
    for fmt, info in summary["formats"].items():
        for split, path in sorted(info["files"].items()):
            skipped = ", ".join(f"{k}: {v}" for k, v in info["skipped_by_split"][split].items())
            lines.append(f"| {fmt} | {split} | `{path}` | {info['lines'][split]} | "
                         f"{skipped or '0'} |")
    lines += ["", "Each `<split>.<format>.ids.jsonl` maps a line number to the record id, "
              "label and scores; the training lines hold only what the trainer accepts.", ""]
    return "\n".join(lines)
