"""Measurements of one text used by the quality stage: pure, offline, no model."""

from __future__ import annotations

import math
import re

WORD = re.compile(r"\w+(?:'\w+)?")
_LETTERS = re.compile(r"[\W\d_]+")

AUTO_REPLY = re.compile(
    "|".join(
        (
            r"\bout of (?:the )?office\b",
            r"\bauto(?:matic)?[- ]?(?:reply|response|generated)\b",
            r"\bi am (?:currently )?away\b",
            r"\bon (?:annual |parental |sick )?leave until\b",
            r"\blimited access to (?:my )?e-?mail\b",
            r"\bdo not reply to this (?:e-?mail|message)\b",
            r"\bthis is an automated (?:message|response|reply)\b",
            r"\bwill be (?:out|away) (?:of the office )?(?:from|until|through)\b",
        )
    ),
    re.IGNORECASE,
)
_QUOTE_START = re.compile(
    r"^(?:-{2,}\s*(?:original message|forwarded message|forwarded by\b).*"
    r"|on .{3,200} wrote:|from:\s.+|sent from my \w+|-- ?)$",
    re.IGNORECASE,
)
_MOJIBAKE = re.compile(
    "[ÃÂâ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013-\u203a\u20ac\u2122]|\ufffd"
)
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]"
)

# Function words of English (a subset of NLTK's list): about 40% of English prose.
_STOPWORDS = """a about above after again all am an and any are as at be because been before
    being below
    between both but by can could did do does doing down during each few for from further had has
    have having he her here hers him his how i if in into is it its itself just me more most my no
    nor not now of off on once only or other our ours out over own same she should so some such
    than that the their theirs them then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours"""
ENGLISH_STOPWORDS = frozenset(_STOPWORDS.split())


def words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def token_estimate(text: str) -> int:
    """Offline token count estimate: about four characters per token (English BPE rule of thumb)."""
    return math.ceil(len(text) / 4)


def is_trivial(text: str, phrases: frozenset[str]) -> bool:
    """Empty, punctuation only, or one of the trivial phrases ("thanks", "ok", ...)."""
    core = " ".join(words(text))
    return not core or core in phrases


def quoted_ratio(text: str) -> float:
    """Share of non-blank lines quoted (`>`) or after a reply header or signature marker."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return 0.0
    for index, line in enumerate(lines):
        if _QUOTE_START.match(line):
            return (len(lines) - index) / len(lines)
    return sum(line.startswith(">") for line in lines) / len(lines)


def mojibake_count(text: str) -> int:
    """UTF-8 read as Latin-1/CP1252 (`Ã©`, `â€™`) and U+FFFD replacement characters."""
    return len(_MOJIBAKE.findall(text))


def control_count(text: str) -> int:
    """C0/C1 controls other than tab, CR and LF, and invisible format marks."""
    return len(_CONTROL.findall(text))


def repetition(text: str, tokens: list[str], n: int = 3) -> float:
    """The larger of the duplicate-line share and the duplicate word n-gram share.

    `tokens` are the words of `text` (see `words`).
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    dup_lines = 1 - len(set(lines)) / len(lines) if len(lines) >= 3 else 0.0
    grams = [tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
    dup_grams = 1 - len(set(grams)) / len(grams) if len(grams) >= 5 else 0.0
    return max(dup_lines, dup_grams)


def copied_share(output: str, source: str, n: int = 3) -> float:
    """Share of the output's word n-grams that also occur in `source` (1.0 when identical)."""
    out, src = words(output), words(source)
    if not out:
        return 0.0
    if len(out) < n:
        return 1.0 if " ".join(out) in " ".join(src) else 0.0
    grams = {tuple(out[i : i + n]) for i in range(len(out) - n + 1)}
    seen = {tuple(src[i : i + n]) for i in range(len(src) - n + 1)}
    return len(grams & seen) / len(grams)


def stopword_ratio(tokens: list[str]) -> float:
    """Share of tokens that are English function words (English prose: about 0.4)."""
    letters = [t for t in tokens if not _LETTERS.fullmatch(t)]
    return sum(t in ENGLISH_STOPWORDS for t in letters) / len(letters) if letters else 0.0
