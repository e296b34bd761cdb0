"""Recognizers beyond presidio's defaults: street addresses, names in greetings and
signatures, dates of birth and card numbers in context, spelled-out e-mail addresses
(`jane dot doe at gmail dot com`), cue-led identifiers (`curate.pii.ids`), IPv4 addresses
only where they read as one, and config patterns."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

import regex

from curate.pii.address import TRIGGER as ADDRESS_TRIGGER
from curate.pii.backed import TRIGGER as BACKED_TRIGGER

if TYPE_CHECKING:
    from presidio_analyzer import PatternRecognizer, RecognizerResult
    from presidio_analyzer.nlp_engine import NlpArtifacts


Keep = Callable[[str, int, int], bool]


class PatternSpec(NamedTuple):
    """An organisation-specific identifier from config: hashable, so it can key the engine cache."""

    name: str
    regex: str
    score: float
    entity: str


_FLAGS = regex.IGNORECASE | regex.MULTILINE
# A unit on its own needs its word: a bare `#N` glued to a word is an issue, pull request or
# item number (`bitcoin-core/gui#571`, `T#1`), a unit's `#` only after a street line
# (`curate.pii.address`).
_UNIT = r"(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Room|Floor|Fl\.)[ \t]*#?\d+[A-Za-z]?"
_ADDRESS_PATTERNS = {"unit": rf"\b{_UNIT}\b"}
# A region or postcode on its own is a place: personal only when tied to a person or a street
# (`curate.pii.places`), so these report LOCATION.
_POSTCODE_PATTERNS = {
    "state and zip": r"(?-i:\b[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?\b)",
    "uk postcode": r"(?-i:\b[A-Z]{1,2}\d[A-Z\d]?[ \t]*\d[A-Z]{2}\b)",
}
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = (
    rf"\b(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-](?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|(?:\d{{1,2}}(?:st|nd|rd|th)?[ \t]+(?:of[ \t]+)?)?{_MONTH}[ \t]+"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?,?[ \t]+)?\d{{4}})\b"
)


_SPELLED_AT = r"(?:[ \t]+at[ \t]+|[ \t]*[\[({]at[\])}][ \t]*)"
_SPELLED_DOT = r"(?:[ \t]+dot[ \t]+|[ \t]*[\[({]dot[\])}][ \t]*)"
_TLD = (
    r"(?:com|org|net|edu|gov|mil|int|info|biz|io|co|us|uk|ca|au|de|fr|nl|be|ch|at|it|es|se|no"
    r"|dk|fi|ie|in|jp|cn|br|mx|ru|pl)"
)
_LOCAL_PART = rf"[a-z0-9_%+\-]+(?:(?:{_SPELLED_DOT}|\.)[a-z0-9_%+\-]+)*"
_DOMAIN = r"[a-z0-9\-]+"
SPELLED_EMAIL = (
    # jane dot doe at gmail dot com / jane (at) gmail (dot) com / jane@gmail dot com
    rf"\b{_LOCAL_PART}(?:{_SPELLED_AT}|@){_DOMAIN}(?:(?:{_SPELLED_DOT}|\.){_DOMAIN})*?"
    rf"{_SPELLED_DOT}{_TLD}\b"
    # jane (at) gmail.com
    rf"|\b{_LOCAL_PART}[ \t]*[\[({{]at[\])}}][ \t]*{_DOMAIN}(?:\.{_DOMAIN})*\.{_TLD}\b"
)
# The local part of a role mailbox: a function's address, no person's (`complaints@acme.com`).
_ROLE_MAILBOX = regex.compile(
    r"(?i:(?:info|contact|contacts|support|help|helpdesk|sales|admin|administrator|legal|notices?"
    r"|complaints?|office|hr|billing|accounts?|accounting|finance|service|services|privacy"
    r"|security|webmaster|postmaster|hostmaster|abuse|no-?reply|do-?not-?reply|team|press|media"
    r"|marketing|orders?|enquiries|inquiries|careers|jobs|feedback|customerservice|compliance"
    # accounts payable and receivable, as a contract's invoicing clause addresses them
    r"|ap|ar|payables?|receivables?|invoices?|invoicing|remittance|purchasing|procurement"
    r"|treasury|payroll)"
    r"(?:[._\-]?(?:team|dept|desk|\d+))?)@"
)
# The local part of a list or group mailbox: it ends in a group's noun, perhaps glued to the
# group's name and followed by a short id (`coreteamlist@`, `steeringcommittee@`,
# `grid_member_xy9@`, `legalhub-compliance@`, an Exchange list's
# `IMCEAEX-..._CN=DISTRIBUTION+20LISTS_CN=...+20MEMBERS@`).
_GROUP_MAILBOX = regex.compile(
    r"[^@\s]*?(?i:team|teams|committee|committees|participants?|council|groups?|members|lists"
    r"|desk|compliance|dept|department)(?:[._\-][A-Za-z]{0,2}\d+)?@"
)
_IP_CUE = regex.compile(
    r"(?i:\b(?:ip|ips|ipv4|address|addr|host|hostname|server|client|ping|subnet|netmask|gateway"
    r"|dns|proxy|vpn|router|connect\w*|localhost|port|ssh|network|lan|wan|interface|inet|eth\d"
    r"|listen\w*|bind|firewall|route|machine|curl|tcp|udp)\b)"
)
# A URL's scheme right before it (`http://10.0.3.7`, `ssh://deploy@10.0.3.7`): a URL elsewhere
# near a version number is no cue (`fails on 2.0.1.5, see https://...`).
_SCHEME_BEFORE = regex.compile(r"(?i:\b[a-z][a-z0-9+.\-]*://(?:[^\s@/]*@)?)$")
# Words that say a long number is a payment card's.
CARD_WORDS = ["card", "credit", "debit", "visa", "mastercard", "amex", "cc"]
CARD_CUE = regex.compile(r"(?i:\b(?:" + "|".join(CARD_WORDS) + r")\b)")
_SECTION_CUE = regex.compile(
    r"(?i:\b(?:sections?|clauses?|articles?|paragraphs?|subsections?|exhibits?|schedules?"
    r"|versions?|ver|v|rev|release|§|¶)\.?[ \t]*[=:]?[ \t]*)$"
)
# A pinned or tagged version: `cudnn==8.6.0.163`, `V8: 10.8.168.25-electron.0`.
_VERSION_AROUND = regex.compile(r"[=~<>]=[\d.]+|[\d.]+-[A-Za-z]")
# A product's version glued after its name and a slash, as user agents write them
# (`Chrome/116.0.0.0`, `Edg/116.0.1938.62`): never a host's address.
# A version after another one and a slash (`CUDA/cuDNN 11.8/8.9.0.131`) is one too.
_PRODUCT_SLASH = regex.compile(r"(?<![/\w.\-])(?:[A-Za-z][\w.\-]*|\d+\.\d+(?:\.\d+)?)/$")
_IP_SHAPE_AFTER = regex.compile(r":\d{1,5}\b|/\d{1,2}\b")


# What a text must hold for a recognizer to find anything in it: every match of the
# recognizer's patterns holds a match of its trigger, so `curate.pii.analyze` does not run it
# on a text without one (most texts hold no spelled-out e-mail, many no digit).
_DIGIT = regex.compile(r"\d")
TRIGGERS: dict[str, regex.Pattern[str]] = {
    **dict.fromkeys(
        (
            "CreditCardRecognizer", "UsSsnRecognizer", "IbanRecognizer", "CuedSsnRecognizer",
            "IdNumberRecognizer", "ClientIpRecognizer", "StreetAddressRecognizer",
            "PostcodeRecognizer", "DateOfBirthRecognizer", "CardContextRecognizer",
            "ZipContextRecognizer", "CandidatePhoneRecognizer", "PhoneFormatRecognizer",
        ),
        _DIGIT,
    ),
    "EmailRecognizer": regex.compile("@"),
    # IPv4 has digits, every IPv6 form a colon (`::`)
    "ContextIpRecognizer": regex.compile(r"[\d:]"),
    # SPELLED_EMAIL's two forms: a spelled dot before the TLD, or a bracketed `at`
    "SpelledEmailRecognizer": regex.compile(r"dot|[\[({]at[\])}]", _FLAGS),
    "AddressRecognizer": ADDRESS_TRIGGER,
    "BackedNameRecognizer": BACKED_TRIGGER,
}


def role_mailbox(address: str) -> bool:
    """Whether `address` is a role mailbox (`legal@`, `complaints@`, `support-team@`) or a
    list's or group's (`steeringcommittee@`, `grid_member_xy9@`)."""
    address = address.strip()
    return _ROLE_MAILBOX.match(address) is not None or _GROUP_MAILBOX.match(address) is not None


_PREFIX_AFTER = regex.compile(r"/(\d{1,2})\b")


def network_range(text: str, start: int, end: int) -> bool:
    """Whether the IPv4 address at text[start:end] (its prefix length inside or after it)
    opens a network range (`10.0.0.0/8`, `192.168.1.0/24`: no host bits set): a range names
    no one's machine."""
    import ipaddress

    address, _, bits = text[start:end].partition("/")
    if not bits:
        prefix = _PREFIX_AFTER.match(text, end)
        bits = prefix[1] if prefix else ""
    if not bits.isdigit() or int(bits) >= 32:
        return False
    try:
        ipaddress.IPv4Network(f"{address}/{bits}")
    except ValueError:
        return False
    return True


