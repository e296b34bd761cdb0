"""Label Studio: the queue as tasks with predictions, its labeling config, and its export read.

`write` makes the JSON task list Label Studio imports (`data` with the text and why it was
flagged, `predictions` with curate's suggested label) and, beside it, `<name>.xml`: the
labeling config to create the project with. A reviewer picks the right label (a label
equal to the given one keeps the record) and may tick `drop`. `read` takes the project's
JSON export: per task, its submitted (not cancelled) annotations, which must agree.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from curate.errors import UsageError
from curate.io import atomic_open
from curate.review.decisions import Answer, agreed
from curate.review.items import Item

MODEL_VERSION = "curate-labels"


def labeling_config(labels: dict[str, set[str]]) -> str:
    """The project's labeling config: the text, why it is there, every task's labels, drop."""
    view = ET.Element("View")
    ET.SubElement(view, "Header", value="$why")
    ET.SubElement(view, "Text", name="text", value="$text")
    ET.SubElement(view, "Header", value="Right label (a label equal to the given one keeps it)")
    choices = ET.SubElement(view, "Choices", name="label", toName="text", choice="single",
                            showInline="true")
    for label in sorted(set().union(*labels.values())):
        ET.SubElement(choices, "Choice", value=label)
    ET.SubElement(view, "Header", value="Or remove the record from the dataset")
    drop = ET.SubElement(view, "Choices", name="decision", toName="text", choice="single")
    ET.SubElement(drop, "Choice", value="drop")
    return ET.tostring(view, encoding="unicode") + "\n"


def _choice(name: str, value: str) -> dict[str, Any]:
    return {"from_name": name, "to_name": "text", "type": "choices",
            "value": {"choices": [value]}}


def task(item: Item) -> dict[str, Any]:
    """One Label Studio task: data for the view, curate's suggestion as a prediction."""
    data = {"curate_id": item.id, "task": item.task, "text": item.text, "why": item.why,
            "given": item.given or "", "suggested": item.suggested or "",
            "label_quality": item.label_quality, "rank": item.rank}
    predictions = [] if item.suggested is None else [{
        "model_version": MODEL_VERSION, "score": item.probability,
        "result": [_choice("label", item.suggested)]}]
    return {"data": data, "predictions": predictions}


def write(items: list[Item], labels: dict[str, set[str]], path: Path) -> list[Path]:
    """The task list at `path` and the labeling config beside it (`.xml`)."""
    config = path.with_suffix(".xml")
    if config == path:
        raise UsageError(f"-o {path}: name the task file .json; its labeling config is "
                         "written beside it as .xml")
    with atomic_open(path) as handle:
        json.dump([task(item) for item in items], handle, ensure_ascii=False, indent=1,
                  sort_keys=True)
        handle.write("\n")
    with atomic_open(config) as handle:
        handle.write(labeling_config(labels))
    return [path, config]


def _answer(result: list[dict[str, Any]]) -> tuple[str, str]:
    """(decision, label) chosen in one annotation's result."""
    chosen = {r.get("from_name"): (r.get("value") or {}).get("choices") or [""]
              for r in result if r.get("type") == "choices"}
    return chosen.get("decision", [""])[0], chosen.get("label", [""])[0]


def answers(tasks: list[Any]) -> list[Answer]:
    """One answer per task of a Label Studio JSON export (tasks nobody annotated are
    undecided); annotators who disagree make a problem line, not a silent pick."""
    out = []
    for number, entry in enumerate(tasks, start=1):
        data = entry.get("data") if isinstance(entry, dict) else None
        if not isinstance(data, dict):
            out.append(Answer(f"task {number}", "", problem="is not a Label Studio task"))
            continue
        where = f"task {number} (Label Studio id {entry.get('id')})"
        rid = str(data.get("curate_id", ""))
        done = [a for a in entry.get("annotations") or [] if not a.get("was_cancelled")]
        picks = {_answer(a.get("result") or []) for a in done}
        out.append(agreed(where, rid, picks, "Label Studio"))
    return out

