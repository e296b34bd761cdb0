"""Opt-in: the review round trip through a real Label Studio on localhost.

Set CURATE_LABEL_STUDIO to the `label-studio` executable of its own virtual environment
(README, "Review round trip"). The test starts it with a fresh data folder (analytics,
Sentry and the update check off), creates a project with our labeling config through the
HTTP API, imports our task export, submits annotations as a reviewer would, exports the
project through the API and applies that file; the next run's export reflects it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dask_cluster import free_port
from test_config_cli import run_cli
from test_review import choice, exported_labels, lines, make_project, run

EXECUTABLE = os.environ.get("CURATE_LABEL_STUDIO", "")
pytestmark = pytest.mark.skipif(
    not (EXECUTABLE and os.access(EXECUTABLE, os.X_OK)),
    reason="set CURATE_LABEL_STUDIO to a label-studio executable (its own venv) to run this")

TOKEN = "curate0review0token0for0tests0only"
QUIET = {"LATEST_VERSION_CHECK": "false", "COLLECT_ANALYTICS": "false", "SENTRY_DSN": "",
         "FRONTEND_SENTRY_DSN": "", "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true"}


class LabelStudio:
    """A client of the local server's HTTP API (legacy token auth, no proxy)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def call(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url + path, data=data, method=method, headers={
            "Authorization": f"Token {TOKEN}", "Content-Type": "application/json"})
        with self.opener.open(request, timeout=120) as response:
            return json.loads(response.read() or b"null")

    def up(self) -> bool:
        try:
            self.call("GET", "/api/version")
            return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False


@pytest.fixture
def label_studio(tmp_path: Path) -> Iterator[LabelStudio]:
    port = free_port()
    log = (tmp_path / "label-studio.log").open("w")
    env = {**os.environ, **QUIET, "LABEL_STUDIO_BASE_DATA_DIR": str(tmp_path / "ls-data")}
    server = subprocess.Popen(
        [EXECUTABLE, "start", "--no-browser", "--data-dir", str(tmp_path / "ls-data"),
         "--internal-host", "127.0.0.1", "--port", str(port),
         "--username", "reviewer@curate.test", "--password", "curate-review-pass",
         "--user-token", TOKEN, "--enable-legacy-api-token"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    client = LabelStudio(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 600  # the first start migrates a fresh database (5 min here)
        while not client.up():
            assert server.poll() is None, (tmp_path / "label-studio.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "Label Studio did not answer within 600 s"
            time.sleep(2)
        yield client
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


def test_label_studio_round_trip(tmp_path: Path, label_studio: LabelStudio, capsys) -> None:
    config = make_project(tmp_path / "p")
    run1 = run(config, tmp_path / "p" / "run1", capsys)
    tasks_file = tmp_path / "tasks.json"
    assert run_cli(["review", "export", str(run1), "--to", "labelstudio", "-o", str(tasks_file)],
                   capsys)[0] == 0

    project = label_studio.call("POST", "/api/projects", {
        "title": "curate review", "label_config": (tmp_path / "tasks.xml").read_text()})
    tasks = json.loads(tasks_file.read_text())
    label_studio.call("POST", f"/api/projects/{project['id']}/import", tasks)
    listed = label_studio.call("GET", f"/api/tasks?project={project['id']}&page_size=1000")
    imported = {t["data"]["curate_id"]: t for t in listed["tasks"]}
    assert set(imported) == {t["data"]["curate_id"] for t in tasks}

    flagged = [t["data"] for t in tasks if t["predictions"]]
    answers = {flagged[0]["curate_id"]: [choice("label", flagged[0]["suggested"])],
               flagged[1]["curate_id"]: [choice("label", flagged[1]["given"])],
               flagged[2]["curate_id"]: [choice("decision", "drop")]}
    for rid, result in answers.items():
        label_studio.call("POST", f"/api/tasks/{imported[rid]['id']}/annotations",
                          {"result": result, "was_cancelled": False})
    export = label_studio.call(
        "GET", f"/api/projects/{project['id']}/export?exportType=JSON&download_all_tasks=true")
    assert len(export) == len(tasks)
    (tmp_path / "ls-export.json").write_text(json.dumps(export))

    code, err = run_cli(["review", "apply", str(run1), str(tmp_path / "ls-export.json"),
                         "--config", str(config)], capsys)
    assert code == 0 and "keep 1, relabel 1, drop 1" in err, err
    run2 = run(config, tmp_path / "p" / "run2", capsys)
    after = exported_labels(run2, capsys)
    assert after[flagged[0]["curate_id"]] == flagged[0]["suggested"]
    assert after[flagged[1]["curate_id"]] == flagged[1]["given"]
    assert flagged[2]["curate_id"] not in after
    assert {r["id"]: r["rejected"]["reason"] for r in lines(run2 / "rejected.jsonl")} == {
        flagged[2]["curate_id"]: "review.dropped"}
