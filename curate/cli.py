"""The `curate` command: thin. It parses, calls the library, and sets exit codes."""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated

import typer

from curate import __version__
from curate.errors import CurateError, InputError, UsageError
from curate.registries import EXPORTERS

app = typer.Typer(
    name="curate",
    help="Turn raw emails, tickets and contracts into a fine-tuning dataset you can trust.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: flags without `<bool>`, readable in any terminal or log
)

ConfigArg = Annotated[Path, typer.Argument(help="Path of curate.yaml.")]
OutOpt = Annotated[Path, typer.Option("--out", "-o", help="Output file or folder.")]
QuietOpt = Annotated[bool, typer.Option(
    "--quiet", "-q", help="No progress display and no per-stage table.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")]


_STATE = {"debug": False}


def _show_version(wanted: bool) -> None:
    if wanted:
        typer.echo(__version__)
        raise typer.Exit(0)


@app.callback()
def _options(
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of a failure.")]
    = False,
    version: Annotated[bool, typer.Option("--version", help="Print the version and exit.",
                                          callback=_show_version, is_eager=True)] = False,
) -> None:
    """Turn raw emails, tickets and contracts into a fine-tuning dataset you can trust."""
    _STATE["debug"] = debug


def _say(message: str) -> None:
    typer.echo(message, err=True)


@app.command()
def run(
    config: ConfigArg,
    out: Annotated[Path, typer.Option("--out", "-o", help="Run directory.")] = Path("runs/latest"),
    engine: Annotated[str | None, typer.Option(help="local or dask (overrides the config).")] = None,
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address.")] = None,
    workers: Annotated[int | None, typer.Option(help="Worker processes (overrides the config).")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Write into a non-empty folder curate did not create (only its own "
                        "files are replaced).")] = False,
    quiet: QuietOpt = False,
) -> None:
    """Run the whole pipeline; exit 0 when the dataset is ready, 1 when the gate fails.

    `curate check`'s checks run first: any error stops the run before any work (its warnings
    are shown on a terminal; CI logs keep to the errors and the gate's lines)."""
    from curate.api import run as run_config
    from curate.check import check_file
    from curate.engine.base import Event, emit
    from curate.progress import RunProgress
    from curate.rundir import is_run_dir

    shown = None if quiet else RunProgress()  # on a terminal: drawn from now on
    with shown or nullcontext():
        emit(shown, Event("config", "start"))
        checked = check_file(config)
        cfg = checked.raise_errors()
        if not quiet and sys.stderr.isatty():
            for line in checked.lines():
                _say(line)
        emit(shown, Event("config", "done"))
        replacing = is_run_dir(out)
        result = run_config(cfg, out, force=force, engine=engine, scheduler=scheduler,
                            workers=workers, progress=shown)
    from curate.accounting import count_lines
    from curate.progress import stage_table

    books = result.report["accounting"]
    if shown:
        for line in stage_table(books, shown.steps):
            _say(line)
    for line in count_lines(books, result.report.get("exports")):
        _say(line)
    for warning in result.report["findings"].get("split", {}).get("warnings", []):
        _say(f"warning: split: {warning}")
    _say(f"-> {out}" + (" (replaced the earlier run there)" if replacing else ""))
    _say_checks(result.report["gate"])
    _say("gate: READY" if result.ready else "gate: NOT READY")
    raise typer.Exit(0 if result.ready else 1)


@app.command()
def check(
    config: ConfigArg,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 2).")] = False,
) -> None:
    """Check a config before any work: every problem at once, one line each naming the key
    and the fix; exit 2 on an error (or, with --strict, a warning)."""
    from curate.check import check_file

    checked = check_file(config)
    for line in checked.lines():
        _say(line)
    failed = bool(checked.errors or (strict and checked.warnings))
    _say(f"{len(checked.errors)} errors, {len(checked.warnings)} warnings: "
         + ("fix the errors, then run again" if failed else f"ready to run: curate run {config}"))
    raise typer.Exit(2 if failed else 0)


@app.command()
def preview(
    config: ConfigArg,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="Records per source.")] = 3,
    source: Annotated[str | None, typer.Option(
        help="Only this source: its number (from 0), kind, or a part of its path.")] = None,
) -> None:
    """Show a few records per source through every per-record stage (ingest, redact,
    quality), before and after, redactions highlighted; writes nothing."""
    from curate.check import check_file
    from curate.preview import preview as run_preview
    from curate.preview import render

    cfg = check_file(config).raise_errors()
    shown = run_preview(cfg, limit, source)
    for line in render(shown, cfg, color=sys.stdout.isatty()):
        typer.echo(line)


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the config.")] = Path("curate.yaml"),
    force: ForceOpt = False,
) -> None:
    """Write a commented starter config."""
    from curate.starter import STARTER_CONFIG

    if path.exists() and not force:
        raise UsageError(f"{path} exists; pass --force to overwrite it, or name another file")
    path.write_text(STARTER_CONFIG, encoding="utf-8")
    _say(f"wrote {path}; edit the sources, then: curate run {path}")


