"""Business terms that the small NER model and the name rules take for people or places.

A PERSON or LOCATION finding is dropped when it is
- inside an organisation name: a capitalised run on one line that ends in an organisation
  word (`Foxglove Studio`, `Cobalt Ridge Games`, `Northwind Cloud Support`, `Acme Ltd`; its
  words one or two spaces apart, no sentence end inside, and a person's name and comma before
  a firm's own name left out: `Jane Roe, Zorvex Systems`) or a legal form in capitals
  (`JANE ROE, INC.`, `THE ROE/DOE CO.`: a firm named after a person; legal forms abroad and
  of professional firms too: `Roe Vesk, P.C.`, `PLLC`, `K.K.`, `Oy`, `Pte. Ltd.`, but a
  person's own `P.C.` after a label is the person: `Attention: Jane Q. Roe, P.C.`), or a firm named by
  its partners, two or more names then `&` and a last one, fewer of them first names than
  not (`Malizia, Spidi, Sloane & Fisch`; not `Jane, Joe & Bill`),
- a product: followed by a model code (`Edge Gateway NE-200`, `Sensor Kit S3`),
- code: inside backticks, or touching code punctuation (`.Debug`, `cmake(`, `x_y`), a dotted
  technology name (`Node.js`), or
  inside a URL (`github.com/sail-sg/Adan`),
- a name suffix or legal form alone (`Esq`, `P.C.`), or a party's role named by its act
  (`Discloser`, `Licensee`: a verb plus -or/-er/-ee, no listed name), even when a verb of
  speaking or acting follows it (`Subscriber signed`),
- (LOCATION, one word) a field label opening a line (`Telefax:`), a word the text uses as
  a party (`Anixa will own`), or a month or weekday (`Thurs`),
- (PERSON) part of a title, product or street: one English word before a capitalised
  English word (`Senior Vice President`), a word before an identifier (`Vue DevTools`),
  words ending in an English word after a lead that is no first name or everyday word
  (`Bitcoin Core`), ending in a street or place word (`One Allison Way`, `Jackson
  Heights`), between a house number and a street word (`15 John F. Kennedy Parkway`) or
  before a place or room word (`Santa Clara County`, `the Thelma Room`),
- (PERSON) after an article or possessive and not a listed surname (`the Starter plan`,
  `our Scale subscription`; `the Jensen novel` stays), made of
  greeting / sign-off words only (`Cheers`), or of short upper-case tokens only (`400 GB`),
  one upper-case word or one dictionary proper noun that is no listed surname (`SECLP`,
  `Indianapolis`),
  all lower case with no listed name or an unlisted English word (`cmake`, `bill`), English
  words only with none a proper noun (`Exhibit`, `Load Balancer`, `Press`), one English word
  the text also uses in lower case, in any regular form (`Grant` and `grants`),
- (PERSON or LOCATION) a term the text defines (`("Distributor")`, `"Grant" means`) or uses
  after an article (`the Distributor`, `the Licensor`), or an organisation's short name that
  the text defines (`Jane Roe Holdings, LLC ("Jane Roe")`),
unless one of its words is a known first name (a defined term, code, a URL part, a suffix, a
role, a party, a title / product / street phrase and lower-case common words are dropped even
then, and so are an organisation's defined short name and a finding ending in an
organisation word or inside an organisation's name:
`Stanford University`, `Jane Doe Consulting` name firms), and never after an honorific
(`Ms. Quarrendale`) nor, a role apart, before a verb of speaking (`Bill said`; not a passive
`confirmed by`), nor, code apart, when listed names, proper nouns or unknown words follow a
verb whose object is a person (`call Frost`) or name a bill (`the Frost bill`, `the Frost-Hale
amendment`). A name crosses no line break and no column gap of three spaces.
A lone LOCATION that is a known first name, with no place preposition before it and a
comma, colon or line end after it (`Kenji,`; not `Houston traders`), is re-typed PERSON.
Names that a greeting or sign-off gives (`Thanks,\nkd`) are trusted: only cut into lines.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from curate.pii.cues import (
    HONORIFIC,
    PERSON_OBJECT,
    PERSON_VERB,
    SPONSORED,
    label_context,
    plural_titled,
)
from curate.pii.names import CALENDAR, english_word, name_lists, proper_noun

# Organisation words and legal forms; one that is also a name in any case is left out
# (`people` and `salutations` read these words case-blind: `ASA` would make `Asa` no person).
ORG_WORDS = (
    r"Inc|Ltd|LLC|LLP|PLC|GmbH|AG|Corp|Corporation|Co|Company|Group|Holdings?|Partners|Associates"
    r"|Labs?|Studios?|Systems|Solutions|Software|Technologies|Tech|Media|Logistics|Hotels?|Foods"
    r"|Retail|Games|Dental|Clinics?|Bakery|Legal|Analytics|Architects|Travel|Robotics|Print"
    r"|Printing|Freight|Energy|School|Pharmacy|Insurance|Farms?|Consulting|Services|Support|Team"
    r"|Bank|University|College|Hospital|Airlines|Motors|Outdoor|Cloud|Foundation|Institute"
    r"|Agency|Industries|Enterprises|Networks?|Capital|Ventures|Restaurant|Cafe|Shop|Stores?"
    r"|Construction|Manufacturing|Desk|Incorporated|Limited|Pty|N\.V|B\.V|S\.A|S\.p\.A|SE|A/S|S/A"
    r"|S\.à r\.l|S\.a r\.l|S\.a\.r\.l|SARL|Sàrl|S\.r\.l|Ltda"
    r"|L\.L\.P|L\.L\.C|L\.P|LP|LLLP|L\.L\.L\.P|PLLC|P\.L\.L\.C|P\.C|P\.A|K\.K|KG|Oy|Oyj|ApS|Kft"
    r"|s\.r\.o|SAS|S\.A\.S|BV|Pte|Pvt|Sdn|Bhd|A\.Ş|Sp\. z o\.o|Limitada|Tbk|e\.V|S\.L|Ltée|JSC|PJSC"
    r"|Kabushiki Kaisha|Trust|Fund|International|Center|Centre|Council|Society|Association"
    r"|Academy|Laborator(?:y|ies)|Museum|Library|Commission|Authority|Pharmaceuticals"
    r"|Therapeutics|Biosciences|Sciences|Communications|Entertainment|Productions|Publishing"
    r"|Tele[ck]om[a-z]*|plc"
)
# An organisation word in capitals ends an upper-case name (`JANE ROE, INC.`, `THE ROE/DOE CO.`,
# `JANE ROE INTERNATIONAL`): a contract's caption and signature blocks write a firm so.
ORG_WORDS_UPPER = ORG_WORDS.upper()
_CAP = r"\p{Lu}[\p{L}\p{M}'’&.\-]*"
# Its words are one or two spaces apart (three make a column gap, between two names), and
# none before the last ends a sentence (`Jane Roe. The Company`; `Acme Co. Ltd` goes on).
# A place or a legal form in brackets inside a firm's name (`Acme (Hong Kong) Co., Ltd.`,
# `ZORVEX (PTY) LIMITED`).
_BRACKETED = r"\(\p{Lu}[\p{L}\p{M}'’&.\- ]{0,30}\)"
_ORG = regex.compile(
    rf"(?<![\w])(?:(?:{_CAP}(?<!\p{{Ll}}{{2}}\.)|(?:{ORG_WORDS})\.|{_BRACKETED}),?[ \t\u00a0]{{1,2}}"
    rf"(?:&[ \t\u00a0]+)?){{0,4}}"
    rf"(?:{ORG_WORDS}|{ORG_WORDS_UPPER})\b\.?"
)
# The organisation word every `_ORG` match ends in: looked for first (`_ORG` is tried at every
# word, reading up to four capitalised words before it).
_ORG_HINT = regex.compile(rf"(?:{ORG_WORDS}|{ORG_WORDS_UPPER})\b")
# A person's name, a comma, then two or more words: `Jane Roe, Zorvex Systems` (`_affiliation_cut`).
_AFFILIATED = regex.compile(
    r"(?P<first>\p{Lu}\p{Ll}+)(?:[ \t\u00a0]+\p{Lu}\.)?[ \t\u00a0]+\p{Lu}\p{Ll}+,[ \t\u00a0]+"
    r"(?=\p{Lu}[\p{L}\p{M}'’&.\-]*[ \t\u00a0]+\S)"
)
_ORG_LAST = regex.compile(rf"(?:{ORG_WORDS}|{ORG_WORDS_UPPER})\.?")
# A professional corporation or association one person may hold alone, after a person's name
# (a listed first name, maybe an initial, a surname): `Jane Q. Roe, P.C.` (`_own_practice`).
_OWN_PRACTICE = regex.compile(
    r"(?P<first>\p{Lu}[\p{Ll}\p{M}]+)(?:[ \t]+\p{Lu}\.)?[ \t]+\p{Lu}[\p{L}\p{M}'’\-]+,?[ \t]+"
    r"(?:P\.C|P\.A|PLLC|P\.L\.L\.C)\.?"
)
# A firm's legal form: anywhere in a name it makes a firm's (`Zorvex LLC, OBA`).
_LEGAL_FORM = regex.compile(r"Inc|INC|Ltd|LTD|LLC|LLP|PLC|plc|GmbH|GMBH|Corp|CORP|Pty|PTY|SARL|Ltda")
# A firm named by its partners: two or more capitalised names, then `&` and a last one
# (`Luse Lehman Gorman & Schick`, `Malizia, Spidi, Sloane & Fisch`), most of them no first
# name (`_partners`: `Jane, Joe & Bill` are people).
_FIRM_WORD = r"\p{Lu}[\p{L}\p{M}'’\-]*"
_FIRM = regex.compile(
    rf"(?<![\w])(?P<lead>{_FIRM_WORD})(?:,?[ \t\u00a0]+{_FIRM_WORD})+"
    rf",?[ \t\u00a0]+&[ \t\u00a0]+{_FIRM_WORD}"
)
_MODEL_CODE = regex.compile(r"[ \t]+([\p{Lu}\d][\p{L}\d]*(?:-[\p{L}\d]+)*)\b")
DETERMINER = regex.compile(r"(?i:\b(?:the|a|an|our|your|their|its))[ \t]+$")
_SALUTATION = frozenset(
    {
        "hi", "hello", "hey", "dear", "thanks", "thank", "you", "many", "best", "regards", "kind",
        "warm", "cheers", "sincerely", "yours", "truly", "wishes", "all", "the", "good", "morning",
        "afternoon", "evening",
    }
)
# A piece of a line: text between line breaks and column gaps (three or more spaces).
_LINE_PIECE = regex.compile(r"\S(?:(?:(?![ \t\u00a0]{3})[^\n])*\S)?")
_PLACE_BEFORE = regex.compile(r"(?i:\b(?:in|at|from|near|to|of|into|via|around))[ \t]+$")
_ADDRESS_AFTER = regex.compile(r"[ \t]*(?:,[ \t]*\p{Lu}|\d)")
_ADDRESSED = regex.compile(r"[ \t]*(?:[,:;!?\n]|$)")
_CODE_BEFORE = frozenset(".\\`$#_={+")
_CODE_AFTER = regex.compile(r"[(\\`=_\[<>{+]|[.:]\w|::|\w*[_\d]")
_CODE_INSIDE = regex.compile(r"[+_\\/=<>{}()\[\]]")
# A dot inside a word before lower-case letters: a technology's or file's name (`Node.js`,
# `socket.io`, `setup.py`), never a person's or a place's (initials are `J.R.`).
_DOTTED_NAME = regex.compile(r"\p{L}{2}\.\p{Ll}")
# A lower-case letter then a capital inside a word, unless after a name prefix (Mc, Mac, De...).
_CAMEL = regex.compile(
    r"(?<!\p{L})\p{Ll}+\p{Lu}|(?<!\p{L})(?!(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|Fitz)\p{Lu})"
    r"\p{Lu}\p{Ll}+\p{Lu}|\p{Ll}\p{Lu}[\p{Ll}\d]*\p{Lu}"
)
# A markdown heading or a bold line alone, as issue templates write their fields; one that
# asks for the reporter's environment; a list item.
_HEADING = regex.compile(r"[ \t]*(?:#{1,6}[ \t]|\*\*[^*\n]+\*\*[ \t:]*$)")
_ENV_HEADING = regex.compile(
    r"[ \t]*(?:#{1,6}[ \t]|\*\*)[^\n]*?\b(?i:platform|distribution|os|versions?|device|browser"
    r"|environment|system|hardware|gpu|cpu|compiler)\b"
)
_LIST_ITEM = regex.compile(r"[ \t]*(?:[-*+]|\d+\.)[ \t]")
_VALUE_LINE = 80  # characters: a field's value fits one short line
_PRODUCT_CAMEL = regex.compile(r"(?<!\p{L})(\p{Lu}\p{Ll}{2,})\p{Lu}\p{Ll}")
_NAME_PREFIXES = frozenset({"mac", "fitz", "van", "von", "del", "della", "san", "ten", "ter"})
_ARTICLE_TERM = regex.compile(r"(?i:\b(?:the|this|such|each|any|said))[ \t]+(\p{Lu}[\p{L}\p{M}\-]*)\b")
_DEFINED_TERM = regex.compile(
    r"[(][ \t]*(?i:the[ \t]+)?[\"“]([^\"”\n]{1,60})[\"”]|[\"“]([^\"”\n]{1,60})[\"”][ \t]+(?:means|shall mean)"
)
_SUFFIXES = frozenset({"esq", "jr", "sr", "ii", "iii", "iv", "pc", "llp", "llc", "lp", "phd", "md"})
# A capitalised name right before a defined term's bracket, its last word captured.
_NAME_BEFORE = regex.compile(
    r"\p{Lu}[\p{L}\p{M}.'’\-]*[ \t]+(?P<last>\p{Lu}[\p{L}\p{M}'’\-]+)[ \t]*,?[ \t]*$"
)
# A URL; spaces only where a masked segment stood (the re-scan masks placeholders with spaces:
# `github.com/     /Adan`).
_URL = regex.compile(
    r"(?i:\b(?:https?://|www\.|[\w.\-]+\.(?:com|org|net|io|ai|dev|edu|gov|co)/)(?:\S| +(?=/))*)"
)
# A URL up to the end of its first path segment (`https://github.com/jane`).
_ACCOUNT = regex.compile(r"(?:https?://)?[^/\s]+/@?[^/\s]+")
_ROLE_ENDINGS = (("or", ""), ("or", "e"), ("er", ""), ("er", "e"), ("ee", ""), ("ee", "e"))
_LABEL_AFTER = regex.compile(r"[ \t]*:")
_LABEL_TAIL = regex.compile(
    r"[ \t]+(?:Name|Title|By|Its|Date|Attention|Attn|Address|Email|E-mail|Phone|Tel|Fax)$"
)
_PARTY_VERBS = (
    r"(?:shall|will|may|must|agrees?|hereby|acknowledges|represents|warrants|covenants"
    r"|undertakes|grants)\b"
)
_PARTY_AFTER = regex.compile(rf"[ \t]+{_PARTY_VERBS}")
_WORD_CHAR = regex.compile(r"\w")
# A participle then `by`: the verb's subject is acted on, not acting (`the Order signed by`).
_PASSIVE_BY = regex.compile(r"[ \t]+by\b", regex.IGNORECASE)
_STREET_WORD = regex.compile(
    r"(?i:Street|Avenue|Ave|Road|Boulevard|Blvd|Drive|Way|Parkway|Pkwy|Highway|Hwy|Terrace)"
)
# A house number before a name and a street word after it, maybe past a surname, an initial or
# a suffix: a street named after a person (`1200 Martin Luther King Jr. Blvd.`, `15 John F.
# Kennedy Parkway`), no one's name there.
_HOUSE_NUMBER_BEFORE = regex.compile(r"(?<![\w.,\-])\d{1,6}[A-Za-z]?[ \t]+$")
_STREET_AFTER = regex.compile(
    r"(?:[ \t]+\p{Lu}[\p{L}\p{M}'’\-]*\.?){0,2}[ \t]+(?:" + _STREET_WORD.pattern
    + r"|(?i:Lane|Place|Plaza|Square|Court|Circle|Trail|Turnpike|Expressway|Freeway|St|Rd|Dr|Ln))\b"
)
# A place word after a name makes it a place's (`Santa Clara County`, `Jackson Heights`).
_PLACE_WORDS = (
    r"County|City|Valley|Beach|Park|Island|Islands|Bay|Lake|River|Heights|Hills|Springs"
    r"|Falls|Township|Parish|Borough|District|Province|Airport|Harbor|Harbour"
)
# A room word after a name makes it a venue's (`the Thelma Room`, `Aldous Ballroom`): rooms
# only, not halls or buildings, whose words are also surnames (`Jane Hall`).
_PLACE_AFTER = regex.compile(rf"[ \t]+(?:{_PLACE_WORDS}|Room|Rooms|Ballroom|Boardroom|Auditorium)\b")
# A state code and a ZIP code after a name make it a postal line's town (`Springfield, IL 62704`).
_POSTCODE_AFTER = regex.compile(r",[ \t]*\p{Lu}{2}[ \t]+\d{5}(?:-\d{4})?\b")
_PLACE_LAST = regex.compile(_PLACE_WORDS)
_NEXT_CAPITAL = regex.compile(r"[ \t\u00a0\-]+(\p{Lu}[\p{L}\p{M}]+)\b")  # not an initial
_LOWER_WORD = regex.compile(r"(?<!\w)\p{Ll}[\p{Ll}'’\-]*(?!\w)")


NAMED = frozenset({"PERSON", "LOCATION"})


def named_pieces(
    entity: str,
    text: str,
    start: int,
    end: int,
    orgs: list[tuple[int, int]],
    trusted: bool = False,
) -> list[tuple[int, int, str]]:
    """A finding as (start, end, entity): a PERSON / LOCATION one cut into its lines and
    columns (a name crosses no line break and no gap of three spaces) and before a field label
    that ends it (`Title:`), business terms dropped unless `trusted`, first names re-typed."""
    if entity not in NAMED:
        return [(start, end, entity)]
    pieces = [(m.start(), _before_label(text, m.start(), m.end()))
              for m in _LINE_PIECE.finditer(text, start, end)]
    return [
        (s, e, retype(entity, text, s, e))
        for s, e in pieces
        if not (entity == "PERSON" and environment_value(text, s))
        and ((trusted and not product_camel(text[s:e])) or not business_term(entity, text, s, e, orgs))
    ]


def postal_town(text: str, end: int) -> bool:
    """Whether a state code and a ZIP code follow text[:end] (`Springfield, IL 62704`): what
    ends there is a postal line's town, no one's name."""
    return _POSTCODE_AFTER.match(text, end) is not None


def environment_value(text: str, start: int) -> bool:
    """Whether text[start] is in the value of an issue template's environment field: the
    lines under a heading that asks for a platform, version, device or system (`### OS
    Platform and Distribution`, `**System information**`), list items included. Such a value
    names software and hardware (`Linux, Mac`, `- ios`), even on a line of its own; a line
    longer than a value (`_VALUE_LINE`) is prose."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    if _ENV_HEADING.match(text, line_start) or (
        (len(text) if line_end < 0 else line_end) - line_start > _VALUE_LINE
    ):
        return False  # the heading itself, or a paragraph of prose under it
    above = text[max(0, line_start - 400):line_start].splitlines()
    lines = [line for line in above if line.strip()]
    for line in reversed(lines[-4:]):
        if _HEADING.match(line):
            return _ENV_HEADING.match(line) is not None
        if not _LIST_ITEM.match(line):
            return False
    return False


