"""The real-text PII evaluation set (benchmarks/pii_eval): integrity, and the scorer's alignment."""

from __future__ import annotations

import copy
import json
from itertools import combinations, pairwise
from pathlib import Path

import pytest

from benchmarks.pii_eval import label, sample
from benchmarks.pii_eval.evalset import (
    CATEGORIES,
    HERE,
    SEEN,
    SPLITS,
    STRUCTURED_CATEGORIES,
    Entry,
    Resolution,
    Resolved,
    Span,
    anchor,
    field_text,
    fkey,
    load,
    reanchor,
    resolve,
    sha,
    split_files,
    string_fields,
)
from benchmarks.pii_eval.hard import cases
from benchmarks.pii_eval.realtext import Report
from benchmarks.pii_eval.sample import body, contract, group
from benchmarks.pii_eval.score import align, score_field
from benchmarks.pii_eval.sources import SOURCES
from curate.record import Record, Source, new_record


@pytest.fixture(scope="module")
def entries() -> dict[str, list[Entry]]:
    return {split: load(split) for split in SPLITS}


def test_set_is_large_split_and_covers_every_corpus(entries):
    assert len(entries["dev"]) + len(entries["test"]) >= 400
    # The first draw is split about 40% dev; later draws (`SOURCE-NAME-NNN`) only grew dev.
    dev, test = ([e for e in entries[s] if e.rid.rsplit("-", 1)[0] == e.source]
                 for s in ("dev", "test"))
    assert all(e.rid.rsplit("-", 1)[0] == e.source for e in entries["test"])
    for corpus in ("enron", "github", "jira", "cuad"):
        n_dev = sum(e.corpus == corpus for e in dev)
        n_test = sum(e.corpus == corpus for e in test)
        assert n_dev and n_test
        assert 0.25 <= n_dev / (n_dev + n_test) <= 0.55, corpus


def test_splits_are_disjoint_and_no_record_is_labelled_twice(entries):
    keys = {split: [(e.corpus, e.path, e.locator) for e in entries[split]] for split in SPLITS}
    for a, b in combinations(SPLITS, 2):
        assert not set(keys[a]) & set(keys[b]), (a, b)
    assert all(len(keys[split]) == len(set(keys[split])) for split in SPLITS)
    rids = [e.rid for split in SPLITS for e in entries[split]]
    assert len(rids) == len(set(rids))


def test_holdout_is_a_fresh_draw_from_groups_new_to_the_set(entries):
    """The holdout part (`sample.py --holdout NAME`: `holdout.jsonl` from the draw `holdout`,
    `holdout_NAME.jsonl` from later ones) has its own rids, covers e-mail, tickets and
    contract text, and takes no CUAD contract (in either format) that dev or test holds."""
    holdout = entries["holdout"]
    assert len(holdout) >= 100
    for path in split_files("holdout"):
        name = path.stem.partition("_")[2] or "holdout"
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert rows and all(r["rid"].startswith(f"{r['source']}-{name}-") for r in rows), path
    assert {"enron", "github", "jira", "forms"} <= {e.corpus for e in holdout}
    seen = {Path(e.path).stem for split in ("dev", "test") for e in entries[split]
            if e.corpus == "cuad"}
    assert not seen & {Path(e.path).stem for e in holdout if e.corpus == "cuad"}


def test_spans_are_well_formed(entries):
    for entry in (e for split in SPLITS for e in entries[split]):
        assert entry.source in SOURCES and SOURCES[entry.source][0] == entry.corpus
        seen: dict[str, list[tuple[int, int]]] = {}
        for s in entry.spans:
            assert s["category"] in CATEGORIES, entry.rid
            assert s["end"] - s["start"] == s["length"] > 0
            assert fkey(tuple(s["field"])) in entry.fields, entry.rid
            if s["field"][0] in ("meta", "source") or s["category"] in STRUCTURED_CATEGORIES:
                assert s["structured"], entry.rid
            seen.setdefault(fkey(tuple(s["field"])), []).append((s["start"], s["end"]))
        for ranges in seen.values():
            ranges.sort()
            assert all(a[1] <= b[0] for a, b in pairwise(ranges)), entry.rid