@app.command()
def ingest(
    kind: Annotated[str, typer.Argument(help="emails, tickets, contracts or pairs.")],
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to read.")],
    out: OutOpt,
    instruction: Annotated[str, typer.Option(help="Instruction of every pair.")] = "Respond.",
    task: Annotated[str, typer.Option(help="Task name stored in records.")] = "task",
    option: Annotated[list[str] | None, typer.Option(
        "--option", "-O", help="An ingestor option as KEY=VALUE (VALUE in YAML), repeatable.")] = None,
    workers: Annotated[int | None, typer.Option(
        min=1, max=256, show_default="the usable CPU cores",
        help="Processes to read in (e-mail: parse and pair); same output at any count.")] = None,
) -> None:
    """Run one ingestor alone: rejected items go to OUT's `.rejected.jsonl` twin."""
    from curate.accounting import Accounting, count_lines
    from curate.config import validate_config
    from curate.forking import usable_cpus
    from curate.io import atomic_open
    from curate.pipeline import ingest as run_ingest
    from curate.rundir import check_out_files

    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputError(f"no such file or folder: {', '.join(missing)}")
    check_out_files([out, _rejected_twin(out)], paths)
    cfg = validate_config(
        {"tasks": {task: {"instruction": instruction}},
         "sources": [{"kind": kind, "path": [str(p.resolve()) for p in paths], "task": task,
                      "options": _parse_options(option or [])}]},
        Path.cwd(),
    )
    books = Accounting()
    with atomic_open(_rejected_twin(out)) as rejected:
        with atomic_open(out) as pairs:
            pairs.writelines(run_ingest(
                cfg, books, lambda r: rejected.write(r.to_json() + "\n"), workers or usable_cpus()))
        books.check()
    items, _ = count_lines(books.to_dict())
    _say(f"{items}; {books.pairs} records made -> {out}; rejected items -> {_rejected_twin(out)}")


def _parse_options(pairs: list[str]) -> dict[str, object]:
    """`key=value` strings to an options mapping; values are read as YAML (lists, numbers)."""
    from curate.config import load_yaml
    from curate.errors import ConfigError

    options: dict[str, object] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ConfigError(f"--option {pair}", "expected KEY=VALUE", "e.g. --option preset=github")
        options[key.strip()] = load_yaml(value, f"--option {key.strip()}")
    return options


def _rejected_twin(out: Path) -> Path:
    return out.with_name(out.name.removesuffix(".jsonl") + ".rejected.jsonl")


def _stage_command(name: str) -> Callable[..., None]:
    def command(
        source: Annotated[Path, typer.Argument(help="Records (JSONL) to process.")],
        out: OutOpt,
        config: Annotated[Path | None, typer.Option(help="curate.yaml with this stage's section.")]
        = None,
    ) -> None:
        from curate.rundir import check_out_files
        from curate.runs import run_stage_file

        check_out_files([out, _rejected_twin(out)], [source])
        kept, rejected, inferred = run_stage_file(name, source, out, config)
        for task, spec in inferred.items():
            kind = f"a label task ({len(spec.labels or [])} labels)" if spec.labels else "a text task"
            _say(f"note: task '{task}' is in no config, read as {kind} from its records; "
                 f"pass --config with tasks.{task} to define it")
        _say(f"{name}: {kept} kept -> {out}; {rejected} rejected -> {_rejected_twin(out)}")

    command.__doc__ = f"Run the '{name}' stage alone on a JSONL of records."
    return command


def _register_stage_commands() -> None:
    """One command per registered stage (plugins included), except where a command or a
    group has the name (`review`: that stage only applies the decisions file, in a run);
    `main` calls this, so a broken plugin is one error line."""
    from curate.registries import STAGES

    known = {command.name for command in app.registered_commands} | {
        group.name for group in app.registered_groups}
    for name in STAGES:
        if name not in known:
            app.command(name)(_stage_command(name))


review_app = typer.Typer(help="The review round trip: export the queue, apply decisions.",
                         no_args_is_help=True)
app.add_typer(review_app, name="review")


