"""report.html: a self-contained page (no network) rendered from report.json."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from curate.io import atomic_open


def _table(rows: list[tuple[Any, ...]], header: tuple[str, ...]) -> str:
    head = "".join(f"<th>{escape(str(h))}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render(report: dict[str, Any]) -> str:
    gate = report.get("gate", {})
    checks = [(c["name"], c["status"], c.get("detail", "")) for c in gate.get("checks", [])]
    stages = report["accounting"]["stages"]
    funnel = [(name, b["in"], b["kept"], b["rejected"],
               ", ".join(f"{k}: {v}" for k, v in b["reasons"].items()))
              for name, b in stages.items()]
    labels = list(report["dataset"]["labels"].items())
    pii = list(report["pii"].items())
    verdict = "READY" if gate.get("ready") else "NOT READY"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>curate report</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}}
table{{border-collapse:collapse;margin:0 0 1.5rem}}td,th{{border:1px solid #ccc;padding:.3rem .6rem;text-align:left}}
.verdict{{font-size:1.5rem;font-weight:bold}}</style></head><body>
<h1>curate run report</h1>
<p class="verdict">Gate: {verdict}</p>
<h2>Readiness checks</h2>{_table(checks, ("check", "status", "detail"))}
<h2>Funnel</h2>{_table(funnel, ("stage", "in", "kept", "rejected", "reasons"))}
<h2>Labels</h2>{_table(labels, ("label", "records"))}
<h2>PII replaced</h2>{_table(pii, ("entity", "count"))}
</body></html>
"""


def write_html(path: Path, report: dict[str, Any]) -> None:
    with atomic_open(path) as handle:
        handle.write(render(report))
