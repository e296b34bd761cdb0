"""The one vocabulary of person cues: words around a capitalised word that say it names a
person. Before it on its line: a title (`Ms.`, `Mayor`, `Sen.`), a signature or notice label
(`Attention:`, `By:`, `/s/`, `c/o`), a greeting or a thanks (`Dear`, `Hi`, `thanks`), a
mention (`@`), a trailer of a commit (`Signed-off-by:`), or a verb whose object is a person
(`please copy`, `ask`, `my name is`, `a call into`). After it: a verb of speaking or acting
(`asked`, `commented`), a dialogue's speaker label (`Jane: "..."`) or, for a surname, a
bill named after its sponsors (`the Frost bill`).

Every rule that asks whether the context says "person" (`curate.pii.genre`,
`curate.pii.corroborate`, `curate.pii.names`, `curate.pii.terms`) reads these lists: add a
cue here, to the list of its kind."""

from __future__ import annotations

import regex

# Titles that stand before a person's name (`Chairman Vorlitzke`, `Sen. Quillbarrow`).
_TITLES = (
    r"Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Hon|Sen|Senator|Gov|Governor|Rep|Representative"
    r"|Chairman|Chairwoman|Commissioner|Judge|Justice|Mayor|Chancellor|Secretary|Ambassador"
    r"|Congressman|Congresswoman|Speaker|Leader|Cong|Reps|Sens|Congressmen|Congresswomen|Senators"
    r"|Representatives"
)
# HONORIFIC, CUE and PERSON_OBJECT end where the text searched ends (`$`) and are only asked
# whether they match there: searched backwards (`(?r)`) from that end, not tried at every
# position before it, the same answer.
HONORIFIC = regex.compile(rf"(?r)\b(?:{_TITLES})\.?[ \t]+$")
# Titles that make the capitalised word after them a name even when no model or list says so
# (`Mayor Brown`, `Ms. Nardell`, `Cong. Roe`): none that also starts a place or an office (`Dr.`
# is a street, `Justice Department`, `Speaker Series`). A plural one (`Reps.`, `Senators`) names
# every person of the list after it (`Reps. Jane Roe and Hal Vasko`); `Commissioners` only
# before a list of two or more (`Commissioners Roe and Vesk`; not a `Commissioners Court`).
NAME_TITLE = regex.compile(
    r"(?<![\w.])(?:Mr|Mrs|Ms|Mayor|Sen|Senator|Gov|Governor|Rep|Judge|Congressman"
    r"|Congresswoman|Commissioner|Cong|(?P<plural>Reps|Sens|Congressmen|Congresswomen|Senators"
    r"|Representatives|Commissioners(?=[ \t]+\p{Lu}\p{Ll}+(?:,[ \t]+\p{Lu}\p{Ll}+)*,?[ \t]+"
    r"(?:and|&)[ \t]+\p{Lu})))\.?[ \t]+(?=\p{Lu})"
)
# Labels of signature and notice blocks and of commit trailers (`By:`, and `by` an agent:
# `written by Jane`; a contract's `by Accuray` is a party, `curate.pii.genre` says so),
# greetings, thanks and the `@` of a mention.
_LABELS = (
    r"attention|attn|name|by|signed(?:[ \t]+by)?|signature|witness"
    r"|print(?:ed)?[ \t]+name|c/o|f/s/o|care[ \t]+of|contact(?:[ \t]+person)?|author|signed-off-by"
    r"|co-authored-by|reviewed-by|reported[ \t]+by|holder|colleague|customer|client"
)
_GREETINGS = (
    r"dear|hi|hello|hey|hallo|guten[ \t]+tag|hola|bonjour|salut|ciao|hej|ol[aá]|thanks"
    r"|thank[ \t]+you|thx"
)
CUE = regex.compile(
    rf"(?r)(?i:(?:\b(?:{_LABELS}|{_GREETINGS})\b\.?|/s/|@)[ \t]*:?[ \t]*"
    r"(?:(?:Mr|Mrs|Ms|Dr)\.?[ \t]+)?)$"
)
# Verbs whose object is a person (`please copy Maelys`, `a call into Rosalba`, `ask for X`),
# and a relation named by a possessive (`my kid Maelys`).
PERSON_OBJECT = regex.compile(
    r"(?r)(?i:\b(?:ask|asked|tell|told|thank|thanked|copy|cc|call|called|email|e-mail|emailed|ping"
    r"|pinged|meet|met|introduce|introduced|remind|reminded|invite|invited|let|says|said"
    r"|asks|wrote|starring|featuring|call me|named|name is|name's|name\?|surname is"
    r"|call(?:ed|s)? in(?:[ \t]*to)?|call(?:ed|s)? to|reach|reached|ask(?:ed|s)? for"
    r"|(?:speak|spoke|spoken|talk|talked"
    r"|discussed|meeting)[ \t]+(?:to|with)"
    # a relation named by a possessive (`my kid Dravko`, `her assistant Quellin`)
    r"|(?:my|our|your|his|her|their)[ \t]+(?:kid|son|daughter|child|wife|husband|brother|sister"
    r"|mother|father|mom|dad|cousin|uncle|aunt|nephew|niece|friend|colleague|boss|assistant)))[ \t]+$"
)
# Verbs of speaking or acting that follow a person (`Bill Hardy asked`).
PERSON_VERB = regex.compile(
    r"[ \t]+(?:said|says|asked|asks|wrote|writes|told|tells|replied|replies|thinks|thought"
    r"|agreed|mentioned|suggested|explained|noted|emailed|called|signed|wants|wanted|feels"
    r"|felt|believes|believed|commented|reported|confirmed|lives|lived|began|begins|spent|shouted"
    r"|speaks|spoke|sang|sings|smiled|laughed|married|graduated|studied)\b"
)
# A bill or amendment named after its sponsors follows their names (`the Frost bill`,
# `the Frost-Hale amendment`, `the Frost/Hale Bill`).
SPONSORED = regex.compile(r"(?:[-/]\p{Lu}[\p{L}\p{M}'’]+)*[ \t]+(?:bill|amendment|legislation)\b")
# A measure named after its sponsor follows the name, maybe after a co-sponsor or one
# capitalised word (`Wexden Bankruptcy Amendment`, `a Preston subcommittee`), and so does a
# draft or proposal in lower case, maybe after one lower-case word (`the Preston draft`, `the
# Preston discussion draft`; not a contract's `Starwood Draft`).
NAMED_MEASURE = regex.compile(
    r"(?:[-/]\p{Lu}[\p{L}\p{M}'’]+)*(?:[ \t]+\p{Lu}[\p{Ll}\p{M}]+)?[ \t]+"
    r"(?i:bill|amendment|legislation|subcommittee)\b"
)
NAMED_DRAFT = regex.compile(
    r"(?:[-/]\p{Lu}[\p{L}\p{M}'’]+)*(?:[ \t]+\p{Ll}+)?[ \t]+"
    r"(?:bill|amendment|legislation|subcommittee|draft|proposal)\b"
)
# The names before a later name of a plural title's list (`Jane Roe and ` of `Reps. Jane
# Roe and Hal Vasko`): one or two capitalised words each, joined by `,`, `and` or `&`.
_LIST_SO_FAR = regex.compile(
    r"(?:\p{Lu}[\p{L}\p{M}'’\-]*(?:[ \t]+\p{Lu}[\p{L}\p{M}'’\-]*)?(?:,|,?[ \t]+(?:and|&))[ \t]+)*")
