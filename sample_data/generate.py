"""Generate the synthetic sample data set (emails, tickets, contracts).

Everything is invented. The output is deterministic: running this twice gives
byte-identical files. Usage:

    python sample_data/generate.py [--out DIR]

Without --out the files are written next to this script (the committed copy).
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import textwrap
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path
from random import Random

import clauses as cl
import phrases as ph

SEED = 20240601
ORG_DOMAIN = "northwind.example"
N_THREADS = 320
N_TICKETS = 950
N_CONTRACTS_TXT = 14
N_CONTRACTS_DOCX = 4

# --------------------------------------------------------------------------- templates

_ALT = re.compile(r"\{([^{}]*)\}")
_SLOT = re.compile(r"<([A-Za-z_0-9]+)>")


def expand(template: str, rng: Random, slots: dict[str, str]) -> str:
    """Resolve `{a|b}` alternatives (innermost first) and `<slot>` values; tidy spaces."""
    text = template
    while True:
        match = _ALT.search(text)
        if not match:
            break
        choice = rng.choice(match.group(1).split("|"))
        text = text[: match.start()] + choice + text[match.end() :]
    text = _SLOT.sub(lambda m: slots[m.group(1)], text)
    text = re.sub(r" {2,}", " ", text)
    text = re.sub(r" ([,.;:?])", r"\1", text)
    return text.strip()


def pick_ordered(rng: Random, pool: list[str], k: int) -> list[str]:
    """k items of pool, keeping pool order (so sentences stay logical)."""
    idx = sorted(rng.sample(range(len(pool)), min(k, len(pool))))
    return [pool[i] for i in idx]


def wrap(text: str, width: int = 72) -> str:
    """Wrap every paragraph like a mail client; blank lines separate paragraphs."""
    paras = text.split("\n\n")
    return "\n\n".join(
        "\n".join(textwrap.fill(line, width) if line else line for line in p.split("\n"))
        for p in paras
    )


# --------------------------------------------------------------------------- people and values


def luhn_complete(prefix: str, length: int, rng: Random) -> str:
    """A Luhn-valid card number starting with prefix."""
    digits = prefix + "".join(str(rng.randint(0, 9)) for _ in range(length - len(prefix) - 1))
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return digits + str((10 - total % 10) % 10)


def iban(country: str, bban: str) -> str:
    """An IBAN with correct mod-97 check digits."""
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(numeric) % 97
    return f"{country}{check:02d}{bban}"


@dataclass
class Person:
    first: str
    last: str
    company: str
    region: str

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def slug(self) -> str:
        return self.company.split()[0].lower()

    @property
    def email(self) -> str:
        tld = {"EU": "org", "NA": "com", "APAC": "net"}[self.region]
        return f"{self.first.lower()}.{self.last.lower()}@{self.slug}.example.{tld}"


@dataclass
class Planted:
    """Counts of deliberately planted issues, for the README and the test."""

    counts: Counter = field(default_factory=Counter)

    def add(self, kind: str, n: int = 1) -> None:
        self.counts[kind] += n


REGION_CITY = {
    "EU": ["Frankfurt", "Dublin", "Amsterdam"],
    "NA": ["Virginia", "Oregon", "Toronto"],
    "APAC": ["Singapore", "Sydney", "Tokyo"],
}
CURRENCY = {"EU": "€", "NA": "$", "APAC": "A$"}
TZ = {"EU": [1, 2], "NA": [-5, -8, -6], "APAC": [8, 10, 9]}


def money(rng: Random, region: str) -> str:
    value = rng.choice([rng.randint(9, 99), rng.randint(100, 999), rng.randint(1000, 4999)])
    cents = rng.choice(["00", "00", "50", "99", f"{rng.randint(0, 99):02d}"])
    return f"{CURRENCY[region]}{value:,}.{cents}"


def slots_for(rng: Random, person: Person, agent: str, when: datetime) -> dict[str, str]:
    """Values shared by every message of one conversation."""
    region = person.region
    day = when + timedelta(days=-rng.randint(1, 20))
    date = day.strftime("%-d %B") if region != "NA" else day.strftime("%B %-d")
    return {
        "first": person.first,
        "name": person.name,
        "company": person.company,
        "slug": person.slug,
        "plan": rng.choice(ph.PLANS),
        "years": str(rng.randint(2, 7)),
        "count": str(rng.randint(2, 9)),
        "product": rng.choice(ph.PRODUCTS),
        "hardware": rng.choice(ph.HARDWARE),
        "order": str(rng.randint(100000, 999999)),
        "order2": str(rng.randint(100000, 999999)),
        "ref": str(rng.randint(100000, 999999)),
        "invoice": f"INV-{when.year}-{rng.randint(10000, 99999)}",
        "amount": money(rng, region),
        "amount2": money(rng, region),
        "date": date,
        "weekday": rng.choice(ph.WEEKDAYS[:5]),
        "days": str(rng.randint(3, 10)),
        "hours": f"{rng.randint(0, 23):02d}",
        "carrier": rng.choice(ph.CARRIERS),
        "error": rng.choice(ph.ERROR_CODES),
        "service": rng.choice(ph.SERVICES),
        "region_city": rng.choice(REGION_CITY[region]),
        "agent": agent.split()[0],
    }


# --------------------------------------------------------------------------- planted PII


def phone(rng: Random, region: str) -> str:
    n = rng.randint(100, 199)
    if region == "NA":
        area = rng.choice(["415", "212", "312", "646", "617"])
        return rng.choice(
            [f"({area}) 555-0{n}", f"{area}.555.0{n}", f"+1 {area} 555 0{n}", f"{area}-555-0{n}"]
        )
    if region == "EU":
        return rng.choice(
            [
                f"+44 20 7946 0{n}",
                f"+49 30 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
                f"+353 1 {rng.randint(200, 999)} {rng.randint(1000, 9999)}",
            ]
        )
    return rng.choice(
        [
            f"+61 2 9876 5{n}",
            f"+65 6{rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            f"+81 3 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
        ]
    )


def card(rng: Random) -> str:
    kind = rng.choice(["visa", "mc", "amex"])
    if kind == "amex":
        num = luhn_complete(rng.choice(["34", "37"]), 15, rng)
        return rng.choice([f"{num[:4]} {num[4:10]} {num[10:]}", num])
    num = luhn_complete("4" if kind == "visa" else str(rng.randint(51, 55)), 16, rng)
    groups = [num[i : i + 4] for i in range(0, 16, 4)]
    return rng.choice([" ".join(groups), "-".join(groups), num])


def address(rng: Random, region: str) -> str:
    if region == "NA":
        street = rng.choice(["Maple", "Cedar", "Lakeview", "Hillcrest", "Oak", "Sycamore"])
        kind = rng.choice(["Street", "Avenue", "Road", "Lane"])
        unit = rng.choice(["Apt", "Suite", "Unit"])
        city = rng.choice(
            [
                ("Springfield", "IL", "627"),
                ("Portland", "OR", "972"),
                ("Austin", "TX", "787"),
                ("Madison", "WI", "537"),
            ]
        )
        return (
            f"{rng.randint(10, 9899)} {street} {kind}, "
            f"{unit} {rng.randint(1, 40)}{rng.choice('ABCD')}, "
            f"{city[0]}, {city[1]} {city[2]}{rng.randint(10, 99)}"
        )
    if region == "EU":
        return rng.choice(
            [
                f"Flat {rng.randint(1, 12)}{rng.choice('ABC')}, {rng.randint(2, 98)} Elm Grove, "
                f"Manchester M14 {rng.randint(1, 9)}TR",
                f"Lindenstraße {rng.randint(2, 80)}, Wohnung {rng.randint(1, 20)}, "
                f"10{rng.randint(115, 999)} Berlin",
                f"Apartment {rng.randint(1, 30)}, {rng.randint(2, 60)} Pembroke Road, "
                f"Dublin D04 {rng.choice('KXW')}{rng.randint(100, 999)}",
            ]
        )
    return (
        f"Unit {rng.randint(1, 40)}, {rng.randint(2, 300)} George Street, "
        f"{rng.choice(['Sydney NSW 2000', 'Parramatta NSW 2150', 'Brisbane QLD 4000'])}"
    )


def dob(rng: Random) -> str:
    d = datetime(rng.randint(1955, 2001), rng.randint(1, 12), rng.randint(1, 28))
    return rng.choice(
        [
            d.strftime("%m/%d/%Y"),
            d.strftime("%d.%m.%Y"),
            d.strftime("%Y-%m-%d"),
            d.strftime("%-d %B %Y"),
        ]
    )


def an_iban(rng: Random) -> str:
    if rng.random() < 0.6:
        value = iban("DE", "".join(str(rng.randint(0, 9)) for _ in range(18)))
    else:
        value = iban(
            "GB",
            rng.choice(["NWBK", "BARC", "MIDL"])
            + "".join(str(rng.randint(0, 9)) for _ in range(14)),
        )
    return (
        " ".join(value[i : i + 4] for i in range(0, len(value), 4)) if rng.random() < 0.5 else value
    )


def other_name(rng: Random) -> str:
    name = f"{rng.choice(ph.FIRST_NAMES)} {rng.choice(ph.LAST_NAMES)}"
    return rng.choice([name, name.lower(), name.upper()])


def personal_email(rng: Random, person: Person) -> str:
    private = f"{person.first.lower()}{person.last.lower()}{rng.randint(10, 99)}@example.com"
    return rng.choice([person.email, private])


# kind, categories (None: all), probability, value maker, sentence templates
PII_PLANTS = [
    (
        "pii_email",
        None,
        0.04,
        personal_email,
        [
            "You can also reach me at {}.",
            "Feel free to email me at {} if that is easier.",
            "Please copy my personal address {} on replies.",
        ],
    ),
    (
        "pii_phone",
        None,
        0.04,
        lambda rng, p: phone(rng, p.region),
        [
            "My direct line is {}.",
            "Call me on {} if you need more details.",
            "You can ring me at {} any time before 5 pm.",
        ],
    ),
    (
        "pii_card",
        ("billing",),
        0.12,
        lambda rng, p: card(rng),
        [
            "The card we used is {}, expiry 09/27.",
            "I paid with my card number {}.",
            "Our company card {} was charged.",
        ],
    ),
    (
        "pii_address",
        ("shipping",),
        0.15,
        lambda rng, p: address(rng, p.region),
        [
            "Please send it to {}.",
            "The delivery address is {}.",
            "Ship the replacement to {} please.",
        ],
    ),
    (
        "pii_dob",
        ("account",),
        0.12,
        lambda rng, p: dob(rng),
        [
            "For verification, my date of birth is {}.",
            "My date of birth is {} if you need it.",
            "To confirm it's me: born {}.",
        ],
    ),
    (
        "pii_iban",
        ("billing", "cancellation"),
        0.07,
        lambda rng, p: an_iban(rng),
        [
            "Please refund to my IBAN {}.",
            "You can send the money to our IBAN {}.",
            "Our bank account is IBAN {}, account holder {name}.",
        ],
    ),
    (
        "pii_name_in_body",
        None,
        0.03,
        lambda rng, p: other_name(rng),
        [
            "My colleague {} set this up originally.",
            "{} from our finance team can confirm this.",
            "Please also keep {} in the loop.",
        ],
    ),
]


def pii_sentences(rng: Random, person: Person, category: str, planted: Planted) -> list[str]:
    """Planted PII sentences for one customer message (usually none)."""
    out = []
    for kind, categories, probability, make, templates in PII_PLANTS:
        if (categories is None or category in categories) and rng.random() < probability:
            value = make(rng, person)
            out.append(rng.choice(templates).format(value, name=person.name))
            planted.add(kind)
    return out


def customer_signature(rng: Random, person: Person, planted: Planted) -> str:
    closing = rng.choice(ph.CUSTOMER_CLOSINGS)
    r = rng.random()
    if r < 0.03:
        planted.add("pii_name_lowercase")
        return f"{closing.lower()} {person.name.lower()}"
    if r < 0.05:
        planted.add("pii_name_uppercase")
        return f"{closing}\n{person.name.upper()}"
    if r < 0.5:
        return f"{closing}\n{person.first}"
    return f"{closing}\n{person.name}\n{person.company}"


# --------------------------------------------------------------------------- conversations


@dataclass
class Conversation:
    """One support case: who, what, and the texts exchanged."""

    person: Person
    agent: str
    category: str
    issue: dict
    slots: dict[str, str]
    used_details: list[str] = field(default_factory=list)
    used_actions: list[str] = field(default_factory=list)


def new_conversation(rng: Random, category: str, region: str, when: datetime) -> Conversation:
    person = Person(
        rng.choice(ph.FIRST_NAMES), rng.choice(ph.LAST_NAMES), rng.choice(ph.COMPANIES), region
    )
    agent = rng.choice(ph.AGENTS)
    issue = rng.choice(ph.ISSUES[category])
    return Conversation(person, agent, category, issue, slots_for(rng, person, agent, when))


def subject(rng: Random, conv: Conversation) -> str:
    return expand(rng.choice(conv.issue["subjects"]), rng, conv.slots)


def customer_first(
    rng: Random, conv: Conversation, planted: Planted, email: bool, from_line: bool = False
) -> str:
    """The opening customer message: greeting, the problem, details, urgency, sign-off."""
    s = conv.slots
    body = [expand(rng.choice(conv.issue["open"]), rng, s)]
    details = pick_ordered(rng, conv.issue["details"], rng.randint(2, 3))
    conv.used_details = details
    body += [expand(d, rng, s) for d in details]
    if rng.random() < 0.7:
        body.insert(
            0 if rng.random() < 0.5 else len(body), expand(rng.choice(ph.CUSTOMER_CONTEXT), rng, s)
        )
    paras = [" ".join(body)]
    if from_line:
        paras.append(expand(ph.FROM_LINE, rng, s))
    tail = pii_sentences(rng, conv.person, conv.category, planted)
    if rng.random() < 0.75:
        tail.insert(0, expand(rng.choice(ph.CUSTOMER_URGENCY), rng, s))
    if tail:
        paras.append(" ".join(tail))
    if email or rng.random() < 0.5:
        paras.insert(0, rng.choice(ph.CUSTOMER_GREETINGS))
    if email or rng.random() < 0.6:
        paras.append(customer_signature(rng, conv.person, planted))
    return "\n\n".join(paras)


def agent_reply(rng: Random, conv: Conversation) -> str:
    """The agent's answer: greeting, acknowledgement, 2-4 actions, a closing line."""
    s = conv.slots
    first, *others = conv.issue["actions"]
    actions = [first, *pick_ordered(rng, others, rng.randint(1, 3))]
    conv.used_actions += actions
    ack = expand(rng.choice(ph.AGENT_ACKS), rng, s)
    first = " ".join(x for x in [ack, expand(actions[0], rng, s)] if x)
    rest = " ".join(expand(a, rng, s) for a in actions[1:])
    paras = [
        expand(rng.choice(ph.AGENT_GREETINGS), rng, s),
        first,
        rest,
        expand(rng.choice(ph.AGENT_CLOSINGS), rng, s),
    ]
    return "\n\n".join(p for p in paras if p)


