"""Shared fixtures: the external corpora (skipped cleanly when absent) and small configs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO / "schemas"


def corpora_root() -> Path:
    """`../shared/corpora` beside the checkout, or $CURATE_CORPORA."""
    return Path(os.environ.get("CURATE_CORPORA", REPO.parent / "shared" / "corpora"))


@pytest.fixture(scope="session")
def corpora() -> Path:
    root = corpora_root()
    if not root.is_dir():
        pytest.skip(f"external corpora not found at {root}")
    return root
