"""E-mail threads become (message -> direct reply) instruction pairs.

Inputs: one RFC-822 file (`.eml`, Enron `NNNN.txt`, no extension), an mbox (suffix `.mbox`
or a first line starting `From `), an Outlook `.msg` (extract-msg, imported lazily), or a
folder of any of these (maildirs included) walked recursively in sorted path order.

Threading needs every message of one configured path at once, so `read` keeps, per message,
only its threading headers, sender/recipient addresses, date, label and *cleaned* body (never
the raw message or attachments), then yields in file / mbox order. A reply's parent is the
first of its In-Reply-To / References ids found in the set; failing that, for a subject with a
reply prefix (Re:, AW:, SV: ...), the latest earlier message with the same normalized subject,
from someone else, that the replier received or whose sender the reply is addressed to.

One item is one message: items_used counts messages that are the input or output of a pair;
every other message becomes a rejected item with a reason code.

`encoded` (what `curate ingest --workers N` writes) gives the same output as JSON lines, with
the mbox parsed and the pairs built in N forked processes; only threading stays in this one.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import json
import os
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from email.message import Message
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from functools import cached_property, lru_cache, partial
from pathlib import Path
from typing import Any, Literal, NamedTuple

from pydantic import Field, model_validator

from curate.errors import ConfigError
from curate.forking import fork_map, spans
from curate.ingest.base import Encoded, IngestOptions, Ingestor, count_lines, file_problem
from curate.ingest.mailheaders import header_problem, header_text
from curate.ingest.mailparse import parse_message
from curate.ingest.mailtext import clean_body, html_to_text
from curate.ingest.mbox import mbox_messages, mbox_parts
from curate.record import Record, Source, new_record

# Files a folder walk never treats as mail: label sidecars, docs, data and binaries.
SIDECAR_SUFFIXES = frozenset({
    ".cats", ".csv", ".tsv", ".json", ".jsonl", ".md", ".yaml", ".yml", ".pdf", ".doc",
    ".docx", ".xls", ".xlsx", ".zip", ".gz", ".png", ".jpg", ".jpeg", ".gif",
})
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_MBOX_BYTES = 64 * 1024 * 1024
# Pure functions of one header value, cached: repeated values (a flood, one correspondent's
# mails) are parsed once and share one result object in memory.
CACHED_VALUES = 4096
SUBJECT_WINDOW = 64
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ADDRESS_HEADERS = ("from", "to", "cc")
_MAIL_HEADERS = frozenset({"from", "to", "subject", "date", "message-id"})
_PREFIX = r"(?:re|aw|sv|vs|antw|odp|rif|ynt|res|fw|fwd|wg|tr|rv|enc)"
_PREFIXES = re.compile(rf"^(?:\s*{_PREFIX}\s*(?:\[\d+\]|\(\d+\))?\s*:)+", re.IGNORECASE)
_REPLY = re.compile(r"^\s*(?:re|aw|sv|vs|antw|odp|rif|ynt|res)\s*(?:\[\d+\]|\(\d+\))?\s*:",
                    re.IGNORECASE)
_MSG_ID = re.compile(r"<[^<>\s]+>")
# Address headers carried to `meta["people"]` (role -> raw values) for redact to know the people
# of a pair; CALO's X- headers hold the display names and mailbox ids of Enron's bare addresses.
PEOPLE_HEADERS = {
    "from": "from", "sender": "from", "x-from": "from", "to": "to", "x-to": "to",
    "cc": "cc", "x-cc": "cc", "bcc": "bcc", "x-bcc": "bcc", "reply-to": "from",
}
MAX_PEOPLE_CHARS = 4096
# Per job when the work is spread over forked workers: messages to pair, mbox bytes to parse.
WORKER_JOB = 8192
MBOX_PART = 1 << 20


class EmailOptions(IngestOptions):
    """How pairs are chosen and where labels come from."""

    org_domains: list[str] = Field(default_factory=list)
    label_source: Literal["none", "header", "folder", "sidecar"] = "none"
    label_header: str = "X-Category"
    label_sidecar: str | None = None
    min_body_chars: int = Field(1, ge=1)
    max_turns: int = Field(16, ge=2)
    max_turn_chars: int = Field(32_000, ge=1)

    @model_validator(mode="after")
    def _sidecar_named(self) -> EmailOptions:
        if self.label_source == "sidecar" and not self.label_sidecar:
            raise ValueError("label_source 'sidecar' needs label_sidecar (a CSV or JSON file)")
        return self


@dataclass(slots=True)
class Mail:
    """What threading and pairing need of one message; nothing else is kept."""

    path: Path
    locator: str
    message_id: str
    parent_ids: tuple[str, ...]
    subject: str
    sender: str
    recipients: frozenset[str]
    date: datetime | None
    body: str
    label: str | None
    people: tuple[tuple[str, str], ...] = ()

    def __reduce__(self) -> tuple[type[Mail], tuple[Any, ...]]:
        """Pickled as its fields (from a parsing worker): a third of the default's cost."""
        return Mail, tuple([getattr(self, name) for name in _MAIL_FIELDS])


