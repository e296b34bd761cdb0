"""Determinism across processes: hash randomisation must not reach a single output byte."""

from __future__ import annotations

import json
from pathlib import Path

from multisource import run_cli, write_project


def tree(root: Path) -> dict[str, bytes]:
    """Every file of a run directory by relative path; manifests without `created_at`."""
    files = {p.relative_to(root).as_posix(): p.read_bytes()
             for p in sorted(root.rglob("*")) if p.is_file()}
    for name in [n for n in files if n.endswith("manifest.json")]:
        manifest = json.loads(files[name])
        manifest.pop("created_at")
        files[name] = json.dumps(manifest, sort_keys=True).encode()
    return files


def test_two_processes_with_different_hash_seeds_give_identical_run_directories(
    tmp_path: Path,
) -> None:
    config = write_project(tmp_path)
    for seed, out in (("1", "a"), ("4242", "b")):
        done = run_cli("run", str(config), "--out", out, "--quiet", cwd=tmp_path, hashseed=seed)
        assert done.returncode in (0, 1), done.stderr
        export = run_cli("export", out, "-o", f"{out}/export", "--force", cwd=tmp_path,
                         hashseed=seed)
        assert export.returncode == 0, export.stderr
    first, second = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert "export/train.openai.jsonl" in first
    assert b"\"redact\":{\"residual\"" in first["curated.jsonl"]  # real presidio ran
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
