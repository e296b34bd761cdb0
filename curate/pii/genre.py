"""Where a name guess is believed depends on the kind of document: a record's genre.

The record's ingestor says what the text is (`source.kind`): a contract clause, a ticket, or
anything else (e-mail, chat, free text). Personal data sits in different places in each, so a
PERSON that only a guesser proposed (the NER model, the name lists; not the record's
structure, a greeting or a sign-off) needs different evidence:

- contract: people appear in signature and notice blocks and in party recitals, always with a
  first name or an initial (`Donald R. Maresh`, `J. Roe`), as two words that no dictionary
  knows (`Volkmar Glinde`), or after a cue (`By:`, `Name:`, `Attention:`, `Mr.`). A lone word
  (`Aura grants`, `MD Anderson`, `by Accuray`), words of neither kind (`Luse Lehman`,
  `ASHWORTH APPAREL`), upper-case words beside capitalised ones (`GLEN Registered` of a
  trademark table), a name after an article or possessive (`the Charles Schwab
  platform`, `its Tyler Lawson Marks`: a brand) or before a capitalised noun of a thing
  (`Exhibit B - Jane Roe Trademarks`, `Jane Roe Method`) are a party, company, product,
  place or heading, and so are an enumerated heading in capitals (`J. FORCE MAJEURE`) and a
  brand's maker after a title-cased name of a thing (`Maple Suites by Jane Roe`), and so is
  a name with a capitalised word right before it inside its sentence that is no first name
  and no person's, title's or role's word (`Oceanic Zorvex Jane Roe`, `the Annual Grant
  Numbers`: the end of a longer title-case name). A line alone is no greeting there (a party
  list's first line, `Zorvex,`): only a letter's and a signature block's forms name the
  person greeted or signing (`Dear`, `By:`, `Attention:`, a sign-off); an IP
  address needs its own shape (a scheme, a port, a three-digit part) or the word `IP`, as contract prose uses
  the cue words in their everyday sense (`in connection with`: `17.13.1.4` is a clause).
  Where a contract puts places no person stands: a jurisdiction's or venue's position (`the
  laws of Nova Scotia`, `courts located in Santa Barbara`) or before a US state (`Santa
  Monica, California`); and a name only a place has stands anywhere: a country's or
  territory's (`Hong Kong`, `Sierra Leone`), a region's (`Asia Pacific`) or a saint's town
  (`Santa Clara`). Lower-case words are no guessed name there (`min weight`), `said` is no
  cue (`said Canada Marks`), and a hyphenated word of English words is a thing's name
  (`Zorvex Know-How`), as in tickets.
  Only a title or a label is a cue there: a contract's verbs take firms (`introduce Hartwell`,
  `Hartwell agreed`). A name that the text gives a firm's form (`curate.pii.contract_firms`: `d/b/a
  X`, `X's affiliates`, `X (or its affiliate)`, `X` beside `X Ltd.`) or that stands in capitals
  on a line of prose, no common given name first (`grants TUULI VESK a license`), is a firm.
  Propagation still finds
  the surname of a full name found elsewhere in the record (`Jim Nardell` ... `Nardell`).
- ticket: personal data is handles, home paths, profile URLs and `user@host` (the record's
  structure finds those); a guessed name inside a fenced code block, a stack-trace, log,
  import or install line or a pipe table's cell (`EditorConfig|Edi|0.16.4`) is code, and a lone word needs a
  person cue around it (`thanks Jane`, `@`, `cc`, `Jane said`): otherwise it is a product,
  library or optimizer (`Jackson`, `Adam`, `Darwin arm64`, `Recognize Flowers`); a cued one
  that the ticket also glues into identifiers is code too (`replace leakyRelu by Relu`,
  `Relu6`), and a lone lower-case word is none (`non max suppression`), nor lower-case words
  of which one is an English word (`max range`); several words need a first name first, the
  unknown words' shape as in contracts, or to be all listed names (`CHEN SCHULZ`; `Oppo Reno
  9` is none of these), and are software when upper-case words stand beside capitalised
  ones (`Travis CI`), a version or a model number stands next to them (`Hugo Extended 0.111`,
  `2.3.1 of Jane Roe`, `Jane Roe v4`, `Jane Roe 9`), a software or hardware noun (`the Jane Roe
  plugin`, `codename Jane Roe`, `Jane Roe cards`, `Jane Roe nodes`), or ends in a system's, an
  ML library's or an algorithm's word (`Alma Linux`, `Adam Optimizer`, `Blake Hash`), a
  platform's position (`running on Jane Roe`) or an
  article or possessive (`our Jane Roe exporter`) is before or after them, or the text writes
  them joined as a package, identifier or file name (`jane-roe`, `JaneRoe`; not as an account:
  `@janeroe`, `/home/janeroe`), a capitalised word follows them (`Jane Roe Search Widget`:
  a heading or UI string), or one of them is two English words written as one, no listed
  name (`Mui Datagrid`, `Vue Dropdown`: a component's name).
- ticket or contract: words led by a first name end in a surname's shape: no English word,
  a listed surname or a proper noun (`Jane Whitfield`, `Bill Hardy`; not `Alexa Skill`, `Max
  Pooling`, `Grant Agreement`).
- ticket or contract: a card number needs a card word (`card`, `visa`, ...) in the 48
  characters before it: event, trace and build ids pass the card checksum one time in ten.
- ticket or contract: a number past a URL's account segment is the site's id of a page,
  comment or file (`#issuecomment-956353035`), never an SSN, phone or card number; an account
  segment may hold one (`wa.me/<phone>`).
- ticket: a phone number needs phone evidence (`ticket_phone`): a phone word, or a phone's
  shape outside code and away from the places software text puts numbers (versions, ids,
  sizes, timings, arrays, `file.js:39558`); a ticket writes numbers of every kind.
- ticket: a street address is never in code (a table row, a log line) or inside a URL.
- ticket or contract: a hyphenated word with an English word for a part that is no listed
  name is a product's part or a thing (`Zorvex-Gateway`, `made by Zorvex-Workstation`,
  `Zorvex Know-How`), whatever cue precedes it.
- mail (`emails`): as other for what a guess needs; in addition the person score
  (`curate.pii.person_score`) adds words at its lower e-mail threshold
  (`curate.pii.mail_names`): mail is where unlisted names stand in running prose with no cue;
  and a found name takes the word beside it that completes it (`curate.pii.name_neighbours`:
  `Don Lantern`, `Vardhanrao Pellikuri`) and a first name joined to it by `&`, `and` or `or`
  (`curate.pii.joined_names`: `Ines & Bill`, `Drew and Ines`).
- other: no extra requirement (`curate.pii.corroborate` and `curate.pii.terms` decide).
"""

