"""Small stages that exercise the pipeline's mechanics (not stand-ins for real stages)."""

from __future__ import annotations

from curate.record import Record
from curate.stages.base import Stage, StageConfig


class EveryNthConfig(StageConfig):
    n: int = 3


class RejectEveryNth(Stage):
    """Per-record: rejects records whose numeric locator is a multiple of n."""

    name = "every_nth"
    Config = EveryNthConfig

    def process(self, records: list[Record]) -> list[Record]:
        for record in records:
            number = int(record.source.locator.split()[-1])
            if number % self.config.n == 0:
                record.reject("every_nth", "every_nth.multiple", f"line {number} % {self.config.n}")
            else:
                record.scores["len"] = len(record.output)
        return records


class MarkLongest(Stage):
    """Whole-set: flags the longest output for review and records a finding."""

    name = "longest"
    whole_set = True

    def process(self, records: list[Record]) -> list[Record]:
        if records:
            longest = max(records, key=lambda r: (len(r.output), r.id))
            longest.annotations["longest"] = {"review": "longest output"}
            self.findings = {"longest_id": longest.id}
        return records


class LosesOne(Stage):
    """Broken on purpose: drops a record silently."""

    name = "loses_one"

    def process(self, records: list[Record]) -> list[Record]:
        return records[1:]


class SlowCounted(Stage):
    """Per-record: sleeps a little per batch and logs each batch it sees to a file,
    so tests can kill a run part-way and see which work was redone."""

    name = "slow"

    def process(self, records: list[Record]) -> list[Record]:
        import os
        import time

        time.sleep(0.05)
        with open(os.environ["CURATE_TEST_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{len(records)}\n")
        return records


class FailsOnce(Stage):
    """Whole-set: raises the first time it runs in a folder (a crash), then passes."""

    name = "fails_once"
    whole_set = True

    def process(self, records: list[Record]) -> list[Record]:
        import os
        from pathlib import Path

        flag = Path(os.environ["CURATE_TEST_LOG"] + ".failed")
        if not flag.exists():
            flag.touch()
            raise RuntimeError("simulated crash")
        return records


class SlowWorker(Stage):
    """Per-record: logs the pid of the process that runs it, then sleeps; for tests that
    kill a run and look for its worker processes."""

    name = "slow_worker"

    def process(self, records: list[Record]) -> list[Record]:
        import os
        import time

        with open(os.environ["CURATE_TEST_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{os.getpid()}\n")
        time.sleep(1.0)
        return records


class Hangs(Stage):
    """Per-record: never returns on the batch that holds line 5 (a hung task)."""

    name = "hangs"

    def process(self, records: list[Record]) -> list[Record]:
        import time

        if any(record.source.locator == "line 5" for record in records):
            time.sleep(3600)
        return records