def plausible_ipv4(text: str, start: int, end: int) -> bool:
    """An IPv4 address reads as one with an IP cue within 48 characters, a URL scheme right
    before it, a port or prefix length after it, or a part of three digits; never after
    `section`, `version`, `§`..., nor as a pinned or tagged version (`==8.6.0.163`,
    `10.8.168.25-electron`) or a product's (`Chrome/116.0.0.0`), nor as an address that
    names no one's machine (`machine_free`)."""
    if _SECTION_CUE.search(text, max(0, start - 16), start) or _VERSION_AROUND.search(
        text, max(0, start - 2), min(len(text), end + 2)
    ) or _PRODUCT_SLASH.search(text, max(0, start - 40), start) or machine_free(text[start:end]):
        return False
    return (
        _IP_CUE.search(text, max(0, start - 48), min(len(text), end + 48)) is not None
        or ip_shaped(text, start, end)
    )


def ip_shaped(text: str, start: int, end: int) -> bool:
    """Whether the dotted quad at text[start:end] reads as an address by its own shape, with
    no cue word: a URL scheme right before it, a port or prefix length after it, or a part of
    three digits (`17.13.1.4` has none: a clause's number)."""
    return (
        _SCHEME_BEFORE.search(text, max(0, start - 64), start) is not None
        or _IP_SHAPE_AFTER.match(text, end) is not None
        or any(len(part) == 3 for part in text[start:end].split("."))
    )


