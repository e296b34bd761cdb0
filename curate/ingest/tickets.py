"""Support tickets from CSV, JSON or JSONL exports: first customer message -> first agent reply.

Fields are named by (dotted) paths such as `fields.summary`; a preset fills the
paths a config leaves unset. The pair's output is the first assistant turn of
the `conversation` field when there is one, else the `agent` field, which may
name the label field to make a classification pair (exports without replies).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from curate.ingest.base import IngestOptions
from curate.ingest.rows import Bad
from curate.ingest.table import TableIngestor
from curate.record import Record, Source, new_record

USER_ROLES = frozenset({"user", "customer", "requester", "client", "end-user", "end_user"})
ASSISTANT_ROLES = frozenset({"assistant", "agent", "support", "staff", "operator"})
ROLE_KEYS = ("role", "speaker", "sender", "author_role", "from")
TEXT_KEYS = ("content", "text", "body", "plain_body", "message")
# What identifies a person in a user object (Jira, Zendesk); avatars, time zones are left out.
PERSON_ATTRIBUTES = ("accountId", "displayName", "emailAddress", "name", "key", "id", "email")


@dataclass(frozen=True)
class Preset:
    """Field paths of a known export, and how its comments name their author."""

    fields: dict[str, Any]
    requester: str | None = None
    author: str | None = None
    commenter: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


PRESETS: dict[str, Preset] = {
    "none": Preset({}),
    # Zendesk ticket objects with their comments embedded (`comments` from the comments API).
    "zendesk": Preset(
        {"id": "id", "subject": "subject", "customer": "description",
         "conversation": "comments", "label": "type",
         "people": ["requester_id", "assignee_id", "submitter_id"]},
        requester="requester_id", author="author_id", commenter="author_id",
    ),
    # Jira REST v2 issues; no standard field holds a resolution text, so without a
    # comment by someone other than the reporter the issue has no reply.
    "jira": Preset(
        {"id": "key", "subject": "fields.summary", "customer": "fields.description",
         "conversation": "fields.comment.comments", "label": "fields.issuetype.name",
         "people": ["fields.reporter", "fields.assignee", "fields.creator"]},
        requester="fields.reporter.accountId", author="author.accountId", commenter="author",
    ),
    # GitHub issues (NLBSE shape: repo, created_at, label, title, body). Issues carry no
    # reply, so the pair is issue classification: output = the label.
    "github": Preset(
        {"subject": "title", "customer": "body", "label": "label", "agent": "label",
         "meta": ["repo", "created_at"]},
    ),
}


class TicketOptions(IngestOptions):
    """Which field holds each part of a ticket; a preset fills the ones left unset."""

    preset: Literal["none", "zendesk", "jira", "github"] = "none"
    format: Literal["auto", "csv", "json", "jsonl"] = "auto"
    id: str | None = None
    subject: str | None = None
    customer: str = "customer_message"
    agent: str = "agent_response"
    label: str | None = None
    meta: list[str] = Field(default_factory=list)
    people: list[str] = Field(default_factory=list)
    conversation: str | None = None

    @model_validator(mode="after")
    def _apply_preset(self) -> TicketOptions:
        for name, value in PRESETS[self.preset].fields.items():
            if name not in self.model_fields_set:
                setattr(self, name, value)
        return self


_MISSING = object()


def lookup(row: Any, path: str) -> Any:
    """The value at a dotted path (`fields.issuetype.name`, `labels.0.name`); _MISSING if absent.

    A key that itself contains dots (a CSV header) is found before the path is split.
    """
    if isinstance(row, dict) and path in row:
        return row[path]
    for part in path.split("."):
        if isinstance(row, dict) and part in row:
            row = row[part]
        elif isinstance(row, list) and part.isdigit() and int(part) < len(row):
            row = row[int(part)]
        else:
            return _MISSING
    return row


def as_text(value: Any) -> str | None:
    """A scalar as stripped text; None for anything that is not text-like."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


