"""The written string slots of a record that redaction reads and writes, and what each one is.

A slot is a path (`("meta", "reporter", "displayName")`, `("source", "locator")`), its text
and its kind, which decides how it is redacted and re-scanned:
- `text`: prose (instruction, input, output, turns, free meta values): every recognizer;
- `people`: a people field of meta, known by what its key means (`from`, `assignee`,
  `lastEditor`, `ownerId`, `created_by`; `people_key`) or by its shape (a user object's keys,
  `accountId`, `displayName`, GitHub's `gravatar_id`, at any depth), and everything inside
  one: always replaced, through the record's people (`curate.pii.people`); in a change item
  (Jira's changelog `{"field": "assignee", "from": ..., "toString": ...}`) the old and new
  values are people only when the changed field is a people field (a status's `from: "1"` is
  not a person);
- `id`: an identifier or short label (`source.locator`, `source.path`, `label`, meta keys
  named like ids): patterns and the record's people, no NER;
- `timestamp`: an ISO 8601 or RFC 2822 date or time in meta: left as it is (never a phone).

A people field's numeric user id (`"id": 583231`, `submitter_id`) is a `people` slot too: its
text is the number's, and the placeholder replaces the number.

A slot inside one user object (a mapping of a people field that holds a person key: Jira's
`{"name", "key", "accountId", "displayName", "emailAddress", "avatarUrls"}`, GitHub's
`{"login", "id"}`) or one side of a change item (`from` with `fromString`) names its `owner`
(that object's path, the side's path), so every value of it is one person.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal, NamedTuple

import regex

from curate.record import Record

Field = Literal["instruction", "input", "output", "turns", "meta"]
Path = tuple[str | int, ...]
Kind = Literal["text", "people", "id", "timestamp"]
TURN_KEYS_KEPT = frozenset({"role", "from"})
PEOPLE_KEYS = frozenset(
    {
        "from", "to", "cc", "bcc", "sender", "reply-to", "reply_to", "x-from", "x-to", "x-cc",
        "x-bcc", "people", "participants", "requester", "assignee", "assignees", "reporter",
        "author", "creator", "submitter", "owner", "user", "users", "watchers", "commenter",
        "updateauthor", "collaborators", "followers", "approvers", "reviewers", "accountid",
        "account_id",
    }
)
# Keys inside a people field that hold the person (others, `timeZone`, `avatarUrls`, are ids).
PERSON_KEYS = frozenset(
    {
        "displayname", "name", "fullname", "full_name", "display_name", "realname", "emailaddress",
        "email", "email_address", "mail", "accountid", "account_id", "id", "key", "userid",
        "user_id", "login", "username", "user_name", "handle", "uid",
    }
)
# A key names a person by its last word (`lastEditor`, `pr_author`, `requestedReviewers`), by
# a person word before `id`/`name`/... (`ownerId`, `authorName`, `creator_login`), or as a
# past participle before `by` (`createdBy`, `signed_by`; not `sortBy`, `groupBy`).
PERSON_WORDS = frozenset(
    {
        "author", "assignee", "reporter", "creator", "owner", "user", "sender", "recipient",
        "requester", "requestor", "submitter", "commenter", "editor", "reviewer", "approver",
        "maintainer", "contributor", "member", "participant", "watcher", "follower",
        "collaborator", "mention", "person", "people", "signer", "signatory", "poster",
        "uploader", "committer", "lead", "manager", "contact", "actor", "employee",
    }
)
MIN_ID_DIGITS = 5
# The old and new values of a change item (Jira's changelog `items`).
CHANGE_KEYS = frozenset({"from", "to", "fromstring", "tostring"})
# The side of a change item each of its keys gives: `from` and `fromString` are one person.
_CHANGE_SIDE = {"from": "from", "fromstring": "from", "to": "to", "tostring": "to"}
_PERSON_PARTS = frozenset({"id", "ids", "name", "login", "key", "email", "handle", "username", "mail"})
_KEY_WORD = regex.compile(r"\p{Lu}?\p{Ll}+|\p{Lu}+(?!\p{Ll})|\d+")
# Keys that make a mapping a user object wherever it stands: Jira's (not its project objects,
# which have `avatarUrls` too) and GitHub's (`gravatar_id`, unless `type` says Organization).
_USER_OBJECT_KEYS = frozenset({"accountid", "displayname", "emailaddress"})
ID_KEYS = regex.compile(
    r"(?i:id|key|uuid|guid|thread|locator|login|username|handle|accountid|.*[_\-](?:id|key))"
    r"|.*[a-z]Id"
)
TIMESTAMP = regex.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+\-]\d{2}:?\d{2}| ?UTC)?)?"
    r"|(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),[ \t]+)?\d{1,2}[ \t]+\p{L}{3}[ \t]+\d{4}"
    r"[ \t]+\d{2}:\d{2}(?::\d{2})?(?:[ \t]+[+\-]\d{4})?(?:[ \t]+\(\w+\))?"
)


class Slot(NamedTuple):
    """One written string of a record."""

    path: Path
    text: str
    kind: Kind
    owner: Path = ()


def record_slots(record: Record, fields: list[Field]) -> list[Slot]:
    """Non-blank strings of the chosen fields, then the label and the source, in a fixed order
    (meta keys sorted)."""
    slots: list[Slot] = []
    for field in ("instruction", "input", "output", "turns", "meta"):
        if field not in fields:
            continue
        value = getattr(record, field)
        if field == "turns":
            for i, turn in enumerate(value):
                slots.extend(
                    Slot((field, i, k), v, "text")
                    for k, v in sorted(turn.items())
                    if k not in TURN_KEYS_KEPT and _text(v)
                )
        elif field == "meta":
            slots.extend(_walk((field,), value, "text"))
        elif _text(value):
            slots.append(Slot((field,), value, "text"))
    slots += [
        Slot(path, text, "id")
        for path, text in ((("label",), record.label), (("source", "path"), record.source.path),
                           (("source", "locator"), record.source.locator))
        if _text(text)
    ]
    return slots


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _kind(key: str | int, value: Any, inherited: Kind) -> Kind:
    """A people field holds people (its user objects, lists of them); inside one, a value under
    another key (`timeZone`, `avatarUrls`) is an id."""
    if isinstance(key, int):
        return inherited
    name = key.rpartition(".")[2]  # a dotted ingest path: `fields.reporter`
    if people_key(name) or (inherited == "people" and name.casefold() in PERSON_KEYS) or (
        isinstance(value, dict) and _user_object(value)
    ):
        return "people"
    if inherited == "people":
        return "people" if isinstance(value, dict | list) else "id"
    return "id" if ID_KEYS.fullmatch(key) else inherited


def people_key(key: str) -> bool:
    """Whether a meta key means a person: a known one (`from`, `assignee`) or one whose words
    say so (`lastEditor`, `ownerId`, `created_by`)."""
    if key.casefold() in PEOPLE_KEYS:
        return True
    words = [_singular(w.casefold()) for w in _KEY_WORD.findall(key)]
    if not words:
        return False
    if words[-1] in PERSON_WORDS:
        return True
    if len(words) < 2:
        return False
    before = words[-2]
    return (words[-1] in _PERSON_PARTS and before in PERSON_WORDS) or (
        words[-1] == "by" and (before.endswith("ed") or before in {"sent", "written", "done"})
    )


def _user_object(value: dict[Any, Any]) -> bool:
    keys = {str(k).casefold() for k in value}
    return bool(_USER_OBJECT_KEYS & keys) or (
        "gravatar_id" in keys and value.get("type") != "Organization"
    )


def _numeric_user_id(path: Path, value: Any) -> bool:
    """A number that a people field holds under an id key (`"id": 583231`, `submitter_id`,
    `collaborator_ids: [...]`), long enough (`MIN_ID_DIGITS`) not to be any count or number in
    the text; the redacted record holds its placeholder, a string, in its place."""
    if isinstance(value, bool) or not isinstance(value, int) or len(str(abs(value))) < MIN_ID_DIGITS:
        return False
    key = next((str(step) for step in reversed(path) if not isinstance(step, int)), "")
    words = _KEY_WORD.findall(key.rpartition(".")[2])
    return bool(words) and words[-1].casefold() in {"id", "ids", "uid", "uids"}


def id_key(key: str) -> bool:
    """Whether a key names an id by its last word (`reporter_id`, `ownerId`, `accountIds`,
    `author_uid`): its value is an account id, not a name."""
    words = _KEY_WORD.findall(key.rpartition(".")[2])
    return len(words) > 1 and words[-1].casefold() in {"id", "ids", "uid", "uuid", "guid"}


def _changed_field(value: dict[Any, Any]) -> str | None:
    """The field a change item changed (`field` or `fieldId`), if `value` is one."""
    keys = {str(k).casefold(): k for k in value}
    if not CHANGE_KEYS & keys.keys():
        return None
    name = value.get(keys.get("field", keys.get("fieldid", "")))
    return name if isinstance(name, str) and name.strip() else None


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def _walk(path: Path, value: Any, kind: Kind, owner: Path = ()) -> Iterator[Slot]:
    if _text(value):
        kind = "timestamp" if TIMESTAMP.fullmatch(value.strip()) else kind
        yield Slot(path, value, kind, owner if kind == "people" else ())
    elif kind == "people" and _numeric_user_id(path, value):
        yield Slot(path, str(value), kind, owner)
    elif isinstance(value, dict):
        changed = _changed_field(value)
        if kind == "people" and any(str(k).casefold() in PERSON_KEYS for k in value):
            owner = path
        for key in sorted(value, key=str):
            child = _kind(key, value[key], kind)
            side = owner
            if changed is not None and str(key).casefold() in CHANGE_KEYS:
                child = "people" if people_key(changed) else ("id" if kind == "people" else kind)
                side = (*path, _CHANGE_SIDE[str(key).casefold()])
            elif child == "people" and isinstance(value[key], list):
                side = ()  # a list of people (`watchers`) is many persons
            yield from _walk((*path, key), value[key], child, side)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk((*path, i), item, kind, owner)


def write_slot(record: Record, path: Path, text: str) -> None:
    """Put `text` at `path` (as returned by `record_slots`)."""
    if len(path) == 1:
        setattr(record, str(path[0]), text)
        return
    container: Any = getattr(record, str(path[0]))
    for step in path[1:-1]:
        container = container[step]
    if isinstance(container, list | dict):
        container[path[-1]] = text
    else:
        setattr(container, str(path[-1]), text)


def innermost_key(path: Path) -> str:
    """The last string key of a slot path (`("meta", "reporter", "displayName")` -> displayName)."""
    return next((step for step in reversed(path) if isinstance(step, str)), "")
