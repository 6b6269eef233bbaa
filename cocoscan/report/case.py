"""``case.jsonld``: the scan as a CASE/UCO JSON-LD graph.

CASE (Cyber-investigation Analysis Standard Expression) builds on UCO to
exchange forensic results between tools. The graph holds: the tool; each
input as a ``uco-observable:File`` with a ``FileFacet`` and a
``ContentDataFacet`` carrying its SHA-256; one ``uco-observable:Message``
per finding (redacted excerpt, sent time, pseudonymous sender account)
linked to its file by a ``Contained_Within`` relationship; each finding as a
``uco-core:Annotation`` on that message; and one
``case-investigation:InvestigativeAction`` tying tool, inputs and
annotations together. Node ids are UUIDv5 of stable values, and no
wall-clock time is written, so the file is reproducible byte for byte.
"""

from __future__ import annotations

import uuid
from typing import Any

import orjson

from cocoscan.redact.evidence import EvidenceFinding, EvidenceReport

#: Prefixes as the CASE examples declare them (CASE 1.x, UCO 1.x).
CONTEXT: dict[str, str] = {
    "case-investigation": "https://ontology.caseontology.org/case/investigation/",
    "kb": "http://example.org/kb/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "uco-action": "https://ontology.unifiedcyberontology.org/uco/action/",
    "uco-core": "https://ontology.unifiedcyberontology.org/uco/core/",
    "uco-observable": "https://ontology.unifiedcyberontology.org/uco/observable/",
    "uco-tool": "https://ontology.unifiedcyberontology.org/uco/tool/",
    "uco-types": "https://ontology.unifiedcyberontology.org/uco/types/",
    "uco-vocabulary": "https://ontology.unifiedcyberontology.org/uco/vocabulary/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

_NS = uuid.UUID("5d2f7a4e-2c1b-4f0e-9a57-63c0c05ca4a1")


def node_id(kind: str, *parts: str) -> str:
    """A stable ``kb:`` IRI: ``kind`` plus a UUIDv5 of the parts."""
    return f"kb:{kind}-{uuid.uuid5(_NS, '|'.join((kind, *parts)))}"


def _typed(kind: str, value: object) -> dict[str, object]:
    return {"@type": kind, "@value": value}


def _file(path: str, sha: str, size: int) -> dict[str, Any]:
    fid = node_id("file", sha, path)
    return {
        "@id": fid,
        "@type": "uco-observable:File",
        "uco-core:hasFacet": [
            {
                "@id": node_id("file-facet", sha, path),
                "@type": "uco-observable:FileFacet",
                "uco-observable:fileName": path,
                "uco-observable:sizeInBytes": _typed("xsd:integer", size),
            },
            {
                "@id": node_id("content-data-facet", sha),
                "@type": "uco-observable:ContentDataFacet",
                "uco-observable:hash": [
                    {
                        "@id": node_id("hash", sha),
                        "@type": "uco-types:Hash",
                        # UCO >= 1.4: a plain xsd:string from HashNameVocab.
                        "uco-types:hashMethod": "SHA256",
                        "uco-types:hashValue": _typed("xsd:hexBinary", sha),
                    }
                ],
            },
        ],
    }


def _account(pseudonym: str) -> dict[str, Any]:
    return {
        "@id": node_id("account", pseudonym),
        "@type": "uco-observable:Account",
        "uco-core:hasFacet": [
            {
                "@id": node_id("account-facet", pseudonym),
                "@type": "uco-observable:AccountFacet",
                "uco-observable:accountIdentifier": pseudonym,
            }
        ],
    }


def _message(f: EvidenceFinding, file_id: str) -> list[dict[str, Any]]:
    mid = node_id("message", f.source.sha256, f.conversation, f.message)
    facet: dict[str, Any] = {
        "@id": node_id("message-facet", f.id),
        "@type": "uco-observable:MessageFacet",
        "uco-observable:messageID": f"{f.conversation}/{f.message}",
        "uco-observable:messageText": f.excerpt,
    }
    if f.timestamp:
        facet["uco-observable:sentTime"] = _typed("xsd:dateTime", f.timestamp)
    if f.author:
        facet["uco-observable:from"] = {"@id": node_id("account", f.author)}
    message = {
        "@id": mid,
        "@type": "uco-observable:Message",
        "uco-core:hasFacet": [facet],
    }
    relation = {
        "@id": node_id("relationship", mid, file_id),
        "@type": "uco-core:Relationship",
        "uco-core:source": [{"@id": mid}],
        "uco-core:target": {"@id": file_id},
        "uco-core:kindOfRelationship": "Contained_Within",
        "uco-core:isDirectional": True,
    }
    return [message, relation]


def _annotation(f: EvidenceFinding, message_id: str) -> dict[str, Any]:
    statement = (
        f"cocoscan rule {f.rule} ({f.category}, {f.severity}) fired, score "
        f"{f.score}; span {f.span[0]}-{f.span[1]} of the original message, record "
        f"at byte {f.source.byte_offset}"
        + (f", line {f.source.line}" if f.source.line is not None else "")
        + (f"; suppressed: {f.suppressed}" if f.suppressed else "")
    )
    return {
        "@id": node_id("annotation", f.id),
        "@type": "uco-core:Annotation",
        "uco-core:name": f.id,
        "uco-core:object": [{"@id": message_id}],
        "uco-core:statement": statement,
        "uco-core:tag": [f.category, f.severity, f.rule, *f.signals],
        "uco-core:description": list(f.explanation),
    }


def render_case(report: EvidenceReport) -> bytes:
    """``case.jsonld`` bytes."""
    run = report.run
    tool_id = node_id("tool", run.tool_name, run.tool_version)
    graph: list[dict[str, Any]] = [
        {
            "@id": tool_id,
            "@type": "uco-tool:Tool",
            "uco-core:name": run.tool_name,
            "uco-tool:version": run.tool_version,
            "uco-tool:toolType": "chat-log analysis",
        }
    ]
    files: dict[str, str] = {}
    for inp in run.inputs:
        node = _file(inp.path, inp.sha256, inp.size)
        files.setdefault(inp.sha256, node["@id"])
        graph.append(node)
    accounts = sorted({f.author for f in report.findings if f.author})
    graph.extend(_account(a) for a in accounts)
    seen_messages: set[str] = set()
    annotations = []
    for f in report.findings:
        file_id = files.get(f.source.sha256)
        if file_id is None:
            node = _file(f.source.path, f.source.sha256, 0)
            file_id = files[f.source.sha256] = node["@id"]
            graph.append(node)
        message, relation = _message(f, file_id)
        # Two findings on one message share its node (first excerpt kept).
        if message["@id"] not in seen_messages:
            seen_messages.add(message["@id"])
            graph.extend([message, relation])
        annotations.append(_annotation(f, message["@id"]))
    graph.extend(annotations)
    graph.append(
        {
            "@id": node_id("action", run.key_id, *sorted(files)),
            "@type": "case-investigation:InvestigativeAction",
            "uco-core:name": "cocoscan scan",
            "uco-core:description": f"redaction {run.redaction}; key id {run.key_id}; "
            f"packs {', '.join(f'{p.id} {p.version}' for p in run.packs) or 'none'}"
            + ("; partial scan" if run.partial else ""),
            "uco-action:instrument": {"@id": tool_id},
            "uco-action:object": [{"@id": i} for i in files.values()],
            "uco-action:result": [{"@id": a["@id"]} for a in annotations],
        }
    )
    doc = {"@context": CONTEXT, "@graph": graph}
    return orjson.dumps(doc, option=orjson.OPT_INDENT_2) + b"\n"
