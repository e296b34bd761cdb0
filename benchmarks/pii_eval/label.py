r"""Turn labelling notes (the strings a reader marked in each record) into the committed set.

Notes stay outside the repo (they hold the personal strings). One block per record:

    @ jira_cls-015
    USER_ID 557057:d7b6...
    PERSON Dave Marlow
    PERSON~ kd          # `~`: any case
    USERNAME* andy.stenson   # `*`: also inside a longer word (glued text)
    PERSON Bill || 2    # only these occurrences (1-based, in field order)
    PERSON/ Nardell(?!\s+Communications)   # `/`: the value is a regular expression

Each line marks every whole-word occurrence of the string in every string field of the record
(see `evalset.string_fields`); a string that is not found is an error. Where two marks
overlap, the longer wins. Jira user objects are marked from their keys as well (`displayName`
PERSON, `accountId` USER_ID, `emailAddress` EMAIL; each was read), unless a note overlaps
them: a note always wins over a key mark.

Run: PYTHONPATH=. python -m benchmarks.pii_eval.label CHOSEN.jsonl NOTES... (writes the split
files that CHOSEN has records for: `dev.jsonl` / `test.jsonl` for the first draw, `holdout.jsonl`
for the first `sample.py --holdout`);
`... label --as NAME CHOSEN.jsonl NOTES...` writes `dev_NAME.jsonl` / `test_NAME.jsonl` /
`holdout_NAME.jsonl` instead, only those with records (a later draw, see `sample.py`, grows a
split without touching its first file);
`... label --seen CHOSEN.jsonl...` adds records that were read but not labelled (an audit) to
`seen.jsonl`, selectors only, so that later draws bar them;
`... label --restructure CORPORA` recomputes every committed span's `structured` flag from its
re-ingested record (after a change to the position rule below) and prints, per file, how many
flipped each way.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

from benchmarks.pii_eval.evalset import (
    CATEGORIES,
    HERE,
    SEEN,
    SPLITS,
    STRUCTURED_CATEGORIES,
    Entry,
    FieldPath,
    fkey,
    load,
    resolve,
    sha,
    split_files,
    string_fields,
)
from benchmarks.pii_eval.sources import SOURCES
from curate.record import Record

PROSE_FIELDS = frozenset({"instruction", "input", "output", "turns"})
# A line of an e-mail header block (quoted, forwarded or Lotus Notes style) is structured.
HEADER_LINE = re.compile(
    r"^[\s>]*(?:(?:from|to|cc|bcc|sent|sent by|reply-to|date|subject|x-\w+)\s*:|"
    r"-+\s*(?:forwarded|original message)|.*\bforwarded by\b|please respond to\b)|"
    r"\b[\w.'-]+(?: [\w.'-]+)*/[\w/-]+@[\w.-]+|<[^<>\s]+@[^<>\s]+>\s+on\s+\d|"
    r"^\s*[A-Z][\w.'-]*(?: [\w.'-]+)+@[\w.-]+\s*$",
    re.IGNORECASE)
# A header's address list wrapped onto the lines below it (a Notes or Outlook `To:` / `cc:` list)
# is header data too: a line that holds only list entries (names, routes, addresses: at most six
# words each, no sentence punctuation) and either follows a line ending in a list separator, is
# indented, or holds an address, a Notes route (`Name/OU/Org`) or a `;` (a list cut inside an
# entry goes on with more entries). Prose right after a header stays prose.
LIST_END = re.compile(r"[,;]\s*$")
LIST_ENTRY = re.compile(r"\s*[^\s,;:?!]+(?:[ \t]+[^\s,;:?!]+){0,5}\s*")
LIST_MARK = re.compile(r"[;@]|[A-Za-z]/[A-Z][\w-]*/[A-Z]")
JIRA_KEYS = {"displayName": "PERSON", "accountId": "USER_ID", "emailAddress": "EMAIL"}
LINE = re.compile(r"^(?P<cat>[A-Z_]+)(?P<mod>[~*/]*)\s+(?P<value>.+?)(?:\s+\|\|\s+(?P<occ>[\d,]+))?$")


def parse(notes: str) -> dict[str, list[tuple[str, str, str, list[int] | None]]]:
    """rid -> [(category, modifiers, value, occurrences or None)]."""
    out: dict[str, list[tuple[str, str, str, list[int] | None]]] = {}
    rid = None
    for number, raw in enumerate(notes.splitlines(), start=1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("@"):
            rid = line[1:].strip()
            out.setdefault(rid, [])
            continue
        match = LINE.match(line.strip())
        if rid is None or match is None or match["cat"] not in CATEGORIES:
            raise ValueError(f"notes line {number}: cannot read {line[:40]!r}")
        occ = [int(n) for n in match["occ"].split(",")] if match["occ"] else None
        out[rid].append((match["cat"], match["mod"], match["value"], occ))
    return out


def structured(path: FieldPath, category: str, text: str, start: int) -> bool:
    """Whether a span at `start` of `text` stands in a structured position (GUIDE.md: `meta`,
    identifier categories, an e-mail header line or the wrapped rest of its address list)."""
    if str(path[0]) not in PROSE_FIELDS or category in STRUCTURED_CATEGORIES:
        return True
    lines = text.split("\n")
    at = text.count("\n", 0, start)
    return bool(HEADER_LINE.search(lines[at])) or continues_header(lines, at)


def list_only(line: str) -> bool:
    """Whether `line` holds nothing but address-list entries."""
    return bool(line.strip()) and all(LIST_ENTRY.fullmatch(entry)
                                      for entry in re.split(r"[,;]", line) if entry.strip())


def continues_header(lines: list[str], at: int) -> bool:
    """Whether line `at` carries on the address list of a header line above it: each line from
    there up to the header holds only list entries and follows a line ending in a separator, is
    indented, or holds an address, a route or a `;`."""
    while at > 0 and list_only(lines[at]) and (LIST_END.search(lines[at - 1])
                                                or lines[at][:1].isspace()
                                                or LIST_MARK.search(lines[at])):
        if HEADER_LINE.search(lines[at - 1]):
            return True
        at -= 1
    return False


def marks(record: Record, notes: list[tuple[str, str, str, list[int] | None]]) -> list[dict]:
    fields = list(string_fields(record))
    wanted = [(0, *note) for note in notes]
    for path, text in fields:
        if path[0] == "meta" and str(path[-1]) in JIRA_KEYS:
            wanted.append((1, JIRA_KEYS[str(path[-1])], "", text, None))
    found: list[tuple[int, FieldPath, int, int, str]] = []
    for rank, category, mod, value, occ in wanted:
        flags = re.IGNORECASE if "~" in mod else 0
        body = value if "/" in mod else re.escape(value)
        pattern = body if "*" in mod else rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])"
        hits = [(p, m.start(), m.end()) for p, t in fields for m in re.finditer(pattern, t, flags)]
        if not hits:
            raise ValueError(f"{record.source.locator or record.source.path}: not found: "
                             f"{category} {value[:3]}... ({len(value)} chars)")
        if occ:
            hits = [h for i, h in enumerate(hits, start=1) if i in occ]
        found += [(rank, p, s, e, category) for p, s, e in hits]
    kept: list[tuple[FieldPath, int, int, str]] = []
    for _, p, s, e, c in sorted(found, key=lambda f: (f[0], f[2] - f[3], fkey(f[1]), f[2])):
        if not any(k[0] == p and k[1] < e and s < k[2] for k in kept):
            kept.append((p, s, e, c))
    texts = dict(fields)
    return [{"field": list(p), "start": s, "end": e, "category": c, "length": e - s,
             "sha256": sha(texts[p][s:e]), "structured": structured(p, c, texts[p], s)}
            for p, s, e, c in sorted(kept, key=lambda k: (fkey(k[0]), k[1]))]


def selector(rid: str, source: str, record: Record) -> dict[str, Any]:
    """How to find `record` again (no text): an entry of the set without its spans."""
    return {"rid": rid, "corpus": SOURCES[source][0], "source": source,
            "path": record.source.path, "locator": record.source.locator,
            "record_id": record.id, "fields": {fkey(p): sha(t) for p, t in string_fields(record)}}


def drawn(path: Path) -> Iterator[dict[str, Any]]:
    """The items of a draw file, one JSON object per line; split on newlines only, since a
    record's text may hold U+2028 and other characters `str.splitlines` also breaks at."""
    for raw in path.read_text(encoding="utf-8").split("\n"):
        if raw:
            yield json.loads(raw)


