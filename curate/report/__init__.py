"""report.json (machine-readable) and report.html (for a person)."""

from curate.report.html import write_html
from curate.report.summary import build_report

__all__ = ["build_report", "write_html"]
