"""Baseline predictions for gate criterion 4: from a file, or from a chat endpoint.

A predictions file is JSONL, one `{"id": ..., "output": ...}` per line
(`prediction` is accepted for `output`). An endpoint is anything that speaks
the OpenAI chat completions API (vLLM, llama.cpp server, Ollama, OpenAI); the
key, if one is needed, comes from `$CURATE_BASELINE_API_KEY` and is never logged.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

from curate.errors import InputError
from curate.io import json_lines
from curate.record import Record

if TYPE_CHECKING:
    from curate.config import CurateConfig


def load_predictions(path: Path) -> dict[str, str]:
    """id -> predicted output; an InputError names the first bad line."""
    if not path.is_file():
        raise InputError(f"no such predictions file: {path}")
    predictions: dict[str, str] = {}
    for number, row in json_lines(path):
        try:
            output = row["output"] if "output" in row else row["prediction"]
            predictions[str(row["id"])] = str(output)
        except (KeyError, TypeError):
            raise InputError(
                f"{path} line {number}: expected an object with 'id' and 'output'"
            ) from None
    return predictions


def prompt_messages(record: Record) -> list[dict[str, str]]:
    """The zero-shot prompt a baseline model gets: the instruction and the input."""
    user = f"{record.instruction}\n\n{record.input}" if record.input else record.instruction
    return [{"role": "user", "content": user}]


def query_endpoint(
    url: str, model: str, records: list[Record], timeout: float = 60.0
) -> dict[str, str]:
    """Ask an OpenAI-compatible endpoint (base or `/chat/completions` URL) for each record."""
    endpoint = url if url.rstrip("/").endswith("/chat/completions") else \
        url.rstrip("/") + "/chat/completions"
    headers = {"Content-Type": "application/json"}
    if key := os.environ.get("CURATE_BASELINE_API_KEY"):
        headers["Authorization"] = f"Bearer {key}"
    predictions = {}
    for record in records:
        body = {"model": model, "messages": prompt_messages(record), "temperature": 0}
        request = urllib.request.Request(
            endpoint, data=json.dumps(body).encode("utf-8"), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                reply = json.load(response)
            predictions[record.id] = str(reply["choices"][0]["message"]["content"] or "")
        except (urllib.error.URLError, OSError, ValueError, KeyError, IndexError, TypeError) as exc:
            raise InputError(
                f"baseline endpoint {endpoint} failed for record {record.id}: "
                f"{type(exc).__name__}"
            ) from None
    return predictions


def resolve_predictions(
    records: list[Record], config: CurateConfig, predictions: dict[str, str] | None
) -> dict[str, str] | None:
    """Predictions given, else from `gate.baseline_predictions`, else from the endpoint."""
    gate = config.gate
    if predictions is not None:
        return predictions
    if gate.baseline_predictions:
        return load_predictions(config.resolve(gate.baseline_predictions))
    if gate.baseline_endpoint and gate.baseline_model:
        evals = [r for r in records if r.split == "eval"]
        return query_endpoint(gate.baseline_endpoint, gate.baseline_model, evals)
    return None