def product_camel(value: str) -> bool:
    """Whether a word of `value` is a product's or identifier's camel case: a capital inside
    it after a hump of three lower-case letters or more that is no listed first name and no
    name's prefix (`Hello CodeSandbox`, `Hi YouTube`; not `McKenzie`, `MacArthur`, `FitzRoy`,
    `MaryAnn`, `JoAnn`). Even a greeting does not make it a name."""
    first = name_lists()[0]
    return any(m[1].lower() not in first and m[1].lower() not in _NAME_PREFIXES
               for m in _PRODUCT_CAMEL.finditer(value))


def _before_label(text: str, start: int, end: int) -> int:
    """Where a name ends that runs into the next field's label (`Jane Roe Title:` of a
    signature block): before the label."""
    tail = _LABEL_TAIL.search(text, start, end)
    return tail.start() if tail and _LABEL_AFTER.match(text, end) else end


def organisations(text: str) -> list[tuple[int, int]]:
    """(start, end) of capitalised runs that end in an organisation word, and of firms named
    by their partners (`Luse Lehman Gorman & Schick`, `_partners`)."""
    return list(_organisation_spans(text))


@lru_cache(maxsize=256)
def _organisation_spans(text: str) -> tuple[tuple[int, int], ...]:
    """`organisations`, found once per text (every finding of it asks): names ending in an
    organisation word, and firms named by their partners (`_FIRM`)."""
    firms = [m.span() for m in _FIRM.finditer(text) if _partners(m.group())]
    orgs = _ORG.finditer(text) if _ORG_HINT.search(text) else ()
    return tuple(sorted([_affiliation_cut(m) for m in orgs if not _own_practice(text, m)]
                        + firms))


