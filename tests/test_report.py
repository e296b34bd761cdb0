"""report.json validates against its schema; report.html is self-contained and text-free."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

from conftest import SCHEMAS
from jsonschema import Draft202012Validator
from runkit import config, records, report

from curate.export.writer import write_exports
from curate.gate import evaluate
from curate.report import write_html
from curate.report.models import Report
from curate.report.summary import histogram


def _full_report(tmp_path):
    recs, cfg = records(60), config()
    for r in recs:
        r.input += " zqmarker <script>alert(1)</script>"
    rep = report(recs, cfg, {
        "audit": {"findings": [{"attribute": "region", "group": "EU", "severity": "low",
                                "share": 0.1}]},
        "dedup": {"cluster_sizes": {"2": 5, "3": 1}, "clusters": 6},
        "labels": {"issues": 2, "by_label": {"billing": 1, "account": 1}},
    })
    gate = evaluate(recs, rep, cfg)
    full = Report.model_validate({**rep.to_json(), "gate": gate,
                                  "exports": write_exports(recs, cfg, tmp_path, gate["ready"])})
    return recs, json.loads(json.dumps(full.to_json()))


def test_report_json_validates_against_schema(tmp_path):
    schema = json.loads((SCHEMAS / "report.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    _, rep = _full_report(tmp_path)
    Draft202012Validator(schema).validate(rep)
    assert rep["dataset"]["labels_by_split"]["eval"] == {"account": 4, "billing": 4,
                                                         "shipping": 4}
    assert sum(rep["scores"]["flesch"]["histogram"]["counts"]) == 60
    broken = {**rep, "gate": {"ready": True, "checks": [{"name": "x", "status": "maybe"}]}}
    assert not Draft202012Validator(schema).is_valid(broken)


def test_histogram_bins_cover_min_to_max():
    hist = histogram([0, 1, 2, 3, 10], bins=5)
    assert hist["edges"] == [0, 2, 4, 6, 8, 10] and hist["counts"] == [2, 2, 0, 0, 1]
    assert histogram([5, 5], bins=2)["counts"] == [2, 0]


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.links = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.links += [v for k, v in attrs if k in ("src", "href") and v]


def test_html_is_self_contained_gate_first_and_has_no_record_text(tmp_path):
    _, rep = _full_report(tmp_path)
    rep["findings"]["labels"]["note"] = "<b>escaped</b>"
    path = tmp_path / "report.html"
    write_html(path, Report.model_validate(rep))
    page = path.read_text()
    parser = _Collect()
    parser.feed(page)
    assert "script" not in parser.tags and not parser.links
    assert "&lt;b&gt;escaped&lt;/b&gt;" in page and "<b>escaped" not in page
    assert page.index("Readiness checklist") < page.index("Funnel") < page.index("Labels")
    assert parser.tags.count("svg") >= 6
    assert "quality.too_short: 2" in page and "EU" in page
    assert "zqmarker" not in page and "ticket number" not in page
    assert not re.search(r"https?://", page)


def test_html_lists_each_flagged_label_pair_with_counts(tmp_path):
    _, rep = _full_report(tmp_path)
    pairs = [{"given": "billing", "suggested": "refund", "count": 3},
             {"given": "refund", "suggested": "billing", "count": 1}]
    rep["findings"]["labels"] = {"tasks": {"intent": {"flagged_pairs": pairs}}}
    path = tmp_path / "report.html"
    write_html(path, Report.model_validate(rep))
    page = path.read_text()
    section = page[page.index("Suspected label errors, per class pair"):]
    assert ("<td>intent</td><td>billing</td><td>refund</td><td>3</td>" in section
            and "<td>intent</td><td>refund</td><td>billing</td><td>1</td>" in section)


def test_html_shows_a_listed_finding_as_its_count_file_and_sample(tmp_path):
    _, rep = _full_report(tmp_path)
    sample = [{"input_cluster": f"pairs:{k}", "size": 2} for k in range(3)]
    rep["findings"]["dedup"]["conflicts"] = {"count": 41, "sample": sample,
                                             "file": "dedup_conflicts.jsonl"}
    Draft202012Validator(json.loads((SCHEMAS / "report.schema.json").read_text())).validate(rep)
    path = tmp_path / "report.html"
    write_html(path, Report.model_validate(rep))
    section = path.read_text().split("<h3>dedup</h3>")[1].split("<h3>")[0]
    assert "41, all in <code>dedup_conflicts.jsonl</code>; the first 3 below" in section
    assert all(f"<td>pairs:{k}</td><td>2</td>" in section for k in range(3))
