"""Alpaca `{"instruction", "input", "output"}` lines: single-turn only."""

from __future__ import annotations

from typing import Any

from curate.export.base import Exporter, ExportProblem, Message, split_system
from curate.record import Record


def alpaca_fields(record: Record, messages: list[Message]) -> dict[str, Any]:
    """instruction/input/output of a single-turn record; a system prompt leads the instruction."""
    system, turns = split_system(messages)
    if len(turns) != 2:
        raise ExportProblem("export.multi_turn", f"{len(turns)} turns; alpaca holds one exchange")
    instruction = f"{system}\n\n{record.instruction}" if system else record.instruction
    return {"instruction": instruction, "input": record.input, "output": turns[-1]["content"]}


class Alpaca(Exporter):
    name = "alpaca"
    trains = "final"
    one_exchange = True
    keys = frozenset({"instruction", "input", "output"})

    def shape(self, record: Record, messages: list[Message]) -> dict[str, Any]:
        return alpaca_fields(record, messages)