def test_no_text_of_the_corpora_is_stored():
    for path in (p for split in SPLITS for p in split_files(split)):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            assert set(row) == {"rid", "corpus", "source", "path", "locator", "record_id",
                                "fields", "spans"}
            assert all(set(s) == {"field", "start", "end", "category", "length", "sha256",
                                  "structured"} for s in row["spans"])


SELECTOR = {"rid", "corpus", "source", "path", "locator", "record_id", "fields"}


def test_seen_records_are_selectors_only_and_none_is_labelled(entries):
    """`seen.jsonl` (records read in an audit, never labelled) holds no text and no spans, and
    no record of it is in a scored part."""
    rows = [json.loads(line) for path in split_files(SEEN)
            for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 600
    for row in rows:
        assert set(row) == SELECTOR, row["rid"]
        assert SOURCES[row["source"]][0] == row["corpus"]
        assert all(len(v) == 64 and set(v) <= set("0123456789abcdef")
                   for v in row["fields"].values())
    keys = [(r["source"], r["path"], r["locator"]) for r in rows]
    assert len(keys) == len(set(keys))
    assert not set(keys) & {(e.source, e.path, e.locator) for split in SPLITS
                            for e in entries[split]}
    assert {e.rid for e in load(SEEN)} == {r["rid"] for r in rows}


def test_label_seen_writes_selectors_once_and_leaves_out_labelled_records(tmp_path):
    def chosen(name: str, *rows: tuple[str, Record]) -> Path:
        path = tmp_path / name
        path.write_text("".join(json.dumps({"rid": rid, "source": "github", "split": "dev",
                                            "record": r.to_dict()}, ensure_ascii=False) + "\n"
                                for rid, r in rows),
                        encoding="utf-8")
        return path

    a, b, c = (new_record(Source("tickets", "issues.csv", f"row {n}"), "t", "Respond.",
                          f"Jane Roe wrote {n}\u2028from jane.roe@example.com", "ok")
               for n in "abc")  # U+2028: a line break to str.splitlines, not to a JSON line
    (tmp_path / "dev.jsonl").write_text(json.dumps({**label.selector("github-1", "github", c),
                                                    "spans": []}) + "\n", encoding="utf-8")
    first = chosen("one.jsonl", ("github-x-1", a), ("github-x-2", c))
    assert label.seen([first, chosen("two.jsonl", ("github-y-1", a), ("github-y-2", b))],
                      tmp_path) == 2
    assert label.seen([first], tmp_path) == 2  # again: nothing new
    text = (tmp_path / "seen.jsonl").read_text(encoding="utf-8")
    assert "Jane" not in text and "example.com" not in text
    assert [e.rid for e in load(SEEN, tmp_path)] == ["github-x-1", "github-y-2"]
    assert all(e.spans == [] and e.record_id in (a.id, b.id) for e in load(SEEN, tmp_path))


@pytest.mark.slow
def test_more_and_holdout_draws_bar_seen_records_and_their_contracts(corpora, tmp_path):
    """A `--more` draw and a `--holdout` draw take no record of `seen.jsonl`, the holdout
    none of a seen record's CUAD contract, of a committed holdout part or of an uncommitted draw
    passed with `--bar`, and a second `--more` draw none of the first's when it bars it (most of
    the GitHub pool is seen, and each draw takes 30 of the ~100 fresh issues under the length
    limit, so an unbarred draw would take some of each; session 18 left too few for draws of
    100)."""
    seen = load(SEEN)
    keys = {(e.source, e.path, e.locator) for e in seen}
    contracts = {Path(e.path).stem for e in seen if e.corpus == "cuad"}
    held = {(e.source, e.path, e.locator) for e in load("holdout")}
    sample.more(corpora, tmp_path / "more.jsonl", "seen-test", {"github": 30})
    sample.more(corpora, tmp_path / "again.jsonl", "seen-again", {"github": 30},
                bar=[tmp_path / "more.jsonl"])
    sample.holdout(corpora, tmp_path / "holdout.jsonl", "seen-test",
                   {"github": 30, "cuad_txt": 28}, [tmp_path / "more.jsonl"])
    drawn = {name: [json.loads(line) for line in (tmp_path / f"{name}.jsonl").open()]
             for name in ("more", "again", "holdout")}
    assert len(drawn["more"]) == 30
    assert sum(r["source"] == "github" for r in drawn["holdout"]) == 30
    where = {name: {(r["source"], r["record"]["source"]["path"], r["record"]["source"]["locator"])
                    for r in rows} for name, rows in drawn.items()}
    assert not where["more"] & keys and not where["holdout"] & keys
    assert len(drawn["again"]) == 30 and not where["again"] & (keys | where["more"])
    assert not where["holdout"] & (held | where["more"])
    assert not [r["rid"] for r in drawn["holdout"] if r["source"] == "cuad_txt"
                and Path(r["record"]["source"]["path"]).stem in contracts]


def test_holdout_arguments_and_draw_names(tmp_path):
    """`--holdout NAME SOURCE=N... --bar DRAW.jsonl...`: the counts and the uncommitted draws
    are read (a U+2028 in a record does not cut its line), and a rid names its draw, which a
    re-run of that draw does not bar."""
    record = new_record(Source("tickets", "issues.csv", "row 1"), "t", "Respond.",
                        "Jane Roe\u2028wrote", "ok")
    draw = tmp_path / "draw.jsonl"
    sample.write(draw, [("github-s13p-001", "github", "dev", record)])
    assert sample.counts_and_draws(["github=30", "enron_single=40", "--bar", str(draw)]) == (
        {"github": 30, "enron_single": 40}, [draw])
    assert sample.counts_and_draws([]) == ({}, [])
    assert [(s, r.id, r.input) for s, r in sample.uncommitted([draw])] == [
        ("github", record.id, record.input)]
    rids = {"enron_single-h13-001": "h13", "github-holdout-035": "holdout", "github-017": "",
            "enron_single-recall-s13-002": "recall-s13"}
    assert {rid: sample.draw_name(Entry(rid, "x", rid.split("-")[0], "p", "", "id", "holdout",
                                        {})) for rid in rids} == rids


@pytest.fixture(scope="module")
def resolution(entries, corpora) -> Resolution:
    return resolve([e for split in SPLITS for e in entries[split]], corpora)


@pytest.mark.slow
def test_every_selector_resolves_and_every_span_hash_matches(entries, resolution):
    everything = [e for split in SPLITS for e in entries[split]]
    assert resolution.drifted == []
    assert len(resolution.records) == len(everything)
    for item in resolution.records:
        texts = {fkey(p): t for p, t in string_fields(item.record)}
        assert {k: sha(texts[k]) for k in item.entry.fields} == item.entry.fields, item.entry.rid
        for span, stored in zip(item.spans, item.entry.spans, strict=True):
            assert sha(texts[fkey(span.field)][span.start : span.end]) == stored["sha256"]


@pytest.mark.slow
def test_holdout_shares_no_group_and_no_text_with_dev_or_test(resolution):
    """No Enron thread, CUAD contract or ticket of holdout has a record in dev or test, and no
    holdout message body is held in a dev or test record of its corpus (a quoted copy)."""
    seen = [item for item in resolution.records if item.entry.split != "holdout"]
    held = [item for item in resolution.records if item.entry.split == "holdout"]
    assert held
    groups = {group(i.entry.source, i.record) for i in seen} | {
        contract(i.record) for i in seen if i.entry.corpus == "cuad"}
    for item in held:
        assert group(item.entry.source, item.record) not in groups, item.entry.rid
        assert item.entry.corpus != "cuad" or contract(item.record) not in groups
    text = {corpus: "\n".join(t for i in seen if i.entry.corpus == corpus
                              for _, t in string_fields(i.record))
            for corpus in {i.entry.corpus for i in held}}
    assert not [i.entry.rid for i in held if body(i.record) in text[i.entry.corpus]]


def test_a_wrapped_header_list_is_structured_and_prose_after_a_header_is_not():
    """The lines an address header's list runs on to are header lines (after a separator, an
    indent, or with routes or addresses), not the prose around them (synthetic headers)."""
    text = ("To: Jane Roe/HOU/ECT@ECT, John Doe/HOU/ECT@ECT, Mary\n"
            "Poe/HOU/ECT, Ann Lee/HOU/ECT\n"
            "cc: Bob Fay, Eve Hart,\n"
            "Tom Kerr, Liz Moss\n"
            "\tSam Vale\n"
            "Subject: lunch\n"
            "Mary will bring the slides, Tom the coffee.\n"
            "Please respond to jroe\n"
            "Kim and  Lou\n"
            "bcc: Ida Lamb,\n"
            "\n"
            "Ida, see you at noon.")
    position = {name: label.structured(("input",), "PERSON", text, text.index(name))
                for name in ("Poe", "Ann Lee", "Tom Kerr", "Liz Moss", "Sam Vale", "Mary will",
                             "Kim", "Lou", "Ida, see")}
    assert position == {"Poe": True, "Ann Lee": True, "Tom Kerr": True, "Liz Moss": True,
                        "Sam Vale": True, "Mary will": False, "Kim": False, "Lou": False,
                        "Ida, see": False}


def test_restructure_recomputes_flags_and_rewrites_nothing_else(corpora, tmp_path):
    """`label --restructure` sets each committed span's flag from its resolved record, says how
    many flipped each way, and leaves the rest of the line byte for byte."""
    rows = [json.loads(line) for line in (HERE / "dev_s16r.jsonl").open(encoding="utf-8")][:3]
    original = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)
    assert original.encode() == b"".join((HERE / "dev_s16r.jsonl").open("rb").readlines()[:3])
    prose = next(s for r in rows for s in r["spans"] if not s["structured"])
    prose["structured"] = True
    (tmp_path / "dev.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False,
                                                           sort_keys=True) + "\n" for r in rows))
    assert label.restructure(corpora, tmp_path) == {"dev.jsonl": (0, 1)}
    assert (tmp_path / "dev.jsonl").read_text(encoding="utf-8") == original


