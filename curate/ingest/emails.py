"""E-mail threads become (message -> direct reply) instruction pairs.

Inputs: one RFC-822 file (`.eml`, Enron `NNNN.txt`, no extension), an mbox (suffix `.mbox`
or a first line starting `From `), an Outlook `.msg` (extract-msg, imported lazily), or a
folder of any of these (maildirs included) walked recursively in sorted path order.

Threading (see `mailthreads`) needs every message of one configured path, so `read` keeps, per
message, only its threading headers, sender/recipient addresses, date, label and *cleaned* body
(never the raw message or attachments), threads their compact keys, then yields in file / mbox
order.

A big mbox can also be read in spans (the Dask engine's byte ranges): each span parsed apart
into its messages and their keys (`parse_span`), the keys of every span threaded in one place
(`link_spans`), then each span's records built from its links (`read_linked`), the few
messages of other spans that its pairs need read again by their byte ranges. The records are
the whole read's: the same keys go through the same threading code.

One item is one message: items_used counts messages that are the input or output of a pair;
every other message becomes a rejected item with a reason code.

`encoded` (what `curate ingest --workers N` writes) gives the same output as JSON lines, with
the mbox parsed and the pairs built in N forked processes; only threading stays in this one.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
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
from curate.ingest.mailthreads import (
    ByteRanges,
    Key,
    Links,
    PackedKeys,
    digest64,
    link,
    pack_keys,
    unpack_keys,
)
from curate.ingest.mbox import MboxSpan, mbox_spans, span_messages
from curate.record import Record, Source, new_record

# Files a folder walk never treats as mail: label sidecars, docs, data and binaries.
SIDECAR_SUFFIXES = frozenset({
    ".cats", ".csv", ".tsv", ".json", ".jsonl", ".md", ".yaml", ".yml", ".pdf", ".doc",
    ".docx", ".xls", ".xlsx", ".zip", ".gz", ".png", ".jpg", ".jpeg", ".gif",
})
MAX_FILE_BYTES = 32 * 1024 * 1024
"""The most bytes of a mail file, or of one message of an mbox, that are read."""
# Pure functions of one header value, cached: repeated values (a flood, one correspondent's
# mails) are parsed once and share one result object in memory.
CACHED_VALUES = 4096
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ADDRESS_HEADERS = ("from", "to", "cc")
_MAIL_HEADERS = frozenset({"from", "to", "subject", "date", "message-id"})
_PREFIX = r"(?:re|aw|sv|vs|antw|odp|rif|ynt|res|fw|fwd|wg|tr|rv|enc)"
_PREFIXES = re.compile(rf"^(?:\s*{_PREFIX}\s*(?:\[\d+\]|\(\d+\))?\s*:)+", re.IGNORECASE)
_REPLY = re.compile(r"^\s*(?:re|aw|sv|vs|antw|odp|rif|ynt|res)\s*(?:\[\d+\]|\(\d+\))?\s*:",
                    re.IGNORECASE)
_MSG_ID = re.compile(r"<[^<>\s]+>")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
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
    """A run of the messages of one configured path (`items`, in file order, the first of
    them the path's message number `first`), their `Links`, and the messages outside the run
    that its pairs need (`far`, by index)."""

    items: list[Mail | Unusable]
    first: int
    links: Links
    far: dict[int, Mail | Unusable]

    def mail(self, index: int) -> Mail:
        """The message of this index in the path (a usable one: threading links only those)."""
        local = index - self.first
        item = self.items[local] if 0 <= local < len(self.items) else self.far[index]
        assert isinstance(item, Mail), "threading links usable messages only"
        return item


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
def _address_keys(addresses: frozenset[str]) -> frozenset[int]:
    return frozenset(map(digest64, addresses))


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
        self._check_sidecar()
        items = list(self._items(path, workers))
        keys = {i: self.key(item) for i, item in enumerate(items) if isinstance(item, Mail)}
        return self._counted(Threads(items, 0, self._link(keys, [(0, len(items))], {})[0], {}))

    def _check_sidecar(self) -> None:
        if self.options.label_source == "sidecar":
            _ = self._sidecar  # read first: a bad sidecar stops the run before any message

    def _link(self, keys: dict[int, Key], runs: list[tuple[int, int]],
              bounds: Mapping[int, tuple[int, int]]) -> list[Links]:
        options = self.options
        return link(keys, runs, bounds, max_turns=options.max_turns,
                    min_chars=options.min_body_chars, org=bool(self._domains))

    def _counted(self, threads: Threads) -> Threads:
        """`threads`, its messages counted as read and those in a pair as used."""
        self.items_read += len(threads.items)
        self.items_used += len(threads.links.used)
        return threads

    def _output(self, threads: Threads, i: int) -> Record | None:
        """The record of the run's message `i`: its pair, or its rejection; None for a
        message that is only the earlier side of pairs."""
        item, index = threads.items[i], threads.first + i
        if isinstance(item, Unusable):
            return self.rejected_item(item.path, item.locator, item.reason, item.detail)
        links = threads.links
        if index in links.turns:
            return self._pair(threads, links.turns[index])
        if index not in links.used:
            return self._unused(item, index in links.filtered)
        return None

    # -- an mbox in spans: parsed apart, keys linked in one place, records built apart -------

    linked_spans = True

    def spans(self, path: Path, size: int) -> list[MboxSpan] | None:
        """A single mbox of more than `size` bytes cut into spans of about `size` bytes before
        `From ` lines; None for anything else, or when no cut was found."""
        if path.is_dir() or file_problem(path) is not None:
            return None
        try:
            if path.stat().st_size <= size or self._kind(path) != "mbox":
                return None
            spans = mbox_spans(path, size)
        except OSError:
            return None  # read whole: that read reports the failure as an item
        return spans if len(spans) > 1 else None

    def parse_span(self, path: Path, span: MboxSpan) -> tuple[list[Mail | Unusable], PackedKeys]:
        """The messages of `span` parsed, and their threading keys packed."""
        self._check_sidecar()
        items, bounds = self._span_items(path, span)
        keys = [self.key(item) if isinstance(item, Mail) else None for item in items]
        return items, pack_keys(keys, bounds)

    def link_spans(self, path: Path, spans: list[MboxSpan], keys: list[PackedKeys]
                   ) -> list[Links]:
        """Every span's `Links`, threading the keys of all of them."""
        found: dict[int, Key] = {}
        runs = []
        for span, packed in zip(spans, keys, strict=True):
            found.update(unpack_keys(packed, span.before))
            runs.append((span.before, span.before + len(packed.rows)))
        return self._link(found, runs, ByteRanges(keys))

    def read_linked(self, path: Path, span: MboxSpan, items: list[Mail | Unusable] | None,
                    links: Links) -> Iterator[Record]:
        """What `read(path)` yields for the messages of `span`, from its parsed `items` (None:
        parsed again here) and `links`; the messages of other spans that its pairs need are
        read by their offsets."""
        if items is None:
            self._check_sidecar()
            items = self._span_items(path, span)[0]
        far = {index: self._message(path, index + 1, _read_bytes(path, start, length))
               for index, (start, length) in links.far.items()}
        threads = self._counted(Threads(items, span.before, links, far))
        for i in range(len(items)):
            record = self._output(threads, i)
            if record is not None:
                yield record

    def key(self, mail: Mail) -> Key:
        """What threading reads of `mail` (see `Key`)."""
        domains = self._domains
        return Key(
            message_id=digest64(mail.message_id),
            parent_ids=tuple(map(digest64, mail.parent_ids)),
            subject=digest64(normalize_subject(mail.subject)),
            reply=_REPLY.match(mail.subject) is not None,
            sender=digest64(mail.sender),
            recipients=_address_keys(mail.recipients),
            date=None if mail.date is None else (mail.date - _EPOCH) // _MICROSECOND,
            chars=len(mail.body),
            org=bool(domains) and _in_domains(mail.sender, domains),
        )

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
                size, kind = file.stat().st_size, self._kind(file)
                if kind == "mbox":
                    spans = mbox_spans(file, min(MBOX_PART, -(-size // workers)))
                elif size > MAX_FILE_BYTES:
                    yield Unusable(file, "", "ingest.too_large", f"{size} bytes > {MAX_FILE_BYTES}")
                    continue
                data = file.read_bytes() if kind == "eml" else b""
            except OSError as exc:
                yield Unusable(file, "", "ingest.unreadable", type(exc).__name__)
                continue
            if kind == "msg":
                yield self._read_msg(file)
            elif kind == "mbox":
                yield from self._read_mbox(file, spans, workers)
            else:
                yield self._parse(file, "", data)

    @staticmethod
    def _kind(file: Path) -> Literal["msg", "mbox", "eml"]:
        """How a mail file is read: an Outlook item, an mbox, or one RFC-822 message."""
        with file.open("rb") as handle:
            head = handle.read(8)
        suffix = file.suffix.lower()
        return ("msg" if suffix == ".msg" or head == _OLE_MAGIC else
                "mbox" if suffix == ".mbox" or head.startswith(b"From ") else "eml")

    def _read_mbox(self, file: Path, spans: list[MboxSpan], workers: int
                   ) -> Iterator[Mail | Unusable]:
        """The messages of an mbox, read and parsed in `workers` processes, a span (see
        `mbox_spans`) per job."""
        found = False
        for part, _ in fork_map(partial(self._span_items, file), spans, workers):
            found = found or bool(part)
            yield from part
        if not found:
            yield Unusable(file, "", "ingest.not_mbox", "no 'From ' line starts a message")

    def _span_items(self, file: Path, span: MboxSpan
                    ) -> tuple[list[Mail | Unusable], list[tuple[int, int]]]:
        """The messages of a span of an mbox, numbered on from `span.before` + 1, each read
        and parsed alone (one over MAX_FILE_BYTES is not read: `ingest.too_large`), and their
        (start, stop) in the file."""
        items: list[Mail | Unusable] = []
        bounds = []
        for number, (start, stop, data) in enumerate(
                span_messages(file, span, MAX_FILE_BYTES), start=span.before + 1):
            bounds.append((start, stop))
            if data is None:
                items.append(Unusable(file, f"message {number}", "ingest.too_large",
                                      f"{stop - start} bytes > {MAX_FILE_BYTES}"))
            else:
                items.append(self._message(file, number, data))
        return items, bounds

    def _message(self, file: Path, number: int, message: bytes) -> Mail | Unusable:
        """Message `number` (from 1) of an mbox."""
        return self._parse(file, f"message {number}", message)

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

    def _pair(self, threads: Threads, members: tuple[int, ...]) -> Record:
        """The pair of a reply, from its thread's root and chain (`Links.turns`)."""
        root, *chain = map(threads.mail, members)
        earlier, reply = chain[-2], chain[-1]
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


def _read_bytes(path: Path, start: int, length: int) -> bytes:
    with path.open("rb") as handle:
        handle.seek(start)
        return handle.read(length)