from __future__ import annotations

from typing import Literal

import regex

from curate.pii.code import in_code
from curate.pii.contract_firms import firm_named
from curate.pii.cues import label_context, person_context
from curate.pii.names import country, english_word, name_lists, proper_noun, us_first_names
from curate.pii.phone import phone_cued, phone_shaped, software_number
from curate.pii.recognizers import CARD_CUE, ip_shaped
from curate.pii.salutations import ROLE_WORDS, kept_letter_names, kept_salutation_names
from curate.pii.terms import DETERMINER, ORG_WORDS, ORG_WORDS_UPPER, in_url, role_noun

Genre = Literal["contract", "ticket", "mail", "other"]
_BY_KIND: dict[str, Genre] = {"contracts": "contract", "tickets": "ticket", "emails": "mail"}
# Genres that ask nothing more of a guessed name, a number or a place than the chain does.
PLAIN: frozenset[Genre] = frozenset({"mail", "other"})
# No-break, figure and narrow no-break spaces, which PDF text puts between words
# (`M.\xa0D.\xa0Anderson\xa0Cancer\xa0Center`) where the rules expect a space (`[ \t]`).
_SPACES = str.maketrans(dict.fromkeys("\xa0\u2007\u202f", " "))

_WORD = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}'’\-]*\.?")
_INITIAL = regex.compile(r"\p{Lu}\.(?:\p{Lu}\.)*|\p{Lu}")
_SUFFIXES = frozenset({"ii", "iii", "iv", "jr", "sr"})
# `by` with no colon right before a name (`terminated by Anixa`).
_BARE_BY = regex.compile(r"(?i:\bby)[ \t]+$")
# A contract's `said` is a determiner (`said Agreement`, `said Zorvex Marks`), no verb of
# speaking: no cue (the words still need a name's shape, as `said Jane Roe` has).
_SAID = regex.compile(r"(?i:\bsaid)[ \t]+$")
# A version number after a guessed name: a product's (`Hugo Extended 0.111`, `Julia 1.9`,
# `Vue Router v4`), or before it (`2.3.1 of Lottie Player`, `v4 Vue Router`).
_VERSION_AFTER = regex.compile(r"[ \t]+(?:v?\d+(?:\.\d+)+|v\d+)\b")
_VERSION_BEFORE = regex.compile(r"\b(?:v?\d+(?:\.\d+)+|v\d+)[ \t]+(?:of[ \t]+)?$")
# Software a name is the name of: the noun after it (`the Hugo Docsy theme`, `Aiko Mori build`)
# or before it (`plugin Marp Slides`, `codename Mika Sorensen`).
_SOFTWARE_NOUNS = (
    r"plugins?|extensions?|packages?|librar(?:y|ies)|modules?|themes?|integrations?|frameworks?"
    r"|engines?|apps?|applications?|sdk|api|cli|servers?|clients?|drivers?|runtimes?|toolkits?"
    r"|tokenizers?|models?|datasets?|repos?|repositor(?:y|ies)|projects?|builds?|releases?"
    r"|mods?|widgets?|dashboards?|players?|editors?|browsers?|compilers?|debuggers?|linters?"
    r"|formatters?|bindings?|wrappers?|backends?|frontends?|components?|services?|daemons?"
    r"|containers?|images?|emulators?|simulators?|kernels?|firmware|codename|code[ \t]+name"
    r"|bots?|pipelines?|workflows?|scripts?|templates?|presets?|providers?|adapters?|loaders?"
    r"|modes?|options?|settings?|features?|buttons?|menus?|tabs?|panels?|views?|windows?"
    r"|screens?|dialogs?|commands?|cards?|gpus?|cpus?|chips?|chipsets?|boards?|devices?|phones?"
    r"|laptops?|tablets?|consoles?|processors?|sensors?|cameras?|architectures?|editions?"
    r"|schemas?|protocols?|formats?|specs?|specifications?|codecs?|encodings?"
)
# Nouns of a system, a cluster, an ML library or an algorithm, that name a thing only after
# its name (`Grace Hopper nodes`, `Viola Jones detector`): before a name they are the object
# of what a person did (`the nodes Jane Roe set up`).
_THING_NOUNS = (
    r"linux|bsd|os|distros?|nodes?|clusters?|instances?|machines?|workers?|vms?|hosts?"
    r"|optimi[sz]ers?|schedulers?|layers?|loss(?:es)?|metrics?|callbacks?|tensors?|embeddings?"
    r"|encoders?|decoders?|transformers?|estimators?|classifiers?|regressors?|networks?|nets?"
    r"|detectors?|trackers?|samplers?|solvers?|filter|transform|algorithms?|hash|fonts?|graphics"
    r"|methods?"
)
# A guessed name's last word that makes it a system, a library's part or an algorithm, no
# surname (`Alma Linux`, `Adam Optimizer`, `Grace Hopper Nodes`, `Blake Hash`, `Kai Bot`).
_TECH_LAST = regex.compile(
    r"(?i:linux|bsd|os|distro|optimi[sz]er|scheduler|layers?|loss|tensors?|embeddings?|encoder"
    r"|decoder|transformers?|estimator|classifier|regressor|nodes|clusters|vms|hash|filter|transform"
    r"|detector|tracker|sampler|solver|algorithm|graphics|bot)"
)
# A product's model number after a guessed name: a bare number, perhaps a tier (`Redmi Note 9`,
# `Galaxy Tab 8 Pro`); not a date's, a time's, a phone's or a version's digits, nor a count
# (`Jane Roe 3 days ago`, `Jane Roe 2 times`).
_MODEL_AFTER = regex.compile(
    r"[ \t]+\d{1,4}(?:[ \t]+(?:Pro|Max|Plus|Ultra|Lite|Mini|Air|SE|XL))?(?![\w\-/.:,]\d|[\w\-/:])"
    r"(?![ \t]+(?i:days?|hours?|h|minutes?|mins?|weeks?|months?|years?|seconds?|secs?|times?|ago"
    r"|commits?|comments?|people|others?|more|of|and|or|to|prs?|issues?|votes?|files?|lines?)\b)"
)
# A platform's position: after a verb of running or building and its preposition (`running on
# Jetson Nano`, `fails under Arch Linux`, `built using Tauri Leptos`).
_PLATFORM_BEFORE = regex.compile(
    r"(?i:\b(?:runs?|running|ran|install(?:ed|ing|s)?|buil[dt]|building|builds|test(?:ed|ing|s)?"
    r"|works?|working|worked|fail(?:s|ed|ing)?|crash(?:es|ed|ing)?|happen(?:s|ed|ing)?"
    r"|reproduc(?:e|ed|es|ing|ible)|deploy(?:ed|ing|s)?|hosted|compil(?:e|ed|es|ing))"
    r"[ \t]+(?:on|under|in|using|via)[ \t]+)$"
)
# A group's last word: a greeting or mention of a project's people, no person (`Hi Zorvex
# Devs`, `the Zorvex Maintainers`).
_GROUP_LAST = regex.compile(
    r"(?i:devs|developers|maintainers|contributors|team|teams|folks|guys|people|community"
    r"|crew|staff|members|users|fans|friends|everyone|all)"
)
# A possessive at a name's end, inside the finding or right after it (`Jane Roe's laptop`).
_POSSESSIVE = regex.compile(r"['’]s?(?!\w)")
# A capitalised word right after a guessed name: the name is part of a title-case phrase, a
# heading's or a UI string's (`Marcus Aurelius Search Widget`, `Support Ada Lovelace GPUs`).
_TITLE_AFTER = regex.compile(r"[ \t]+(?!I\b)\p{Lu}[\p{L}\p{M}\d'’\-]*")
_SOFTWARE_AFTER = regex.compile(rf"[ \t]+(?i:{_SOFTWARE_NOUNS}|{_THING_NOUNS})\b")
_SOFTWARE_BEFORE = regex.compile(rf"(?i:\b(?:{_SOFTWARE_NOUNS}))[ \t]+$")
# A contract's capitalised noun after a name makes it the name of a thing: a schedule, marks,
# a product line, a method (`Exhibit B - Jane Roe Trademarks`, `the Jane Roe Schedule`).
_ASSET_AFTER = regex.compile(
    r"[ \t]+(?:Trademarks?|Marks?|Schedule|Exhibit|Agreement|Method|Products?|Brands?"
    r"|Collection|Line|Program|Programme|Plan|Patents?|Property|Properties|Technology"
    r"|Materials?|Territory|Licen[cs]e|Rights|Logo|Designs?|Software|System|Platform|Formula"
    r"|Process|Series|Show|Event|Tour|Award|Building|Cent(?:er|re))\b"
)
# A lower-case word of prose (not the `d/b/a` or `s` of a party's line).
_PROSE_WORD = regex.compile(r"(?<![\w/'’])\p{Ll}{2,}(?![\w/])")
_IP_WORD = regex.compile(r"(?i:\bip(?:v4)?s?\b)[^\n]{0,24}$")
# A contract's place positions: a jurisdiction's or a venue's (`the laws of Nova Scotia`, `the
# courts located in Santa Barbara`, `incorporated in Sierra Leone`), and a place before its US
# state (`Santa Monica, California`). No person stands there; a place named like one does.
_JURISDICTION = (
    r"laws?|courts?|state|province|commonwealth|county|city|town|republic|kingdom|territory"
    r"|territories|district|jurisdiction|government|islands?|parish|municipality|canton"
)
_PLACE_BEFORE = regex.compile(
    rf"(?i:\b(?:(?:{_JURISDICTION})[ \t]+of|(?:located|sitting|seated|situated|held|venued?"
    r"|arbitration|arbitrated|incorporated|organi[sz]ed|headquartered|domiciled|registered|applicable"
    r"|enforceable|resident|based"
    r"|courts?)[ \t]+(?:in|at))[ \t]+(?:the[ \t]+)?)$"
)
_US_STATES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia"
    "|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts"
    "|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New[ \t]+Hampshire"
    "|New[ \t]+Jersey|New[ \t]+Mexico|New[ \t]+York|North[ \t]+Carolina|North[ \t]+Dakota|Ohio"
    "|Oklahoma|Oregon|Pennsylvania|Rhode[ \t]+Island|South[ \t]+Carolina|South[ \t]+Dakota"
    "|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West[ \t]+Virginia|Wisconsin|Wyoming"
)
_STATE_AFTER = regex.compile(rf"[ \t]*,[ \t]*(?:{_US_STATES})\b(?![ \t]+\p{{Lu}})")
# A town named after a saint (`San Mateo`, `São Paulo`, `St. Albans`, `Santa Clara`): `Santa`
# and `Santo` are given names too, so there the saint's word must be a listed first name.
_SAINTS_TOWN = regex.compile(
    r"(?:San|São|Sao|Saint|St\.?|(?P<given>Santa|Santo))[ \t]+(?P<saint>\p{Lu}[\p{Ll}\p{M}'’\-]+)")
