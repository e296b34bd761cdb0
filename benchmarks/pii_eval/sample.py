"""How the records of the set were chosen (seeded), and the dev/test split.

Per source: records whose distinct text is at most `MAX_CHARS` characters (longer ones would
take too long to label by reading; how many were left out is printed), then a seeded sample of
`COUNTS[source]` records, of which `BLOCKS[source]` are drawn from contract clauses that hold a
notice or signature block. Records are split into dev (about 40%) and test by group, so one
contract (CUAD) or one thread (Enron) never straddles the split.

Run: PYTHONPATH=. python -m benchmarks.pii_eval.sample CORPORA OUT.jsonl
(writes the chosen records in full to OUT, for labelling; OUT must stay outside the repo).

Growing dev later: `... sample CORPORA OUT.jsonl --more NAME SOURCE=N...` draws N fresh
records per source (seed `SEED-NAME-SOURCE`, same length limit and block share as the first
draw), none already in a committed part and none from a group whose records are in the test
or holdout part (for CUAD neither format of such a contract) and none whose text (past a
`Subject:` line) a test or holdout record holds, all dev; their rids are `SOURCE-NAME-NNN` and
`label.py` writes them to `dev_NAME.jsonl`. `--bar DRAW.jsonl...` after the counts names other
`--more` draws not committed yet, whose records it does not take (two draws of one session).
With `--fresh` no CUAD clause comes from a contract that has a clause in dev either, so a draw
does not pile onto the contracts already in dev. The parts are read from the committed files,
so the draw needs no notes. Records read but never labelled (`seen.jsonl`, `label.py --seen`)
are barred as dev records are.

The holdout parts: `... sample CORPORA OUT.jsonl --holdout NAME [SOURCE=N...] [--bar DRAW.jsonl...]`
draws N records per source (default `HOLDOUT_COUNTS`; seed `SEED-NAME-SOURCE`) none of which
is in dev, test, another holdout part or `seen.jsonl`, from no group (CUAD contract in either
format, Enron thread) with a record there, and none whose text (past a `Subject:` line) such
a record of its corpus holds; the parts are read from the committed files (`evalset.load`)
and re-ingested, so the draw needs no notes. The draw's own part (rids `SOURCE-NAME-NNN`) is
not barred, so a re-run at the commit that added it draws it again. `--bar` names draws not
committed yet (files `--more` or `--holdout` wrote): their records, groups and text are barred
as the committed parts' are. Their rids are `SOURCE-NAME-NNN`, their split `holdout`;
`label.py` writes `holdout.jsonl` (the first draw, `NAME` `holdout`, session 6) or, with
`--as NAME`, `holdout_NAME.jsonl`. Session 6: `--holdout holdout` (the counts above); session
13: `--holdout h13 enron_single=40 github=30 --bar` the session's two `--more` draws; session
14: `--holdout h14 github=35 enron_single=25 forms=15 --bar` the session's three `--more` draws;
session 15: `--holdout h15 enron_single=30 github=30 --bar` the session's two `--more` draws;
session 16: `--holdout h16 enron_single=30 github=25 forms=15 --bar` the session's two `--more`
draws; session 17: `--holdout h17 enron_single=30 github=25 forms=12 --bar` the session's two
`--more` draws; session 18: `--holdout h18 enron_single=60 github=25 forms=12 --bar` the
session's three `--more` draws; the last six each labelled by a reader who tuned nothing (see
GUIDE.md).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from random import Random

from benchmarks.pii_eval.evalset import SEEN, Entry, load, resolve, string_fields
from benchmarks.pii_eval.label import drawn
from benchmarks.pii_eval.sources import SOURCES, ingest_source
from curate.record import Record

SEED = "curate-pii-eval-1"
MAX_CHARS = 6000
DEV_SHARE = 0.4
COUNTS = {"enron": 60, "enron_mbox": 5, "odd": 20, "msg": 20, "github": 120, "jira_cls": 66,
          "cuad_txt": 110, "cuad_pdf": 60}
BLOCKS = {"cuad_txt": 40, "cuad_pdf": 25, "forms": 15}  # forms: of any count
BLOCK = re.compile(r"\b(?:attention|attn\b|by:|name:|title:|in witness whereof|notices?)\b",
                   re.IGNORECASE)
# The holdout part, asked per source (a source with fewer fresh records gives what it has).
# CUAD has almost no contract left that is new to the set, so contract text comes mostly from
# the standard forms (`forms`, in neither dev nor test); Jira has only over-long records left,
# so its length limit is raised to take those a reader can still label in full.
HOLDOUT_COUNTS = {"cuad_txt": 28, "cuad_pdf": 12, "forms": 38, "github": 35, "enron": 40,
                  "enron_single": 40, "jira_cls": 25}
HOLDOUT_LIMITS = {"jira_cls": 12000}
SUBJECT = re.compile(r"\ASubject: [^\n]*\n\n")


def distinct_chars(record: Record) -> int:
    return sum(len(t) for t in {t for _, t in string_fields(record)})


def group(source: str, record: Record) -> str:
    """Records of one group go to the same split."""
    if SOURCES[source][0] == "enron":
        return f"thread {record.meta.get('thread', record.id)}"
    if SOURCES[source][0] == "cuad":
        return record.source.path
    return record.id


def choose(source: str, records: list[Record], seed: str = SEED, count: int | None = None,
           limit: int = MAX_CHARS) -> list[Record]:
    """A seeded sample of `count` (default `COUNTS[source]`) records of at most `limit`
    distinct characters, the same share of them from notice or signature blocks as the first
    draw."""
    rng = Random(f"{seed}-{source}")
    count = COUNTS[source] if count is None else count
    short = [r for r in records if distinct_chars(r) <= limit]
    print(f"{source}: {len(records)} records, {len(records) - len(short)} over {limit} chars",
          file=sys.stderr)
    blocks = [r for r in short if r.label == "notices" or BLOCK.search(r.input)]
    chosen = rng.sample(blocks, min(round(BLOCKS.get(source, 0) * count / COUNTS.get(source, count)),
                                    len(blocks)))
    rest = [r for r in short if r not in chosen]
    chosen += rng.sample(rest, min(count - len(chosen), len(rest)))
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


def body(record: Record) -> str:
    """A record's input without its `Subject:` line: a message that a test record quotes or
    holds (a duplicate of another Message-ID) is barred from dev by it."""
    return SUBJECT.sub("", record.input, count=1)


def contract(record: Record) -> str:
    """A CUAD contract's name, the same for its TXT and PDF files."""
    return Path(record.source.path).stem


