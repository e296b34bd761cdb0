"""Start-up: word lists are read without importing the libraries that ship them."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_name_rules_read_textstats_easy_words_without_importing_textstat() -> None:
    """A fresh interpreter runs the name rules (first names, surnames, and textstat's easy
    words, which keep `Thelma Good` from being a name) without loading textstat, NLTK or
    SciPy, whose import costs a redact worker seconds."""
    script = textwrap.dedent(
        """
        import sys
        from curate.pii.names import find_names, name_lists
        first, last, common = name_lists()
        assert {"good", "the", "kitchen"} <= common, "easy words or stop words missing"
        text = "Thelma Mitchell wrote. Thelma Good wrote."
        found = [text[s:e] for s, e, _ in find_names(text)]
        assert "Thelma Mitchell" in found and "Thelma Good" not in found, found
        heavy = sorted({"nltk", "scipy", "textstat"} & set(sys.modules))
        assert not heavy, heavy
        print("ok")
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