def _own_practice(text: str, match: regex.Match[str]) -> bool:
    """Whether an organisation-shaped run is a person's own practice named after a label cue:
    `Attention: Jane Q. Roe, P.C.` is the lawyer (`with a copy to Roe Vesk, P.C.` a firm)."""
    own = _OWN_PRACTICE.fullmatch(match.group())
    return own is not None and own["first"].lower() in name_lists()[0] and label_context(
        text, match.start())


def _affiliation_cut(match: regex.Match[str]) -> tuple[int, int]:
    """The span of an organisation-shaped run, less a person's name and comma before a name
    of its own (`Jane Roe, Zorvex Systems` in a signature: the person, then the firm she signs
    for; not `Jane Roe, Inc.`, a firm named after her): the name is a listed first name, maybe
    an initial, and a capitalised surname, and two or more words follow the comma."""
    cut = _AFFILIATED.match(match.group())
    if cut is None or cut["first"].lower() not in name_lists()[0]:
        return match.span()
    return match.start() + cut.end(), match.end()


def _partners(run: str) -> bool:
    """Whether the names of a firm-shaped run are partners' surnames: capitalised words (no
    acronym, month or heading word: `Tom DeVane CA Aug Dinner & Golf` is a subject line),
    the last one a surname's (a listed surname or no English word), and fewer of the rest
    listed first names, or English words that are no listed surname, than not (`Wilson
    Sonsini Goodrich & Rosati`, `Skadden, Arps, Slate, Meagher & Flom`; not `Priya, Kenji &
    Joe`, `Research & Development`)."""
    first, last, _ = name_lists()
    head, _, tail = run.rpartition("&")
    words = regex.findall(r"[\p{L}\p{M}'’\-]+", head)
    final = tail.strip().lower()
    if not all(w[:1].isupper() and w[1:].islower() for w in words) or (
        english_word(final) and final not in last
    ):
        return False
    listed_first = sum(w.lower() in first for w in words)
    common = sum(english_word(w.lower()) and w.lower() not in last for w in words)
    return listed_first * 2 < len(words) and common * 2 < len(words)


