"""report.html: a self-contained page (inline CSS and SVG, no script, no network).

Rendered from report.json only, so it shows counts, scores and findings, never
record text: nothing in it can carry PII that the report itself does not.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path
from typing import Any

from curate.accounting import count_lines
from curate.io import atomic_open
from curate.report.charts import bars, histogram, stacked
from curate.report.models import Listed, Report, Skipped

STATUS = {"met": ("✔", "ok"), "not_met": ("✘", "bad"), "no_evidence": ("?", "unknown")}

CSS = """body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;color:#222;
padding:0 1rem}table{border-collapse:collapse;margin:.5rem 0 1.5rem}td,th{border:1px solid #ccc;
padding:.3rem .6rem;text-align:left;vertical-align:top}th{background:#f3f3f3}
.verdict{font-size:1.6rem;font-weight:bold;padding:.6rem 1rem;border-radius:.4rem;
display:inline-block}
.ready{background:#e3f4e4;color:#1b5e20}.notready{background:#fbe3e3;color:#b71c1c}
.ok{color:#2e7d32;font-weight:bold}.bad{color:#c62828;font-weight:bold}
.unknown{color:#8d6e00;font-weight:bold}.muted{color:#777}.grid{display:flex;flex-wrap:wrap;gap:1rem}
figure{margin:0}figcaption{text-align:center;font-size:.9rem;color:#555}
svg.chart text{font-size:12px;fill:#333}code{background:#f3f3f3;padding:0 .2rem}"""


def _cell(value: Any) -> str:
    if isinstance(value, dict | list):
        return f"<code>{escape(json.dumps(value, sort_keys=True, ensure_ascii=False))}</code>"
    return escape(str(value))


def table(rows: list[list[Any]], header: list[str]) -> str:
    if not rows:
        return "<p class='muted'>none</p>"
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _numeric_map(value: Any) -> bool:
    return isinstance(value, dict) and 0 < len(value) <= 40 and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in value.values())


def _listed(value: Any) -> Listed | None:
    """A bounded list of a finding (`curate.listing`), or None for any other value."""
    if isinstance(value, dict) and set(value) == set(Listed.model_fields):
        return Listed.model_validate(value)
    return None


def findings_block(value: Any) -> str:
    """Any JSON finding as tables: counts get a bar chart, lists of objects a table, a
    bounded list its count, the file that holds every row, and its sample as a table."""
    listed = _listed(value)
    if listed is not None:
        more = (f"; the first {len(listed.sample)} below" if listed.count > len(listed.sample)
                else "")
        head = f"<p>{listed.count}, all in <code>{escape(listed.file)}</code>{more}</p>"
        return head + (findings_block(listed.sample) if listed.sample else "")
    if _numeric_map(value):
        return bars([(str(k), float(v)) for k, v in value.items()])
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        columns = sorted({k for v in value for k in v})
        return table([[v.get(c, "") for c in columns] for v in value], columns)
    if isinstance(value, dict):
        scalars = [[k, v] for k, v in value.items() if not isinstance(v, dict | list)]
        nested = [(k, v) for k, v in value.items() if isinstance(v, dict | list)]
        html = table(scalars, ["key", "value"]) if scalars else ""
        return html + "".join(f"<h4>{escape(str(k))}</h4>{findings_block(v)}" for k, v in nested)
    return f"<p>{_cell(value)}</p>"


def _gate(report: Report) -> str:
    gate = report.gate
    verdict = ("ready", "READY to fine-tune") if gate.ready else ("notready", "NOT READY")
    rows = []
    for check in gate.checks:
        mark, css = STATUS[check.status]
        rows.append(f"<tr><td class='{css}'>{mark} {escape(check.status)}</td>"
                    f"<td>{escape(check.name)}</td>"
                    f"<td>{'required' if check.required else 'advisory'}</td>"
                    f"<td>{escape(check.detail)}</td><td>{_cell(check.numbers)}</td></tr>")
    return (f"<p class='verdict {verdict[0]}'>Gate: {verdict[1]}</p>"
            "<h2>Readiness checklist</h2><table><thead><tr><th>status</th><th>check</th>"
            "<th>policy</th><th>detail</th><th>numbers</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table>")


def _funnel(report: Report) -> str:
    books = report.accounting
    sources = [(f"ingest {n}", b.kept, b.rejected) for n, b in books.sources.items()]
    stages = [(n, b.kept, b.rejected) for n, b in books.stages.items()]
    rows = [[n, b.into, b.kept, b.rejected, ", ".join(f"{k}: {v}" for k, v in b.reasons.items())]
            for n, b in {**books.sources, **books.stages}.items()]
    counts = "".join(f"<li>{escape(line)}</li>"
                     for line in count_lines(books.to_json(), report.exports.to_json()))
    return (f"<h2>Funnel</h2><ul>{counts}</ul>{stacked(sources + stages)}"
            + table(rows, ["step", "in", "kept", "rejected", "rejected by reason"]))


def _distributions(report: Report) -> str:
    data = report.dataset
    labels = bars([(k, float(v)) for k, v in data.labels.items()])
    by_split = data.labels_by_split
    names = sorted({label for counts in by_split.values() for label in counts})
    split_rows = [[n, *(by_split[s].get(n, 0) for s in by_split)] for n in names]
    hists = [histogram(v.histogram.edges, v.histogram.counts, name.replace("_", " "))
             for name, v in {**data.lengths, **report.scores}.items()]
    return ("<h2>Labels</h2>" + labels + table(split_rows, ["label", *by_split])
            + "<h2>Lengths, readability and scores</h2><div class='grid'>" + "".join(hists)
            + "</div>")


def _label_pairs(report: Report) -> str:
    """Every class pair the labels stage flagged (given -> suggested), with counts."""
    tasks = report.findings.get("labels", {}).get("tasks", {})
    rows = [[task, pair["given"], pair["suggested"], pair["count"]]
            for task, found in tasks.items() for pair in found.get("flagged_pairs", [])]
    return ("<h2>Suspected label errors, per class pair</h2>"
            + table(rows, ["task", "given label", "suggested label", "records"]))


def _skipped(listed: Skipped) -> str:
    """The records an export skipped, by id and reason: the report's sample of them, and the
    file that lists them all."""
    shown = ", ".join(f"{row.id} ({row.reason})" for row in listed.sample)
    more = (f" and {listed.count - len(listed.sample)} more" if listed.count > len(listed.sample)
            else "")
    return f"{listed.count}: {shown}{more} (all in {listed.file})" if listed.count else "0"


def render(report: Report) -> str:
    """The whole page; every value is escaped."""
    pii = bars([(k, float(v)) for k, v in report.pii.items()])
    findings = "".join(f"<h3>{escape(stage)}</h3>{findings_block(value)}"
                       for stage, value in report.findings.items())
    exports = report.exports
    export_rows = [[fmt, split, info.lines.get(split, 0), _skipped(listed)]
                   for fmt, info in exports.formats.items()
                   for split, listed in info.skipped_ids.items()]
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>curate report</title><style>{CSS}</style></head><body>"
        f"<h1>curate run report</h1><p class='muted'>curate {escape(report.tool_version)}, "
        f"config sha256 <code>{escape(report.config_sha256[:16])}</code>, "
        f"{report.dataset.records} records kept</p>"
        + _gate(report) + _funnel(report) + _distributions(report) + _label_pairs(report)
        + "<h2>PII replaced, per entity</h2>" + pii
        + "<h2>Stage findings</h2>" + (findings or "<p class='muted'>none</p>")
        + "<h2>Exports</h2>"
        + (table(export_rows, ["format", "split", "lines", "skipped by export (id, reason)"])
           if exports.written
           else f"<p>{escape(exports.reason or 'none written')}</p>")
        + "</body></html>\n"
    )


def write_html(path: Path, report: Report) -> None:
    with atomic_open(path) as handle:
        handle.write(render(report))