@pytest.mark.slow
def test_every_committed_position_follows_the_header_line_rule(resolution):
    """Each span's `structured` flag is what `label.structured` gives on its resolved record (a
    rule change recomputes them: `label --restructure`)."""
    for item in resolution.records:
        texts = {fkey(p): t for p, t in string_fields(item.record)}
        assert [label.structured(s.field, s.category, texts[fkey(s.field)], s.start)
                for s in item.spans] == [s.structured for s in item.spans], item.entry.rid


def test_hard_cases_are_many_valid_and_include_negatives():
    data = cases()
    assert len(data) >= 78
    assert any(not c["spans"] for c in data)
    for case in data:
        for s in case["spans"]:
            assert s["category"] in CATEGORIES
            assert 0 <= s["start"] < s["end"] <= len(case["text"])


def test_reanchor_follows_a_shifted_value_and_gives_up_on_a_changed_one():
    text = "Reply to Jane Roe today"
    digest = sha("Jane Roe")
    assert reanchor(text, 9, 8, digest) == 9
    assert reanchor("Please reply to Jane Roe today", 9, 8, digest) == 16
    assert reanchor("Reply to Jane Rowe today", 9, 8, digest) is None


def _spans(text: str, *values: tuple[str, str]) -> list[Span]:
    return [Span(("input",), text.index(v), text.index(v) + len(v), c, False) for c, v in values]


