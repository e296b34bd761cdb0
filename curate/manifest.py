"""manifest.json: tool version, config hash, and the sha256 of every input and output file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from curate import __version__
from curate.config import CurateConfig
from curate.io import sha256_file, write_json


def input_files(config: CurateConfig) -> list[Path]:
    """Every regular file under every configured source path, sorted (a FIFO or device
    is never opened: the ingestors reject it as an item)."""
    files: set[Path] = set()
    for source in config.sources:
        for raw in source.path:
            path = config.resolve(raw)
            if path.is_dir():
                files.update(p for p in path.rglob("*") if p.is_file())
            elif path.is_file():
                files.add(path)
    return sorted(files)


def _entry(path: Path, root: Path) -> dict[str, Any]:
    """Path, size and sha256; an input that cannot be read (an ingest rejection) has
    sha256 null."""
    try:
        name = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        name = path.as_posix()
    try:
        digest: str | None = sha256_file(path)
    except PermissionError:
        digest = None
    return {"path": name, "bytes": path.stat().st_size, "sha256": digest}


def hash_inputs(config: CurateConfig, extra: list[Path] | None = None) -> list[dict[str, Any]]:
    """Path, size and sha256 of every input file (the sources', then `extra`, such as the
    files stages read): the manifest's inputs and the resume key."""
    return [_entry(p, config.base_dir) for p in [*input_files(config), *(extra or [])]]


def write_manifest(
    out_dir: Path, config: CurateConfig, inputs: list[dict[str, Any]], ready: bool,
    forced: bool = False, outputs: list[str] | None = None,
) -> None:
    """Write manifest.json last, so its presence means the run finished.

    `outputs` names the files to list (relative to `out_dir`); without it, every file
    under `out_dir` outside hidden files and folders (curate's work folders) is listed.
    """
    if outputs is None:
        files = sorted(p for p in out_dir.rglob("*") if p.is_file() and p.name != "manifest.json"
                       and not any(part.startswith(".") for part in p.relative_to(out_dir).parts))
    else:
        files = [out_dir / name for name in sorted(outputs)]
    write_json(out_dir / "manifest.json", {
        "tool": "curate",
        "tool_version": __version__,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "config_sha256": config.digest(),
        "ready": ready,
        "forced": forced,
        "inputs": inputs,
        "outputs": [_entry(p, out_dir) for p in files],
    })