def fresh_pool(corpora: Path, source: str, used: set[str], barred: set[str], text: str
               ) -> list[Record]:
    """The records of `source` whose id is not in `used`, from no `barred` group or CUAD
    contract, and whose body `text` does not hold."""
    cuad = SOURCES[source][0] == "cuad"
    return [r for r in ingest_source(corpora, source) if r.id not in used
            and group(source, r) not in barred and not (cuad and contract(r) in barred)
            and body(r) not in text]


def barred_groups(taken: list[tuple[str, Record]]) -> set[str]:
    """The groups of `taken` (source, record) pairs, and the contract of each CUAD record."""
    return {group(s, r) for s, r in taken} | {contract(r) for s, r in taken
                                              if SOURCES[s][0] == "cuad"}


def write(out: Path, rows: list[tuple[str, str, str, Record]]) -> None:
    """Chosen records in full (rid, source, split, record), one JSON line each, for labelling."""
    with out.open("w", encoding="utf-8") as handle:
        for rid, source, part, record in rows:
            handle.write(json.dumps({"rid": rid, "source": source, "split": part,
                                     "record": record.to_dict()}, ensure_ascii=False) + "\n")


def draw_name(entry: Entry) -> str:
    """The draw an entry's rid names: `SOURCE-NAME-NNN` -> NAME; '' for the first draw's
    `SOURCE-NNN`."""
    return entry.rid.rsplit("-", 1)[0].removeprefix(entry.source).removeprefix("-")


def committed(corpora: Path, parts: tuple[str, ...], own: str = "") -> list[tuple[str, Record]]:
    """The (source, record) pairs of the committed `parts`, re-ingested, less the holdout
    records of the draw `own`; stops if any drifted."""
    entries = [e for part in parts for e in load(part)
               if not (own and e.split == "holdout" and draw_name(e) == own)]
    resolution = resolve(entries, corpora)
    if resolution.drifted:
        raise SystemExit(f"{len(resolution.drifted)} committed records drifted: fix them first")
    return [(item.entry.source, item.record) for item in resolution.records]


