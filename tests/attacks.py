"""Hostile inputs built at run time, sized by the caller: shared by tests/test_hostile_input.py
(small sizes) and benchmarks/bench_reliability.py (up to 50 MB).

Each builder writes its files under `folder` and returns `(kind, path, options)` for one
source of that ingestor kind.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path
from typing import Any

Attack = tuple[str, Path, dict[str, Any]]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _mail(folder: Path, name: str, headers: str, body: str = "Hello, my order is late.") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"From: ann@customer.com\nTo: help@shop.com\nMessage-ID: <1@c>\n{headers}\n\n"
                    f"{body}\n", encoding="utf-8")
    return path


def encoded_word_subject(folder: Path, size: int) -> Attack:
    """One e-mail whose Subject is `size` bytes of RFC 2047 encoded words."""
    words = " ".join(["=?utf-8?q?caf=C3=A9?="] * (size // 21))
    return "emails", _mail(folder / "mail", "ew.eml", f"Subject: {words}"), {}


def many_addresses(folder: Path, size: int) -> Attack:
    """One e-mail whose Cc holds `size` bytes of quoted display names and addresses."""
    people = ", ".join(['"A (x)" <a@b.com>'] * (size // 19))
    return "emails", _mail(folder / "mail", "cc.eml", f"Subject: hi\nCc: {people}"), {}


def long_thread(folder: Path, messages: int) -> Attack:
    """One mbox thread of `messages` replies, each quoting nothing, ~1.4 KB each."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = []
    for i in range(messages):
        sender, to = (("ann@customer.com", "help@shop.com") if i % 2 == 0
                      else ("help@shop.com", "ann@customer.com"))
        parent = f"In-Reply-To: <{i - 1}@t>\n" if i else ""
        body = f"Message {i} of the thread. " + "More words about the order. " * 45
        parts.append(f"From {sender} Mon Jan  1 00:00:00 2024\nFrom: {sender}\nTo: {to}\n"
                     f"Subject: Re: order\nMessage-ID: <{i}@t>\n{parent}\n{body}\n\n")
    path = folder / "thread.mbox"
    path.write_text("".join(parts), encoding="utf-8")
    return "emails", path, {"org_domains": ["shop.com"]}


def same_subject_flood(folder: Path, messages: int) -> Attack:
    """An mbox of `messages` short "Re: order" replies without ids, between two people:
    threading by subject must not compare every pair."""
    folder.mkdir(parents=True, exist_ok=True)
    people = ("ann@customer.com", "help@shop.com")
    path = folder / "flood.mbox"
    with path.open("w", encoding="utf-8") as out:
        for i in range(messages):
            sender, to = people[i % 2], people[1 - i % 2]
            out.write(f"From {sender} Mon Jan  1 00:00:00 2024\nFrom: {sender}\nTo: {to}\n"
                      f"Subject: Re: order\n\nMessage {i}.\n\n")
    return "emails", path, {}


def tiny_message_flood(folder: Path, size: int) -> Attack:
    """An mbox of `size` bytes of ~100-byte messages (about 500,000 in 50 MB), each a
    "Re: hi" reply without ids to the one before, between two people: every message is
    parsed, threaded by subject and paired."""
    folder.mkdir(parents=True, exist_ok=True)
    people = ("a@x.org", "b@y.org")
    path = folder / "tiny.mbox"
    written = 0
    with path.open("w", encoding="ascii") as out:
        for i in range(size):
            sender, to = people[i % 2], people[1 - i % 2]
            message = (f"From {sender} Mon Jan  1 00:00:00 2024\nFrom: {sender}\nTo: {to}\n"
                       f"Subject: Re: hi\n\nNote {i}.\n\n")
            if written + len(message) > size:
                break
            out.write(message)
            written += len(message)
    return "emails", path, {}


def mbox_without_from_line(folder: Path, size: int) -> Attack:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "saved.mbox"
    path.write_bytes(b"Subject: saved message\n\n" + b"\x8f random bytes " * (size // 16))
    return "emails", path, {}


def docx_bytes(document: bytes, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal DOCX package around `document` (word/document.xml)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def document(body: bytes) -> bytes:
    return DOC_HEAD + body + DOC_TAIL


DOC_HEAD = f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>'.encode()
DOC_TAIL = b"</w:body></w:document>"


def _streamed_docx(path: Path, unit: bytes, inflated: int) -> None:
    """Write a DOCX whose document is `unit` repeated to `inflated` bytes, never all in memory."""
    chunk = unit * max(1, (1 << 20) // len(unit))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as out:
            out.write(DOC_HEAD)
            for _ in range(max(1, inflated // len(chunk))):
                out.write(chunk)
            out.write(DOC_TAIL)


def lying_docx(folder: Path, inflated: int) -> Attack:
    """A DOCX whose zip declares 1,000 bytes for a document inflating to `inflated` bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "lying.docx"
    _streamed_docx(path, b"<w:p><w:r><w:t>1. Term. Lasts for five years.</w:t></w:r></w:p>",
                   inflated)
    data = bytearray(path.read_bytes())
    for signature, offset, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            if data[start + name_at:start + name_at + 17] == b"word/document.xml":
                data[start + offset:start + offset + 4] = struct.pack("<I", 1000)
            start += 4
    path.write_bytes(bytes(data))
    return "contracts", path, {}


def tiny_paragraphs_docx(folder: Path, inflated: int) -> Attack:
    """A DOCX of `inflated` bytes of empty paragraphs (millions of elements, a tiny file)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "tiny.docx"
    _streamed_docx(path, b"<w:p/>", inflated)
    return "contracts", path, {}


def many_lines_contract(folder: Path, size: int) -> Attack:
    """A text contract of one heading and `size` bytes of short lines (one huge clause)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "lines.txt"
    path.write_text("1. Term. This agreement lasts.\n" + "and so on and on\n" * (size // 17),
                    encoding="utf-8")
    return "contracts", path, {}


ALIAS_BOMB = """\
a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
tasks: {t: {instruction: "Do it."}}
sources: [{kind: pairs, path: ., task: t, options: {meta: *h}}]
"""