# A world region named like a person (`Asia` is a given name): a sales territory's.
_REGION = regex.compile(r"Asia[ \t\-]+(?:Pacific|Minor)")
# A capitalised word inside a sentence right before a name: a word, a closing quote or a
# bracket before it on its line (`Oceanic Zorvex Jane Roe`, `the Quarterly Jane Roe`; not a
# line's or a sentence's first word, not after a comma, colon or dash).
_CAPITALISED_BEFORE = regex.compile(
    r"(?<=[\p{L}\p{M}\d\"”)\]][ \t]+)(?P<word>\p{Lu}[\p{Ll}\p{M}]+)[ \t]+$"
)
# Nouns a contract puts before a person's name as a party's or a title's word (`Talent Jane
# Roe`, `Athlete Jane Roe`); roles named by their act (`Licensee`) and officers' titles are
# known apart (`curate.pii.terms.role_noun`, `curate.pii.salutations.ROLE_WORDS`).
_PERSON_NOUNS = frozenset(
    {"talent", "artist", "athlete", "player", "celebrity", "professional", "employee",
     "individual", "shareholder", "stockholder", "guarantor", "spokesperson", "personality",
     "designer", "author", "physician", "doctor", "inventor", "seller", "landlord", "tenant",
     "borrower", "lender", "contractor", "model", "host", "chef", "coach", "golfer", "driver",
     "musician", "singer", "actor", "actress", "writer", "producer", "mr", "mrs", "ms", "dr",
     "sir", "madam"}
)
# A brand's maker after a title-cased name of a thing: `Maple Suites by Jane Roe`, `Home2
# Suites by ...` (a signature's `By: Jane Roe` is a cue, judged before this); not a firm that
# signs by its officer, its last word an organisation's (`on behalf of ZORVEX LIMITED by Jane
# Roe, Director`).
_BRAND_BY = regex.compile(
    r"\p{Lu}[\p{L}\p{M}\d'’\-]*[ \t]+(?!(?:" + ORG_WORDS + "|" + ORG_WORDS_UPPER + r")\b)"
    r"\p{Lu}[\p{L}\p{M}\d'’\-]*[ \t]+by[ \t]+$"
)
# Where a joined form of a name is an account, not a package: `@janeroe`, `janeroe@`,
# `github.com/janeroe`, `C:\Users\janeroe`.
_ACCOUNT_EDGE = "@/\\"
# A source or header file's extension after a word (`capgstreamer.cpp`).
_FILE_EXTENSION = regex.compile(r"\.(?:c|cc|cpp|cxx|h|hpp|py|pyx|js|jsx|ts|tsx|java|kt|go|rs|rb|cs|m|mm"
                                r"|swift|so|dll|dylib|lib|a|o)\b")
