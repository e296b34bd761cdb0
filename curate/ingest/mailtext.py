"""The text a person wrote in one e-mail: decode the body, drop quotes, signatures, disclaimers.

`body_text` picks the readable body of a parsed message (plain text preferred, HTML turned
into text, attachments never decoded to disk) and survives bogus charsets. `clean_body`
keeps only the author's own words: it cuts at the first quoted-history marker
(`-----Original Message-----`, `On ... wrote:`, Lotus "Forwarded by" and embedded
`From:/To:/Subject:` header blocks), drops `>` quoted lines, the signature after `-- `,
"Sent from my ..." lines, and legal disclaimer paragraphs.
"""

from __future__ import annotations

import re
from email.message import EmailMessage, Message
from html.parser import HTMLParser

_FALLBACK_CODECS = ("utf-8", "cp1252")

# Markers after which the rest of the body is someone else's text.
_CUT_LINE = re.compile(
    r"^\s*(?:"
    r"-{2,}\s*(?:original message|forwarded message|forwarded by|message d'origine"
    r"|urspr[üu]ngliche nachricht|weitergeleitete nachricht)\b.*"
    r"|_{5,}\s*"
    r"|begin forwarded message:\s*"
    r"|sent from my [\w .-]+|get outlook for \w+.*"
    r")$",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(
    r"^\s*(?:on\s.+\swrote|am\s.+\sschrieb\s.*|le\s.+\sa\s[ée]crit\s?)\s*:\s*$", re.IGNORECASE
)
_ATTRIBUTION_START = re.compile(r"^\s*(?:on|am|le)\s", re.IGNORECASE)
_HEADER_LINE = re.compile(r"^\s*(?:from|to|cc|bcc|sent|date|subject)\s*:", re.IGNORECASE)
_HEADER_NAME = re.compile(r"^\s*(\w+)\s*:")
_PREAMBLE_LINE = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}|\S@\S")
_SIGNATURE = re.compile(r"^--\s?$")
_DISCLAIMER = re.compile(
    r"intended (?:only |solely )?for the (?:sole )?(?:use|addressee|named|individual|person)"
    r"|intended recipient"
    r"|for the (?:sole|exclusive) use of"
    r"|received this (?:e-?mail|message|communication|transmission) in error"
    r"|if you are not the (?:intended|named) (?:recipient|addressee)"
    r"|may (?:also )?contain (?:confidential|privileged|proprietary)"
    r"|^\W*(?:legal )?disclaimer\b",
    re.IGNORECASE,
)
_RULE = re.compile(r"^\s*[-=_*~#]{3,}\s*$")


def body_text(message: Message) -> str:
    """The readable body of a message: text/plain preferred, else HTML converted to text."""
    part = _best_part(message)
    if part is None:
        return ""
    text = _decode(part)
    return html_to_text(text) if part.get_content_subtype() == "html" else text


def _best_part(message: Message) -> Message | None:
    if isinstance(message, EmailMessage):
        try:
            found = message.get_body(preferencelist=("plain", "html"))
        except (KeyError, LookupError, ValueError, TypeError, AttributeError):
            found = None
        if found is not None:
            return found
    for part in message.walk():
        if part.get_content_maintype() == "text" and part.get_content_disposition() != "attachment":
            return part
    return None


def _decode(part: Message) -> str:
    """Decode a text part; a bogus or lying charset falls back to UTF-8, then cp1252."""
    if isinstance(part, EmailMessage):
        try:
            return str(part.get_content())
        except (LookupError, UnicodeError, ValueError, TypeError, AssertionError):
            pass
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return str(payload or "")
    charset = part.get_content_charset() or ""
    for codec in (charset, *_FALLBACK_CODECS) if charset else _FALLBACK_CODECS:
        try:
            return payload.decode(codec)
        except (LookupError, UnicodeError):
            continue
    return payload.decode("latin-1")


class _HTMLText(HTMLParser):
    """Collects visible text; block tags become line breaks, blockquotes (quotes) vanish."""

    BLOCK = frozenset({"p", "div", "br", "li", "tr", "table", "h1", "h2", "h3", "h4", "h5",
                       "h6", "ul", "ol", "hr", "pre"})
    HIDDEN = frozenset({"script", "style", "head", "title", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(html: str) -> str:
    """Visible text of an HTML body, one line per block, without scripts, styles or quotes."""
    parser = _HTMLText()
    parser.feed(html)
    parser.close()
    lines = (line.strip() for line in "".join(parser.parts).split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def clean_body(text: str) -> str:
    """Only what the author wrote: no quoted history, signature or legal disclaimer."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = lines[:_history_start(lines)]
    lines = [line.rstrip() for line in lines if not line.lstrip().startswith(">")]
    lines = _drop_disclaimer(lines)
    while lines and (not lines[-1].strip() or _RULE.match(lines[-1])):
        lines.pop()
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _history_start(lines: list[str]) -> int:
    """Index of the first line of someone else's text (len(lines) if none).

    A bottom-posted attribution ("On ... wrote:" followed by `>` lines) is overwritten with
    `>` in place, so that the quote filter drops it and the answer below it survives.
    """
    for i, line in enumerate(lines):
        if _CUT_LINE.match(line) or _SIGNATURE.match(line):
            return i
        attribution = _attribution_end(lines, i)
        if attribution is not None:
            following = next((rest for rest in lines[attribution + 1:] if rest.strip()), "")
            if not following.lstrip().startswith(">"):
                return i
            lines[i:attribution + 1] = [">"] * (attribution + 1 - i)
        elif _is_header_block(lines, i):
            start = i
            while start > 0 and _PREAMBLE_LINE.search(lines[start - 1]):
                start -= 1
            return start
    return len(lines)


def _attribution_end(lines: list[str], i: int) -> int | None:
    """Last line of an "On <date>, <name> wrote:" attribution starting at i (up to 3 lines)."""
    if not _ATTRIBUTION_START.match(lines[i]):
        return None
    for end in range(i, min(i + 3, len(lines))):
        if _ATTRIBUTION.match(" ".join(lines[i:end + 1])):
            return end
    return None


def _is_header_block(lines: list[str], i: int) -> bool:
    """True when line i opens an embedded header block (>= 2 distinct header names nearby)."""
    if not _HEADER_LINE.match(lines[i]):
        return False
    names = {m.group(1).lower() for line in lines[i:i + 8]
             if _HEADER_LINE.match(line) and (m := _HEADER_NAME.match(line))}
    return len(names) >= 2


def _drop_disclaimer(lines: list[str]) -> list[str]:
    """Cut from the first paragraph that reads like a legal disclaimer to the end."""
    start = 0
    for i, line in enumerate([*lines, ""]):
        if line.strip():
            continue
        if _DISCLAIMER.search(" ".join(lines[start:i])):
            return lines[:start]
        start = i + 1
    return lines