def build(chosen: Path, notes: dict[str, list], folder: Path = HERE, name: str = ""
          ) -> dict[str, int]:
    """Write `SPLIT.jsonl` (`SPLIT_NAME.jsonl` when `name` is given) for every split that has a
    chosen record with notes, those records in it."""
    lines: dict[str, list[tuple[str, str]]] = {s: [] for s in SPLITS}
    for item in drawn(chosen):
        if item["rid"] not in notes:
            continue
        record = Record.from_dict(item["record"])
        entry = {**selector(item["rid"], item["source"], record),
                 "spans": marks(record, notes[item["rid"]])}
        lines[item["split"]].append((entry["rid"], json.dumps(entry, ensure_ascii=False,
                                                               sort_keys=True)))
    for split, rows in lines.items():
        if not rows:  # a later draw (a split of its own, or `name`) leaves the others alone
            continue
        target = folder / (f"{split}_{name}.jsonl" if name else f"{split}.jsonl")
        target.write_text("".join(r + "\n" for _, r in sorted(rows)), encoding="utf-8")
    return {s: len(r) for s, r in lines.items()}


def seen(chosen: list[Path], folder: Path = HERE) -> int:
    """Add the records of `chosen` draws that were read but not labelled to `seen.jsonl`
    (selectors only, sorted by rid; a record already there, or drawn twice, keeps its first
    rid; one labelled in a part is left out), so later draws bar them. Returns how many it
    holds."""
    target = folder / f"{SEEN}.jsonl"
    rows = {(e.source, e.path, e.locator): {k: v for k, v in asdict(e).items()
                                            if k not in ("split", "spans")}
            for e in load(SEEN, folder)} if target.exists() else {}
    for path in chosen:
        for item in drawn(path):
            entry = selector(item["rid"], item["source"], Record.from_dict(item["record"]))
            rows.setdefault((entry["source"], entry["path"], entry["locator"]), entry)
    labelled = {(e.source, e.path, e.locator) for part in SPLITS
                if (folder / f"{part}.jsonl").exists() for e in load(part, folder)}
    target.write_text("".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n"
                              for k, e in sorted(rows.items(), key=lambda kv: kv[1]["rid"])
                              if k not in labelled), encoding="utf-8")
    return len(rows.keys() - labelled)


