import json
from pathlib import Path

import orjson
import pytest
from hitkit import hit, stats
from typer.testing import CliRunner

from cocoscan.baseline import (
    Baseline,
    BaselineEntry,
    apply_baseline,
    dump_baseline,
    finding_fingerprints,
    load_baseline,
    save_baseline,
    stale_entries,
    suppress_hits,
)
from cocoscan.cli import app
from cocoscan.errors import ConfigError
from cocoscan.fingerprint import content_fingerprint
from cocoscan.model import Severity
from cocoscan.scoring import rank

KEY = b"k" * 32


def entry(fp: str, label: str = "false-positive", rule: str = "r") -> BaselineEntry:
    return BaselineEntry(fp, rule, label, "surprise party", "mod-7", "2026-11-25")


def test_roundtrip_is_sorted_and_has_no_timestamps(tmp_path: Path) -> None:
    b = (
        Baseline()
        .with_entry(entry("bb"))
        .with_entry(entry("aa"))
        .with_entry(entry("bb", "accepted"))
    )
    path = tmp_path / "baseline.json"
    save_baseline(path, b)
    text = path.read_text()
    data = json.loads(text)
    assert [e["fingerprint"] for e in data["entries"]] == ["aa", "bb"]
    assert data["entries"][1]["label"] == "accepted"
    assert set(data["entries"][0]) == {
        "fingerprint",
        "rule",
        "label",
        "reason",
        "reviewer",
        "date",
    }
    assert load_baseline(path) == b
    assert dump_baseline(load_baseline(path)) == text.encode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{", "not valid JSON"),
        (b'{"schema": 2, "entries": []}', "not a cocoscan baseline"),
        (
            b'{"schema": 1, "entries": [{"fingerprint": "a", "label": "maybe"}]}',
            "unknown label",
        ),
        (b'{"schema": 1, "entries": [{"label": "accepted"}]}', "without fingerprint"),
    ],
)
def test_bad_baselines_name_the_file(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "b.json"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match=message) as info:
        load_baseline(path)
    assert str(path) in str(info.value)