_MAIL_FIELDS = tuple(f.name for f in fields(Mail))


class Unusable(NamedTuple):
    """A file or message that cannot take part in threading: reason code and detail."""

    path: Path
    locator: str
    reason: str
    detail: str


@dataclass(slots=True)
class Threads:
    """The messages of one configured path (`items`, in file order), threaded, and the
    pairs chosen among them: reply index -> parent index."""

    items: list[Mail | Unusable]
    mails: dict[int, Mail] = field(init=False)
    parents: dict[int, int] = field(init=False)
    roots: dict[int, int] = field(init=False)
    pairs: dict[int, int] = field(init=False)
    used: set[int] = field(init=False)
    filtered: set[int] = field(init=False)


@lru_cache(maxsize=CACHED_VALUES)
def normalize_subject(subject: str) -> str:
    """Subject without Re:/Fwd:/AW:/SV: prefixes, case-folded, whitespace collapsed."""
    return " ".join(_PREFIXES.sub("", subject).split()).casefold()


def _ids(value: str) -> list[str]:
    return _MSG_ID.findall(value or "")


@lru_cache(maxsize=CACHED_VALUES)
def _addresses(*values: str) -> frozenset[str]:
    pairs = getaddresses([v.replace(";", ",") for v in values if v])
    return frozenset(addr.lower() for _, addr in pairs if "@" in addr)


@lru_cache(maxsize=CACHED_VALUES)
def _sender(value: str) -> str:
    return parseaddr(value)[1].lower()


@lru_cache(maxsize=CACHED_VALUES)
def _subject(value: str) -> str:
    return " ".join(value.split())


@lru_cache(maxsize=CACHED_VALUES)
def _date(value: str) -> datetime | None:
    try:
        parsed = parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.replace(tzinfo=UTC) if parsed and parsed.tzinfo is None else parsed


@lru_cache(maxsize=CACHED_VALUES)
def _in_domains(address: str, domains: tuple[str, ...]) -> bool:
    domain = address.rpartition("@")[2]
    return any(domain == d or domain.endswith("." + d) for d in domains)