def machine_free(address: str) -> bool:
    """Whether an IPv4 address names no particular machine: loopback (`127.0.0.1`), the
    unspecified `0.0.0.0`, multicast, broadcast and reserved ranges, or a netmask (its bits
    ones then zeros: `255.255.255.0`)."""
    import ipaddress

    try:
        ip = ipaddress.IPv4Address(address)
    except ValueError:
        return False
    bits = int(ip)
    mask = bits != 0 and (bits | (bits - 1)) == 0xFFFFFFFF and bits >> 24 == 0xFF
    return ip.is_loopback or ip.is_unspecified or ip.is_multicast or ip.is_reserved or mask


def _filtered(base: type[PatternRecognizer], keep: Keep) -> type[PatternRecognizer]:
    """A subclass of the pattern recognizer `base` that reports only the findings `keep`s."""

    class Filtered(base):  # type: ignore[valid-type, misc]
        def analyze(
            self,
            text: str,
            entities: list[str],
            nlp_artifacts: NlpArtifacts | None = None,
            regex_flags: int | None = None,
        ) -> list[RecognizerResult]:
            found = super().analyze(text, entities, nlp_artifacts, regex_flags)
            return [r for r in found if keep(text, r.start, r.end)]

    return Filtered


def ip_recognizer() -> PatternRecognizer:
    """presidio's IpRecognizer, its IPv4 findings kept only where `plausible_ipv4`, and
    never a network range's (`network_range`, IPv6 `fc00::/8`)."""
    from presidio_analyzer.predefined_recognizers import IpRecognizer

    def keep(text: str, start: int, end: int) -> bool:
        # IPv6: a host's, unless a prefix length makes it a range; fewer than three groups is
        # a slice (`arr[1::]`) or a form that names no one's machine (`::1`, `fe80::1`)
        if ":" in text[start:end]:
            return ("/" not in text[start:end] and not _PREFIX_AFTER.match(text, end)
                    and sum(1 for group in text[start:end].split(":") if group) >= 3)
        return plausible_ipv4(text, start, end) and not network_range(text, start, end)

    return _filtered(IpRecognizer, keep)(name="ContextIpRecognizer")


