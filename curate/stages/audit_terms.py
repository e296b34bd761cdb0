"""Word lists and patterns for the audit's text signals.

Gendered terms, honorifics and identity terms are small curated lists kept
here; profanity comes from the maintained word list shipped in the
`better_profanity` package (MIT), read offline, minus words that are ordinary
in business text (configurable).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FEMALE = _words(
    "she her hers herself woman women girl girls lady ladies female wife mother mom mum "
    "daughter sister aunt niece grandmother girlfriend mrs ms miss madam ma'am"
)
MALE = _words(
    "he him his himself man men boy boys gentleman gentlemen male husband father dad "
    "son brother uncle nephew grandfather boyfriend mr sir"
)
HONORIFICS = _words("mr mrs ms miss sir madam ma'am mx dr")
IDENTITY = _words(
    "christian christians muslim muslims jewish jew jews hindu hindus buddhist sikh atheist "
    "black white asian hispanic latino latina latinx arab african immigrant immigrants "
    "refugee refugees gay lesbian bisexual transgender trans queer lgbt lgbtq nonbinary "
    "disabled disability blind deaf wheelchair autistic elderly pregnant"
)
REFUSAL = re.compile(
    r"\b(?:i|we)(?:'m| am|'re| are)? ?"
    r"(?:cannot|can't|can not|unable to|not able to|won't be able to)"
    r" (?:help|assist|do that|provide|process|share|answer|comply|support)"
    r"|\b(?:unfortunately|regrettably),? (?:we|i)(?:'re| are| am|'m)? ?"
    r"(?:can't|cannot|can not|unable|not able|won't|don't)"
    r"|\bas an ai\b|\bi'?m sorry,? but i\b|\bi must decline\b"
)
APOLOGY = re.compile(r"\b(?:i|we) (?:sincerely )?apologi[sz]e\b|\bsorry for\b|\bour apologies\b")
_TOKEN = re.compile(r"\w+(?:['-]\w+)*")


def tokens(text: str) -> list[str]:
    """Lower-case word tokens (apostrophes and hyphens kept inside words)."""
    return _TOKEN.findall(text.lower())


@dataclass(frozen=True)
class Profanity:
    """A word list split for matching: single words by set lookup, the few phrases by search."""

    words: frozenset[str]
    phrases: tuple[str, ...]

    def found_in(self, tokens: list[str]) -> bool:
        """Whether a list entry occurs in `tokens` (a phrase as consecutive tokens)."""
        if not self.words.isdisjoint(tokens):
            return True
        if not self.phrases:
            return False
        joined = f" {' '.join(tokens)} "  # tokens hold no spaces: matches align on tokens
        return any(f" {phrase} " in joined for phrase in self.phrases)


@cache
def profanity(allow: frozenset[str]) -> Profanity:
    """better_profanity's word list, lower-cased, without the allowed words."""
    from importlib.resources import files

    text = files("better_profanity").joinpath("profanity_wordlist.txt").read_text("utf-8")
    entries = {w.strip().lower() for w in text.splitlines() if w.strip()} - allow
    return Profanity(
        frozenset(w for w in entries if " " not in w), tuple(sorted(w for w in entries if " " in w))
    )