def restructure(corpora: Path, folder: Path = HERE) -> dict[str, tuple[int, int]]:
    """Recompute the `structured` flag of every committed span from its re-ingested record by
    `structured` (labels, offsets and categories untouched) and rewrite the part files. Returns
    per file how many flags went prose -> structured and structured -> prose."""
    parts = {path: [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n")
                    if line]
             for split in SPLITS for path in split_files(split, folder) if path.exists()}
    entries = {path: [Entry(split="", **row) for row in rows] for path, rows in parts.items()}
    resolution = resolve([e for group in entries.values() for e in group], corpora)
    if resolution.drifted:
        entry, why = resolution.drifted[0]
        raise ValueError(f"{len(resolution.drifted)} records drifted, e.g. {entry.rid}: {why}")
    resolved = {id(item.entry): item for item in resolution.records}
    flips = {}
    for path, rows in parts.items():
        up = down = 0
        for row, entry in zip(rows, entries[path], strict=True):
            item = resolved[id(entry)]
            texts = {fkey(p): t for p, t in string_fields(item.record)}
            for stored, span in zip(row["spans"], item.spans, strict=True):
                flag = structured(span.field, span.category, texts[fkey(span.field)], span.start)
                up += flag and not stored["structured"]
                down += stored["structured"] and not flag
                stored["structured"] = flag
        path.write_text("".join(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n"
                                for row in rows), encoding="utf-8")
        flips[path.name] = (up, down)
    return flips


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[0] == "--seen":
        print({SEEN: seen([Path(a) for a in args[1:]])})
        sys.exit()
    if args[0] == "--restructure":
        for name, (up, down) in restructure(Path(args[1])).items():
            print(f"{name}: {up} prose -> structured, {down} structured -> prose")
        sys.exit()
    name = args[1] if args[0] == "--as" else ""
    args = args[2:] if name else args
    notes: dict[str, list] = {}
    for path in args[1:]:
        notes.update(parse(Path(path).read_text(encoding="utf-8")))
    print(build(Path(args[0]), notes, name=name))