def test_alignment_finds_what_each_placeholder_replaced():
    text = "Call Jane Roe at 555-0100 today about the bill."
    spans = _spans(text, ("PERSON", "Jane Roe"), ("PHONE", "555-0100"))
    scored = score_field(text, "Call <PERSON_1> at 555-0100 today about the <PERSON_2>.", spans)
    assert scored.anchored
    assert [leak for _, leak in scored.leaks] == [False, True]
    assert [(text[r.start : r.end], r.entity, wrong) for r, wrong in scored.regions] == [
        ("Jane Roe", "PERSON", False), ("bill", "PERSON", True)]


def test_a_name_half_replaced_still_leaks():
    text = "To: Roe, Jane J"
    spans = _spans(text, ("PERSON", "Roe, Jane J"))
    assert score_field(text, "To: Roe, <PERSON_1> J", spans).leaks[0][1] is True
    assert score_field(text, "To: <PERSON_1>", spans).leaks[0][1] is False
    # Punctuation left in place is not a leak: only letters and digits count.
    assert score_field(text, "To: <PERSON_1>, <PERSON_2>", spans).leaks[0][1] is False


def test_keyed_hash_placeholders_are_recognised():
    text = "Ask Jane about it"
    regions, anchored = align(text, "Ask <PERSON_1a2b3c4d> about it")
    assert anchored and [(r.start, r.end) for r in regions] == [(4, 8)]


