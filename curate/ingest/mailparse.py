"""One RFC-822 message as its raw headers and readable body.

Most mail is plain: LF or CRLF line ends, well-formed header lines, a text/plain body in
one charset. `plain_message` reads such a message in one bounded pass (the e-mail
package's per-message cost made a 50 MB mbox of tiny messages take minutes) and declines
anything else: a lone CR, mixed line ends or a malformed line in the header block, a
Content-Type other than a bare `text/plain[; charset=X]`, a transfer encoding other than
7bit/8bit/binary/quoted-printable, a Content-Disposition, a repeated content header.
`package_message` parses the rest with `policy.default`. For every message the fast path
takes, both give the same headers and body: by construction (it follows `email.feedparser`,
`EmailPolicy.header_source_parse` and `EmailMessage.get_content`) and by test, on the real
corpora and on generated edge cases.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass
from email import policy
from email.message import Message
from email.parser import BytesParser

from curate.ingest.mailheaders import raw_headers
from curate.ingest.mailtext import body_text

# a header line as email.feedparser's headerRE accepts it, less its unusual forms, with the
# continuation lines (starting with a space or tab) that follow it
_ONE_HEADER = r"[\x21-\x39\x3b-\x7e]+:.*(?:\n[ \t].*)*"
_HEADER_BLOCK = re.compile(rf"{_ONE_HEADER}(?:\n{_ONE_HEADER})*")
_HEADER = re.compile(r"^([\x21-\x39\x3b-\x7e]+):[ \t]*(.*(?:\n[ \t].*)*)", re.MULTILINE)
_PLAIN_TYPE = re.compile(r'text/plain(?:;[ \t]*charset=("?)([\w.:-]+)\1)?', re.IGNORECASE | re.ASCII)
_RAW_ENCODINGS = frozenset({"7bit", "8bit", "binary"})
_ONCE = ("content-type", "content-transfer-encoding")


@dataclass(slots=True)
class Parsed:
    """A message's raw headers (lower-cased name -> values) and where its body comes from:
    the e-mail package's parse, or the text the fast path decoded."""

    headers: dict[str, list[str]]
    message: Message | None = None
    text: str = ""

    def body(self) -> str:
        """The readable body, before cleaning (may raise on a malformed MIME message)."""
        return self.text if self.message is None else body_text(self.message)


def parse_message(data: bytes) -> Parsed:
    """`data` parsed by the fast path when it applies, else by the e-mail package."""
    return plain_message(data) or package_message(data)


def package_message(data: bytes) -> Parsed:
    """`data` parsed by the e-mail package (`policy.default`)."""
    message = BytesParser(policy=policy.default).parsebytes(data)
    return Parsed(raw_headers(message.raw_items()), message)


def plain_message(data: bytes) -> Parsed | None:
    """A plain message read without the e-mail package, or None when it is not plain."""
    split = _split(data)
    if split is None:
        return None
    block, body, newline = split
    headers = _header_block(block.decode("ascii", "surrogateescape"), newline)
    if headers is None or "content-disposition" in headers:
        return None
    if any(len(headers.get(name, ())) > 1 for name in _ONCE):
        return None
    charset = "ASCII"  # what EmailMessage.get_content assumes without a charset
    if "content-type" in headers:
        match = _PLAIN_TYPE.fullmatch(headers["content-type"][0])
        if match is None:
            return None
        charset = match.group(2) or charset
    if "content-transfer-encoding" in headers:
        encoding = headers["content-transfer-encoding"][0].lower()
        if encoding == "quoted-printable":
            body = quopri.decodestring(body)
        elif encoding not in _RAW_ENCODINGS:
            return None
    try:
        return Parsed(headers, text=body.decode(charset, "replace"))
    except LookupError:  # an unknown charset, or a codec that is not a text encoding
        return None


def _split(data: bytes) -> tuple[bytes, bytes, str] | None:
    """(header block, body, line end) of a message whose header lines all end in LF, or all
    in CRLF, up to the first empty line; None for any other message."""
    end = data.find(b"\n\n")
    if end > 0 and b"\r" not in data[:end]:
        return data[:end], data[end + 2:], "\n"
    end = data.find(b"\r\n\r\n")
    if end > 0 and not re.search(rb"\r(?!\n)|(?<!\r)\n", data[:end]):
        return data[:end], data[end + 4:], "\r\n"
    return None


def _header_block(block: str, newline: str) -> dict[str, list[str]] | None:
    """The header lines of `block` (lines ending in `newline`, no empty line) as
    `policy.default` stores them: name as written, value left-stripped and folded lines
    kept; None if a line is neither a header nor a continuation.

    Two scans in C, not a Python step per line: the whole block must be header lines and
    their continuations; then each header is its name and the raw text of its lines (a CRLF
    block's lines joined by CRLF; a line's trailing CR, caught by `.`, is stripped).
    """
    if _HEADER_BLOCK.fullmatch(block) is None:
        return None
    headers: dict[str, list[str]] = {}
    for name, value in _HEADER.findall(block):
        headers.setdefault(name.lower(), []).append(value.rstrip("\r\n") if newline != "\n"
                                                    else value)
    return headers
