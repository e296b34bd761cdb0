"""LLaMA-Factory alpaca and sharegpt datasets, each with the `dataset_info.json` it needs."""

from __future__ import annotations

from typing import Any, ClassVar

from curate.export.alpaca import alpaca_fields
from curate.export.base import Exporter, Message, split_system
from curate.export.sharegpt import sharegpt_turns
from curate.record import Record


class LlamaFactory(Exporter):
    """Shared: one `dataset_info.json` entry per split file, named after the file. Optional
    columns (`system`, `history`) are declared only for a file whose every line has them:
    LLaMA-Factory's converters index each declared column in every line."""

    columns: ClassVar[dict[str, Any]]
    optional: ClassVar[frozenset[str]] = frozenset({"system", "history"})
    extra: ClassVar[dict[str, Any]] = {}

    def side_files(self, files: dict[str, str], common: dict[str, frozenset[str]]) -> dict[str, Any]:
        info = {}
        for split, path in sorted(files.items()):
            columns = {role: key for role, key in self.columns.items()
                       if key not in self.optional or key in common[split]}
            info[path.removesuffix(".jsonl")] = {"file_name": path, **self.extra,
                                                 "columns": columns}
        return {"dataset_info.json": info}


class LlamaFactoryAlpaca(LlamaFactory):
    """Alpaca columns plus `system`; earlier turns go to `history` as [user, assistant] pairs
    (an empty list on a single-turn line, so that every line has the column)."""

    name = "llamafactory_alpaca"
    keys = frozenset({"instruction", "input", "output", "system", "history"})
    columns: ClassVar[dict[str, Any]] = {
        "prompt": "instruction", "query": "input", "response": "output",
        "system": "system", "history": "history",
    }

    def shape(self, record: Record, messages: list[Message]) -> dict[str, Any]:
        system, turns = split_system(messages)
        if len(turns) == 2:
            line = {**alpaca_fields(record, turns), "history": []}
        else:
            history = [[turns[i]["content"], turns[i + 1]["content"]]
                       for i in range(0, len(turns) - 2, 2)]
            line = {"instruction": turns[-2]["content"], "input": "",
                    "output": turns[-1]["content"], "history": history}
        return {**line, "system": system} if system else line


class LlamaFactorySharegpt(LlamaFactory):
    name = "llamafactory_sharegpt"
    keys = frozenset({"conversations", "system"})
    extra: ClassVar[dict[str, Any]] = {"formatting": "sharegpt"}
    columns: ClassVar[dict[str, Any]] = {"messages": "conversations", "system": "system"}

    def shape(self, record: Record, messages: list[Message]) -> dict[str, Any]:
        system, turns = split_system(messages)
        line: dict[str, Any] = {"conversations": sharegpt_turns(turns)}
        return {**line, "system": system} if system else line
