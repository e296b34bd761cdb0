"""A well-known place on its own is not personal data (`California`, `Houston`, `the U.S.`:
every word an English dictionary word or proper noun). A small place is kept as personal (a
village narrows a person down: `Tjæreborg`), and so is any place tied to a person: part of an
address block (next to a street address or a person's name, across a comma or on the next
lines of the block: `Springfield, IL`, `Jane Doe\\nHelsinki`), or after a person (a pronoun or
a name) and a residence or travel cue in the same sentence (`I live in Lyon`, `she moved here
from Iceland`, `I'm in Miami`, `Mr. Roe flew to Oslo`). A street address that an
organisation's name or a notice block's party line (`If to DeltaThree:`) heads, at most three
lines and 160 characters before it with no blank line, sentence end, lower-case word or
person's name between (`Acme Inc., 12 Main Street`, `Acme Inc.\nAttention: Legal\n12 Main
Street`), is the organisation's, not personal, and so are the names inside it (`4000
McArthur Blvd`) and the places that only it tied. So is a phone number headed the same way
with no person's name in the PERSON_BEFORE_PHONE characters before it (a switchboard or a
legal department's fax: `If to Acme:\n12 Main Street\nFax: 555-0100\nAttention: General
Counsel`); a number after `Attention: Jane Roe` stays.

In a contract (`genre` "contract") addresses are the parties' offices: a street address is
personal only when a person's name heads its block (`If to Consultant: Jane Roe, 12 Elm
Road`) and no organisation's name stands in the block before it, and a phone number
only when a person's name shares its block: before it, or on the `Attention:` line after
it (`Fax: 555-0100 Attn: Jane Roe`; not `Attn: General Counsel`), with no blank line or party
line between. The rest are the parties' switchboards and faxes. In a contract or a ticket a
place is personal only when such an address, a person or a residence cue ties it: a small
place alone is an office's town (`Boca Raton`), a colour name (`Morado`), a party's name, or
a ticket's library or platform (`Tf/Keras`, `Wayland`), and a contract's title word after a
signatory is no place (`Jane Roe, Notary, Geneva`); in a ticket `from` after a verb of
fetching or building (`downloaded it from Zorvex`) is where a thing came from, no residence cue,
and a word the ticket also writes in lower case as code (`results than I get from Numpy`
beside `import numpy`) is a library's name, whatever cue is before it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from curate.pii.genre import PLAIN, written_as_code
from curate.pii.names import english_word, proper_noun

if TYPE_CHECKING:
    from curate.pii.detect import Span
    from curate.pii.genre import Genre

_SUBJECT = r"(?i:\b(?:i|i'm|i’m|im|we|we're|we’re|he|she|they|my|our|his|her|their)\b)"
_RESIDENCE = (
    r"(?i:\b(?:live[sd]?|living|reside[sd]?|residing|resident|moved?|moving|relocat\w*|born"
    r"|grew[ \t]+up|raised|based|from|home|hometown|address|stay\w*|visit\w*|travel\w*|trip"
    r"|vacation|holiday|return\w*|'m[ \t]+in|’m[ \t]+in|am[ \t]+in|are[ \t]+in|'re[ \t]+in"
    r"|’re[ \t]+in|is[ \t]+in|arrived|arriving|flew|fly|flying|drove|went|going|headed)\b)"
)
# In a ticket, `from` after a verb of fetching or building names where a thing came from, no
# one's home (`I downloaded it from Zorvex`, `we installed it from Conda Forge`).
_SOURCE_FROM = regex.compile(
    r"(?i:\b(?:download|install|import|clon|cop(?:y|ie)|pull|fetch|load|export|extract|fork"
    r"|port|buil|compil|convert|generat|upgrad|updat|migrat)\w*"
    r"(?:[ \t]+(?!(?:and|then|but|or|moved?|lived?|came|went|flew|i|we|he|she|they)\b)"
    r"[\w'’\-]+){0,4}[ \t]+from[ \t]+(?:the[ \t]+)?)$"
)
_CUED = regex.compile(rf"{_SUBJECT}[^.!?\n]{{0,60}}{_RESIDENCE}[^.!?\n]{{0,20}}$")
# After a person's name: the residence cue, then the place, in the same sentence.
_CUED_AFTER_NAME = regex.compile(rf"[^.!?\n]{{0,60}}{_RESIDENCE}[^.!?\n]{{0,20}}")
_JOIN = regex.compile(r"[ \t]*,?[ \t]*(?:\n[ \t>]*){0,2}")
# Or the next lines of a block: at most two line breaks, BLOCK_GAP characters, no sentence end.
_BLOCK_LINES = regex.compile(r"[^.!?;:\n]*\n[^.!?;:\n]*(?:\n[^.!?;:\n]*)?")
BLOCK_GAP = 40
_TIES = frozenset({"STREET_ADDRESS", "PERSON", "LOCATION"})
# Capitalised words (`Tjæreborg`, `Chiclana de la Frontera`) or one upper-case word (`KNIVSTA`).
_PLACE_NAME = regex.compile(
    r"\p{Lu}\p{Ll}[\p{Ll}\p{M}'’\-]*(?:[ \t]+(?:\p{Lu}\p{Ll}[\p{Ll}\p{M}'’\-]*|\p{Ll}{1,3}))*"
    r"|\p{Lu}{4,}"
)
LOOKBACK = 100
ORG_BLOCK_LINES, ORG_BLOCK_GAP = 3, 160
PERSON_BEFORE_PHONE = 400
ADDRESSEE_GAP = 24
_ATTENTION = regex.compile(r"(?i:\b(?:attention|attn)\b\.?[ \t]*:?[ \t]*)")
_BLANK_LINE = regex.compile(r"\n[ \t]*\n")
# A lower-case word of prose (`is`, `office`; not the `th` of `5th`): the address is not in a
# block the organisation heads (`Acme LLC is at 12 Main Street` may be anyone's).
_PROSE_WORD = regex.compile(r"(?<![\w])\p{Ll}{2,}\b")
_SENTENCE_END = regex.compile(r"[!?]|\.[ \t]+\p{Lu}\p{Ll}+[ \t]+\p{Ll}")
# A notice block's party line: `If to DeltaThree:`, `With a copy to:`, `To Distributor:`, also
# inside a flattened block (`... Fax: 555-0100 To S2K: 777 Third Avenue`).
_PARTY_HEAD = regex.compile(
    r"(?im:^[ \t]*(?:if[ \t]+to|to|with[ \t]+a[ \t]+copy[ \t]+to|copy[ \t]+to)\b[^\n:]{0,60}:)"
    r"|\b(?:If[ \t]+to|To)[ \t]+\p{Lu}[^\n:]{0,40}:"
)


def tied_places(
    text: str, spans: list[Span], orgs: list[tuple[int, int]], genre: Genre = "other"
) -> list[Span]:
    """`spans` without organisations' addresses (and the names and places inside them) and the
    LOCATION spans that no person or address ties to (see above); `orgs`: (start, end) of
    organisation names; `genre`: the document's (`curate.pii.genre`).

    A place counts as tied when it joins a kept tie (an address, a person, or a place already
    kept), so `Springfield, IL` after a street line is kept part by part."""
    parties = [m.span() for m in _PARTY_HEAD.finditer(text)]
    heads = sorted([*orgs, *parties])
    people = sorted(s for s in spans if s.entity == "PERSON")
    contract = genre == "contract"
    firms = [s for s in spans if s.entity == "STREET_ADDRESS" and (
        _organisation_address(text, s, heads, people)
        or (contract and not _person_address(text, s, orgs, people)))]
    switchboards = [s for s in spans if s.entity == "PHONE_NUMBER" and (
        not _person_phone(text, s, parties, people, before_only=not contract)
        and (contract or _organisation_address(text, s, heads, people)))]
    ordered = sorted(
        s for s in spans if s not in firms and s not in switchboards
        and not any(f.start <= s.start and s.end <= f.end for f in firms)
        and not (contract and s.entity == "LOCATION" and _title(text[s.start : s.end]))
    )
    people_ends = [s.end for s in ordered if s.entity == "PERSON"]
    kept: list[Span] = []
    for i, span in enumerate(ordered):
        if span.entity != "LOCATION" or not (
            genre not in PLAIN or _well_known(text[span.start : span.end])
        ) or (_cued(text, span.start, people_ends) and not (
            genre == "ticket" and (_SOURCE_FROM.search(text, max(0, span.start - LOOKBACK),
                                                       span.start)
                                   or _code_word(text, span.start, span.end))
        )) or any(
            _joined(text, other, span) for other in kept if other.entity in _TIES
        ) or any(
            _joined(text, span, other)
            for other in ordered[i + 1 :]
            if other.entity in ("STREET_ADDRESS", "PERSON")
        ):
            kept.append(span)
    return kept


def _code_word(text: str, start: int, end: int) -> bool:
    """A ticket's place that the ticket also writes in lower case as code (`Numpy` beside
    `import numpy`): a library's name, no place (`curate.pii.genre.written_as_code`)."""
    words = regex.findall(r"[\p{L}\p{M}'’\-]+", text[start:end])
    return written_as_code(text, start, end, words)