def _pattern_recognizer(
    entity: str, name: str, patterns: dict[str, str], score: float
) -> PatternRecognizer:
    from presidio_analyzer import Pattern, PatternRecognizer

    return PatternRecognizer(
        supported_entity=entity,
        name=name,
        patterns=[Pattern(key, rx, score) for key, rx in patterns.items()],
        global_regex_flags=_FLAGS,
    )


def _context_recognizer(
    entity: str, name: str, pattern: str, words: list[str], score: float
) -> PatternRecognizer:
    """A pattern that only counts when one of `words` occurs shortly before the match."""
    from presidio_analyzer import Pattern, PatternRecognizer

    cue = regex.compile(r"\b(?:" + "|".join(words) + r")\b", _FLAGS)

    def keep(text: str, start: int, end: int) -> bool:
        return cue.search(text, max(0, start - 48), start) is not None

    return _filtered(PatternRecognizer, keep)(
        supported_entity=entity,
        name=name,
        patterns=[Pattern(name, pattern, score)],
        global_regex_flags=_FLAGS,
    )


def builtin_recognizers() -> list[PatternRecognizer]:
    """Our additions to presidio's registry (see the module docstring)."""
    from curate.pii.address import address_recognizer
    from curate.pii.backed import backed_recognizer
    from curate.pii.contract_people import contract_person_recognizer
    from curate.pii.ids import id_recognizers
    from curate.pii.names import name_recognizer
    from curate.pii.person_score import person_score_recognizer
    from curate.pii.salutations import salutation_recognizer

    return [
        *id_recognizers(),
        ip_recognizer(),
        _pattern_recognizer(
            "EMAIL_ADDRESS", "SpelledEmailRecognizer", {"spelled e-mail": SPELLED_EMAIL}, 0.7
        ),
        address_recognizer(),
        name_recognizer(),
        _pattern_recognizer("STREET_ADDRESS", "StreetAddressRecognizer", _ADDRESS_PATTERNS, 0.7),
        _pattern_recognizer("LOCATION", "PostcodeRecognizer", _POSTCODE_PATTERNS, 0.7),
        salutation_recognizer(),
        contract_person_recognizer(),
        backed_recognizer(),
        person_score_recognizer(),
        _context_recognizer(
            "DATE_OF_BIRTH",
            "DateOfBirthRecognizer",
            _DATE,
            ["born", "birth", "dob", r"d\.o\.b", "birthday"],
            0.8,
        ),
        _context_recognizer(
            "CREDIT_CARD",
            "CardContextRecognizer",
            r"\b(?:\d[ -]?){12,18}\d\b",
            CARD_WORDS,
            0.6,
        ),
        _context_recognizer(
            "STREET_ADDRESS",
            "ZipContextRecognizer",
            r"\b\d{5}(?:-\d{4})?\b",
            ["zip", "postal", "postcode", "zip code"],
            0.6,
        ),
    ]


def config_recognizer(spec: PatternSpec) -> PatternRecognizer:
    """A recognizer for one `extra_patterns` entry of the redact config."""
    return _pattern_recognizer(
        spec.entity, f"config:{spec.name}", {spec.name: spec.regex}, spec.score
    )
