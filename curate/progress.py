"""What a run shows while it works, and the per-stage table at its end.

The engines only emit `Event`s; this module draws them. On a terminal: a live
rich display, one row per step (done/total, records, rate, elapsed, ETA),
redrawn several times a second so the clock moves even while a step is silent.
Elsewhere (CI logs): one line per stage (ingest included) when it finishes; the run's
own steps (config check, input hashing, report) print nothing there, so that a run
stopped by a mistake says only its one error line.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Any, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from curate.engine.base import Event

STEP_NAMES = {"config": "check config", "inputs": "hash inputs", "report": "report, gate, export"}


class DoneColumn(ProgressColumn):
    """Done of total in the step's unit: `3/4 files` (ingest), `900/1,200` (a whole-set
    stage); a streaming stage has no total while ingest still reads: blank."""

    def render(self, task: Task) -> Text:
        if not task.total or task.fields.get("cached") or task.fields.get("step") in STEP_NAMES:
            return Text("")
        unit = " files" if task.fields.get("step") == "ingest" else ""
        return Text(f"{int(task.completed):,}/{int(task.total):,}{unit}", style="green")


class RecordsColumn(ProgressColumn):
    """Records through a step and their rate: `1,234 rec 56/s`."""

    def render(self, task: Task) -> Text:
        records = task.fields.get("records", 0)
        elapsed = task.finished_time if task.finished else task.elapsed
        rate = f" {records / elapsed:,.0f}/s" if elapsed and records else ""
        return Text(f"{records:,} rec{rate}" if records else "", style="cyan")


@dataclass
class StepTiming:
    """How long a step ran, or that it came from the stage cache. A streaming stage runs
    alongside ingest: its seconds are its own time, summed over its batches (`own`)."""

    started: float | None = None
    seconds: float | None = None
    own: float = 0.0
    cached: bool = False


@dataclass
class RunProgress:
    """A `Progress` callback for `run_pipeline` that draws on `stream` and times each step."""

    stream: TextIO = field(default_factory=lambda: sys.stderr)
    live: bool | None = None
    steps: dict[str, StepTiming] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.live is None:
            self.live = self.stream.isatty()
        self._bar: Progress | None = None
        self._tasks: dict[str, TaskID] = {}
        if self.live:
            self._bar = Progress(
                TextColumn("{task.description:<20}"), BarColumn(bar_width=10), DoneColumn(),
                RecordsColumn(), TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn(),
                console=Console(file=self.stream, force_terminal=True), refresh_per_second=4)

    def __enter__(self) -> RunProgress:
        if self._bar is not None:
            self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()

    def __call__(self, event: Event) -> None:
        timing = self.steps.setdefault(event.step, StepTiming())
        if event.kind == "start":
            timing.started = time.monotonic()
        elif event.kind == "advance":
            timing.own += event.seconds
        elif event.kind == "done" and timing.started is not None:
            timing.seconds = timing.own or time.monotonic() - timing.started
        elif event.kind == "cached":
            timing.cached = True
        if self._bar is not None:
            self._draw(event)
        elif event.kind in ("done", "cached") and event.step not in STEP_NAMES:
            print(self._line(event, timing), file=self.stream, flush=True)

    def _draw(self, event: Event) -> None:
        assert self._bar is not None
        bar, name = self._bar, STEP_NAMES.get(event.step, event.step)
        if event.step not in self._tasks:
            self._tasks[event.step] = bar.add_task(name, total=event.total, records=0,
                                                   step=event.step)
        task = self._tasks[event.step]
        if event.kind == "advance":
            counted = event.units if event.step == "ingest" else event.count
            records = bar.tasks[self._index(task)].fields["records"] + event.count
            bar.update(task, advance=counted, records=records)
        elif event.kind == "done":
            shown = bar.tasks[self._index(task)]
            total = (shown.total if shown.total is not None else shown.completed) or 1
            bar.update(task, total=total, completed=total,
                       records=event.count if event.step == "ingest" else event.total or 0)
            bar.stop_task(task)
        elif event.kind == "cached":
            bar.update(task, description=f"{name} (cached)", total=1, completed=1, cached=True)
            bar.stop_task(task)

    def _index(self, task: TaskID) -> int:
        assert self._bar is not None
        return next(i for i, t in enumerate(self._bar.tasks) if t.id == task)

    @staticmethod
    def _line(event: Event, timing: StepTiming) -> str:
        name = STEP_NAMES.get(event.step, event.step)
        if event.kind == "cached":
            return f"{name}: cached (not re-run)"
        took = f" in {timing.seconds:.1f} s" if timing.seconds is not None else ""
        if event.step == "ingest":
            return f"{name}: {event.count} records made{took}"
        return f"{name}: {event.total} in, {event.count} kept, " \
               f"{event.total - event.count} rejected{took}"


def stage_table(accounting: dict[str, Any], steps: dict[str, StepTiming]) -> list[str]:
    """The end-of-run table: per step, what came in, was kept and rejected (by reason), and
    seconds (or `cached`). Ingest counts items (an email, a ticket, a contract); the stages
    count records (the pairs ingest made of the items it kept)."""
    sources = accounting["sources"].values()
    ingest = {"in": sum(b["in"] for b in sources), "kept": sum(b["kept"] for b in sources),
              "rejected": sum(b["rejected"] for b in sources),
              "reasons": _merged(b["reasons"] for b in sources)}
    rows = [("ingest", ingest), *((n, accounting["stages"][n]) for n in accounting["stage_order"])]
    lines = [f"{'step':<10} {'in':>7} {'kept':>7} {'rejected':>8} {'seconds':>8}  rejected by reason"]
    for name, book in rows:
        timing = steps.get(name, StepTiming())
        took = "cached" if timing.cached else (
            f"{timing.seconds:.1f}" if timing.seconds is not None else "-")
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(book["reasons"].items(),
                                                          key=lambda kv: (-kv[1], kv[0])))
        lines.append(f"{name:<10} {book['in']:>7} {book['kept']:>7} {book['rejected']:>8} "
                     f"{took:>8}  {reasons}".rstrip())
    return lines


def _merged(reasons: Any) -> dict[str, int]:
    total: dict[str, int] = {}
    for counts in reasons:
        for reason, n in counts.items():
            total[reason] = total.get(reason, 0) + n
    return total