# The identifier's characters before a point in the text (its start is the identifier's).
_TOKEN_BEFORE = regex.compile(r"[\p{L}\d_.\-]*$")
# The login every code forge's SSH remotes share (`git@github.com`, `git@gitlab.acme.org`): no
# one's mailbox.
_FORGE_LOGIN = "git@"
# A line of an indented code block or pasted log (four spaces or a tab).
_INDENTED = regex.compile(r"(?: {4}|\t)")


def spaced(text: str) -> str:
    """`text` with no-break spaces read as spaces: one character for one, so every offset
    found in it holds in `text`."""
    if "\xa0" in text or "\u202f" in text or "\u2007" in text:
        return text.translate(_SPACES)
    return text


def genre_of(kind: str) -> Genre:
    """The genre of a record made by the ingestor `kind` (`contracts`, `tickets`, ...)."""
    return _BY_KIND.get(kind, "other")


def guessed_name_allowed(genre: Genre, text: str, start: int, end: int) -> bool:
    """Whether a PERSON that only a guesser proposed at text[start:end] stands (see above)."""
    if genre in PLAIN:
        return True
    words = _WORD.findall(text[start:end])
    if not words:
        return False
    if _component(words):
        return False  # a product's part or a thing (`Zorvex-Gateway`, `Zorvex Know-How`)
    if genre == "ticket" and len(words) > 1 and _GROUP_LAST.fullmatch(words[-1]):
        return False  # a project's people greeted or named (`Hi Zorvex Devs`)
    if _cued(text, start, end, genre):
        return genre == "contract" or not (
            in_code(text, start) or (len(words) == 1 and _glued_elsewhere(text, start, end, words[0])))
    if genre == "contract":
        return len(words) > 1 and _name_shaped(words) and not _mixed_case(words) and (
            not all(w.islower() for w in words)) and (
            DETERMINER.search(text, max(0, start - 8), start) is None
        ) and not _ASSET_AFTER.match(text, end) and not _heading(words) and (
            _BRAND_BY.search(text, max(0, start - 80), start) is None) and not _place(
            text, start, end) and not _title_run(text, start) and not _capitals_in_prose(
            text, start, end, words) and not firm_named(text, start, end)
    if in_code(text, start) or (len(words) == 1 and words[0].islower()):
        return False
    if all(w.islower() for w in words) and any(english_word(w.rstrip(".")) for w in words):
        return False  # lower-case words, one of them English (`min and max range`)
    if _mixed_case(words) or _software(text, start, end, words) or any(map(_closed_compound, words)):
        return False  # a product (`Travis CI`, `Hugo Extended 0.111`, `the Docsy theme`, `Datagrid`)
    if len(words) > 1 and _TECH_LAST.fullmatch(words[-1].rstrip(".")):
        return False  # a system's or library's part named last (`Alma Linux`, `Adam Optimizer`)
    return len(words) > 1 and (_name_shaped(words) or _listed_names(words))