# What every plural title of NAME_TITLE starts with: a line without one opens no list.
_PLURAL_WORD = regex.compile(r"Reps|Sens|Congress|Senators|Representatives|Commissioners")


def plural_titled(text: str, start: int) -> bool:
    """Whether text[start:] is a name of the list a plural title opens on its line
    (`Commissioners Roe and Vesk`, `Reps. Jane Roe, Hal Vasko and Mia Lund`): the title names
    each, whatever an organisation's name around them says."""
    line_start = text.rfind("\n", 0, start) + 1
    if not _PLURAL_WORD.search(text, line_start, start):
        return False  # most lines hold no plural title: skip NAME_TITLE's scan of the line
    for m in NAME_TITLE.finditer(text, line_start):
        if m.end() > start:
            return False
        # a full word's period ends its sentence (`such Representatives. If ...`)
        dotted = m["plural"] not in ("Reps", "Sens") and "." in m.group()
        if m["plural"] and not dotted and _LIST_SO_FAR.fullmatch(text, m.end(), start):
            return True
    return False


# A speaker's label in a dialogue: `Jane: "Who are you?"`.
SPEAKER = regex.compile(r"[ \t]*:[ \t]*[\"“]")


def label_context(text: str, start: int) -> bool:
    """Whether a title or a signature, notice or greeting label stands before text[start:]
    on its line (`Mr.`, `Attention:`, `By:`): the cues a contract names its people with; its
    verbs take firms as well as people (`introduce Zorvex`, `Zorvex agreed`)."""
    before = text[text.rfind("\n", 0, start) + 1 : start]
    return HONORIFIC.search(before) is not None or CUE.search(before) is not None


def person_context(text: str, start: int, end: int) -> bool:
    """Whether the words around text[start:end], on its line, say it names a person."""
    before = text[text.rfind("\n", 0, start) + 1 : start]
    return (
        label_context(text, start) or PERSON_OBJECT.search(before) is not None
        or bool(PERSON_VERB.match(text, end) or SPEAKER.match(text, end))
        or plural_titled(text, start)
    )
