"""The rules' prefilters: a pattern tried at every word runs only in a text holding its rare
fixed part, and a `$`-anchored pattern is searched backwards; each must find what the pattern
alone finds, on texts where it matches and where it does not (synthetic names)."""

from __future__ import annotations

import regex

from curate.pii import address, cues, person_score, structure, terms

TEXTS = [
    "Ship it to Koskikatu 25, 00100 Helsinki, or to 12 Luite tee 87.",
    "Meet at 24 Clarke Avenue. Rue de la Gare 12 is closed; P.O. Box 186 works.",
    "See jroe's fork and thanks tvasko! Reported by orla_k. Ask dravkin-99 please.",
    "http-nio-8080-exec-5 jroe 617x1234x1 1ab2cd3 10.20.30.44 /rest/api",
    "Blog: https://jroe.github.io/post and medium.com/u/tvasko/ and site.org/profile/orla",
    "assignee = andy.stenson and e.g. a dotted.thing; Mr. Vasko met Acme Systems Inc. today",
    "jroe:~/src$ ls\n[tvasko ~]$ make\nplain text with no sign",
    "Thanks,\n\nJane Roe\nQuellin Corp.\n",
]


def _spans(pattern: regex.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(text)]


def test_a_prefiltered_pattern_finds_what_the_whole_pattern_finds() -> None:
    reduced = [
        (address._STRONG, address._ENDED_HINT, address._STRONG_UNENDED),
        (structure._BY_LOGIN, None, structure._BY_VERB_LOGIN),
        (structure.REQUEST_LOG, structure._REQUEST_HINT, None),
        (structure._PAGES_SITE, structure._PAGES_HINT, None),
        (structure._USER_PATH, structure._USER_FOLDER_HINT, None),
        (structure._DOTTED_LOGIN, structure._DOTTED_HINT, None),
        (terms._ORG, terms._ORG_HINT, None),
    ]
    for text in TEXTS:
        for whole, hint, rest in reduced:
            held = ("'s" in text or "’s" in text) if hint is None else bool(hint.search(text))
            expected = _spans(whole, text)
            assert (expected if held else _spans(rest, text) if rest else []) == expected, (
                whole.pattern[:40], text)
    # each hint is needed somewhere above (the texts reach both branches)
    assert address._ENDED_HINT.search(TEXTS[0]) and not address._ENDED_HINT.search(TEXTS[1])
    assert [m["id"] for m in structure.request_logs(TEXTS[3])] == ["jroe"]


def test_the_prompt_hint_holds_where_a_prompt_does() -> None:
    forward = regex.compile(r"[~\]\w.\-][ \t]?[$#%](?:[ \t\r]|$)", regex.M)
    for text in [*TEXTS, "cost: 5 $ each", "a $b", "x #\ny"]:
        assert bool(structure._PROMPT_HINT.search(text)) == bool(forward.search(text)), text
    assert [m["id"] for m in structure._prompts(TEXTS[6])] == ["jroe", "tvasko"]


def test_backward_searches_answer_as_forward_ones() -> None:
    backward = [cues.HONORIFIC, cues.CUE, cues.PERSON_OBJECT, person_score._SENTENCE_START,
                person_score._PLACE_BEFORE, person_score._LABEL_BEFORE,
                person_score._WORD_BEFORE]
    for pattern in backward:
        assert pattern.flags & regex.REVERSE
        forward = regex.compile(pattern.pattern.removeprefix("(?r)"))
        for text in TEXTS:
            for m in regex.finditer(r"\b\w", text):
                line = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
                for args in ((line,), (text, 0, m.start())):
                    got, want = pattern.search(*args), forward.search(*args)
                    assert (got is None) == (want is None), (pattern.pattern[:30], args)
                    if pattern is person_score._WORD_BEFORE and got and want:
                        assert got.span() == want.span() and got[1] == want[1]