def _software(text: str, start: int, end: int, words: list[str]) -> bool:
    """A guessed name in a ticket that names software: after an article or possessive (`the
    Ruby Rubocop integration`), next to a version (`Hugo Extended 0.111`, `2.3.1 of Lottie
    Player`), a model number (`Redmi Note 9`) or a software, UI or hardware noun (`Hugo Docsy
    theme`, `codename Mika Sorensen`, `Amelia Earhart mode`, `Ada Lovelace cards`), in a
    platform's position (`running on Jetson Nano`), before a capitalised word of a title-case
    phrase (`Marcus Aurelius Search Widget`), or written joined elsewhere in the text as a
    package, identifier or file name (`lottie-player`, `GemmaTokenizer`, `harper_lint`), not
    as an account (`@janeroe`, `/home/janeroe`); never a possessive (`Jane Roe's laptop`)."""
    before = text[max(0, start - 32) : start]
    if any(p.search(before) for p in (DETERMINER, _VERSION_BEFORE, _SOFTWARE_BEFORE)):
        return True
    if _POSSESSIVE.search(text, max(start, end - 2), end + 2):
        return False  # the owner of what follows (`works on Jane Roe's laptop`)
    if _PLATFORM_BEFORE.search(before):
        return True  # `running on Jetson Nano`
    if any(p.match(text, end) for p in (_VERSION_AFTER, _SOFTWARE_AFTER, _TITLE_AFTER)):
        return True
    if _MODEL_AFTER.match(text, end) and _model_word(words[-1]):
        return True  # `Redmi Note 9`; not `Jane Roe 4`
    return len(words) > 1 and (_joined_elsewhere(text, start, end, words)
                               or written_as_code(text, start, end, words))


def written_as_code(text: str, start: int, end: int, words: list[str]) -> bool:
    """Whether a word of the guess that is no English word and no listed name is written
    elsewhere in lower case as code: a file's name (`capgstreamer.cpp`) or a word of a code
    block or log line (`videoio` beside `Videoio Capgstreamer`); not at an account's edge
    (`/home/jqvorel`, `jqvorel@host`)."""
    first, last, _ = name_lists()
    for word in words:
        low = word.rstrip(".").lower()
        if low == word or low in first or low in last or english_word(low):
            continue
        for m in regex.finditer(rf"(?<![\p{{L}}\d_~{regex.escape(_ACCOUNT_EDGE)}]){regex.escape(low)}"
                                r"(?![\p{L}\d_@])", text):
            if not start <= m.start() < end and (_FILE_EXTENSION.match(text, m.end())
                                                 or in_code(text, m.start())):
                return True
    return False