def business_term(
    entity: str, text: str, start: int, end: int, orgs: list[tuple[int, int]]
) -> bool:
    """Whether the PERSON / LOCATION finding text[start:end] is a business term (see above)."""
    first, last, _ = name_lists()
    words = regex.findall(r"[\p{L}\p{M}'’\-]+", text[start:end])
    if not any(ch.isalpha() for ch in text[start:end]):
        return True  # a rule line or a dash (`------`) names no one
    if HONORIFIC.search(text, max(0, start - 16), start) or plural_titled(text, start):
        return False  # `Ms. Nardell`, `Mayor Brown`, `Commissioners Roe and Vesk`
    if len(words) == 1 and words[0][:1].isupper() and role_noun(words[0]):
        return True  # a party's role, whatever it does (`Subscriber signed`)
    verb = PERSON_VERB.match(text, end)
    if verb and not _PASSIVE_BY.match(text, verb.end()):
        return False  # `Bill said`; not the passive `a Purchase Order confirmed by Acme`
    if entity == "PERSON" and _named_by_cue(text, start, end, words) and not (
        code_like(text, start, end) or in_url(text, start, end)
    ):
        return False  # `call Frost`, `the Frost bill`
    if code_like(text, start, end) or defined_term(text, text[start:end]) or (
        org_short_name(text, text[start:end])
    ) or (
        entity == "PERSON" and (_lower_common(words) or _used_lower(text, words))
    ) or _suffix_only(text[start:end]) or in_url(text, start, end):
        return True
    if entity == "LOCATION" and len(words) == 1 and (
            _party_or_label(text, start, end) or words[0].lower() in CALENDAR):
        return True  # `Anixa will own`, `Telefax:`, `drinks on Thurs?`
    if entity == "PERSON" and (_in_phrase(words, text, end) or (
        len(words) > 1 and (_STREET_WORD.fullmatch(words[-1]) or _PLACE_LAST.fullmatch(words[-1]))
    ) or _PLACE_AFTER.match(text, end) or postal_town(text, end) or (
        _HOUSE_NUMBER_BEFORE.search(text, max(0, start - 12), start) and _STREET_AFTER.match(text, end)
    )):
        return True  # a title, product, street or place name (`One Allison Way`)
    if len(words) > 1 and (_ORG_LAST.fullmatch(words[-1])
                           or any(_LEGAL_FORM.fullmatch(w) for w in words)):
        return True  # a firm named after a person is a firm (`Jane Roe Consulting`, `LLC, OBA`)
    if any(s <= start and end <= e for s, e in _organisation_spans(text)):
        return True  # inside an organisation's name (`Stanford` of `Stanford University`)
    if any(w.lower() in first for w in words):
        return False  # spaCy's organisations are not trusted over a listed first name
    if any(s <= start and end <= e for s, e in orgs) or _model_code_after(text, end):
        return True
    if len(words) == 1 and words[0] in _org_heads(text, orgs):
        return True
    if entity != "PERSON":
        return False
    lower = [w.lower() for w in words]
    return (
        (
            DETERMINER.search(text, max(0, start - 8), start) is not None
            and not any(w in last for w in lower)
        )
        or all(w in _SALUTATION for w in lower)
        or all(w.isupper() and len(w) <= 3 for w in words)
        or (len(words) == 1 and words[0].isupper() and lower[0] not in last)
        or (len(words) == 1 and proper_noun(words[0]) and lower[0] not in last)
        or all(english_word(w) and not proper_noun(w) for w in lower)
    )


