"""Shared fixtures: the external corpora (skipped cleanly when absent) and small configs."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check behaviour, not speed (speed lives in benchmarks/): no per-example deadline,
# which a loaded CI machine would turn into failures.
settings.register_profile("curate", deadline=None)
settings.load_profile("curate")

# Nothing downloads at test time: `datasets` and `huggingface_hub` read local folders only.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
# A cache of this session's own: `datasets` keys a local folder's cache by its path, and pytest
# reuses temporary paths across sessions, so a shared cache could answer with an older run's rows.
os.environ["HF_DATASETS_CACHE"] = tempfile.mkdtemp(prefix="curate-tests-hf-")
atexit.register(shutil.rmtree, os.environ["HF_DATASETS_CACHE"], True)

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