def uncommitted(draws: list[Path]) -> list[tuple[str, Record]]:
    """The (source, record) pairs of draw files (`write`'s format) not committed yet."""
    return [(item["source"], Record.from_dict(item["record"])) for path in draws
            for item in drawn(path)]


def corpus_text(taken: list[tuple[str, Record]]) -> dict[str, str]:
    """Per corpus, every string field of the `taken` records, for `fresh_pool`'s body check."""
    return {corpus: "\n".join(t for s, r in taken if SOURCES[s][0] == corpus
                              for _, t in string_fields(r)) for corpus, *_ in SOURCES.values()}


def more(corpora: Path, out: Path, name: str, counts: dict[str, int], fresh: bool = False,
         bar: list[Path] | None = None) -> None:
    """Fresh dev records (see the module doc), written like `main` writes the first draw;
    `fresh`: no CUAD clause from a contract that has any clause in the set (dev included);
    `bar`: other dev draws not committed yet, whose records this one does not take."""
    dev = committed(corpora, ("dev", SEEN)) + uncommitted(bar or [])
    scored = committed(corpora, ("test", "holdout"))
    used = {r.id for _, r in dev + scored}
    barred = barred_groups(scored)
    if fresh:
        barred |= {contract(r) for s, r in dev if SOURCES[s][0] == "cuad"}
    text = corpus_text(scored)
    write(out, [(f"{source}-{name}-{n:03d}", source, "dev", record)
                for source, count in counts.items()
                for n, record in enumerate(choose(
                    source, fresh_pool(corpora, source, used, barred, text[SOURCES[source][0]]),
                    f"{SEED}-{name}", count), start=1)])


def holdout(corpora: Path, out: Path, name: str, counts: dict[str, int] | None = None,
            bar: list[Path] | None = None) -> None:
    """A holdout part (see the module doc): fresh records, groups and text of dev, test, the
    other holdout parts, `seen` and the `bar` draws barred, `counts` (default
    `HOLDOUT_COUNTS`) per source."""
    taken = committed(corpora, ("dev", "test", "holdout", SEEN), own=name) + uncommitted(bar or [])
    used = {r.id for _, r in taken}
    barred = barred_groups(taken)
    text = corpus_text(taken)
    rows = []
    for source, count in (counts or HOLDOUT_COUNTS).items():
        limit = HOLDOUT_LIMITS.get(source, MAX_CHARS)
        pool = fresh_pool(corpora, source, used, barred, text[SOURCES[source][0]])
        print(f"{source}: {len(pool)} fresh records", file=sys.stderr)
        rows += [(f"{source}-{name}-{n:03d}", source, "holdout", record) for n, record in
                 enumerate(choose(source, pool, f"{SEED}-{name}", count, limit), start=1)]
    write(out, rows)


def main(corpora: Path, out: Path) -> None:
    rows = []
    for source in (s for s in SOURCES if s in COUNTS):
        chosen = choose(source, list(ingest_source(corpora, source)))
        parts = split(source, chosen)
        rows += [(f"{source}-{n:03d}", source, parts[record.id], record)
                 for n, record in enumerate(chosen, start=1)]
    write(out, rows)


def counts_and_draws(args: list[str]) -> tuple[dict[str, int], list[Path]]:
    """`SOURCE=N...` and the files after `--bar` of a command line's tail."""
    cut = args.index("--bar") if "--bar" in args else len(args)
    counts = {k: int(v) for k, v in (a.split("=") for a in args[:cut] if a != "--fresh")}
    return counts, [Path(a) for a in args[cut + 1 :]]


if __name__ == "__main__":
    if len(sys.argv) > 3 and sys.argv[3] == "--holdout":
        asked, draws = counts_and_draws(sys.argv[5:])
        holdout(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[4], asked or None, draws)
    elif len(sys.argv) > 3 and sys.argv[3] == "--more":
        asked, draws = counts_and_draws(sys.argv[5:])
        more(Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[4], asked, "--fresh" in sys.argv,
             draws)
    else:
        main(Path(sys.argv[1]), Path(sys.argv[2]))
