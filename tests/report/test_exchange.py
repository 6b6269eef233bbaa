"""findings.csv, findings.sarif and case.jsonld: structure, redaction, links."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import replace
from pathlib import Path

from cocoscan.redact.evidence import EvidenceReport
from cocoscan.report.csv_writer import COLUMNS, cell, render_csv
from cocoscan.report.sarif import MAX_RESULTS, render_sarif


def rows(out_dir: Path) -> list[dict[str, str]]:
    data = (out_dir / "findings.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_has_one_row_per_finding_in_jsonl_order(out_dir: Path) -> None:
    found = rows(out_dir)
    ids = [
        json.loads(x)["id"]
        for x in (out_dir / "findings.jsonl").read_text().splitlines()
    ]
    assert [r["id"] for r in found] == ids
    assert list(found[0]) == list(COLUMNS)
    assert found[0]["conversation_rank"] == "1"


def test_csv_defuses_formulas(evidence: EvidenceReport) -> None:
    assert cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert cell("@SUM") == "'@SUM" and cell("ok") == "ok" and cell(None) == ""
    f = replace(evidence.findings[0], excerpt="=cmd|' /C calc'!A0")
    data = render_csv(replace(evidence, findings=(f,))).decode("utf-8-sig")
    assert "'=cmd" in data


def sarif(out_dir: Path) -> dict[str, object]:
    return json.loads((out_dir / "findings.sarif").read_text())


def test_sarif_structure(out_dir: Path, evidence: EvidenceReport) -> None:
    log = sarif(out_dir)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"][0]["executionSuccessful"] is False  # partial scan
    assert run["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted({f.rule for f in evidence.findings})
    hashes = {a["hashes"]["sha-256"] for a in run["artifacts"]}
    assert hashes == {i.sha256 for i in evidence.run.inputs}
    assert "[PHONE]" in run["redactionTokens"]
    assert len(run["results"]) == len(evidence.findings)
    for result, f in zip(run["results"], evidence.findings, strict=True):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == f.rule
        loc = result["locations"][0]["physicalLocation"]
        assert loc["region"]["snippet"]["text"] == f.excerpt
        assert run["artifacts"][loc["artifactLocation"]["index"]]["hashes"][
            "sha-256"
        ] == (f.source.sha256)
        assert result["partialFingerprints"]["cocoscan/v1"] == f.id
        assert re.fullmatch(
            r"[0-9a-f]{16}:1", result["partialFingerprints"]["primaryLocationLineHash"]
        )
        assert result["level"] in {"error", "warning", "note"}
        assert 0 <= result["rank"] <= 100


def test_sarif_complete_scan_is_successful(evidence: EvidenceReport) -> None:
    ok = replace(evidence, run=replace(evidence.run, partial=False, problems=()))
    run = json.loads(render_sarif(ok))["runs"][0]
    assert run["invocations"][0]["executionSuccessful"] is True


def test_sarif_caps_results(evidence: EvidenceReport) -> None:
    many = replace(evidence, findings=evidence.findings * (MAX_RESULTS // 6 + 2))
    run = json.loads(render_sarif(many))["runs"][0]
    assert len(run["results"]) == MAX_RESULTS
    assert (
        "highest-ranked"
        in run["invocations"][0]["toolExecutionNotifications"][-1]["message"]["text"]
    )


def test_sarif_suppressed_finding_has_suppression(evidence: EvidenceReport) -> None:
    f = replace(evidence.findings[0], suppressed="allow block: quoted news")
    run = json.loads(render_sarif(replace(evidence, findings=(f,))))["runs"][0]
    (sup,) = run["results"][0]["suppressions"]
    assert sup == {
        "kind": "external",
        "status": "accepted",
        "justification": "allow block: quoted news",
    }


def test_case_graph_is_linked_json_ld(out_dir: Path, evidence: EvidenceReport) -> None:
    doc = json.loads((out_dir / "case.jsonld").read_text())
    context, graph = doc["@context"], doc["@graph"]
    assert context["uco-core"].startswith("https://ontology.unifiedcyberontology.org/")
    assert context["case-investigation"].startswith(
        "https://ontology.caseontology.org/"
    )
    ids: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "@id" in node and "@type" in node:
                assert node["@id"] not in ids, node["@id"]
                ids.add(node["@id"])
            for key, value in node.items():
                if ":" in key and not key.startswith("@"):
                    assert key.split(":")[0] in context, key
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(graph)
    refs = re.findall(
        r'\{"@id":"(kb:[^"]+)"\}', json.dumps(graph, separators=(",", ":"))
    )
    assert refs and all(r in ids for r in refs)
    types = [n["@type"] for n in graph]
    assert types.count("uco-observable:File") == len(evidence.run.inputs)
    assert types.count("uco-core:Annotation") == len(evidence.findings)
    assert "case-investigation:InvestigativeAction" in types
    rels = [n for n in graph if n["@type"] == "uco-core:Relationship"]
    assert rels and all(
        r["uco-core:kindOfRelationship"] == "Contained_Within" for r in rels
    )
    files = [n for n in graph if n["@type"] == "uco-observable:File"]
    facets = [f["@type"] for f in files[0]["uco-core:hasFacet"]]
    assert facets == ["uco-observable:FileFacet", "uco-observable:ContentDataFacet"]
    hash_node = files[0]["uco-core:hasFacet"][1]["uco-observable:hash"][0]
    assert hash_node["uco-types:hashMethod"] == "SHA256"
