"""The CLI's rough edges (#18): version, flag help, format list, usage exit codes, --out."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_run_directory import cli, one_line_error, toy, write_config  # noqa: F401 (fixture)
from typer.testing import CliRunner

from curate import __version__
from curate.cli import app
from curate.registries import EXPORTERS


def test_version_option() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == __version__


def test_no_help_shows_a_bool_metavar() -> None:
    runner = CliRunner()
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert {"run", "check", "preview", "gate", "export", "init"} <= set(commands)
    for args in [[], *([name] for name in commands)]:
        result = runner.invoke(app, [*args, "--help"])
        assert result.exit_code == 0, (args, result.output)
        assert "<bool>" not in result.stdout and "--no-" not in result.stdout, args


def test_export_help_lists_the_formats() -> None:
    text = " ".join(CliRunner().invoke(app, ["export", "--help"]).stdout.split())
    for name in EXPORTERS.names():
        assert name in text


def test_init_on_an_existing_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "curate.yaml"
    path.write_text("mine\n", encoding="utf-8")
    code, err = cli(["init", str(path)], capsys)
    assert code == 2 and "--force" in one_line_error(err)
    assert path.read_text(encoding="utf-8") == "mine\n"
    assert cli(["init", str(path), "--force"], capsys)[0] == 0
    assert path.read_text(encoding="utf-8") != "mine\n"


def test_gate_on_a_missing_path_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "runs" / "nope"
    code, err = cli(["gate", str(missing)], capsys)
    assert code == 3 and f"{missing} does not exist" in one_line_error(err)


def test_rerunning_into_a_finished_run_says_it_replaces_it(
    tmp_path: Path, toy: None, capsys: pytest.CaptureFixture[str]  # noqa: F811
) -> None:
    config, out = write_config(tmp_path), tmp_path / "run"
    first, err = cli(["run", str(config), "--out", str(out)], capsys)
    assert first in (0, 1) and "replaced" not in err
    again, err = cli(["run", str(config), "--out", str(out)], capsys)
    assert again == first
    assert f"-> {out} (replaced the earlier run there)" in err
    (tmp_path / "foreign").mkdir()
    (tmp_path / "foreign" / "notes.txt").write_text("mine\n", encoding="utf-8")
    code, err = cli(["run", str(config), "--out", str(tmp_path / "foreign")], capsys)
    assert code == 2 and "--force" in one_line_error(err)