class EmailIngestor(Ingestor):
    """Reads e-mail files, threads them, and yields one pair per (message, direct reply)."""

    name = "emails"
    Options = EmailOptions
    options: EmailOptions
    file_kinds = "mail files (.eml, .msg, .mbox, Enron-style files without a data suffix)"

    @classmethod
    def reads(cls, file: Path, options: IngestOptions) -> bool:
        """Any file but hidden ones and label sidecars, documents, data and binaries."""
        return not file.name.startswith(".") and file.suffix.lower() not in SIDECAR_SUFFIXES

    @classmethod
    def multi_turn(cls, options: IngestOptions) -> str | None:
        """A reply chain longer than one exchange becomes turns, up to `max_turns`."""
        many = isinstance(options, EmailOptions) and options.max_turns > 2
        return "set options.max_turns: 2" if many else None

    @classmethod
    def outputs_labels(cls, options: IngestOptions) -> bool | None:
        """Its outputs are replies; `label_source` sets the records' labels, not outputs."""
        return False

    @classmethod
    def max_items(cls, file: Path, options: IngestOptions) -> int | None:
        """One pair at most per message: an mbox's `From ` lines, else one."""
        with file.open("rb") as handle:
            mbox = file.suffix.lower() == ".mbox" or handle.read(5) == b"From "
        return count_lines(file, b"From ") if mbox else 1

    # -- reading ----------------------------------------------------------------------------

    def read(self, path: Path) -> Iterator[Record]:
        threads = self._threads(path, 1)
        for i in range(len(threads.items)):
            record = self._output(threads, i)
            if record is not None:
                yield record

    def encoded(self, path: Path, workers: int = 1) -> Iterator[Encoded]:
        """What `read` yields, each pair as its JSON line, the messages parsed and the pairs
        built and encoded in `workers` forked processes, each job a run of up to WORKER_JOB
        messages."""
        threads = self._threads(path, workers)
        jobs = spans(len(threads.items), workers, WORKER_JOB)
        return fork_map(partial(self._encode, threads), jobs, workers)

    def _threads(self, path: Path, workers: int) -> Threads:
        """Every message of `path` read (in `workers` processes), threaded and paired, and
        counted as read and used."""
        if self.options.label_source == "sidecar":
            _ = self._sidecar  # read here: a bad sidecar stops the run before any fork
        threads = Threads(list(self._items(path, workers)))
        self.items_read += len(threads.items)
        threads.mails = {i: item for i, item in enumerate(threads.items) if isinstance(item, Mail)}
        threads.parents = thread_parents(threads.mails)
        threads.roots = thread_roots(threads.parents)
        threads.pairs, threads.used, threads.filtered = self._choose_pairs(
            threads.mails, threads.parents)
        self.items_used += len(threads.used)
        return threads

    def _output(self, threads: Threads, i: int) -> Record | None:
        """Message `i`'s record: its pair, or its rejection; None for a message that is
        only the earlier side of pairs."""
        item = threads.items[i]
        if isinstance(item, Unusable):
            return self.rejected_item(item.path, item.locator, item.reason, item.detail)
        if i in threads.pairs:
            return self._pair(threads, i)
        if i not in threads.used:
            return self._unused(item, i in threads.filtered)
        return None

    def _encode(self, threads: Threads, job: tuple[int, int]) -> Encoded:
        """The output of messages job[0] to job[1] - 1: pairs as lines, rejected items."""
        outputs = (self._output(threads, i) for i in range(*job))
        return Encoded.of(record for record in outputs if record is not None)

    def _files(self, path: Path) -> list[Path]:
        if not path.is_dir():
            return [path]
        found = []
        for folder, dirs, names in os.walk(path):
            here = Path(folder)
            if here.name == "tmp" and (here.parent / "cur").is_dir():
                dirs.clear()  # maildir deliveries in progress
                continue
            found += [here / n for n in names if self.reads(here / n, self.options)]
        return sorted(found, key=lambda p: p.relative_to(path).as_posix())

    def _items(self, path: Path, workers: int = 1) -> Iterator[Mail | Unusable]:
        for file in self._files(path):
            problem = file_problem(file)
            if problem is not None:
                yield Unusable(file, "", *problem)
                continue
            try:
                size = file.stat().st_size
                with file.open("rb") as handle:
                    head = handle.read(8)
                    suffix = file.suffix.lower()
                    kind = ("msg" if suffix == ".msg" or head == _OLE_MAGIC else
                            "mbox" if suffix == ".mbox" or head.startswith(b"From ") else "eml")
                    limit = MAX_MBOX_BYTES if kind == "mbox" else MAX_FILE_BYTES
                    if size > limit:
                        yield Unusable(file, "", "ingest.too_large", f"{size} bytes > {limit}")
                        continue
                    data = head + handle.read() if kind != "msg" else b""
            except OSError as exc:
                yield Unusable(file, "", "ingest.unreadable", type(exc).__name__)
                continue
            if kind == "msg":
                yield self._read_msg(file)
            elif kind == "mbox":
                yield from self._read_mbox(file, data, workers)
            else:
                yield self._parse(file, "", data)

    def _read_mbox(self, file: Path, data: bytes, workers: int) -> Iterator[Mail | Unusable]:
        """The messages of an mbox, split and parsed in `workers` processes, a part of up
        to MBOX_PART bytes per job."""
        size = min(MBOX_PART, -(-len(data) // workers))
        parsed = fork_map(partial(self._parse_part, file, data), mbox_parts(data, size), workers)
        found = False
        for part in parsed:
            found = found or bool(part)
            yield from part
        if not found:
            yield Unusable(file, "", "ingest.not_mbox", "no 'From ' line starts a message")

    def _parse_part(self, file: Path, data: bytes, part: tuple[int, int, int]
                    ) -> list[Mail | Unusable]:
        """The messages of data[start:stop] parsed, numbered on from `before` + 1."""
        start, stop, before = part
        parsed: list[Mail | Unusable] = []
        for number, message in enumerate(mbox_messages(data[start:stop]), start=before + 1):
            locator = f"message {number}"
            if len(message) > MAX_FILE_BYTES:
                detail = f"{len(message)} bytes > {MAX_FILE_BYTES}"
                parsed.append(Unusable(file, locator, "ingest.too_large", detail))
            else:
                parsed.append(self._parse(file, locator, message))
        return parsed

    def _parse(self, file: Path, locator: str, data: bytes) -> Mail | Unusable:
        """One RFC-822 message; any failure rejects this message only."""
        problem = header_problem(data)
        if problem is not None:
            return Unusable(file, locator, "ingest.header_too_large", problem)
        try:
            parsed = parse_message(data)
            if not parsed.headers.keys() & _MAIL_HEADERS:
                return Unusable(file, locator, "ingest.not_email", "no From/To/Subject/Date header")
            return self._mail(file, locator, parsed.headers, parsed.body())
        except Exception as exc:  # malformed mail may break the parser anywhere
            return Unusable(file, locator, "ingest.unparseable", type(exc).__name__)

    def _mail(self, file: Path, locator: str, headers: dict[str, list[str]], body: str) -> Mail:
        def header(name: str) -> str:  # `name` in lower case
            if name not in headers:
                return ""
            return header_text(headers, name, decode=name not in _ADDRESS_HEADERS)

        label_header = self.options.label_header

        message_id = next(iter(_ids(header("message-id"))), "")
        return Mail(
            path=file,
            locator=locator,
            message_id=message_id,
            parent_ids=(*_ids(header("in-reply-to")), *reversed(_ids(header("references")))),
            subject=_subject(header("subject")),
            sender=_sender(header("from")),
            recipients=_addresses(header("to"), header("cc")),
            date=_date(header("date")),
            body=clean_body(body),
            label=self._label(file, message_id, header_text(
                headers, label_header, decode=label_header not in _ADDRESS_HEADERS)),
            people=_people_headers(header, [name for name in PEOPLE_HEADERS if name in headers]),
        )

    def _read_msg(self, file: Path) -> Mail | Unusable:
        """An Outlook .msg (CFB/OLE2); e-mails (IPM.Note*) and posts only."""
        import extract_msg

        try:
            item = extract_msg.openMsg(str(file), delayAttachments=True)
        except Exception as exc:  # extract-msg raises many types on corrupt files
            return Unusable(file, "", "ingest.corrupt_msg", type(exc).__name__)
        try:
            kind = str(getattr(item, "classType", "") or "").strip()
            if not kind.casefold().startswith(("ipm.note", "ipm.post")):
                return Unusable(file, "", "ingest.not_email", f"Outlook item class {kind[:40]}")
            return self._msg_mail(file, item)
        except Exception as exc:  # corrupt streams surface lazily on access
            return Unusable(file, "", "ingest.corrupt_msg", type(exc).__name__)
        finally:
            item.close()

    def _msg_mail(self, file: Path, item: Any) -> Mail:
        headers: Message | None = getattr(item, "header", None)

        def header(name: str) -> str:
            return str(headers.get(name, "") or "") if headers is not None else ""

        message_id = next(iter(_ids(str(item.messageId or ""))), "")
        in_reply_to = str(getattr(item, "inReplyTo", None) or header("in-reply-to"))
        date = item.date if isinstance(item.date, datetime) else None
        return Mail(
            path=file,
            locator="",
            message_id=message_id,
            parent_ids=(*_ids(in_reply_to), *reversed(_ids(header("references")))),
            subject=" ".join(str(item.subject or "").replace("\x00", "").split()),
            sender=parseaddr(str(item.sender or ""))[1].lower(),
            recipients=_addresses(str(item.to or ""), str(item.cc or "")),
            date=date.replace(tzinfo=UTC) if date and date.tzinfo is None else date,
            body=clean_body(_msg_body(item)),
            label=self._label(file, message_id, header(self.options.label_header)),
            people=_people_headers(
                lambda name: {"from": str(item.sender or ""), "to": str(item.to or ""),
                              "cc": str(item.cc or "")}.get(name, "")
            ),
        )

    # -- labels -----------------------------------------------------------------------------

    def _label(self, file: Path, message_id: str, header_value: str) -> str | None:
        source = self.options.label_source
        if source == "header":
            return header_value.strip() or None
        if source == "folder":
            return file.parent.name or None
        if source == "sidecar":
            key = message_id.strip("<>")
            return self._sidecar.get(key) or self._sidecar.get(file.stem)
        return None

    @cached_property
    def _sidecar(self) -> dict[str, str]:
        """Message-ID (without <>) or file stem -> label, from a JSON object or a 2-column CSV."""
        path = self.base_dir / Path(str(self.options.label_sidecar)).expanduser()
        key = f"sources.{self.source.kind}.options.label_sidecar"
        try:
            if path.suffix.lower() == ".json":
                data = json.loads(path.read_text(encoding="utf-8"))
                if not isinstance(data, dict):
                    raise ConfigError(key, "the JSON sidecar is not an object", "map id -> label")
                rows: Iterable[list[Any]] = data.items()
            else:
                with path.open(encoding="utf-8-sig", newline="") as handle:
                    rows = list(csv.reader(handle))[1:]
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            fix = "point it at a CSV (id,label with a header row) or a JSON object"
            raise ConfigError(key, f"cannot read the sidecar ({type(exc).__name__})", fix) from None
        return {str(r[0]).strip().strip("<>"): str(r[1]).strip() for r in rows if len(r) >= 2}

    # -- pairs ------------------------------------------------------------------------------

    @cached_property
    def _domains(self) -> tuple[str, ...]:
        return tuple(d.lower().lstrip("@") for d in self.options.org_domains)

    def _choose_pairs(
        self, mails: dict[int, Mail], parents: dict[int, int]
    ) -> tuple[dict[int, int], set[int], set[int]]:
        """Reply index -> parent index for usable pairs; messages used; messages filtered out."""
        pairs: dict[int, int] = {}
        used: set[int] = set()
        filtered: set[int] = set()
        domains = self._domains
        minimum = self.options.min_body_chars
        for child, parent in sorted(parents.items()):
            earlier, reply = mails[parent], mails[child]
            if len(earlier.body) < minimum or len(reply.body) < minimum:
                continue
            if domains and (_in_domains(earlier.sender, domains)
                            or not _in_domains(reply.sender, domains)):
                filtered.update((child, parent))
                continue
            pairs[child] = parent
            used.update((child, parent))
        return pairs, used, filtered

    def _pair(self, threads: Threads, child: int) -> Record:
        mails = threads.mails
        earlier, reply = mails[threads.pairs[child]], mails[child]
        root = mails[threads.roots.get(child, child)]
        chain = [mails[i] for i in _chain(threads.parents, child, self.options.max_turns)]
        turns = self._turns(chain, reply.sender)
        if turns:
            turns[0]["content"] = _with_subject(root.subject, turns[0]["content"])
        meta: dict[str, Any] = {"thread": _digest(root.message_id or _where(root))}
        people = _people_meta(chain)
        if people:
            meta["people"] = people
        if reply.date is not None:
            meta["date"] = reply.date.isoformat()
        return new_record(
            Source(self.name, self.relpath(reply.path), reply.locator),
            task=self.source.task,
            instruction=self.task.instruction,
            input=_with_subject(earlier.subject, earlier.body),
            output=reply.body,
            label=earlier.label or reply.label,
            turns=turns,
            meta=meta,
        )

    def _turns(self, chain: list[Mail], replier: str) -> list[dict[str, str]]:
        """The chain's messages with a body as turns, earliest dropped past `max_turn_chars`:
        the replier's (or, with org_domains, the organisation's) are the assistant's."""
        minimum = self.options.min_body_chars
        kept = [mail for mail in chain if len(mail.body) >= minimum]
        kept = kept[bound_start([len(mail.body) for mail in kept], self.options.max_turn_chars):]
        domains = self._domains
        if domains:
            return [{"role": "assistant" if _in_domains(mail.sender, domains) else "user",
                     "content": mail.body} for mail in kept]
        return [{"role": "assistant" if mail.sender == replier else "user", "content": mail.body}
                for mail in kept]

    def _unused(self, mail: Mail, filtered: bool) -> Record:
        if len(mail.body) < self.options.min_body_chars:
            reason, detail = "ingest.empty_body", f"{len(mail.body)} characters after cleaning"
        elif filtered:
            reason, detail = "ingest.not_customer_agent", "only pairs outside org_domains -> inside"
        else:
            reason, detail = "ingest.no_reply_pair", "neither a reply nor replied to in this set"
        return self.rejected_item(mail.path, mail.locator, reason, detail)


def _people_headers(header: Callable[[str], str], names: Iterable[str] = PEOPLE_HEADERS
                    ) -> tuple[tuple[str, str], ...]:
    """(role, value) of the address headers of one message, unfolded, at most MAX_PEOPLE_CHARS
    (`names`: those of PEOPLE_HEADERS it has, in that order, when known)."""
    return _people(tuple((name, header(name)) for name in names))


@lru_cache(maxsize=CACHED_VALUES)
def _people(values: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    found = []
    for name, raw in values:
        role = PEOPLE_HEADERS[name]
        value = " ".join(raw.replace("\x00", "").split())
        if len(value) > MAX_PEOPLE_CHARS:
            value = value[:MAX_PEOPLE_CHARS].rpartition(",")[0]
        if value:
            found.append((role, value))
    return tuple(found)


def _people_meta(mails: list[Mail]) -> dict[str, list[str]]:
    """Role -> distinct header values over the messages of a pair, in order of appearance."""
    people: dict[str, list[str]] = {}
    for found in dict.fromkeys(mail.people for mail in mails):  # a thread repeats its people
        for role, value in found:
            if value not in people.setdefault(role, []):
                people[role].append(value)
    return people


def _msg_body(item: Any) -> str:
    """Plain body of an Outlook item, else its HTML body as text; '' when neither decodes."""
    try:
        if item.body:
            return str(item.body).replace("\x00", "")
    except (UnicodeError, LookupError, ValueError):
        pass
    try:
        html = item.htmlBody
    except (UnicodeError, LookupError, ValueError):
        return ""
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    return html_to_text(html or "")


def thread_parents(mails: dict[int, Mail]) -> dict[int, int]:
    """Message index -> index of the message it directly replies to, where one is found."""
    by_id: dict[str, int] = {}
    by_subject: dict[str, list[int]] = defaultdict(list)
    for i, mail in sorted(mails.items()):
        if mail.message_id:
            by_id.setdefault(mail.message_id, i)
        by_subject[normalize_subject(mail.subject)].append(i)
    parents: dict[int, int] = {}
    for i, mail in sorted(mails.items()):
        found = next((by_id[m] for m in mail.parent_ids if by_id.get(m, i) != i), None)
        if found is None and _REPLY.match(mail.subject) and normalize_subject(mail.subject):
            found = _subject_parent(mails, i, _nearby(by_subject[normalize_subject(mail.subject)], i))
        if found is not None:
            parents[i] = found
    return parents


def _nearby(candidates: list[int], child: int) -> list[int]:
    """The SUBJECT_WINDOW candidates on each side of `child` (sorted indexes): threading by
    subject stays linear when thousands of messages share one subject."""
    position = bisect.bisect_left(candidates, child)
    return candidates[max(0, position - SUBJECT_WINDOW):position + SUBJECT_WINDOW]


def _subject_parent(mails: dict[int, Mail], child: int, candidates: list[int]) -> int | None:
    """The latest earlier message of the same subject from another person the replier talks to
    (dates compared where both have one; the first dateless candidate found ends the search)."""
    reply = mails[child]
    if reply.date is None:  # then only the messages before it in the file are earlier
        candidates = candidates[:bisect.bisect_left(candidates, child)]
    best: int | None = None
    for i in candidates:
        mail = mails[i]
        if i == child or not mail.sender or mail.sender == reply.sender:
            continue
        if mail.sender not in reply.recipients and reply.sender not in mail.recipients:
            continue
        earlier = (mail.date < reply.date) if mail.date and reply.date else i < child
        if earlier and (best is None or _later(mail, mails[best])):
            best = i
            if mail.date is None:
                break  # no message is later than one without a date: the choice is final
    return best


def _later(a: Mail, b: Mail) -> bool:
    return bool(a.date and b.date and a.date > b.date)


def _chain(parents: dict[int, int], child: int, limit: int) -> list[int]:
    """The last `limit` messages of the thread down to `child`, oldest first (a cycle
    stops the walk)."""
    chain = [child]
    seen = {child}
    node = parents.get(child)
    while len(chain) < limit and node is not None and node not in seen:
        chain.append(node)
        seen.add(node)
        node = parents.get(node)
    return chain[::-1]


def thread_roots(parents: dict[int, int]) -> dict[int, int]:
    """Reply index -> the first message of its thread, in time linear in the messages.

    The first message is where walking up the parents ends: a message without a parent, or,
    in a cycle of replies, the last new message before the walk would come back.
    """
    roots: dict[int, int] = {}
    for start in parents:
        path: list[int] = []
        on_path: dict[int, int] = {}
        node = start
        while node in parents and node not in roots and node not in on_path:
            on_path[node] = len(path)
            path.append(node)
            node = parents[node]
        if node in on_path:  # a cycle: each member's walk ends at its child in the cycle
            cycle = path[on_path[node]:]
            for position, member in enumerate(cycle):
                roots[member] = cycle[position - 1] if position else cycle[-1]
            path = path[:on_path[node]]
            node = cycle[0]
        root = roots.get(node, node)
        for member in reversed(path):
            roots[member] = root
    return roots


def bound_start(lengths: list[int], max_chars: int) -> int:
    """How many of the earliest turns (of these text lengths) to drop for the rest to fit
    `max_chars`; the last two (the pair itself) always stay."""
    total = sum(lengths)
    start = 0
    while total > max_chars and len(lengths) - start > 2:
        total -= lengths[start]
        start += 1
    return start


def _with_subject(subject: str, body: str) -> str:
    return f"Subject: {subject}\n\n{body}" if subject else body


def _where(mail: Mail) -> str:
    return f"{mail.path.as_posix()}#{mail.locator}"


@lru_cache(maxsize=CACHED_VALUES)
def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:16]