class TicketIngestor(TableIngestor):
    """One ticket (row, line or array element) = one source item = one pair or one rejection."""

    name = "tickets"
    Options = TicketOptions
    options: TicketOptions
    formats = frozenset({"csv", "json", "jsonl"})
    file_kinds = "ticket tables (.csv, .json, .jsonl, .ndjson)"

    @classmethod
    def multi_turn(cls, options: IngestOptions) -> str | None:
        """A `conversation` field becomes user/assistant turns."""
        many = isinstance(options, TicketOptions) and options.conversation is not None
        return "set options.conversation: null (the first reply only)" if many else None

    def _field(self, row: dict[str, Any], path: str, part: str) -> str | Bad:
        value = lookup(row, path)
        if value is _MISSING:
            return Bad("ingest.missing_field", f"no '{path}' field for the {part}")
        text = as_text(value) if value is not None else ""
        if text is None:
            return Bad("ingest.wrong_type", f"'{path}' is not text")
        if not text:
            return Bad("ingest.empty_field", f"'{path}' is empty")
        return text

    def pair(self, path: Path, locator: str, row: dict[str, Any]) -> Record | Bad:
        opts = self.options
        turns = self._turns(row)
        if isinstance(turns, Bad):
            return turns
        customer = self._field(row, opts.customer, "customer message")
        after = -1
        if isinstance(customer, Bad):
            after = next((i for i, t in enumerate(turns) if t["role"] == "user"), -1)
            if after < 0:
                return customer
            customer = turns[after]["content"]
        agent = _first_reply(turns, after)
        if agent is None:
            agent = self._field(row, opts.agent, "agent reply")
            if isinstance(agent, Bad):
                if opts.conversation:
                    return Bad("ingest.no_reply", f"no agent turn in '{opts.conversation}' "
                                                  f"and {agent.detail}")
                return agent
        subject = as_text(lookup(row, opts.subject)) if opts.subject else None
        text = f"Subject: {subject}\n\n{customer}" if subject else customer
        ident = as_text(lookup(row, opts.id)) if opts.id else None
        label = as_text(lookup(row, opts.label)) if opts.label else None
        meta = {key: value for key in opts.meta
                if (value := lookup(row, key)) is not _MISSING and value not in (None, "")}
        if people := self._people(row):
            meta["people"] = people
        return new_record(
            Source(self.name, self.relpath(path), ident or locator),
            task=self.source.task,
            instruction=self.task.instruction,
            input=text,
            output=agent,
            label=label or None,
            turns=turns,
            meta=meta,
        )

    def _people(self, row: dict[str, Any]) -> dict[str, Any]:
        """The ticket's people fields (`people` paths, and the comment authors of a preset)
        under their last path part, for redact to know and replace them."""
        found = {path.rpartition(".")[2]: value for path in self.options.people
                 if (value := person_value(lookup(row, path)))}
        commenter = PRESETS[self.options.preset].commenter
        comments = lookup(row, self.options.conversation) if self.options.conversation else None
        if commenter and isinstance(comments, list):
            authors = []
            for comment in comments:
                author = person_value(lookup(comment, commenter))
                if author and author not in authors:
                    authors.append(author)
            if authors:
                found["commenters"] = authors
        return found

    def _turns(self, row: dict[str, Any]) -> list[dict[str, str]] | Bad:
        """The conversation as user/assistant turns, consecutive same-role turns merged."""
        name = self.options.conversation
        if not name:
            return []
        value = lookup(row, name)
        if value is _MISSING or value is None:
            return []
        if not isinstance(value, list):
            return Bad("ingest.wrong_type", f"'{name}' is not a list of turns")
        preset = PRESETS[self.options.preset]
        requester = as_text(lookup(row, preset.requester)) if preset.requester else None
        merged: list[tuple[str, list[str]]] = []  # joined once at the end: linear time
        for raw in value:
            turn = _turn(raw, requester, preset.author)
            if turn is None:
                continue
            if merged and merged[-1][0] == turn["role"]:
                merged[-1][1].append(turn["content"])
            else:
                merged.append((turn["role"], [turn["content"]]))
        return [{"role": role, "content": "\n".join(parts)} for role, parts in merged]


def person_value(value: Any) -> str | dict[str, str] | None:
    """A people field as text (an id as a string), or a user object's identifying keys only."""
    if isinstance(value, dict):
        kept = {k: text for k in PERSON_ATTRIBUTES if (text := as_text(value.get(k)))}
        return kept or None
    return as_text(value) or None


def _turn(raw: Any, requester: str | None, author_path: str | None) -> dict[str, str] | None:
    """One public turn with a known role, or None (private notes, system events, no text)."""
    if isinstance(raw, list | tuple) and len(raw) == 2:
        speaker, text = as_text(raw[0]), as_text(raw[1])
    elif isinstance(raw, dict):
        if raw.get("public") is False:
            return None
        text = next((t for k in TEXT_KEYS if (t := as_text(raw.get(k)))), None)
        speaker = next((s for k in ROLE_KEYS if (s := as_text(raw.get(k)))), None)
        if speaker is None and requester and author_path:
            author = as_text(lookup(raw, author_path))
            speaker = None if author is None else ("user" if author == requester else "agent")
    else:
        return None
    role = (speaker or "").lower()
    role = "user" if role in USER_ROLES else "assistant" if role in ASSISTANT_ROLES else None
    if role is None or not text:
        return None
    return {"role": role, "content": text}


def _first_reply(turns: list[dict[str, str]], after: int) -> str | None:
    """The first assistant turn after index `after` (-1: anywhere in the conversation)."""
    return next((t["content"] for t in turns[after + 1:] if t["role"] == "assistant"), None)