def customer_follow_up(rng: Random, conv: Conversation, planted: Planted) -> str:
    s = conv.slots
    spare = [d for d in conv.issue["details"] if d not in conv.used_details] or conv.issue[
        "details"
    ]
    details = pick_ordered(rng, spare, 2)
    conv.used_details += details
    asks = pick_ordered(rng, ph.FOLLOW_UPS["customer_ask"], rng.randint(1, 2))
    body = [expand(rng.choice(ph.FOLLOW_UPS["customer"]), rng, s)] + [
        expand(d, rng, s) for d in details
    ]
    body += [expand(a, rng, s) for a in asks]
    paras = [" ".join(body), *pii_sentences(rng, conv.person, conv.category, planted)]
    paras.append(customer_signature(rng, conv.person, planted))
    return "\n\n".join(paras)


def agent_follow_up(rng: Random, conv: Conversation) -> str:
    s = conv.slots
    lines = pick_ordered(rng, ph.FOLLOW_UPS["agent"], 3)
    fresh = [a for a in conv.issue["actions"] if a not in conv.used_actions]
    middle = [expand(x, rng, s) for x in lines]
    if fresh:
        extra = rng.choice(fresh)
        conv.used_actions.append(extra)
        middle.insert(1, expand(extra, rng, s))
    paras = [
        expand(rng.choice(ph.AGENT_GREETINGS[:3]), rng, s),
        " ".join(middle),
        expand(rng.choice(ph.AGENT_CLOSINGS), rng, s),
    ]
    return "\n\n".join(paras)


