"""How the records of the set were chosen (seeded), and the dev/test split.

Per source: records whose distinct text is at most `MAX_CHARS` characters (longer ones would
take too long to label by reading; how many were left out is printed), then a seeded sample of
`COUNTS[source]` records, of which `BLOCKS[source]` are drawn from contract clauses that hold a
notice or signature block. Records are split into dev (about 40%) and test by group, so one
contract (CUAD) or one thread (Enron) never straddles the split.

Run: PYTHONPATH=. python -m benchmarks.pii_eval.sample CORPORA OUT.jsonl
(writes the chosen records in full to OUT, for labelling; OUT must stay outside the repo).

More dev records (session 4): `... sample CORPORA OUT.jsonl --more-dev CHOSEN.jsonl` draws, with
seed `EXTRA_SEED`, `EXTRA_COUNTS[source]` records not in CHOSEN (the first sample), half of them
from records whose text holds a structured personal form (`STRUCTURED`: a home path, a profile
or upload URL, an @handle, `user@host`), all for dev; their ids go on from the first sample's.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from random import Random

from benchmarks.pii_eval.evalset import string_fields
from benchmarks.pii_eval.sources import SOURCES, ingest_source
from curate.record import Record

SEED = "curate-pii-eval-1"
MAX_CHARS = 6000
DEV_SHARE = 0.4
COUNTS = {"enron": 60, "enron_mbox": 5, "odd": 20, "msg": 20, "github": 120, "jira_cls": 66,
          "cuad_txt": 110, "cuad_pdf": 60}
BLOCKS = {"cuad_txt": 40, "cuad_pdf": 25}
BLOCK = re.compile(r"\b(?:attention|attn\b|by:|name:|title:|in witness whereof|notices?)\b",
                   re.IGNORECASE)
EXTRA_SEED = "curate-pii-eval-2"
EXTRA_COUNTS = {"github": 30}
STRUCTURED = re.compile(r"/home/|[\\/]Users[\\/]|github\.com/|githubusercontent|(?<![\w.])@\w|"
                        r"\b[a-z][\w.-]*@[\w-]+\b", re.IGNORECASE)


def distinct_chars(record: Record) -> int:
    return sum(len(t) for t in {t for _, t in string_fields(record)})


def group(source: str, record: Record) -> str:
    """Records of one group go to the same split."""
    if SOURCES[source][0] == "enron":
        return f"thread {record.meta.get('thread', record.id)}"
    if SOURCES[source][0] == "cuad":
        return record.source.path
    return record.id


def choose(source: str, records: list[Record]) -> list[Record]:
    rng = Random(f"{SEED}-{source}")
    short = [r for r in records if distinct_chars(r) <= MAX_CHARS]
    print(f"{source}: {len(records)} records, {len(records) - len(short)} over {MAX_CHARS} chars",
          file=sys.stderr)
    blocks = [r for r in short if r.label == "notices" or BLOCK.search(r.input)]
    chosen = rng.sample(blocks, min(BLOCKS.get(source, 0), len(blocks)))
    rest = [r for r in short if r not in chosen]
    chosen += rng.sample(rest, min(COUNTS[source] - len(chosen), len(rest)))
    return chosen


def split(source: str, chosen: list[Record]) -> dict[str, str]:
    """Record id -> 'dev' or 'test', whole groups at a time, about DEV_SHARE dev (a group that would
    overshoot goes to test)."""
    groups: dict[str, list[Record]] = {}
    for r in chosen:
        groups.setdefault(group(source, r), []).append(r)
    order = sorted(groups)
    Random(f"{SEED}-{source}-split").shuffle(order)
    out, dev = {}, 0
    for g in order:
        part = "dev" if dev + len(groups[g]) <= DEV_SHARE * len(chosen) + 1 else "test"
        dev += len(groups[g]) if part == "dev" else 0
        out.update({r.id: part for r in groups[g]})
    return out


def choose_more(source: str, records: list[Record], taken: set[str]) -> list[Record]:
    """EXTRA_COUNTS[source] short records not in `taken` (record ids), half with STRUCTURED."""
    rng = Random(f"{EXTRA_SEED}-{source}")
    fresh = [r for r in records if r.id not in taken and distinct_chars(r) <= MAX_CHARS]
    marked = [r for r in fresh if any(STRUCTURED.search(t) for _, t in string_fields(r))]
    chosen = rng.sample(marked, min(EXTRA_COUNTS[source] // 2, len(marked)))
    rest = [r for r in fresh if r not in chosen]
    return chosen + rng.sample(rest, min(EXTRA_COUNTS[source] - len(chosen), len(rest)))


def more_dev(corpora: Path, out: Path, first: Path) -> None:
    """Write fresh dev records (see the module docstring) to `out`."""
    old = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    with out.open("w", encoding="utf-8") as handle:
        for source in EXTRA_COUNTS:
            taken = {o["record"]["id"] for o in old if o["source"] == source}
            start = 1 + sum(o["source"] == source for o in old)
            chosen = choose_more(source, list(ingest_source(corpora, source)), taken)
            for n, record in enumerate(chosen, start=start):
                handle.write(json.dumps({"rid": f"{source}-{n:03d}", "source": source,
                                         "split": "dev", "record": record.to_dict()},
                                        ensure_ascii=False) + "\n")


def main(corpora: Path, out: Path) -> None:
    with out.open("w", encoding="utf-8") as handle:
        for source in SOURCES:
            if source not in COUNTS:
                continue
            chosen = choose(source, list(ingest_source(corpora, source)))
            parts = split(source, chosen)
            for n, record in enumerate(chosen, start=1):
                rid = f"{source}-{n:03d}"
                handle.write(json.dumps({"rid": rid, "source": source, "split": parts[record.id],
                                         "record": record.to_dict()}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[3] == "--more-dev":
        more_dev(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[4]))
    else:
        main(Path(sys.argv[1]), Path(sys.argv[2]))
