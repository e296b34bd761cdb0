"""Where a text is code rather than prose: a fenced block, a stack-trace, log, import or
install line, a pipe table's row. Ticket rules ask it before believing a name or a handle
there (`curate.pii.genre`, `curate.pii.structure`)."""

from __future__ import annotations

from functools import lru_cache

import regex

_FENCE = regex.compile(r"^[ \t>]*(?:```|~~~)", regex.MULTILINE)
# An import, include or install line: `import x`, `from x import y`, `#include <x>`,
# `pip install x`, `npm i x`, `sudo apt-get install -y x`.
_IMPORT = (
    r"(?:sudo[ \t]+(?:-\w+[ \t]+)*)?"
    r"(?:import|from[ \t]+\S+[ \t]+import|#include|require[ \t]*\(|(?:pip3?|conda|brew|apt|apt-get"
    r"|choco|gem|cargo|go|yarn|pnpm|npm)[ \t]+(?:install|add|get|i)|using[ \t]+[\w.]+;)\b"
)
# A stack-trace, log or import line: `  File "x.py", line 7`, `    at f (file.js:1:2)`,
# `ValueError   Traceback`, `[INFO] ...`, `2023-01-05 17:36:52 ERROR ...`, `pip install x`, a
# package manager's log line (yarn's `➤ YN0002: │ ...`, `npm WARN ...`, `npm ERR! ...`).
_CODE_LINE = regex.compile(
    r"^[ \t]*(?:File[ \t]+\"|at[ \t]+\S+[ \t]+\(|at[ \t]+\S+:\d|\[\w+\]|\d{4}-\d{2}-\d{2}[T ]\d"
    r"|[\w.]*(?:Error|Exception|Warning)\b|Traceback\b|\$[ \t]|(?:➤[ \t]*)?YN\d{4}:"
    r"|npm[ \t]+(?:WARN|ERR!|warn|error|notice)\b|" + _IMPORT + ")"
)


def in_code(text: str, start: int) -> bool:
    """Inside a fenced code block, on a stack-trace or log line, or in a pipe table's row."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    if line.count("|") >= 2 or _CODE_LINE.match(line):
        return True
    return sum(1 for f in _fences(text) if f < line_start) % 2 == 1


@lru_cache(maxsize=256)
def _fences(text: str) -> tuple[int, ...]:
    return tuple(m.start() for m in _FENCE.finditer(text))