def noisy_label(rng: Random, category: str) -> str:
    return rng.choice([c for c in ph.CATEGORIES if c != category])


def balanced(rng: Random, values: list[str], n: int) -> list[str]:
    """n values cycling through `values`, shuffled: near-equal counts."""
    out = [values[i % len(values)] for i in range(n)]
    rng.shuffle(out)
    return out


def fill_foreign(rng: Random, item: dict, conv: Conversation) -> tuple[str, str, str]:
    s = conv.slots
    return (
        expand(item["subject"], rng, s),
        expand(item["customer"], rng, s),
        expand(item["agent"], rng, s),
    )


# --------------------------------------------------------------------------- emails


@dataclass
class Mail:
    sender: tuple[str, str]
    to: tuple[str, str]
    subject: str
    date: datetime
    msg_id: str
    body: str
    refs: list[str]
    category: str
    region: str
    html: bool = False
    cte: str | None = None
    auto: bool = False


def msg_id(rng: Random, domain: str) -> str:
    return f"<{rng.getrandbits(48):012x}.{rng.randint(1000, 9999)}@{domain}>"


def quote_block(rng: Random, prev: Mail) -> str:
    """The quoted previous message, in one of the common client styles."""
    text = prev.body if not prev.html else re.sub(r"<[^>]+>", "", prev.body)
    if rng.random() < 0.12:
        sent = prev.date.strftime("%A, %B %-d, %Y %-I:%M %p")
        return (
            f"-----Original Message-----\nFrom: {formataddr(prev.sender)}\nSent: {sent}\n"
            f"To: {formataddr(prev.to)}\nSubject: {prev.subject}\n\n{text}"
        )
    if rng.random() < 0.5:
        head = f"On {prev.date.strftime('%a, %-d %b %Y at %H:%M')}, {prev.sender[0]} wrote:"
    else:
        head = (
            f"On {prev.date.strftime('%a, %b %-d, %Y')}, {prev.sender[0]} <{prev.sender[1]}> wrote:"
        )
    quoted = "\n".join("> " + line if line else ">" for line in wrap(text, 70).split("\n"))
    return f"{head}\n{quoted}"