@review_app.command("export")
def review_export(
    run: Annotated[Path, typer.Argument(help="Run directory.")],
    to: Annotated[str, typer.Option(help="labelstudio, argilla or csv.")],
    out: OutOpt,
    task: Annotated[str | None, typer.Option(help="Only this task's items.")] = None,
) -> None:
    """Write the run's review queue, first things first, for a reviewer's tool."""
    from curate.review.roundtrip import export_queue

    count, files = export_queue(run, to, out, task)
    _say(f"{count} review items -> {', '.join(str(f) for f in files)}")


@review_app.command("apply")
def review_apply(
    run: Annotated[Path, typer.Argument(help="Run directory the items were exported from.")],
    decisions: Annotated[Path, typer.Argument(
        help="Label Studio JSON export, Argilla records JSON, or CSV (id,decision,label).")],
    config: Annotated[Path, typer.Option(
        help="curate.yaml naming the decisions file (stages.review.decisions).")],
) -> None:
    """Check every decision against the run, then record them for the next run."""
    from curate.review.roundtrip import apply_answers

    done = apply_answers(run, decisions, config)
    _say(f"keep {done['keep']}, relabel {done['relabel']}, drop {done['drop']} "
         f"({done['undecided']} undecided) -> {done['file']} ({done['total']} decisions); "
         f"the next `curate run {config}` applies them")


def _say_checks(gate_result: dict) -> None:
    for check in gate_result["checks"]:
        _say(f"  [{check['status']}] {check['name']}: {check['detail']}")


@app.command()
def gate(
    path: Annotated[Path, typer.Argument(help="Run directory (or a file inside it).")],
    junit: Annotated[Path | None, typer.Option(help="Write JUnit XML: one test case per check.")]
    = None,
    predictions: Annotated[Path | None, typer.Option(help="Baseline predictions JSONL.")]
    = None,
    baseline_endpoint: Annotated[str | None, typer.Option(help="OpenAI-compatible base URL.")]
    = None,
    model: Annotated[str | None, typer.Option(help="Model name for --baseline-endpoint.")] = None,
    config: Annotated[Path | None, typer.Option(
        help="Judge with this curate.yaml's gate policy (default: the config saved in the "
             "run); it may change only `gate`, `export`, `engine` and task metrics/targets.")]
    = None,
) -> None:
    """Re-check a finished run against the readiness criteria; exit 0 ready, 1 not ready."""
    from curate.api import open_run
    from curate.report.junit import junit_xml

    result = open_run(path).gate(config, predictions=predictions, endpoint=baseline_endpoint,
                                 model=model)
    if junit is not None:
        junit.write_text(junit_xml(result), encoding="utf-8")
    _say_checks(result)
    _say("gate: READY" if result["ready"] else "gate: NOT READY")
    raise typer.Exit(0 if result["ready"] else 1)


@app.command()
def export(
    source: Annotated[Path, typer.Argument(help="Run directory (or a file inside it).")],
    out: OutOpt,
    format: Annotated[list[str] | None, typer.Option(
        "--format", "-f", help=f"Format (repeatable): {', '.join(EXPORTERS.names())}; default: "
                               "the config's export.formats.")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Export although the gate fails (marked not ready).")] = False,
) -> None:
    """Write trainer files when the gate passes; exit 1 (nothing written) when it does not."""
    from curate.api import open_run

    summary = open_run(source).export(format, out, force=force)
    if not summary["written"]:
        _say("gate: NOT READY; nothing exported (run `curate gate` for why, or pass --force)")
        raise typer.Exit(1)
    _say(f"exported {', '.join(summary['formats'])} -> {out}"
         + (" (FORCED: marked not ready)" if summary["forced"] else ""))


@app.command()
def version() -> None:
    """Print the version."""
    typer.echo(__version__)


def main(argv: list[str] | None = None) -> None:
    """Entry point: every failure is one line on stderr and an exit code, never a traceback
    (`curate --debug ...` shows one)."""
    try:
        _register_stage_commands()
        app(args=argv)
    except CurateError as exc:
        _fail(exc, "\n".join(f"Error: {line}" for line in str(exc).splitlines()), exc.exit_code)
    except OSError as exc:
        _fail(exc, f"Error: {_os_problem(exc)}", InputError.exit_code)
    except Exception as exc:
        _fail(exc, f"Error: internal error ({type(exc).__name__}); rerun with --debug for the "
                   "traceback and report it", 1)


def _fail(exc: BaseException, line: str, code: int) -> None:
    if _STATE["debug"]:
        raise exc
    _say(line)
    sys.exit(code)


def _os_problem(exc: OSError) -> str:
    """One line for an operating-system failure (disk full, permission denied, ...)."""
    import errno

    where = f" ({exc.filename})" if exc.filename else ""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"disk full{where}; free some space and run again (a run resumes from its last "
                "checkpoint)")
    return f"{exc.strerror or type(exc).__name__}{where}"


if __name__ == "__main__":
    main()