def _named_by_cue(text: str, start: int, end: int, words: list[str]) -> bool:
    """Capitalised words, each a listed name, a dictionary proper noun or no English word,
    after a verb whose object is a person on its line (`call Frost`, `ask Moss`) or before a
    bill or amendment named after its sponsors (`the Frost bill`, `the Frost-Hale bill`): a
    name even when it is also a word or the text uses it after an article."""
    first, last, _ = name_lists()
    line_start = text.rfind("\n", 0, start) + 1
    return all(
        w[:1].isupper() and (w.lower() in first or w.lower() in last or proper_noun(w)
                             or not english_word(w.lower()))
        for w in words
    ) and bool(PERSON_OBJECT.search(text[line_start:start]) or SPONSORED.match(text, end))


def _suffix_only(value: str) -> bool:
    """A name suffix or a firm's legal form alone (`Esq`, `Jr.`, `P.C.`): neither a name nor a
    place."""
    return regex.sub(r"[\s.,]", "", value).lower() in _SUFFIXES


def in_url(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] lies inside a URL past its account segment (`Adan` of
    `github.com/sail-sg/Adan`): the first path segment may name a person, the rest does not."""
    return any(
        m.start() <= start and end <= m.end() and not _ACCOUNT.fullmatch(text, m.start(), end)
        for m in _urls(text)
    )


@lru_cache(maxsize=256)
def _urls(text: str) -> tuple[regex.Match, ...]:
    return tuple(_URL.finditer(text))


def role_noun(word: str) -> bool:
    """A party's role named by its act (`Discloser`, `Licensor`, `Licensee`): a verb plus
    -or, -er or -ee, and no listed name (`Baker`, `Fisher` are)."""
    first, last, _ = name_lists()
    lower = word.lower()
    return lower not in first and lower not in last and any(
        lower.endswith(end) and len(lower) > len(end) + 3 and english_word(lower[: -len(end)] + add)
        for end, add in _ROLE_ENDINGS
    )


def _party_or_label(text: str, start: int, end: int) -> bool:
    """A one-word 'place' that is a field label opening a line and no first name (`Telefax:`)
    or acts as a party somewhere in the text (`Anixa will own`): places do not sign or pay."""
    line_start = text.rfind("\n", 0, start) + 1
    if _LABEL_AFTER.match(text, end) and not text[line_start:start].strip() and (
        text[start:end].lower() not in name_lists()[0]
    ):
        return True  # `Telefax:` opening a line; not `Danielle:` (a speaker), `city Voorburg:`
    # every occurrence of the word, then the verb: no pattern compiled per word
    word = text[start:end]
    at = text.find(word)
    while at >= 0:
        if not (at and _WORD_CHAR.match(text, at - 1)) and _PARTY_AFTER.match(text, at + len(word)):
            return True
        at = text.find(word, at + 1)
    return False


def _in_phrase(words: list[str], text: str, end: int) -> bool:
    """A PERSON that is part of a title, product or heading: one English word followed on its
    line by a capitalised English word (`Senior Vice President`, `16-Core Processor`), one word
    followed by an identifier (`Vue DevTools`); or several dictionary words ending in an
    English word, the first neither a particle, a listed first name nor an everyday word
    (`Bitcoin Core`, `Photo Sessions`; not `Jeremy O. March`, `Bill Gates`, `Du Cane`, `Miles
    Quorndale Chairman`)."""
    if len(words) > 1:
        first, _, common = name_lists()
        lead = words[0].lower()
        dictionary = all(english_word(w) or proper_noun(w) for w in words)
        return dictionary and english_word(words[-1]) and len(lead) > 2 and (
            lead not in first and lead not in common
        )
    after = _NEXT_CAPITAL.match(text, end)
    return after is not None and (
        _CAMEL.search(after[1]) is not None or (english_word(words[0]) and english_word(after[1]))
    )


def _org_heads(text: str, orgs: list[tuple[int, int]]) -> set[str]:
    """The first word of every organisation name in the text (`Accuray` of `Accuray Inc.`)."""
    return {regex.match(r"[\p{L}\p{M}'’\-]*", text, pos=s)[0] for s, _ in orgs}


def code_like(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is (part of) a code identifier, path or flag: camel case
    (`kTfLiteOk`, `ValueError`; not `McDonald`, `DeShawn`), a dotted technology name
    (`Node.js`), code punctuation around it, or inside backticks."""
    if _CAMEL.search(text, start, end) or _CODE_INSIDE.search(text, start, end) or (
        _DOTTED_NAME.search(text, start, end)
    ):
        return True
    if start and text[start - 1] in _CODE_BEFORE:
        return True
    if _CODE_AFTER.match(text, end):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    return text.count("`", line_start, start) % 2 == 1


