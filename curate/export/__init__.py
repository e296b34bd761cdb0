"""Trainer formats: one module each, one line here."""

from __future__ import annotations

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
    },
)


def write_exports(
    records: list[Record], config: CurateConfig, out_dir: Path, ready: bool
) -> dict[str, Any]:
    """Write `train.<format>.jsonl` and `eval.<format>.jsonl` when the gate passed."""
    from curate.io import atomic_open

    if not ready:
        return {"written": False, "reason": "gate not passed"}
    files = []
    for fmt in config.export.formats:
        exporter = EXPORTERS.load(fmt)(config)
        for split in ("train", "eval"):
            path = out_dir / f"{split}.{fmt}.jsonl"
            with atomic_open(path) as handle:
                for record in records:
                    if record.split == split:
                        handle.write(exporter.line(record) + "\n")
            files.append(path.name)
    return {"written": True, "files": files}