def agent_signature(rng: Random, agent: str, planted: Planted) -> str:
    sep = rng.choice(["-- ", "--"])
    team = rng.choice(
        ["Northwind Cloud Support", "Northwind Cloud Support", "Customer Support | Northwind Cloud"]
    )
    sig = f"{rng.choice(ph.AGENT_SIGNOFFS)}\n{agent.split()[0]}\n\n{sep}\n{agent}\n{team}"
    if rng.random() < 0.25:
        sig += "\n\n" + textwrap.fill(rng.choice(ph.DISCLAIMERS), 72)
        planted.add("email_disclaimer")
    return sig


class ThreadWriter:
    """Builds the messages of one thread with correct threading headers."""

    def __init__(self, rng: Random, conv: Conversation, region: str, label: str, start: datetime):
        self.rng, self.conv, self.region, self.label = rng, conv, region, label
        p = conv.person
        self.customer = (p.name, p.email)
        self.agent = (
            f"{conv.agent} (Northwind Cloud)",
            f"{conv.agent.lower().replace(' ', '.')}@{ORG_DOMAIN}",
        )
        self.support = ("Northwind Cloud Support", f"support@{ORG_DOMAIN}")
        self.tz = timezone(timedelta(hours=rng.choice(TZ[region])))
        self.clock = start.replace(tzinfo=self.tz)
        self.mails: list[Mail] = []
        self.subject = ""

    def _next_time(self, lo: int, hi: int) -> datetime:
        self.clock = self.clock + timedelta(minutes=self.rng.randint(lo, hi))
        return self.clock

    def customer_says(self, body: str, subject: str | None = None, **kw) -> Mail:
        if subject is not None:
            self.subject = subject
        prev = self.mails[-1] if self.mails else None
        subj = (
            self.subject
            if prev is None
            else self.rng.choice(["Re: ", "RE: ", "Re: "]) + self.subject
        )
        body = wrap(body)
        if prev is not None:
            body = f"{body}\n\n{quote_block(self.rng, prev)}"
        return self._add(
            self.customer,
            self.support if prev is None else prev.sender,
            subj,
            self._next_time(60, 2880) if prev else self.clock,
            body,
            self.conv.person.email,
            **kw,
        )

    def agent_says(self, body: str, planted: Planted, reply_to: Mail | None = None, **kw) -> Mail:
        prev = reply_to or self.mails[-1]
        body = wrap(body)
        if not kw.get("auto"):
            body = f"{body}\n\n{agent_signature(self.rng, self.conv.agent, planted)}"
            body = f"{body}\n\n{quote_block(self.rng, prev)}"
            subj = "Re: " + self.subject
            sender = self.agent
        else:
            subj = "Automatic reply: " + self.subject
            sender = (self.agent[0], self.agent[1])
        when = self._next_time(5, 60) if kw.get("auto") else self._next_time(30, 1800)
        return self._add(
            sender, self.customer, subj, when.astimezone(UTC), body, ORG_DOMAIN, parent=prev, **kw
        )

    def _add(self, sender, to, subj, when, body, domain, parent: Mail | None = None, **kw) -> Mail:
        parent = parent or (self.mails[-1] if self.mails else None)
        refs = ([*parent.refs, parent.msg_id]) if parent else []
        mail = Mail(
            sender,
            to,
            subj,
            when,
            msg_id(self.rng, domain.split("@")[-1]),
            body,
            refs,
            self.label,
            self.region,
            **kw,
        )
        self.mails.append(mail)
        return mail


