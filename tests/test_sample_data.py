"""The committed sample data: reproducible from its generator, and the shape the docs promise."""

from __future__ import annotations

import csv
import email
import mailbox
import re
import subprocess
import sys
from collections import Counter
from email import policy
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
CATEGORIES = {"billing", "technical", "account", "shipping", "cancellation"}
REGIONS = {"EU", "NA", "APAC"}
DATA_DIRS = ("emails", "tickets", "contracts")


def data_files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for d in DATA_DIRS
        for p in sorted((root / d).rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def messages() -> list[email.message.EmailMessage]:
    box = mailbox.mbox(SAMPLE / "emails" / "support.mbox", create=False)
    keys = box.iterkeys()
    return [email.message_from_bytes(box.get_bytes(k), policy=policy.default) for k in keys]


@pytest.fixture(scope="module")
def tickets() -> list[dict[str, str]]:
    with open(SAMPLE / "tickets" / "tickets.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_generator_reproduces_committed_files_byte_for_byte(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(SAMPLE / "generate.py"), "--out", str(tmp_path)],
        check=True,
        capture_output=True,
    )
    fresh, committed = data_files(tmp_path), data_files(SAMPLE)
    assert sorted(fresh) == sorted(committed)
    changed = [name for name in committed if fresh[name] != committed[name]]
    assert changed == [], "regenerate with `python sample_data/generate.py` and commit"


def test_sample_data_stays_small() -> None:
    assert sum(len(b) for b in data_files(SAMPLE).values()) < 5_000_000


def test_mbox_threads_are_well_formed(messages) -> None:
    by_id = {m["Message-ID"]: m for m in messages}
    assert len(by_id) == len(messages) >= 1200
    pairs = 0
    for m in messages:
        assert m["X-Category"] in CATEGORIES and m["X-Region"] in REGIONS
        parent_id = m["In-Reply-To"]
        if parent_id is None:
            continue
        parent = by_id[parent_id]  # every reply points at a message in the box
        assert m["References"].split()[-1] == parent_id
        assert m["Subject"].lower().startswith(("re:", "automatic reply:"))
        from_org = "@northwind.example" in m["From"]
        if from_org and "@northwind.example" not in parent["From"] and m["Auto-Submitted"] is None:
            pairs += 1
    assert 580 <= pairs <= 680
    assert sum(m["Auto-Submitted"] is not None for m in messages) == 1
    assert sum(m.get_content_type() == "text/html" for m in messages) == 2
    bodies = [m.get_content() for m in messages]
    assert sum(b.strip() == "" for b in bodies) == 1
    assert sum(">From what I can see" in b for b in bodies) >= 3  # mbox From-escaping survived
    assert any(re.search(r"^On .+ wrote:$", b, re.M) for b in bodies)


def test_tickets_have_the_documented_columns_and_balance(tickets) -> None:
    columns = "ticket_id,subject,customer_message,agent_response,category,region,tier"
    assert list(tickets[0]) == columns.split(",")
    assert len(tickets) == 950
    assert len({t["ticket_id"] for t in tickets}) == 950
    categories = Counter(t["category"] for t in tickets)
    assert set(categories) == CATEGORIES and min(categories.values()) > 0.08 * len(tickets)
    assert {t["region"] for t in tickets} == REGIONS
    assert {t["tier"] for t in tickets} == {"free", "pro", "enterprise"}


def shingles(text: str) -> frozenset[str]:
    words = re.findall(r"\w+", text.lower())
    return frozenset(" ".join(words[i : i + 5]) for i in range(len(words) - 4))


def test_only_planted_tickets_are_near_duplicates(tickets) -> None:
    sets = [shingles(t["customer_message"] + " " + t["agent_response"]) for t in tickets]
    similar = 0
    for i, a in enumerate(sets):
        for b in sets[i + 1 :]:
            if a and b and len(a & b) / len(a | b) >= 0.3:
                similar += 1
    # ~4% re-submissions are planted; nothing else comes close by accident
    assert 0.03 * len(tickets) <= similar <= 0.05 * len(tickets)


def heading_titles() -> set[str]:
    sys.path.insert(0, str(SAMPLE))
    try:
        import clauses
    finally:
        sys.path.remove(str(SAMPLE))
    titles = {h.lower() for spec in clauses.CLAUSES.values() for h in spec["headings"]}
    return titles | {"term and termination"}


HEADING_PREFIX = re.compile(r"^(ARTICLE [IVXL]+ - |Section \d+\. |\d+\. )?")


def test_contracts_open_and_hold_about_300_clauses() -> None:
    import docx

    titles = heading_titles()
    files = sorted((SAMPLE / "contracts").iterdir())
    assert Counter(p.suffix for p in files) == {".txt": 14, ".docx": 4}
    clause_count = 0
    for path in files:
        if path.suffix == ".txt":
            lines = path.read_text(encoding="utf-8").splitlines()
        else:
            lines = [p.text for p in docx.Document(str(path)).paragraphs]
        found = sum(HEADING_PREFIX.sub("", line).strip().lower() in titles for line in lines)
        assert found >= 14, path.name
        clause_count += found
    assert 280 <= clause_count <= 330


def test_pair_estimate_clears_the_gate(messages, tickets) -> None:
    replies = sum(
        "@northwind.example" in m["From"] and m["In-Reply-To"] is not None for m in messages
    )
    assert replies + len(tickets) + 280 >= 1_800