def _model_word(word: str) -> bool:
    """A product line's word before its model number: an English word, no listed surname
    (`Note`, `Pixel`, `Tab`; not `Roe`, `Baker`)."""
    bare = word.rstrip(".")
    return english_word(bare) and bare.lower() not in name_lists()[1]


def _joined_elsewhere(text: str, start: int, end: int, words: list[str]) -> bool:
    """Whether the words, joined by nothing, `-`, `_` or `.`, occur as a word of the text
    outside text[start:end], in any case and not at an account's edge (see `_software`)."""
    bare = [w.rstrip(".").lower() for w in words]
    forms = "|".join(regex.escape(sep.join(bare)) for sep in ("", "-", "_", "."))
    for m in regex.finditer(rf"(?<![\p{{L}}\d])(?:{forms})(?![\p{{L}}\d])", text.lower()):
        inside = start <= m.start() < end
        edge = (m.start() and text[m.start() - 1] in _ACCOUNT_EDGE) or (
            m.end() < len(text) and text[m.end()] == "@"
        )
        if not inside and not edge:
            return True
    return False


def _glued_elsewhere(text: str, start: int, end: int, word: str) -> bool:
    """Whether the text writes the capitalised `word` elsewhere as a part of an identifier:
    after a letter or before a digit (`leakyRelu`, `Relu6` beside `replace it by Relu`), a term
    of the code, not a person; not in an account (`@janeRoe`, `github.com/xJaneRoe`). A
    product named after a person (`MariaDb`) is no such evidence."""
    bare = word.rstrip(".")
    if not bare[:1].isupper():
        return False
    for m in regex.finditer(rf"(?<=\p{{L}}){regex.escape(bare)}|{regex.escape(bare)}(?=\d)",
                            text):
        if start <= m.start() < end:
            continue
        token = _TOKEN_BEFORE.search(text, max(0, m.start() - 80), m.start())
        first = token.start() if token else m.start()
        if not (first and text[first - 1] in _ACCOUNT_EDGE):
            return True
    return False


# The domains documentation writes its example addresses at: a "your site" in English,
# Portuguese, Spanish, French or German (`yourdomain.com`, `seusite.com.br`). RFC 2606's and
# RFC 5737's reserved names stay personal: this project's own synthetic people use them.
_EXAMPLE_DOMAIN = regex.compile(
    r"(?i:@(?:[\w\-]+\.)*(?:your[\-]?(?:domain|site|company|server|host|mail|email|org)"
    r"|my(?:domain|site|company)|seu[\-]?(?:site|dominio)|sua[\-]?empresa|tu[\-]?dominio"
    r"|mi[\-]?(?:dominio|sitio)|votre[\-]?(?:domaine|site)|beispiel)\.)"
)
# A version's word, right before a number (maybe in quotes: CMake's `found version "1.10.0.1"`)
# or ending the line above it.
_VERSION_WORD = regex.compile(r"(?i:\b(?:versions?|ver)\b\.?[ \t:=]*[\"']?)$")
_VERSION_HEADING = regex.compile(r"(?i:\bversions?)\W*$")
# Number-shaped entities that, past a URL's account segment, are ids of the site's objects.
URL_ID_ENTITIES = frozenset({"US_SSN", "US_ITIN", "US_BANK_NUMBER", "US_PASSPORT",
                             "US_DRIVER_LICENSE", "UK_NHS", "ID_NUMBER", "PHONE_NUMBER",
                             "CREDIT_CARD", "IBAN_CODE"})


def number_allowed(genre: Genre, entity: str, text: str, start: int, end: int) -> bool:
    """Whether a pattern's `entity` finding at text[start:end] stands in `genre`'s documents
    (a card number in a ticket or contract needs a card word before it, a phone in a ticket
    phone evidence; see above)."""
    if genre not in PLAIN and entity in URL_ID_ENTITIES and in_url(text, start, end):
        return False  # a comment, commit or document id (`#issuecomment-956353035`)
    if entity == "EMAIL_ADDRESS" and not _top_level(text[start:end]):
        # a package or repository at a version (`unpkg.com/left-pad@2.7.0`,
        # `tool.git@r2.5`): no domain ends in digits
        return False
    if entity == "EMAIL_ADDRESS" and text[start:end].lower().startswith(_FORGE_LOGIN):
        return False  # a forge's SSH login in a remote (`git@github.com:jroe/tool.git`)
    if genre == "ticket" and _documentation_example(entity, text[start:end]):
        return False  # an example of the docs (`admin@yourdomain.com`, `contato@seusite.com.br`)
    if entity == "PHONE_NUMBER" and genre == "ticket":
        return ticket_phone(text, start, end)
    if entity == "IP_ADDRESS" and genre == "contract" and ":" not in text[start:end]:
        # contract prose uses the IP cue words in their everyday sense (`in connection with`,
        # `client`, `network`): only an address's own shape or the word IP counts there
        return ip_shaped(text, start, end) or (
            _IP_WORD.search(text, max(0, start - 32), start) is not None)
    if entity == "IP_ADDRESS" and genre == "ticket" and _version_value(text, start):
        return False  # a four-part version (`### CUDA/cuDNN version\n\n11.8.0 / 8.6.0.163`)
    if entity == "STREET_ADDRESS" and genre == "ticket" and (
        in_code(text, start) or in_url(text, start, end)
    ):
        return False  # a CPU model in a table row (`AMD Ryzen 9 4900HS`), a URL's fragment
    return entity != "CREDIT_CARD" or genre in PLAIN or CARD_CUE.search(
        text, max(0, start - 48), start
    ) is not None