def defined_term(text: str, value: str) -> bool:
    """Whether `value`, of English or unlisted words, is a term the text defines
    (`("Distributor")`, `"Grant" means`) or, a single capitalised word, uses after an article
    (`the Licensor`, `such Shares`). A listed name defined as a term (`Jim Roe ("Roe")`) or
    after an article (`the Jensen novel`) stays a name, and so does the last word of a name
    defined as its short name (`Aino Vesk ("Vesk")`: the person's surname)."""
    first, last, _ = name_lists()
    words = [w.lower() for w in value.split()]
    if not all(english_word(w) or (w not in first and w not in last) for w in words):
        return False
    defined, after_article, _ = _text_terms(text)
    if value in defined:
        return True
    return " " not in value and value[:1].isupper() and value in after_article


def org_short_name(text: str, value: str) -> bool:
    """Whether `value` is a short name the text defines for an organisation: a defined term
    right after the organisation's name (on its line, at most 60 characters between) made of
    that name's first words (`Jane Roe Holdings, LLC ("Jane Roe")`)."""
    return " ".join(value.lower().split()) in _org_short_names(text)


@lru_cache(maxsize=256)
def _org_short_names(text: str) -> frozenset[str]:
    names = set()
    for m in _DEFINED_TERM.finditer(text):
        term = (m[1] or "").lower().split()
        for s, e in _organisation_spans(text):
            if term and e <= m.start() <= e + 60 and "\n" not in text[e : m.start()] and (
                [w.strip(",.") for w in text[s:e].lower().split()][: len(term)] == term
            ):
                names.add(" ".join(term))
    return frozenset(names)


