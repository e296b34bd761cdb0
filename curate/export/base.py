"""The exporter contract: a record becomes one chat, checked, then shaped for one trainer.

Every format starts from the same neutral conversation (optional system, then
user/assistant turns) and is checked for what trainers and fine-tuning APIs
reject: role order (strict alternation from user, last from the assistant),
empty content, the per-example token limit, and keys outside the format's own.
A record that fails is skipped with a reason code (`export.<what>`) and counted.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from curate.export.tokens import conversation_tokens

if TYPE_CHECKING:
    from curate.config import CurateConfig
    from curate.record import Record

Message = dict[str, str]


class ExportProblem(Exception):
    """Why a record cannot become a training line in a format: a reason code and a detail."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason, self.detail = reason, detail


def conversation(record: Record, system: str | None) -> list[Message]:
    """The record as chat messages: `record.turns` when present, else instruction+input -> output.

    The instruction opens the first user turn; a configured system prompt comes first.
    """
    if record.turns:
        turns = [{"role": t.get("role", ""), "content": t.get("content", "")} for t in record.turns]
        if turns[-1]["role"] != "assistant" and record.output:
            turns.append({"role": "assistant", "content": record.output})
        first_user = next((t for t in turns if t["role"] == "user"), None)
        if first_user is not None and record.instruction:
            first_user["content"] = f"{record.instruction}\n\n{first_user['content']}"
    else:
        user = f"{record.instruction}\n\n{record.input}" if record.input else record.instruction
        turns = [{"role": "user", "content": user},
                 {"role": "assistant", "content": record.output}]
    return ([{"role": "system", "content": system}] if system else []) + turns


def check_conversation(messages: list[Message], limit: int | None) -> None:
    """Raise ExportProblem on bad role order, empty content or too many tokens."""
    chat = messages[1:] if messages and messages[0]["role"] == "system" else messages
    expected = ["user", "assistant"] * (len(chat) // 2 + 1)
    if not chat or [m["role"] for m in chat] != expected[: len(chat)] or len(chat) % 2:
        roles = ",".join(m["role"] for m in messages)
        raise ExportProblem("export.role_order",
                            f"roles {roles}: must alternate from user and end with assistant")
    empty = [i for i, m in enumerate(messages) if not m["content"].strip()]
    if empty:
        raise ExportProblem("export.empty_content", f"message {empty[0]} has no content")
    if limit is not None and (tokens := conversation_tokens(messages)) > limit:
        raise ExportProblem("export.token_limit", f"{tokens} tokens, limit {limit}")


def split_system(messages: list[Message]) -> tuple[str | None, list[Message]]:
    """(system prompt or None, the user/assistant turns)."""
    if messages and messages[0]["role"] == "system":
        return messages[0]["content"], messages[1:]
    return None, messages


class Exporter(ABC):
    """One trainer format: `shape` turns a checked conversation into one JSON line."""

    name: ClassVar[str]
    keys: ClassVar[frozenset[str]]
    max_tokens: ClassVar[int | None] = None
    one_exchange: ClassVar[bool] = False
    """True when a line holds one user/assistant exchange only (multi-turn records are skipped)."""
    trains: ClassVar[Literal["every", "final"]] = "every"
    """Which assistant messages the consumer trains on by default (see curate/export/targets.py)."""
    loss_key: ClassVar[tuple[str, Any, Any] | None] = None
    """(key, trained value, no-loss value) set on every assistant message, when the format
    can mark one as no loss target (every assistant message has it, so that each file has
    one schema: `datasets` casts every split to the first one's)."""

    def __init__(self, config: CurateConfig) -> None:
        self.system = config.export.system_prompt
        self.limit = config.export.max_tokens or self.max_tokens

    @abstractmethod
    def shape(self, record: Record, messages: list[Message]) -> dict[str, Any]:
        """The format's JSON line for a conversation that passed the checks."""

    def check(self, messages: list[Message]) -> None:  # noqa: B027 (an optional hook)
        """Format-specific checks beyond the common ones (override to add)."""

    def line(self, record: Record, elsewhere: frozenset[int] = frozenset()) -> dict[str, Any]:
        """The training line for `record`, or ExportProblem saying why there is none.

        `elsewhere`: positions, among the record's assistant messages, of replies that
        another line trains (`Targets.elsewhere`)."""
        messages = conversation(record, self.system)
        check_conversation(messages, self.limit)
        self.check(messages)
        messages = self._mark_no_loss(messages, elsewhere)
        line = self.shape(record, messages)
        extra = sorted(set(line) - self.keys)
        if extra:
            raise ExportProblem("export.extra_key", f"keys not accepted: {', '.join(extra)}")
        return line

    def _mark_no_loss(self, messages: list[Message], elsewhere: frozenset[int]) -> list[Message]:
        """Drop a contained line; mark earlier replies trained elsewhere, or drop the line."""
        replies = [i for i, m in enumerate(messages) if m["role"] == "assistant"]
        if len(replies) - 1 in elsewhere:
            raise ExportProblem("export.contained", "its conversation is repeated whole in "
                                "another line, which trains its last reply")
        earlier = {replies[k] for k in elsewhere} if self.trains == "every" else set()
        if self.loss_key is None:
            if earlier:
                raise ExportProblem("export.shared_reply",
                                    f"{len(earlier)} earlier replies are trained in another line "
                                    f"and {self.name} cannot mark a message as no loss")
            return messages
        key, on, off = self.loss_key
        return [{**m, key: off if i in earlier else on} if m["role"] == "assistant" else m
                for i, m in enumerate(messages)]

    def side_files(self, files: dict[str, str], common: dict[str, frozenset[str]]) -> dict[str, Any]:
        """Extra files a trainer needs beside the data ({name: JSON}), given split -> file
        and split -> the keys that every line of that file has."""
        return {}


class ChatMessages(Exporter):
    """`{"messages": [{"role", "content"}, ...]}`: OpenAI and every trainer that copies it."""

    keys = frozenset({"messages"})

    def shape(self, record: Record, messages: list[Message]) -> dict[str, Any]:
        return {"messages": messages}