def _organisation_address(
    text: str, span: Span, heads: list[tuple[int, int]], people: list[Span]
) -> bool:
    """Whether an organisation's name or a notice block's party line (`If to Acme:`) heads the
    address: it ends at most ORG_BLOCK_GAP characters and ORG_BLOCK_LINES line breaks before
    it, with no blank line, no sentence end, no lower-case word of prose and no person's name
    between, and no residence cue before it (`Acme Inc., 12 Main Street`, `Acme
    Inc.\nAttn: Legal\n12 Main Street`; not `If to Consultant: Jane Roe, 12 Elm Road`, nor
    `we work at Acme Corp and live at 12 Elm Road`)."""
    return not _cued(text, span.start, []) and any(
        e <= span.start
        and span.start - e <= ORG_BLOCK_GAP
        and text.count("\n", e, span.start) <= ORG_BLOCK_LINES
        and not _BLANK_LINE.search(text, e, span.start)
        and not _SENTENCE_END.search(text, e, span.start)
        and not _PROSE_WORD.search(text, e, span.start)
        and not any(e <= p.start and p.end <= span.start for p in people)
        for _, e in heads
    )


def _person_phone(
    text: str, span: Span, parties: list[tuple[int, int]], people: list[Span],
    before_only: bool = False,
) -> bool:
    """Whether a person's name shares the phone's block: it ends at most PERSON_BEFORE_PHONE
    characters before the number or (unless `before_only`) the `Attention:` line after the
    number names it (`Fax: 555-0100 Attn: Jane Roe`, not `Attn: General Counsel`), with no
    blank line or party line between (unless `before_only`)."""
    def clear(a: int, b: int) -> bool:
        return before_only or not (
            _BLANK_LINE.search(text, a, b) or any(a <= h < b for h, _ in parties)
        )

    addressee = None if before_only else _ATTENTION.search(
        text, span.end, min(len(text), span.end + ORG_BLOCK_GAP)
    )
    return any(
        (span.start - PERSON_BEFORE_PHONE <= p.end <= span.start and clear(p.end, span.start))
        or (addressee is not None and clear(span.end, addressee.start())
            and addressee.end() <= p.start <= addressee.end() + ADDRESSEE_GAP)
        for p in people
    )


