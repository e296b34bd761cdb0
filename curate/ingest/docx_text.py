"""DOCX paragraphs streamed out of the zip, in bounded memory and linear time.

The zip's declared sizes can lie, so every byte inflated is counted as it comes (`Capped`)
and reading stops past `max_bytes`. `word/document.xml` is parsed incrementally (lxml
iterparse, entities never resolved, no network) and each finished element is dropped, so
memory does not grow with the number of paragraphs.

It reads what python-docx's `Document.iter_inner_content()` gives: paragraphs that are
children of the body, then of each body table's cells (a vertically merged cell once), the
text of their runs and hyperlinks (`w:t`, tabs, breaks), and whether their paragraph style
(by name, as python-docx names built-in styles) is a heading or a title.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import IO

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_TEXT = {f"{W}t": None, f"{W}tab": "\t", f"{W}ptab": "\t", f"{W}cr": "\n",
         f"{W}noBreakHyphen": "-"}
_BODY_PARAGRAPH = (f"{W}document", f"{W}body", f"{W}p")
_CELL_PARAGRAPH = (f"{W}document", f"{W}body", f"{W}tbl", f"{W}tr", f"{W}tc", f"{W}p")
_HEADING_PREFIXES = ("Heading", "Title")
_UI_NAMES = {f"heading {n}": f"Heading {n}" for n in range(1, 10)}  # as python-docx shows them


class TooLarge(Exception):
    """More bytes inflated, or more XML elements, than allowed."""


class Capped(io.RawIOBase):
    """A zip member's stream that counts inflated bytes into a budget shared by members."""

    def __init__(self, stream: IO[bytes], budget: list[int]) -> None:
        self.stream, self.budget = stream, budget

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.stream.read(min(len(buffer), 1 << 16))
        self.budget[0] -= len(data)
        if self.budget[0] < 0:
            raise TooLarge
        buffer[: len(data)] = data
        return len(data)


def _events(stream: IO[bytes]) -> Iterator[tuple[str, object]]:
    from lxml import etree

    return etree.iterparse(stream, events=("start", "end"), resolve_entities=False,
                           no_network=True, load_dtd=False, huge_tree=False)


class Styles:
    """Paragraph style ids, those named like a heading, and whether the default one is."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.headings: set[str] = set()
        self.default_heading = False

    def styled(self, style_id: str | None) -> bool:
        """python-docx's rule: an unknown or missing id means the default paragraph style."""
        return style_id in self.headings if style_id in self.ids else self.default_heading

    def add(self, kind: str | None, style_id: str | None, default: str | None,
            name: str | None) -> None:
        if kind != "paragraph":
            return
        name = _UI_NAMES.get(name or "", name or "")
        heading = name.startswith(_HEADING_PREFIXES)
        if style_id:
            self.ids.add(style_id)
            if heading:
                self.headings.add(style_id)
        if default in ("1", "true", "on"):
            self.default_heading = heading


def read_styles(archive: zipfile.ZipFile, budget: list[int]) -> Styles:
    styles = Styles()
    if "word/styles.xml" not in archive.namelist():
        return styles
    with archive.open("word/styles.xml") as raw:
        found: list[str | None] = [None] * 4
        for event, element in _events(Capped(raw, budget)):  # type: ignore[misc]
            tag = element.tag  # type: ignore[attr-defined]
            if event == "start" and tag == f"{W}style":
                found = [element.get(f"{W}{key}") for key in ("type", "styleId", "default")]  # type: ignore[attr-defined]
                found.append(None)
            elif event == "end" and tag == f"{W}name":
                found[3] = element.get(f"{W}val")  # type: ignore[attr-defined]
            elif event == "end" and tag == f"{W}style":
                styles.add(*found)
            if event == "end":
                _forget(element)
    return styles


def _forget(element: object) -> None:
    """Drop a finished element's content and its finished earlier siblings."""
    element.clear()  # type: ignore[attr-defined]
    while element.getprevious() is not None:  # type: ignore[attr-defined]
        del element.getparent()[0]  # type: ignore[attr-defined]


def paragraphs(archive: zipfile.ZipFile, max_bytes: int, max_elements: int
               ) -> Iterator[tuple[str, bool]]:
    """(text, styled as heading) of each paragraph; raises TooLarge past `max_bytes`
    inflated or `max_elements` XML elements in the document (each costs Python time)."""
    budget = [max_bytes]
    styles = read_styles(archive, budget)
    path: list[str] = []
    parts: list[str] = []
    style: str | None = None
    skip_cell = False
    with archive.open("word/document.xml") as raw:
        for event, element in _events(Capped(raw, budget)):  # type: ignore[misc]
            tag = element.tag  # type: ignore[attr-defined]
            if event == "start":
                max_elements -= 1
                if max_elements < 0:
                    raise TooLarge
                path.append(tag)
                if tag == f"{W}tc" and len(path) == 5:
                    skip_cell = False
                continue
            where = tuple(path)
            if tag == f"{W}p" and where in (_BODY_PARAGRAPH, _CELL_PARAGRAPH):
                if not (skip_cell and len(path) == 6):
                    yield "".join(parts), styles.styled(style)
                parts, style = [], None
            elif tag == f"{W}vMerge" and len(path) == 7 and path[4] == f"{W}tc":
                skip_cell = element.get(f"{W}val", "continue") == "continue"  # type: ignore[attr-defined]
            elif (tag == f"{W}pStyle" and path[-2] == f"{W}pPr"
                  and where[:-2] in (_BODY_PARAGRAPH, _CELL_PARAGRAPH)):
                style = element.get(f"{W}val")  # type: ignore[attr-defined]
            elif _in_run(path):
                parts.append(_run_text(tag, element))
            path.pop()
            _forget(element)


def _in_run(path: list[str]) -> bool:
    """True for an element directly in a run that is a child of a counted paragraph
    (or of a hyperlink in one)."""
    for paragraph in (_BODY_PARAGRAPH, _CELL_PARAGRAPH):
        depth = len(paragraph)
        if tuple(path[:depth]) != paragraph:
            continue
        rest = path[depth:]
        return rest[:-1] in ([f"{W}r"], [f"{W}hyperlink", f"{W}r"])
    return False


def _run_text(tag: str, element: object) -> str:
    if tag == f"{W}br":
        kind = element.get(f"{W}type", "textWrapping")  # type: ignore[attr-defined]
        return "\n" if kind == "textWrapping" else ""
    if tag not in _TEXT:
        return ""
    return _TEXT[tag] if _TEXT[tag] is not None else (element.text or "")  # type: ignore[attr-defined]