def render_mail(mail: Mail) -> bytes:
    msg = EmailMessage()
    msg["From"] = formataddr(mail.sender)
    msg["To"] = formataddr(mail.to)
    msg["Subject"] = mail.subject
    msg["Date"] = format_datetime(mail.date)
    msg["Message-ID"] = mail.msg_id
    if mail.refs:
        msg["In-Reply-To"] = mail.refs[-1]
        msg["References"] = " ".join(mail.refs)
    msg["X-Category"] = mail.category
    msg["X-Region"] = mail.region
    if mail.auto:
        msg["Auto-Submitted"] = "auto-replied"
        msg["X-Autoreply"] = "yes"
    if mail.html:
        msg.set_content(mail.body, subtype="html")
    elif mail.cte:
        msg.set_content(mail.body + "\n", cte=mail.cte)
    else:
        msg.set_content(mail.body + "\n" if mail.body else "")
    return msg.as_bytes()


def mbox_entry(mail: Mail) -> bytes:
    raw = render_mail(mail)
    raw = re.sub(rb"(?m)^(>*From )", rb">\1", raw)
    envelope = mail.date.astimezone(UTC).strftime("%a %b %d %H:%M:%S %Y")
    entry = f"From {mail.sender[1]} {envelope}\n".encode() + raw
    return entry if entry.endswith(b"\n\n") else entry.rstrip(b"\n") + b"\n\n"


def html_body(text: str) -> str:
    paras = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in text.split("\n\n"))
    return f"<html><head><style>p {{ margin: 0 0 8px }}</style></head><body>{paras}</body></html>"


