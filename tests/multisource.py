"""A tiny four-source project (pairs, tickets, emails, contracts) and a `curate run` in a subprocess.

Every text field and every broken item carries `CANARY`, so a test can look for record
text where none may be (rejection details, logs, reports).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

CANARY = "QZXJcanary7781"
TESTS = Path(__file__).parent

RUNNER = """
import sys
from curate.cli import main
main(sys.argv[1:])
"""


def write_project(base: Path, **export: object) -> Path:
    """Write the inputs and curate.yaml under `base`; return the config path."""
    c = CANARY
    rows = [{"q": f"How do I reset my password {c} number {i}?",
             "a": f"Open settings and choose reset {c}, then confirm code {i}.", "id": f"p{i}"}
            for i in range(6)]
    rows += [{"q": f"missing answer {c}", "id": "../../evil"}, {"q": f"{c}", "a": ["not text"]}]
    (base / "pairs.jsonl").write_text(
        "\n".join(json.dumps(r) for r in rows) + f'\n{{"q": "{c} broken json\n["{c}"]\n',
        encoding="utf-8")
    (base / "tickets.csv").write_text(
        "id,customer_message,agent_response\n"
        f"t1,My parcel {c} never arrived,We shipped a replacement {c} today\n"
        f"../../evil,Refund {c} please,Refund issued {c}\n"
        f"t3,ragged {c},row,{c},extra\n"
        f"t4,nul \x00 {c},x\n"
        f"t5,no reply {c},\n", encoding="utf-8")
    mail = base / "mail"
    mail.mkdir()
    (mail / "1.eml").write_text(
        f"From: ann@customer.com\nTo: help@shop.com\nSubject: Broken {c}\n"
        f"Message-ID: <../../evil@x>\nContent-Type: multipart/mixed; boundary=B\n\n--B\n"
        f"Content-Type: text/plain\n\nMy blender {c} broke after a week.\n--B\n"
        f"Content-Type: application/octet-stream\n"
        f'Content-Disposition: attachment; filename="../../evil"\n\n{c}\n--B--\n',
        encoding="utf-8")
    (mail / "2.eml").write_text(
        f"From: help@shop.com\nTo: ann@customer.com\nSubject: Re: Broken {c}\n"
        f"In-Reply-To: <../../evil@x>\nMessage-ID: <2@shop>\n\nSorry {c}, a new one is on its way.\n",
        encoding="utf-8")
    (mail / "3.eml").write_text(f"From: bob@x.com\nSubject: lonely {c}\n\nNobody answers {c}.\n",
                                encoding="utf-8")
    (mail / "4.eml").write_bytes(f"no headers at all {c}\n".encode())
    contracts = base / "contracts"
    contracts.mkdir()
    (contracts / "a.txt").write_text(
        f"1. Term. This agreement {c} lasts for five whole years from the start.\n"
        f"2. Payment. The customer {c} pays every invoice within thirty days.\n", encoding="utf-8")
    (contracts / "b.txt").write_text(f"no headings here {c}\n", encoding="utf-8")
    (contracts / "c.pdf").write_bytes(f"%PDF-1.7 {c} truncated".encode())
    (contracts / "d.txt").write_bytes(f"binary {c}\x00".encode())
    config = {
        "seed": 3,
        "engine": {"batch_size": 4},
        "tasks": {"support": {"instruction": "Answer the customer."},
                  "clauses": {"instruction": "Name the clause type.", "output": "label",
                              "labels": ["term", "payment", "other"]}},
        "sources": [
            {"kind": "pairs", "path": "pairs.jsonl", "task": "support",
             "options": {"input": "q", "output": "a", "id": "id"}},
            {"kind": "tickets", "path": "tickets.csv", "task": "support", "options": {"id": "id"}},
            {"kind": "emails", "path": "mail", "task": "support"},
            {"kind": "contracts", "path": "contracts", "task": "clauses"},
        ],
        "gate": {"min_train_examples": 1, "min_eval_examples": 1},
        "export": {"formats": ["openai", "alpaca"], **export},
    }
    path = base / "curate.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def run_cli(*args: str, cwd: Path, hashseed: str = "0") -> subprocess.CompletedProcess[str]:
    """`curate ARGS` in a fresh interpreter with the given PYTHONHASHSEED; output captured."""
    env = {**os.environ, "PYTHONHASHSEED": hashseed,
           "PYTHONPATH": os.pathsep.join([str(TESTS.parent), *sys.path])}
    return subprocess.run([sys.executable, "-c", RUNNER, *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)
