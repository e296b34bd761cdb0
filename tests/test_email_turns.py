"""E-mail pairs carry the turns and people a plain walk up the thread gives: the pairing
(built for speed: issue #14's 50 MB flood of tiny replies) against a straightforward
reference, on generated threads with ids pointing anywhere (cycles included), short and
empty bodies, several people and org_domains or not."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curate.config import validate_config
from curate.ingest.emails import EmailIngestor, Mail
from curate.ingest.mailthreads import thread_parents, thread_roots
from curate.registries import INGESTORS

SETTINGS = settings(max_examples=120, deadline=None, derandomize=True, database=None)
PEOPLE = ("ann@customer.com", "bob@shop.com", "cy@shop.com", "dee@other.org")
BODIES = ("", "ok", "Thanks, that helped.", "Please send the invoice again. " * 3)


def reference_chain(parents: dict[int, int], child: int, limit: int) -> list[int]:
    """The thread up to `child`, oldest first: at most `limit` messages, a cycle stops it."""
    chain, node = [child], parents.get(child)
    while len(chain) < limit and node is not None and node not in chain:
        chain.append(node)
        node = parents.get(node)
    return chain[::-1]


def reference_turns(mails: dict[int, Mail], parents: dict[int, int], child: int,
                    options: dict) -> list[dict[str, str]]:
    """The turns of a pair as the issue describes them, step by step."""
    chain = reference_chain(parents, child, options["max_turns"])
    kept = [mails[i] for i in chain if len(mails[i].body) >= options["min_body_chars"]]
    while (sum(len(m.body) for m in kept) > options["max_turn_chars"] and len(kept) > 2):
        kept.pop(0)
    domains = options["org_domains"]
    replier = mails[child].sender
    return [{"role": "assistant" if (mail.sender.endswith(tuple("@" + d for d in domains))
                                     if domains else mail.sender == replier) else "user",
             "content": mail.body} for mail in kept]


def reference_people(mails: dict[int, Mail], parents: dict[int, int], child: int,
                     limit: int) -> dict[str, list[str]]:
    people: dict[str, list[str]] = {}
    for i in reference_chain(parents, child, limit):
        for role, value in mails[i].people:
            if value not in people.setdefault(role, []):
                people[role].append(value)
    return people


messages = st.lists(st.tuples(st.sampled_from(PEOPLE), st.sampled_from(PEOPLE),
                              st.sampled_from(BODIES), st.integers(-1, 12)),
                    min_size=2, max_size=12)


@SETTINGS
@given(messages, st.integers(2, 6), st.integers(1, 200), st.integers(1, 3),
       st.sampled_from([[], ["shop.com"]]))
def test_turns_and_people_equal_a_plain_walk_up_the_thread(
        tmp_path_factory: pytest.TempPathFactory, mails_spec: list[tuple[str, str, str, int]],
        max_turns: int, max_turn_chars: int, min_body_chars: int, org_domains: list[str]) -> None:
    folder = tmp_path_factory.mktemp("turns")
    parts = []
    for i, (sender, to, body, parent) in enumerate(mails_spec):
        reply = f"In-Reply-To: <{parent}@t>\n" if parent >= 0 else ""
        parts.append(f"From {sender} Mon Jan  1 00:00:00 2024\nFrom: {sender}\nTo: {to}\n"
                     f"Subject: Re: order\nMessage-ID: <{i}@t>\n{reply}\n{body}\n\n")
    path = folder / "t.mbox"
    path.write_text("".join(parts), encoding="utf-8")
    options = {"max_turns": max_turns, "max_turn_chars": max_turn_chars,
               "min_body_chars": min_body_chars, "org_domains": org_domains}
    config = validate_config(
        {"tasks": {"t": {"instruction": "Reply."}},
         "sources": [{"kind": "emails", "path": str(path), "task": "t", "options": options}]},
        folder)
    ingestor: EmailIngestor = INGESTORS.load("emails").for_source(config.sources[0], config)
    mails = {i: m for i, m in enumerate(ingestor._items(path)) if isinstance(m, Mail)}
    parents = thread_parents({i: ingestor.key(m) for i, m in mails.items()})
    roots = thread_roots(parents)
    pairs = [r for r in ingestor.read(path) if r.rejected is None]
    spliced = INGESTORS.load("emails").for_source(config.sources[0], config).encoded(path)
    assert "".join(part.lines for part in spliced) == "".join(r.to_json() + "\n" for r in pairs)
    by_locator = {int(m.locator.split()[1]) - 1: i for i, m in mails.items()}
    assert len(pairs) == len({c for c, p in parents.items()
                              if min(len(mails[c].body), len(mails[p].body)) >= min_body_chars
                              and (not org_domains or (mails[c].sender.endswith("@shop.com")
                                   and not mails[p].sender.endswith("@shop.com")))})
    for record in pairs:
        child = by_locator[int(record.source.locator.split()[1]) - 1]
        expected = reference_turns(mails, parents, child, options)
        if expected:
            root = mails[roots.get(child, child)]
            expected[0]["content"] = f"Subject: {root.subject}\n\n{expected[0]['content']}"
        assert record.turns == expected
        assert record.meta.get("people", {}) == reference_people(mails, parents, child, max_turns)
