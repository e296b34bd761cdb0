"""The gate verdict as JUnit XML, for CI systems that show test results."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET


def junit_xml(gate: dict[str, Any]) -> str:
    """One JUnit test case per check: not met fails; no evidence fails if required, else skips."""
    checks = gate["checks"]
    suite = ET.Element("testsuite", name="curate.gate", tests=str(len(checks)))
    failures = skipped = 0
    for check in checks:
        case = ET.SubElement(suite, "testcase", classname="curate.gate", name=check["name"])
        message = f"{check['status']}: {check['detail']}"
        if check["status"] == "not_met" or (check["status"] == "no_evidence" and check["required"]):
            ET.SubElement(case, "failure", message=message).text = json.dumps(check["numbers"])
            failures += 1
        elif check["status"] == "no_evidence":
            ET.SubElement(case, "skipped", message=message)
            skipped += 1
        else:
            ET.SubElement(case, "system-out").text = message
    suite.set("failures", str(failures))
    suite.set("skipped", str(skipped))
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"