def _version_value(text: str, start: int) -> bool:
    """Whether the number at `start` is a version by where it stands: the word right before
    it (`cuDNN version: 8.6.0.163`; not `version 70013, us=<ip>`), or the line above it,
    blank lines apart, ends with the word (an issue form's heading `### CUDA/cuDNN
    version`, then `11.8.0 / 8.6.0.163`)."""
    line_start = text.rfind("\n", 0, start) + 1
    if _VERSION_WORD.search(text, max(line_start, start - 16), start):
        return True
    above = text[:line_start].rstrip()
    return _VERSION_HEADING.search(above, above.rfind("\n") + 1) is not None


def _documentation_example(entity: str, value: str) -> bool:
    """Whether an address is one that documentation writes for its examples: an e-mail at a
    "your site" domain (`_EXAMPLE_DOMAIN`) or the IP `1.2.3.4` (`1.2.3.4/24`)."""
    if entity == "EMAIL_ADDRESS":
        return _EXAMPLE_DOMAIN.search(value) is not None
    return entity == "IP_ADDRESS" and regex.fullmatch(r"1\.2\.3\.[04](?:/\d{1,2})?", value) is not None


def _top_level(address: str) -> bool:
    """Whether an e-mail address's domain ends in a top-level domain of two letters or more
    (a spelled-out address, `jane dot doe at example dot com`, has no `@` to split at)."""
    if "@" not in address:
        return True
    tld = address.rpartition("@")[2].rstrip(".").rpartition(".")[2]
    return len(tld) >= 2 and tld.isalpha()


def ticket_phone(text: str, start: int, end: int) -> bool:
    """A phone in software text: a phone word names it (`phone:`, `call me on`), or it has a
    phone's shape (`curate.pii.phone.phone_shaped`) outside code (a fenced or indented block,
    a log or stack-trace line, a table row) and not where software puts its numbers (glued to a URL,
    path or key, in an array, before a unit, after `version`, `id`, `port`...)."""
    if phone_cued(text, start, end):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    return (phone_shaped(text[start:end]) and not in_code(text, start)
            and not _INDENTED.match(text, line_start)
            and not software_number(text, start, end))


def _cued(text: str, start: int, end: int, genre: Genre) -> bool:
    """A person cue around it (`curate.pii.cues`; in a contract only a title or a label
    before it, not a bare `by`: `terminated by Anixa` names a party, nor `said`: `said Zorvex
    Marks`; a contract's verbs take firms: `introduce Zorvex`, `Zorvex agreed`), or a
    greeting or sign-off naming it (`Best Regards,\nMingliang`: the NER result can win over the greeting
    recognizer's)."""
    line_start = text.rfind("\n", 0, start) + 1
    if genre == "contract":
        if label_context(text, start) and not (_BARE_BY.search(text, line_start, start)
                                               or _SAID.search(text, line_start, start)):
            return True
    elif person_context(text, start, end):
        return True
    return greeted_in_genre(genre, text, start, end)


def greeted_in_genre(genre: Genre, text: str, start: int, end: int) -> bool:
    """Whether a greeting or sign-off names text[start:end]; in a contract only a letter's or
    a signature block's (`curate.pii.salutations.letter_names`): a line alone there opens a
    party list or a heading, no message."""
    found = kept_letter_names(text) if genre == "contract" else kept_salutation_names(text)
    return any(a < end and start < b for a, b, _ in found)


def _component(words: list[str]) -> bool:
    """A hyphenated word with a part that is an English word and no listed name
    (`Zorvex-Gateway`, `Acme-Workstation`): a product's part, not a double-barrelled name
    (`Smith-Jones`, `Anne-Marie`)."""
    first, last, _ = name_lists()
    return any(english_word(part) and part.lower() not in first and part.lower() not in last
               for word in words if "-" in word for part in word.strip(".").split("-"))


def _closed_compound(word: str) -> bool:
    """Two English words of four letters or more written as one, the whole no English word
    and no listed name (`Datagrid`, `Textfield`, `Dropdown`): software's and UI's way of
    naming a thing. Surnames of that shape are listed (`Youngblood`, `Applegate`: 646 of the
    17,029 listed surnames that are no English word), the others rarely have it."""
    bare = word.rstrip(".").lower()
    if len(bare) < 8 or not bare.isalpha() or english_word(bare) or proper_noun(bare):
        return False
    first, last, _ = name_lists()
    return bare not in first and bare not in last and any(
        english_word(bare[:i]) and english_word(bare[i:]) for i in range(4, len(bare) - 3))