def build_threads(rng: Random, planted: Planted) -> list[Mail]:
    """All support threads; returns messages in chronological order."""
    categories = balanced(rng, ph.CATEGORIES, N_THREADS)
    regions = balanced(rng, ph.REGIONS, N_THREADS)
    specials = rng.sample(range(N_THREADS), 16)
    foreign, html, empty, auto, trivial = (
        specials[:3],
        specials[3:5],
        specials[5],
        specials[6],
        specials[7:9],
    )
    from_lines = set(specials[9:12])
    noisy = set(rng.sample(range(N_THREADS), round(N_THREADS * 0.03)))
    duplicated = set(rng.sample(range(N_THREADS), 12))
    base = datetime(2024, 1, 8, 9, 0)
    mails: list[Mail] = []
    for i in range(N_THREADS):
        category, region = categories[i], regions[i]
        start = base + timedelta(days=i * 1.6 + rng.random(), minutes=rng.randint(0, 540))
        conv = new_conversation(rng, category, region, start)
        label = noisy_label(rng, category) if i in noisy else category
        planted.add("email_noisy_label", int(i in noisy))
        t = ThreadWriter(rng, conv, region, label, start)
        if i in foreign:
            item = ph.NON_ENGLISH[5 + foreign.index(i)]
            t.label = item["category"] if i not in noisy else label
            subj, cust, agent_text = fill_foreign(rng, item, conv)
            cte = ["quoted-printable", "base64", "8bit"][foreign.index(i)]
            t.customer_says(cust, subj, cte=cte)
            t.agent_says(agent_text, planted)
            planted.add("email_non_english")
        elif i == empty:
            t.customer_says("", subject(rng, conv))
            t.agent_says(
                f"Hi {conv.person.first},\n\nyour message reached us without any text. "
                "Could you reply with a short description of the problem and any order "
                "or invoice number?",
                planted,
            )
            planted.add("email_empty_body")
        else:
            turns = rng.choices([1, 2, 3], weights=[0.25, 0.6, 0.15])[0]
            first = t.customer_says(
                customer_first(rng, conv, planted, email=True, from_line=i in from_lines),
                subject(rng, conv),
            )
            if i in html:
                first.html, first.body = True, html_body(first.body)
                planted.add("email_html_only")
            if i in from_lines:
                planted.add("email_from_escaped")
            if i == auto:
                t.agent_says(expand(ph.AUTO_REPLY, rng, conv.slots), planted, auto=True)
                planted.add("email_auto_reply")
                t.agent_says(agent_reply(rng, conv), planted, reply_to=first)
            else:
                t.agent_says(agent_reply(rng, conv), planted)
            for _ in range(turns - 1):
                t.customer_says(customer_follow_up(rng, conv, planted))
                t.agent_says(agent_follow_up(rng, conv), planted)
            if i in trivial:
                t.customer_says(f"Great, that fixed it. Thanks a lot!\n\n{conv.person.first}")
                t.agent_says(rng.choice(["Thanks!", "ok"]), planted)
                planted.add("email_trivial_reply")
        mails += t.mails
        if i in duplicated and not t.mails[0].html:
            mails += resubmitted(rng, t, planted)
    mails.sort(key=lambda m: (m.date.astimezone(UTC), m.msg_id))
    return mails


def resubmitted(rng: Random, t: ThreadWriter, planted: Planted) -> list[Mail]:
    """The customer sent the first message again; the agent answered the copy with the same text."""
    first, reply = t.mails[0], next(m for m in t.mails[1:] if not m.auto)
    shift = timedelta(minutes=rng.randint(3, 40))
    body = first.body
    if rng.random() < 0.5:
        body = "Sorry, sending this again as I am not sure it went through.\n\n" + body
        planted.add("email_near_duplicate")
    else:
        planted.add("email_exact_duplicate")
    copy = Mail(
        first.sender,
        first.to,
        first.subject,
        first.date + shift,
        msg_id(rng, first.sender[1].split("@")[1]),
        body,
        [],
        first.category,
        first.region,
        html=first.html,
    )
    answer = Mail(
        reply.sender,
        reply.to,
        reply.subject,
        reply.date + shift + timedelta(minutes=rng.randint(1, 9)),
        msg_id(rng, ORG_DOMAIN),
        reply.body,
        [copy.msg_id],
        reply.category,
        reply.region,
    )
    return [copy, answer]


# --------------------------------------------------------------------------- tickets

TICKET_COLUMNS = [
    "ticket_id",
    "subject",
    "customer_message",
    "agent_response",
    "category",
    "region",
    "tier",
]


def small_edit(rng: Random, text: str) -> str:
    """A re-submission: the same text with a small change."""
    edit = rng.randrange(3)
    if edit == 0:
        return text + "\n\nAny update on this?"
    if edit == 1:
        return "Resubmitting my earlier ticket. " + text
    words = text.split(" ")
    i = rng.randrange(len(words))
    words[i] = words[i].lower() if words[i][:1].isupper() else words[i].capitalize()
    return " ".join(words).replace("the ", "teh ", 1)


