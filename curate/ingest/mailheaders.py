"""Mail headers read in linear time, with bounds checked before any parser sees them.

Python's `policy.default` header parser is quadratic (and worse) in the number of tokens of
one header: RFC 2047 encoded words, addresses, quoted strings, comments. A 280 KB header
took 2.8 GB. So `header_problem` checks the raw header block first (its size, the number
of encoded words, the size of each `Content-*` header, which the body lookup still parses
with `policy.default`), and curate reads the headers it needs from the raw values
(`raw_headers`, `header_text`), decoding encoded words itself (`decode_words`), one pass each.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable
from typing import Any

MAX_HEADER_BYTES = 256 * 1024
MAX_ENCODED_WORDS = 512
MAX_CONTENT_HEADER_BYTES = 1024

_BLOCK_END = re.compile(rb"\r?\n\r?\n")
_CONTENT_HEADER = re.compile(rb"^content-[\w-]*[ \t]*:(.*(?:\r?\n[ \t].*)*)",
                             re.IGNORECASE | re.MULTILINE)
_WORD = re.compile(r"=\?([^?\s]+)\?([qQbB])\?([^?\s]*)\?=")
_FOLD = re.compile(r"\r?\n(?=[ \t])")


def header_problem(data: bytes) -> str | None:
    """Why a message's header block is refused (a detail without content), or None."""
    end = _BLOCK_END.search(data, 0, MAX_HEADER_BYTES + 4)
    block = data[: end.start()] if end else data
    if len(block) > MAX_HEADER_BYTES:
        return f"header block over {MAX_HEADER_BYTES} bytes"
    words = block.count(b"=?")
    if words > MAX_ENCODED_WORDS:
        return f"{words} encoded words in the headers > {MAX_ENCODED_WORDS}"
    for match in _CONTENT_HEADER.finditer(block):
        if len(match.group(1)) > MAX_CONTENT_HEADER_BYTES:
            return f"a Content-* header over {MAX_CONTENT_HEADER_BYTES} bytes"
    return None


def raw_headers(items: Iterable[tuple[str, Any]]) -> dict[str, list[str]]:
    """Lower-cased header name -> its raw (folded) values in order, from (name, value) pairs
    such as `Message.raw_items()`; values that are not text are left out."""
    headers: dict[str, list[str]] = {}
    for name, value in items:
        if isinstance(value, str):
            headers.setdefault(name.lower(), []).append(value)
    return headers


def header_text(headers: dict[str, list[str]], name: str, decode: bool = True) -> str:
    """Every value of header `name`, unfolded (encoded words decoded unless `decode` is
    False, as address parsing wants), joined by spaces; '' if none."""
    raw = headers.get(name.lower())
    if not raw:
        return ""
    if len(raw) == 1:  # the common case, without a list and a join
        value = _text(raw[0])
        return decode_words(value) if decode else value
    values = [_text(value) for value in raw]
    return " ".join(decode_words(v) for v in values) if decode else " ".join(values)


def _text(value: str) -> str:
    """A raw header value unfolded; undecodable 8-bit bytes read as UTF-8 with replacement."""
    if "\n" in value:
        value = _FOLD.sub("", value)
    if value.isascii():
        return value
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # the parser carried raw bytes as surrogate escapes
        value = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return value


def decode_words(value: str) -> str:
    """RFC 2047 encoded words decoded, as `policy.default` does: whitespace between two
    adjacent words dropped, and adjacent words of one charset decoded as one byte string
    (a character may be split across them)."""
    if "=?" not in value:
        return value
    parts: list[str] = []
    pending: list[bytes] = []
    charset = ""
    last = 0
    for match in _WORD.finditer(value):
        between = value[last:match.start()]
        word_charset = match.group(1).split("*", 1)[0]
        adjacent = bool(pending) and (not between or between.isspace())
        if pending and not (adjacent and word_charset.lower() == charset.lower()):
            parts.append(_decode(b"".join(pending), charset))
            pending = []
        if not adjacent:
            parts.append(between)
        data = _word_bytes(match.group(2), match.group(3))
        if data is None:
            parts.append(match.group(0))
        else:
            pending.append(data)
            charset = word_charset
        last = match.end()
    if pending:
        parts.append(_decode(b"".join(pending), charset))
    parts.append(value[last:])
    return "".join(parts)


def _word_bytes(encoding: str, text: str) -> bytes | None:
    try:
        if encoding in "qQ":
            return binascii.a2b_qp(text.replace("_", " ").encode("ascii", "replace"), header=True)
        return base64.b64decode(text + "=" * (-len(text) % 4), validate=False)
    except (binascii.Error, ValueError):
        return None


def _decode(data: bytes, charset: str) -> str:
    try:
        return data.decode(charset, "replace")
    except LookupError:
        return data.decode("utf-8", "replace")