def _place(text: str, start: int, end: int) -> bool:
    """A contract's place position (`_PLACE_BEFORE`, `_STATE_AFTER`): `the laws of Nova
    Scotia`, `courts located in Santa Barbara`, `Santa Monica, California`; or a name only a
    place has, wherever it stands: a country's or territory's (`Hong Kong`, `Sierra Leone`),
    a region's (`Asia Pacific`) or a saint's town (`Santa Clara`)."""
    value = text[start:end]
    saint = _SAINTS_TOWN.fullmatch(value)
    return (country(value) or _REGION.fullmatch(value) is not None or (saint is not None and (
                saint["given"] is None or saint["saint"].lower() in name_lists()[0]))
            or _PLACE_BEFORE.search(text, max(0, start - 48), start) is not None
            or _STATE_AFTER.match(text, end) is not None)


def _capitals_in_prose(text: str, start: int, end: int, words: list[str]) -> bool:
    """A contract's guessed name in capitals on a line of prose (a lower-case word of two
    letters or more beside it), led by no US Census first name: a party written in capitals,
    as contracts write their firms (`TUULI VESK agrees`, `grants TUULI VESK a license`). A
    person in capitals stands on a line of their own (a party list, a caption), after a cue
    (`By: JANE ROE`), or has a common given name (`JOHN ROE shall`)."""
    long = [w for w in words if len(w.rstrip(".")) > 1]
    if not long or not all(w.isupper() for w in long) or (
            words[0].rstrip(".").lower() in us_first_names()):
        return False
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:start] + " " + text[end : len(text) if line_end < 0 else line_end]
    return _PROSE_WORD.search(line) is not None


def _title_run(text: str, start: int) -> bool:
    """A capitalised word right before a contract's guessed name, inside its sentence (a
    word or a closing quote or bracket before it on the line), that is no listed first name
    and no word of a person, a title or a role (`Licensee`, `Officer`, `Talent`): the name
    ends a longer title-case name, a company's or a defined term's (`Oceanic Zorvex Jane
    Roe`, `the Quarterly Jane Roe Numbers`)."""
    m = _CAPITALISED_BEFORE.search(text, max(0, start - 48), start)
    if m is None:
        return False
    lower = m["word"].lower()
    return not (lower in name_lists()[0] or lower in ROLE_WORDS or lower in _PERSON_NOUNS
                or role_noun(m["word"]))


def _heading(words: list[str]) -> bool:
    """An enumerated heading in capitals (`J. FORCE MAJEURE`): a letter that numbers a clause,
    then upper-case words, one of them an English word."""
    return (len(words[0].rstrip(".")) == 1 and words[0].endswith(".")
            and all(w.isupper() for w in words[1:])
            and any(english_word(w.rstrip(".").lower()) for w in words[1:]))


def _name_shaped(words: list[str]) -> bool:
    """The first word is a listed first name or an initial (`J.`, `J.R.`) and the last is
    shaped like a surname, or two words are capitalised and neither English words nor
    dictionary proper nouns (`Volkmar Glinde`; not `Luse Lehman`, `Oppo Reno`)."""
    lead = words[0]
    if _INITIAL.fullmatch(lead) is not None or lead.rstrip(".").lower() in name_lists()[0]:
        return _surname_shaped(words[-1])
    unknown = [w for w in words if w[:1].isupper() and not english_word(w.rstrip("."))
               and not proper_noun(w.rstrip("."))]
    return len(unknown) >= 2


def _surname_shaped(word: str) -> bool:
    """A name's last word: an initial or suffix, no English word, a listed surname, a
    dictionary proper noun or a person noun of a persona's name (`Whitfield`, `Hardy`,
    `Stone`, `Andy Administrator`; not the `Skill` of `Alexa Skill`, the `Pooling` of `Max
    Pooling`, the `Agreement` of `Grant Agreement`)."""
    bare = word.rstrip(".")
    return (
        len(bare) <= 1 or bare.lower() in _SUFFIXES or not english_word(bare)
        or bare.lower() in name_lists()[1] or proper_noun(bare) or role_noun(bare)
    )


def _listed_names(words: list[str]) -> bool:
    """Every word a listed first name or surname that is no common English word (`CHEN
    SCHULZ`, `lucia kowalski`); in contracts firms are named so (`Luse Lehman`)."""
    first, last, common = name_lists()
    return all((w.lower() in first or w.lower() in last) and w.lower() not in common
               for w in words)


def _mixed_case(words: list[str]) -> bool:
    """Upper-case words beside capitalised ones (`GLEN Registered`); initials and name
    suffixes (`III`, `Jr.`) do not count."""
    bare = [w.rstrip(".") for w in words
            if len(w.rstrip(".")) > 1 and w.rstrip(".").lower() not in _SUFFIXES]
    return any(w.isupper() for w in bare) and any(not w.isupper() for w in bare)
