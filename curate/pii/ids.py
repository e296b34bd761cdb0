"""Personal identifiers that a cue introduces, plus the UK national insurance number's own shape.

- US_SSN after `ssn` / `social security number` in any punctuation: `ssn:536904399`.
- ID_NUMBER: a UK national insurance number (`QQ 12 34 56 C`, valid prefix letters; any
  letters after a `national insurance` / `NI number` / `NINO` cue), a passport number after
  `passport` (6 to 9 letters and digits, one a digit, after an optional country code:
  `GB 801234567`), a conference or meeting passcode, PIN or password after its cue (`passcode:
  4411298#`, `participant code 123 4567`, `pin code #4411`) or right after its bridge's number
  on a call's line (`call 800 555 0100 441129`), and a driver's licence, employee, national or tax
  id after its cue (a run of letters and digits with a digit).
- IP_ADDRESS: the client of a request, whatever its digits: the first field of an
  access-log line (`curate.pii.structure.ACCESS_LOG`), the address (or proxy chain) after a
  Jira log line's request and session ids (`curate.pii.structure.REQUEST_LOG`) or the value
  of a client key (`clientIp`, `remote_addr=`, `X-Forwarded-For:`, `"sourceIPAddress":
  "..."`); never an address that names no one host (loopback, `0.0.0.0`, multicast, reserved
  ranges).
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

import regex

from curate.pii.structure import ACCESS_LOG, request_logs

if TYPE_CHECKING:
    from presidio_analyzer import EntityRecognizer

# What may stand between a cue and its value: `number`, `no.`, `#`, `is`, `:`, `=`.
_GLUE = r"(?:[ \t]*(?:number|num|no\.?|nos\.?|#|id))?[ \t]*(?:is|was|:|=|#|-|–)?[ \t]*"
_CODE = r"(?=[\p{L}\d\-]*\d)[\p{L}\d][\p{L}\d\-]{3,17}[\p{L}\d]"
_PATTERNS = (
    (
        "US_SSN",
        rf"(?i:\b(?:ssn|ss\#|social[ \t]+security))(?-i:{_GLUE})(?P<value>\d{{3}}[ \-]?\d{{2}}"
        r"[ \-]?\d{4})(?!\d)",
    ),
    (
        "ID_NUMBER",
        r"(?<![\w])(?P<value>[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}"
        r"[ \t]?[A-D])(?!\w)",
    ),
    (
        "ID_NUMBER",
        rf"(?i:\b(?:national[ \t]+insurance|ni|nino)\b{_GLUE})(?P<value>(?i:[a-z]{{2}}[ \t]?\d{{2}}"
        r"[ \t]?\d{2}[ \t]?\d{2}[ \t]?[a-d]))(?!\w)",
    ),
    (
        "ID_NUMBER",
        rf"(?i:\bpassport\b{_GLUE})(?P<value>(?i:(?:[a-z]{{1,3}}[ \t])?(?=[a-z]*\d)[a-z0-9]{{6,9}}))"
        r"(?!\w)",
    ),
    (
        "ID_NUMBER",
        rf"(?i:\b(?:pass[ \t]?code|participant[ \t]+(?:code|pin|passcode)|conference[ \t]+(?:code|id)"
        rf"|access[ \t]+code|meeting[ \t]+id|host[ \t]+(?:code|pin)|leader[ \t]+(?:code|pin)"
        rf"|pin(?:[ \t]+code)?|password)\b{_GLUE})(?P<value>\d(?:[ \-]?\d){{3,14}})(?!\d)",
    ),
    (  # a bridge's code right after its number, with no cue of its own: `call 800 555 0100 4411`
        "ID_NUMBER",
        r"(?i:\b(?:call|conference|dial[ \t\-]?in|bridge)\b)[^\n]{0,40}?(?<![\d\-])(?:1[ \-.]?)?"
        r"\(?\d{3}\)?[ \-.]?\d{3}[ \-.]?\d{4}[ \t]*[,;/]?[ \t]+(?P<value>\d{4,8})(?![\d\-])",
    ),
    (
        "ID_NUMBER",
        rf"(?i:\b(?:driver'?s?[ \t]+licen[cs]e|licen[cs]e[ \t]+(?:number|no)|employee[ \t]+(?:id|number)"
        rf"|national[ \t]+id|id[ \t]+card|tax[ \t]+id|tin)\b{_GLUE})(?P<value>{_CODE})(?!\w)",
    ),
)
_COMPILED = tuple((entity, regex.compile(pattern)) for entity, pattern in _PATTERNS)
_CLIENT_KEY = regex.compile(
    r"(?i:(?:client|remote|source|src|peer|origin|user|real|forwarded)[_\-]?(?:ip|addr|address"
    r"|host)(?:[_\-]?address)?|x-forwarded-for|x-real-ip|ip[_\-]?addr(?:ess)?)[\"']?[ \t]*[:=]"
    r"[ \t]*[\"']?(?P<value>(?:\d{1,3}\.){3}\d{1,3})(?![\d.]*\d)"
)
_IPV4 = regex.compile(r"(?:\d{1,3}\.){3}\d{1,3}")
SCORE = 0.75


def find_ids(text: str, entity: str) -> list[tuple[int, int, float]]:
    """(start, end, SCORE) of every identifier of `entity` (US_SSN, ID_NUMBER or IP_ADDRESS)
    in `text`."""
    if entity == "IP_ADDRESS":
        return _client_ips(text)
    return [
        (*m.span("value"), SCORE)
        for kind, pattern in _COMPILED
        if kind == entity
        for m in pattern.finditer(text)
    ]


def id_recognizers() -> list[EntityRecognizer]:
    """One presidio recognizer per entity of `find_ids`."""
    from curate.pii.finder import finder_recognizer

    return [
        finder_recognizer(entity, name, lambda text, _, entity=entity: find_ids(text, entity))
        for entity, name in (("US_SSN", "CuedSsnRecognizer"), ("ID_NUMBER", "IdNumberRecognizer"),
                             ("IP_ADDRESS", "ClientIpRecognizer"))
    ]


def _client_ips(text: str) -> list[tuple[int, int, float]]:
    spans = [m.span("ip") for m in ACCESS_LOG.finditer(text)]
    spans += [(m.start("ips") + ip.start(), m.start("ips") + ip.end())
              for m in request_logs(text) for ip in _IPV4.finditer(m["ips"])]
    spans += [m.span("value") for m in _CLIENT_KEY.finditer(text)]
    return [(start, end, SCORE) for start, end in sorted(set(spans)) if _host(text[start:end])]


def _host(address: str) -> bool:
    """Whether a client's address is one host's: not this machine (`127.0.0.1`), not `0.0.0.0`
    (any), not a group or a reserved range."""
    try:
        ip = ipaddress.IPv4Address(address)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_unspecified or ip.is_multicast or ip.is_reserved)