def build_tickets(rng: Random, planted: Planted) -> list[dict[str, str]]:
    n_dupes = round(N_TICKETS * 0.04)
    n_base = N_TICKETS - n_dupes
    categories = balanced(rng, ph.CATEGORIES, n_base)
    regions = balanced(rng, ph.REGIONS, n_base)
    tiers = [rng.choices(ph.TIERS, weights=[0.4, 0.35, 0.25])[0] for _ in range(n_base)]
    specials = rng.sample(range(n_base), 12)
    foreign, trivial, empty_out, empty_in = specials[:5], specials[5:10], specials[10], specials[11]
    noisy = set(rng.sample(range(n_base), round(n_base * 0.03)))
    base = datetime(2024, 1, 8, 9, 0)
    rows = []
    for i in range(n_base):
        category, region = categories[i], regions[i]
        conv = new_conversation(rng, category, region, base + timedelta(days=i * 0.55))
        if i in foreign:
            item = ph.NON_ENGLISH[foreign.index(i)]
            subj, cust, agent_text = fill_foreign(rng, item, conv)
            category = item["category"]
            planted.add("ticket_non_english")
        else:
            subj, cust = subject(rng, conv), customer_first(rng, conv, planted, email=False)
            agent_text = agent_reply(rng, conv)
            if rng.random() < 0.35:
                agent_text += f"\n\nBest,\n{conv.agent.split()[0]}"
        if i in trivial:
            agent_text = ph.TRIVIAL_REPLIES[trivial.index(i)]
            planted.add("ticket_trivial_reply")
        if i == empty_out:
            agent_text = ""
            planted.add("ticket_empty_response")
        if i == empty_in:
            cust = ""
            planted.add("ticket_empty_message")
        if i in noisy:
            category = noisy_label(rng, category)
            planted.add("ticket_noisy_label")
        rows.append(
            {
                "subject": subj,
                "customer_message": cust,
                "agent_response": agent_text,
                "category": category,
                "region": region,
                "tier": tiers[i],
            }
        )
    clean = [i for i in range(n_base) if i not in specials]
    for j, i in enumerate(sorted(rng.sample(clean, n_dupes), reverse=True)):
        row = dict(rows[i])
        if j % 5 < 2:
            planted.add("ticket_exact_duplicate")
        else:
            row["customer_message"] = small_edit(rng, row["customer_message"])
            planted.add("ticket_near_duplicate")
        rows.insert(min(len(rows), i + rng.randint(3, 60)), row)
    for n, row in enumerate(rows):
        row["ticket_id"] = f"NW-{100001 + n}"
    return rows


def write_tickets(rows: list[dict[str, str]], path: Path) -> None:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=TICKET_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")


# --------------------------------------------------------------------------- contracts

ROMAN = [
    "I",
    "II",
    "III",
    "IV",
    "V",
    "VI",
    "VII",
    "VIII",
    "IX",
    "X",
    "XI",
    "XII",
    "XIII",
    "XIV",
    "XV",
    "XVI",
    "XVII",
    "XVIII",
    "XIX",
    "XX",
]
NUMBER_WORDS = {
    12: "twelve (12)",
    24: "twenty-four (24)",
    36: "thirty-six (36)",
    14: "fourteen (14)",
    30: "thirty (30)",
    45: "forty-five (45)",
    60: "sixty (60)",
    90: "ninety (90)",
}


def heading_text(style: int, n: int, title: str) -> str:
    return [
        f"{n}. {title.upper()}",
        f"{n}. {title}",
        f"Section {n}. {title}",
        f"ARTICLE {ROMAN[n - 1]} - {title.upper()}",
        title.upper(),
    ][style]


def contract_clauses(
    rng: Random, slots: dict[str, str], combined_term: bool
) -> list[tuple[str, list[str]]]:
    """(heading, sentences) pairs: definitions first, other types shuffled, boilerplate last.

    With `combined_term`, the term clause gets the combined heading "Term and Termination"
    and one termination sentence (a heading the ingestor must map one way or the other).
    """
    types = [t for t in cl.CLAUSES if t not in ("definitions", "other")]
    rng.shuffle(types)
    types.insert(
        rng.randrange(len(types)),
        rng.choice(["payment", "warranties", "termination", "intellectual_property"]),
    )
    others = rng.sample(cl.CLAUSES["other"]["headings"], rng.randint(2, 4))
    out = []
    for kind in ["definitions", *types]:
        spec = cl.CLAUSES[kind]
        sentences = pick_ordered(rng, spec["sentences"], rng.randint(3, 5))
        title = rng.choice(spec["headings"])
        if combined_term and kind == "term":
            title = "Term and Termination"
            sentences = [*sentences, cl.CLAUSES["termination"]["sentences"][0]]
        out.append((title, [expand(s, rng, slots) for s in sentences]))
    other = cl.CLAUSES["other"]["sentences"]
    for title in others:
        sentences = pick_ordered(rng, other, rng.randint(2, 3))
        out.append((title, [expand(s, rng, slots) for s in sentences]))
    return out