def test_missing_baseline(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_baseline(tmp_path / "none.json")
    assert load_baseline(tmp_path / "none.json", missing_ok=True) == Baseline()


def _scan():
    hits = [
        hit("a", 1, "x", category="hate", severity=Severity.HIGH, rule="hate.slur"),
        hit("b", 1, "y", category="hate", severity=Severity.MEDIUM, rule="hate.other"),
    ]
    st = {c: stats(c, 10, {"x": 5, "y": 5}) for c in ("a", "b")}
    return hits, st


def test_apply_suppresses_rescores_and_reranks() -> None:
    hits, st = _scan()
    convs, _ = rank(hits, st, key=KEY)
    assert [c.conversation for c in convs] == ["a", "b"]
    fp = content_fingerprint(KEY, hits[0])
    out = apply_baseline(convs, Baseline((entry(fp, rule="hate.slur"),)), KEY)
    assert [c.conversation for c in out] == ["b", "a"] and [c.rank for c in out] == [
        1,
        2,
    ]
    a = out[1]
    assert a.score == 0.0 and a.categories == () and a.severity is None
    (f,) = a.findings
    assert f.suppressed == "baseline false-positive: surprise party"
    assert f.score == 0.0 and "not counted" in f.explanation[-1]


def test_true_positive_and_output_id_entries() -> None:
    hits, st = _scan()
    convs, _ = rank(hits, st, key=KEY)
    tp = entry(content_fingerprint(KEY, hits[0]), "true-positive")
    assert apply_baseline(convs, Baseline((tp,)), KEY) == convs
    by_id = entry(convs[1].findings[0].fingerprint, "accepted")
    out = apply_baseline(convs, Baseline((by_id,)), KEY)
    assert out[1].findings[0].suppressed == "baseline accepted: surprise party"


def test_suppress_hits_before_ranking_and_stale_entries() -> None:
    hits, st = _scan()
    b = Baseline((entry(content_fingerprint(KEY, hits[1])), entry("0" * 64)))
    suppressed = suppress_hits(hits, b, KEY)
    assert suppressed[0].suppressed is None and suppressed[1].suppressed is not None
    convs, _ = rank(suppressed, st, key=KEY)
    assert convs[1].score == 0.0
    assert [
        e.fingerprint for e in stale_entries(b, finding_fingerprints(convs, KEY))
    ] == ["0" * 64]


def test_baseline_never_unsuppresses_a_guard() -> None:
    guarded = hit("a", 1, "x", category="hate", suppressed="guard negation: negated")
    convs, _ = rank([guarded], {"a": stats("a", 3, {"x": 3})}, key=KEY)
    b = Baseline((entry(content_fingerprint(KEY, guarded), "true-positive"),))
    assert (
        apply_baseline(convs, b, KEY)[0].findings[0].suppressed
        == "guard negation: negated"
    )


def write_findings(folder: Path) -> list[dict]:
    def rec(fid: str, rule: str, cat: str, conv: str, line: int, sup=None) -> dict:
        return {
            "id": fid * 32,
            "rule": rule,
            "category": cat,
            "severity": "high",
            "conversation": conv,
            "source": {"path": "in.txt", "line": line},
            "suppressed": sup,
        }

    records = [
        rec("ab", "grooming.secrecy", "grooming", "c1", 3),
        rec("cd", "signal.snap", "signal", "c1", 4),
        rec("ef", "hate.slur", "hate", "c2", 9, "guard quotation: inside quotes"),
    ]
    folder.mkdir()
    (folder / "findings.jsonl").write_bytes(
        b"".join(orjson.dumps(r) + b"\n" for r in records)
    )
    return records


def test_triage_marks_lists_and_reports_stale(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_findings(out)
    base = tmp_path / "baseline.json"
    runner = CliRunner()
    listed = runner.invoke(app, ["triage", str(out), "--baseline", str(base), "--list"])
    assert listed.exit_code == 1
    assert listed.stdout.count("\n") == 2 and "hate.slur" not in listed.stdout
    marked = runner.invoke(
        app,
        ["triage", str(out), "-b", str(base), "--finding", "abababab", "--mark",
         "false-positive", "--reason", "surprise party", "--reviewer", "mod-7"],
    )  # fmt: skip
    assert marked.exit_code == 0, marked.output
    (e,) = load_baseline(base).entries
    assert (e.fingerprint, e.rule, e.label, e.reviewer) == (
        "ab" * 32,
        "grooming.secrecy",
        "false-positive",
        "mod-7",
    )
    again = runner.invoke(app, ["triage", str(out), "-b", str(base), "--list"])
    assert again.exit_code == 1 and again.stdout.count("\n") == 1
    runner.invoke(app, ["triage", str(out), "-b", str(base), "--finding", "cdcdcdcd",
                        "--mark", "true-positive"])  # fmt: skip
    done = runner.invoke(app, ["triage", str(out), "-b", str(base), "--list"])
    assert done.exit_code == 0 and done.stdout == ""
    save_baseline(base, load_baseline(base).with_entry(entry("9" * 64)))
    stale = runner.invoke(app, ["triage", str(out), "-b", str(base), "--list"])
    assert "stale: 9999" in stale.stderr and "1 stale" in stale.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--finding", "abab", "--mark", "accepted", "--reason", "x"], "too short"),
        (
            ["--finding", "00000000", "--mark", "accepted", "--reason", "x"],
            "no finding",
        ),
        (["--finding", "abababab", "--mark", "maybe"], "--mark must be"),
        (["--finding", "abababab", "--mark", "false-positive"], "--reason is required"),
        ([], "give --finding"),
    ],
)
def test_triage_errors_are_one_line(
    tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "out"
    write_findings(out)
    result = CliRunner().invoke(
        app, ["triage", str(out), "-b", str(tmp_path / "b.json"), *args]
    )
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.startswith("error: ")