@lru_cache(maxsize=256)
def _text_terms(text: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(terms the text defines, capitalised words after an article, lower-case words), found
    once per text (the rules above ask about every finding of it)."""
    defined = frozenset(m[1] or m[2] for m in _DEFINED_TERM.finditer(text)
                        if not (m[1] and _own_last_word(text, m.start(), m[1])))
    after_article = frozenset(m[1] for m in _ARTICLE_TERM.finditer(text))
    return defined, after_article, frozenset(_LOWER_WORD.findall(text))


def _own_last_word(text: str, at: int, term: str) -> bool:
    """Whether the term defined at text[at] (its bracket) is the last word of the capitalised
    name right before it (`Aino Vesk ("Vesk")`): a short name made of a surname."""
    m = _NAME_BEFORE.search(text, max(0, at - 80), at)
    return m is not None and m["last"] == term


# Endings of a word's regular forms (`grant`, `grants`, `granted`, `granting`).
INFLECTIONS = ("", "s", "es", "ed", "d", "ing")


def _used_lower(text: str, words: list[str]) -> bool:
    """One capitalised English word that the text also uses in lower case, in any regular
    form (`Grant` / `grants`)."""
    word, lower = words[0], _text_terms(text)[2]
    return (
        len(words) == 1
        and not word.islower()
        and english_word(word)
        and any(word.lower() + end in lower for end in INFLECTIONS)
    )


def _lower_common(words: list[str]) -> bool:
    """All lower case, and an English word that is no listed name among the words (`bill`) or
    no listed name at all (`cmake`): lower-case names come from greetings, name pairs and
    found names, or have a listed name in them (`samuel natarajan`)."""
    first, last, _ = name_lists()
    listed = [w in first or w in last for w in words]
    return all(w.islower() for w in words) and (
        not any(listed) or any(english_word(w) and not n for w, n in zip(words, listed, strict=True))
    )


def _model_code_after(text: str, end: int) -> bool:
    code = _MODEL_CODE.match(text, end)
    return bool(code) and any(c.isdigit() for c in code[1]) and any(c.isalpha() for c in code[1])


def retype(entity: str, text: str, start: int, end: int) -> str:
    """PERSON for a lone LOCATION that is a known first name used like one; else `entity`."""
    value = text[start:end]
    if (
        entity == "LOCATION"
        and value.isalpha()
        and value.lower() in name_lists()[0]
        and not _PLACE_BEFORE.search(text, max(0, start - 8), start)
        and not _ADDRESS_AFTER.match(text, end)
        and _ADDRESSED.match(text, end)
    ):
        return "PERSON"
    return entity