def contract(rng: Random, n: int) -> tuple[str, str, str, list[tuple[str, list[str]]]]:
    """One contract: kind, customer, preamble, clauses."""
    kind = cl.CONTRACT_KINDS[n % len(cl.CONTRACT_KINDS)]
    customer = ph.COMPANIES[(n * 7) % len(ph.COMPANIES)]
    provider, cust_term = rng.choice(cl.PARTY_TERMS)
    law, courts = rng.choice(cl.LAWS)
    slots = {
        "P": provider,
        "C": cust_term,
        "law": law,
        "courts": courts,
        "office": rng.choice(cl.OFFICES),
        "city": rng.choice(["Dublin", "London", "New York", "Singapore", "Toronto"]),
        "months": NUMBER_WORDS[rng.choice([12, 24, 36])],
        "days": NUMBER_WORDS[rng.choice([14, 30, 45, 60, 90])],
        "rate": str(rng.choice([1, 1.5, 2, 3, 5, 8])),
        "years": rng.choice(["three (3)", "five (5)", "seven (7)"]),
        "cap": rng.choice(["€50,000", "$100,000", "£25,000", "$250,000"]),
        "currency": rng.choice(["euro", "US dollars", "pounds sterling", "Singapore dollars"]),
    }
    effective = (datetime(2023, 1, 2) + timedelta(days=rng.randint(0, 700))).strftime("%B %-d, %Y")
    preamble = (
        f'This {kind.title()} (the "Agreement") is entered into as of {effective} '
        f'(the "Effective Date") '
        f'by and between Northwind Cloud Ltd., a company registered in Ireland ("{provider}"), and '
        f'{customer} ("{cust_term}"). The parties agree as follows.'
    )
    return kind, customer, preamble, contract_clauses(rng, slots, combined_term=n == 1)


def contract_text(kind: str, preamble: str, clauses: list, style: int, lettered: bool) -> str:
    parts = [kind, "", textwrap.fill(preamble, 80), ""]
    for n, (title, sentences) in enumerate(clauses, start=1):
        parts.append(heading_text(style, n, title))
        parts.append("")
        if lettered and len(sentences) > 2:
            parts.append(textwrap.fill(sentences[0], 80))
            for letter, s in zip("abcdef", sentences[1:], strict=False):
                parts.append(textwrap.fill(f"({letter}) {s}", 80, subsequent_indent="    "))
        else:
            parts.append(textwrap.fill(" ".join(sentences), 80))
        parts.append("")
    return "\n".join(parts)


FIXED_TIME = datetime(2024, 6, 1, 12, 0, 0)


def write_docx(
    kind: str, preamble: str, clauses: list, style: int, use_heading_style: bool, path: Path
) -> None:
    """A .docx with fixed metadata and zip timestamps, so the bytes are reproducible."""
    import docx

    document = docx.Document()
    props = document.core_properties
    props.author, props.last_modified_by, props.title = (
        "Northwind Cloud Legal",
        "Northwind Cloud Legal",
        kind.title(),
    )
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.revision = 1
    document.add_heading(kind, level=0)
    document.add_paragraph(preamble)
    for n, (title, sentences) in enumerate(clauses, start=1):
        heading = heading_text(style, n, title)
        if use_heading_style:
            document.add_heading(heading, level=1)
        else:
            document.add_paragraph().add_run(heading).bold = True
        document.add_paragraph(" ".join(sentences))
    raw = io.BytesIO()
    document.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    path.write_bytes(out.getvalue())


def build_contracts(rng: Random, out: Path) -> Counter:
    out.mkdir(parents=True, exist_ok=True)
    for old in sorted(out.glob("*")):
        if old.suffix in (".txt", ".docx"):
            old.unlink()
    counts: Counter = Counter()
    total = N_CONTRACTS_TXT + N_CONTRACTS_DOCX
    for n in range(total):
        kind, customer, preamble, clauses = contract(rng, n)
        style = n % 5
        stem = f"{n + 1:02d}_{kind.lower().replace(' ', '_')}_{customer.split()[0].lower()}"
        if n < N_CONTRACTS_TXT:
            text = contract_text(kind, preamble, clauses, style, lettered=n % 4 == 3)
            (out / f"{stem}.txt").write_text(text, encoding="utf-8")
            counts["txt"] += 1
        else:
            write_docx(
                kind,
                preamble,
                clauses,
                style,
                use_heading_style=n % 2 == 0,
                path=out / f"{stem}.docx",
            )
            counts["docx"] += 1
        counts["clauses"] += len(clauses)
    return counts


# --------------------------------------------------------------------------- main


def generate(out: Path) -> dict[str, object]:
    """Write emails, tickets and contracts under `out`; return counts for the summary."""
    planted = Planted()
    (out / "emails").mkdir(parents=True, exist_ok=True)
    (out / "tickets").mkdir(parents=True, exist_ok=True)
    mails = build_threads(Random(f"{SEED}-emails"), planted)
    (out / "emails" / "support.mbox").write_bytes(b"".join(mbox_entry(m) for m in mails))
    rows = build_tickets(Random(f"{SEED}-tickets"), planted)
    write_tickets(rows, out / "tickets" / "tickets.csv")
    contracts = build_contracts(Random(f"{SEED}-contracts"), out / "contracts")
    org = f"@{ORG_DOMAIN}"
    pairs = sum(1 for m in mails if m.sender[1].endswith(org) and not m.auto and m.refs)
    return {
        "email_messages": len(mails),
        "email_threads": N_THREADS,
        "email_agent_replies": pairs,
        "tickets": len(rows),
        **{f"contracts_{k}": v for k, v in contracts.items()},
        "planted": dict(sorted(planted.counts.items())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = parser.parse_args()
    summary = generate(args.out)
    for key, value in summary.items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