def _person_address(
    text: str, span: Span, orgs: list[tuple[int, int]], people: list[Span]
) -> bool:
    """Whether a person's name heads the block of the address (at most ORG_BLOCK_GAP
    characters and ORG_BLOCK_LINES line breaks before it, no blank line or sentence end
    between) and no organisation's name stands between that name's block start and it."""
    return any(
        p.end <= span.start
        and span.start - p.end <= ORG_BLOCK_GAP
        and text.count("\n", p.end, span.start) <= ORG_BLOCK_LINES
        and not _BLANK_LINE.search(text, p.end, span.start)
        and not _SENTENCE_END.search(text, p.end, span.start)
        and not any(p.start - ORG_BLOCK_GAP <= e <= span.start for _, e in orgs)
        for p in people
    )


def _title(value: str) -> bool:
    """Whether every word of a place NER found is a title's or role's (`Notary`, `Counsel`
    after a signatory's name: `Witness: Jane Roe, Notary, Geneva`)."""
    from curate.pii.salutations import ROLE_WORDS

    words = regex.findall(r"[\p{L}\p{M}]+", value)
    return bool(words) and all(w.lower() in ROLE_WORDS for w in words)


def _well_known(place: str) -> bool:
    """Every word of `place` is an English dictionary word or proper noun (`New Zealand`), or
    it is not shaped like a place name at all (`webgpu`, `TF`, `LNK2019`, `C++`)."""
    if not _PLACE_NAME.fullmatch(place):
        return True
    words = regex.findall(r"[\p{L}\p{M}'’\-]+", place)
    return all(proper_noun(w) or english_word(w) for w in words)


def _cued(text: str, start: int, people: list[int]) -> bool:
    """A subject (a pronoun, or a person's name ending at one of `people`) then a residence
    or travel cue before `start`, in the same sentence."""
    if _CUED.search(text, max(0, start - LOOKBACK), start):
        return True
    return any(
        start - LOOKBACK <= end <= start and _CUED_AFTER_NAME.fullmatch(text, end, start)
        for end in people
    )


def _joined(text: str, before: Span, after: Span) -> bool:
    """Whether `after` follows `before` with only a comma, spaces or line breaks between, or
    on one of the next two lines of a block (`Suite 2\n Riisa\n Estonia`) with no word of
    prose and no blank line between: hard-wrapped prose is no block (`sessions in Southern
    California during the\nweek and at Jane's sites`), nor a subject's place and the name
    greeted below it (`Subject: Houston, July 16\n\nShirley,`)."""
    if after.start < before.end:
        return after.start >= before.start
    if _JOIN.fullmatch(text, before.end, after.start):
        return True
    return after.start - before.end <= BLOCK_GAP and bool(
        _BLOCK_LINES.fullmatch(text, before.end, after.start)
    ) and not _PROSE_WORD.search(text, before.end, after.start) and not _BLANK_LINE.search(
        text, before.end, after.start)