def test_changed_literal_text_falls_back_to_sequence_matching():
    text = "Dear Jane, thanks"
    scored = score_field(text, "Dear <PERSON_1>, Thanks", _spans(text, ("PERSON", "Jane")))
    assert not scored.anchored
    assert scored.leaks[0][1] is False
    assert any(wrong for _, wrong in scored.regions)  # the changed "t" touches no item


def _jira_case(text: str) -> tuple[Record, list[Span], Entry]:
    """A ticket whose text and reporter name Jane Roe (and the text a phone), labelled."""
    record = new_record(Source("tickets", "x.json", "T-1"), "t", "Respond.", text, "ok",
                        meta={"reporter": {"displayName": "Jane Roe"}})
    spans = [*_spans(text, ("PERSON", "Jane Roe"), ("PHONE", "555-0100")),
             Span(("meta", "reporter", "displayName"), 0, 8, "PERSON", True)]
    entry = Entry("jira-1", "jira", "jira_cls", "x.json", "T-1", record.id, "dev",
                  {fkey(p): sha(t) for p, t in string_fields(record)}, [])
    return record, spans, entry


def test_report_counts_a_known_redaction():
    text = "Call Jane Roe at 555-0100 about the bill."
    record, spans, entry = _jira_case(text)
    redacted = copy.deepcopy(record)
    redacted.input = "Call <PERSON_1> at 555-0100 about the <PERSON_2>."
    assert field_text(redacted, ("meta", "reporter", "displayName")) == "Jane Roe"
    report = Report("dev")
    report.add(Resolved(entry, record, spans), redacted)
    prose, structured = report.corpus[("jira", "prose")], report.corpus[("jira", "structured")]
    assert (prose.items, prose.leaked, prose.placeholders, prose.wrong) == (2, 1, 2, 1)
    assert (structured.items, structured.leaked, structured.placeholders) == (1, 1, 0)
    assert report.category[("jira", "PERSON", "structured")].leaked == 1
    assert report.category[("jira", "PERSON", "prose")].leaked == 0
    assert report.claimed["jira"]["PERSON"] == 1
    assert report.leaky == {("jira", "prose"): 1, ("jira", "structured"): 1}


def test_a_withheld_record_is_a_cost_not_a_leak():
    """A record that redact rejects keeps no text (rejected.jsonl has counts only): its items
    are counted as withheld, never as leaked, and its fields give no placeholders."""
    text = "Call Jane Roe at 555-0100."
    record, spans, entry = _jira_case(text)
    withheld = copy.deepcopy(record)
    withheld.reject("redact", "redact.residual_pii", "PII still found after redaction: PERSON=1")
    withheld.input, withheld.meta = "", {}
    report = Report("dev")
    report.add(Resolved(entry, record, spans), withheld)
    assert (report.withheld["jira"], report.withheld_items["jira"]) == (1, 3)
    for position in ("prose", "structured"):
        tally = report.corpus[("jira", position)]
        assert (tally.items, tally.leaked, tally.placeholders) == (0, 0, 0)
    kept = copy.deepcopy(record)
    report.add(Resolved(entry, record, spans), kept)  # kept unchanged: everything leaks
    assert report.corpus[("jira", "prose")].leaked == 2
    assert report.withheld["jira"] == 1
    assert report.leaky[("jira", "prose")] == 1  # the kept record only


def test_anchor_reports_what_moved_changed_or_is_new():
    source = Source("tickets", "x.json", "T-1")
    before = new_record(source, "t", "Respond.", "Ask Jane Roe", "ok")
    entry = Entry("t-1", "jira", "jira_cls", "x.json", "T-1", before.id, "dev",
                  {fkey(p): sha(t) for p, t in string_fields(before)},
                  [{"field": ["input"], "start": 4, "end": 12, "category": "PERSON",
                    "length": 8, "sha256": sha("Jane Roe"), "structured": False}])
    after = new_record(source, "t", "Respond.", "Please ask Jane Roe", "ok",
                       meta={"reporter": "Jane Roe"})
    resolved = anchor(entry, after)
    assert isinstance(resolved, Resolved)
    assert (resolved.spans[0].start, resolved.moved, resolved.changed, resolved.unknown) == (
        11, 1, 1, 1)
    gone = new_record(source, "t", "Respond.", "Ask Jane Rowe", "ok")
    assert anchor(entry, gone) == 'span not found in ["input"]'
