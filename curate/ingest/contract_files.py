"""Contract files to text lines, with guards against hostile files.

Each reader returns `(line, styled_as_heading)` pairs or a `BadFile` with a
reason code; it never raises on a broken, encrypted or oversized file.
pypdf and python-docx are imported only when a file of their kind is read.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import NamedTuple, Protocol

FORMATS = {".txt": "txt", ".pdf": "pdf", ".docx": "docx"}

Lines = list[tuple[str, bool]]


class Limits(Protocol):
    """The guards a reader needs (the contracts ingestor's options)."""

    max_docx_bytes: int
    max_docx_elements: int
    max_pdf_pages: int
    max_text_bytes: int


class BadFile(NamedTuple):
    """Why a whole file cannot be read: reason code and detail."""

    reason: str
    detail: str


def read_lines(path: Path, limits: Limits) -> Lines | BadFile:
    """The file's text as lines, or why it cannot be read."""
    kind = FORMATS.get(path.suffix.lower(), "txt")
    if kind == "pdf":
        return pdf_lines(path, limits.max_pdf_pages)
    if kind == "docx":
        return docx_lines(path, limits.max_docx_bytes, limits.max_docx_elements)
    return text_lines(path, limits.max_text_bytes)


def _split(text: str) -> Lines:
    return [(line, False) for line in text.splitlines()]


def text_lines(path: Path, max_bytes: int) -> Lines | BadFile:
    """Lines of a UTF-8 text file of at most `max_bytes` (checked before reading)."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return BadFile("ingest.too_large", f"{size} bytes > max_text_bytes {max_bytes}")
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return BadFile("ingest.bad_encoding", f"not valid UTF-8 at byte {exc.start}")
    except OSError as exc:
        return BadFile("ingest.unreadable", f"read failed ({type(exc).__name__})")
    if "\x00" in text:
        return BadFile("ingest.nul_byte", "text holds NUL characters (a binary file?)")
    return _split(text)


def pdf_lines(path: Path, max_pages: int) -> Lines | BadFile:
    """Text of every page; encrypted PDFs are read only when the empty password opens them."""
    from pypdf import PdfReader
    from pypdf.errors import DependencyError

    try:
        reader = PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            return BadFile("ingest.encrypted_pdf", "PDF is encrypted with a password")
        pages = len(reader.pages)
        if pages > max_pages:
            detail = f"{pages} pages > max_pdf_pages {max_pages}"
            return BadFile("ingest.pdf_too_many_pages", detail)
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
    except DependencyError:
        return BadFile("ingest.encrypted_pdf", "PDF encryption needs an unavailable cipher")
    except Exception as exc:  # a damaged PDF makes pypdf raise almost any kind
        return BadFile("ingest.broken_pdf", f"unreadable PDF ({type(exc).__name__})")
    return _split(text)


def docx_lines(path: Path, max_bytes: int, max_elements: int) -> Lines | BadFile:
    """Paragraphs of a DOCX, streamed; at most `max_bytes` are inflated, whatever the zip
    declares (see curate/ingest/docx_text.py)."""
    from curate.ingest.docx_text import TooLarge, paragraphs

    if not zipfile.is_zipfile(path):
        return BadFile("ingest.not_a_docx", "file is not a zip archive")
    too_large = BadFile("ingest.docx_too_large", f"more than max_docx_bytes {max_bytes} "
                        f"bytes decompressed or max_docx_elements {max_elements} XML elements")
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > max_bytes:
                return too_large
            if "word/document.xml" not in {info.filename for info in infos}:
                return BadFile("ingest.not_a_docx", "zip has no word/document.xml")
            return list(paragraphs(archive, max_bytes, max_elements))
    except TooLarge:
        return too_large
    except Exception as exc:  # zipfile, zlib and lxml raise many kinds on a damaged package
        return BadFile("ingest.broken_docx", f"unreadable DOCX ({type(exc).__name__})")
