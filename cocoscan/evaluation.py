"""Quality metrics on labelled conversations (``cocoscan eval``).

Pure functions over a :class:`ScanResult` and labels; no I/O except
:func:`load_labels` and :func:`load_author_list`. Definitions:

* A conversation is *predicted positive* for a category when that category
  is in its result; *predicted harmful* when it has any category.
* Precision, recall, F1 and F0.5 per category (F0.5 weighs precision, as
  in PAN 2012); ``None`` when undefined (no predicted or no true positive).
* ROC AUC of conversation scores, harmful vs benign: the probability that
  a random harmful conversation scores above a random benign one, ties
  counted as 0.5 (Mann-Whitney U).
* Precision@k over the conversation ranking (positives = harmful) and over
  the author ranking (positives = labelled offenders); average precision.
* The ranking check: every harmful conversation strictly above every
  benign one; violating pairs are listed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from cocoscan.errors import ConfigError
from cocoscan.model import CATEGORIES, ScanResult

LABEL_SCHEMA = 1


@dataclass(frozen=True, slots=True)
class Label:
    """One labelled conversation."""

    conversation: str
    label: str  # "harmful" | "benign"
    categories: tuple[str, ...] = ()
    offenders: tuple[str, ...] = ()
    language: str | None = None
    file: str | None = None
    function: str = ""

    @property
    def harmful(self) -> bool:
        """True for the ``harmful`` label."""
        return self.label == "harmful"


def _label(raw: Any, where: str) -> Label:
    if not isinstance(raw, dict) or not isinstance(raw.get("conversation"), str):
        raise ConfigError("label without a conversation id", location=where)
    label = raw.get("label")
    if label not in ("harmful", "benign"):
        raise ConfigError(
            f"label must be harmful or benign, not {label!r}", location=where
        )
    cats = tuple(raw.get("categories") or ())
    for c in cats:
        if c not in CATEGORIES:
            raise ConfigError(f"unknown category {c!r}", location=where)
    if label == "harmful" and not cats:
        raise ConfigError("harmful label without categories", location=where)
    return Label(
        conversation=raw["conversation"],
        label=label,
        categories=cats,
        offenders=tuple(str(o) for o in raw.get("offenders") or ()),
        language=raw.get("language"),
        file=raw.get("file"),
        function=str(raw.get("function") or ""),
    )


def _read(path: Path) -> Any:
    try:
        return orjson.loads(path.read_bytes())
    except OSError as exc:
        raise ConfigError(
            f"cannot read labels: {exc.strerror}", location=str(path)
        ) from None
    except orjson.JSONDecodeError as exc:
        raise ConfigError(
            f"labels are not valid JSON: {exc}", location=str(path)
        ) from None


def _labels_of(path: Path, seen: set[Path]) -> list[Label]:
    real = path.resolve()
    if real in seen:
        return []
    seen.add(real)
    data = _read(path)
    if not isinstance(data, dict) or data.get("schema") != LABEL_SCHEMA:
        raise ConfigError(
            f"not a labels file (schema {LABEL_SCHEMA})", location=str(path)
        )
    out: list[Label] = []
    for key in ("include", "files", "labels"):
        for item in data.get(key) or ():
            if not isinstance(item, str):
                raise ConfigError(f"{key!r} must list file names", location=str(path))
            out.extend(_labels_of(path.parent / item, seen))
    for i, raw in enumerate(data.get("conversations") or ()):
        out.append(_label(raw, f"{path}: conversation {i + 1}"))
    return out


def label_files(paths: Iterable[str | os.PathLike[str]]) -> set[Path]:
    """Every labels file read for ``paths`` (includes followed), resolved."""
    seen: set[Path] = set()
    for p in paths:
        _labels_of(Path(p), seen)
    return seen


def load_labels(paths: Iterable[str | os.PathLike[str]]) -> list[Label]:
    """Labels from one or more files; a file may ``include`` others.

    A top-level file such as ``samples/labels.json`` may list per-language
    files (``{"schema": 1, "include": ["fr/labels.json", "en/labels.json"]}``)
    next to or instead of its own ``conversations``. Duplicate ids are an
    error.
    """
    seen: set[Path] = set()
    labels: list[Label] = []
    for p in paths:
        labels.extend(_labels_of(Path(p), seen))
    ids: set[str] = set()
    for lab in labels:
        if lab.conversation in ids:
            raise ConfigError(f"conversation {lab.conversation!r} is labelled twice")
        ids.add(lab.conversation)
    return sorted(labels, key=lambda x: x.conversation)


def load_author_list(path: str | os.PathLike[str]) -> list[str]:
    """One author id per line (PAN 2012 predator list); blanks and # ignored."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", location=str(path)) from None
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text", location=str(path)) from None
    ids = [line.strip() for line in text.splitlines()]
    return sorted({i for i in ids if i and not i.startswith("#")})


# --- metrics ---------------------------------------------------------------


def ratio(num: float, den: float) -> float | None:
    """``num / den`` or ``None`` when undefined."""
    return num / den if den else None


def f_beta(precision: float | None, recall: float | None, beta: float) -> float | None:
    """F-beta from precision and recall (``None`` when either is undefined)."""
    if precision is None or recall is None:
        return None
    b2 = beta * beta
    den = b2 * precision + recall
    return (1 + b2) * precision * recall / den if den else 0.0


@dataclass(frozen=True, slots=True)
class Counts:
    """A confusion table for one binary decision."""

    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float | None:
        """TP / (TP + FP)."""
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        """TP / (TP + FN)."""
        return ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall."""
        return f_beta(self.precision, self.recall, 1.0)

    @property
    def f05(self) -> float | None:
        """Precision-weighted F (beta 0.5)."""
        return f_beta(self.precision, self.recall, 0.5)


def confusion(predicted: Iterable[bool], actual: Iterable[bool]) -> Counts:
    """Count a binary confusion table from paired decisions."""
    tp = fp = fn = tn = 0
    for p, a in zip(predicted, actual, strict=True):
        if p and a:
            tp += 1
        elif p:
            fp += 1
        elif a:
            fn += 1
        else:
            tn += 1
    return Counts(tp, fp, fn, tn)


def roc_auc(positives: Sequence[float], negatives: Sequence[float]) -> float | None:
    """P(score of a positive > score of a negative), ties 0.5; ``None`` if empty.

    Computed as a Mann-Whitney rank sum with average ranks for ties, so it
    stays O(n log n) on large corpora.
    """
    if not positives or not negatives:
        return None
    pooled = sorted([(s, 1) for s in positives] + [(s, 0) for s in negatives])
    rank_sum = 0.0
    i = 0
    while i < len(pooled):
        j = i
        while j < len(pooled) and pooled[j][0] == pooled[i][0]:
            j += 1
        average = (i + 1 + j) / 2  # ranks i+1 .. j
        rank_sum += average * sum(flag for _, flag in pooled[i:j])
        i = j
    n_pos, n_neg = len(positives), len(negatives)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def precision_at_k(ranked: Sequence[str], positives: set[str], k: int) -> float | None:
    """Share of positives among the first ``k`` (``None`` when k is 0).

    When fewer than ``k`` items are ranked, the missing places count as
    misses: a ranking that stops early does not earn precision.
    """
    if k <= 0:
        return None
    return sum(1 for x in ranked[:k] if x in positives) / k


def average_precision(ranked: Sequence[str], positives: set[str]) -> float | None:
    """Mean of precision@rank over the ranks of positives; unranked ones add 0."""
    if not positives:
        return None
    hits = 0
    total = 0.0
    for i, x in enumerate(ranked, start=1):
        if x in positives:
            hits += 1
            total += hits / i
    return total / len(positives)


def ranking_violations(
    scores: Mapping[str, float], labels: Sequence[Label]
) -> list[tuple[str, str]]:
    """(harmful, benign) pairs where the harmful one is not strictly above."""
    harmful = [lab.conversation for lab in labels if lab.harmful]
    benign = [lab.conversation for lab in labels if not lab.harmful]
    return [
        (h, b)
        for h in harmful
        for b in benign
        if scores.get(h, 0.0) <= scores.get(b, 0.0)
    ]


# --- report ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Every figure ``cocoscan eval`` prints."""

    conversations: int
    harmful: int
    benign: int
    missing: tuple[str, ...]
    unlabelled: int
    per_category: dict[str, Counts]
    overall: Counts
    auc: float | None
    conversation_p_at_k: dict[int, float | None]
    conversation_ap: float | None
    author_p_at_k: dict[int, float | None]
    author_ap: float | None
    violations: tuple[tuple[str, str], ...]
    languages: dict[str, Counts] = field(default_factory=dict)
    pan12: dict[str, float | int | None] | None = None


def _ranked_conversations(result: ScanResult) -> list[str]:
    rows = sorted(result.conversations, key=lambda c: (-c.score, c.conversation))
    return [c.conversation for c in rows if c.score > 0.0]


def _ranked_authors(result: ScanResult) -> list[str]:
    rows = sorted(result.authors, key=lambda a: (-a.score, a.author))
    return [a.author for a in rows if a.score > 0.0]


def author_metrics(
    result: ScanResult,
    predators: Iterable[str],
    *,
    ks: Sequence[int] = (10, 50, 100),
    threshold: float = 0.5,
) -> dict[str, float | int | None]:
    """PAN 2012 style author ranking: precision@k, AP and F0.5 at a threshold."""
    truth = set(predators)
    ranked = _ranked_authors(result)
    flagged = {a.author for a in result.authors if a.score >= threshold}
    counts = Counts(
        tp=len(flagged & truth), fp=len(flagged - truth), fn=len(truth - flagged), tn=0
    )
    out: dict[str, float | int | None] = {
        "predators": len(truth),
        "ranked": len(ranked),
        "average_precision": average_precision(ranked, truth),
        "threshold": threshold,
        "precision": counts.precision,
        "recall": counts.recall,
        "f05": counts.f05,
    }
    for k in ks:
        out[f"p@{k}"] = precision_at_k(ranked, truth, k)
    return out


def evaluate(
    result: ScanResult,
    labels: Sequence[Label],
    *,
    ks: Sequence[int] = (5, 10, 20),
    predators: Iterable[str] | None = None,
    author_threshold: float = 0.5,
) -> EvalReport:
    """All metrics of ``result`` against ``labels`` (see the module docstring)."""
    by_id = {c.conversation: c for c in result.conversations}
    labelled = {lab.conversation for lab in labels}
    missing = tuple(
        sorted(lab.conversation for lab in labels if lab.conversation not in by_id)
    )
    scores = {c: by_id[c].score if c in by_id else 0.0 for c in sorted(labelled)}
    predicted = {c: set(by_id[c].categories) if c in by_id else set() for c in labelled}
    per_category = {
        cat: confusion(
            (cat in predicted[lab.conversation] for lab in labels),
            (cat in lab.categories for lab in labels),
        )
        for cat in CATEGORIES
    }
    overall = confusion(
        (bool(predicted[lab.conversation]) for lab in labels),
        (lab.harmful for lab in labels),
    )
    languages: dict[str, Counts] = {}
    for lang in sorted({lab.language for lab in labels if lab.language}):
        subset = [lab for lab in labels if lab.language == lang]
        languages[lang] = confusion(
            (bool(predicted[lab.conversation]) for lab in subset),
            (lab.harmful for lab in subset),
        )
    harmful = {lab.conversation for lab in labels if lab.harmful}
    ranked = [c for c in _ranked_conversations(result) if c in labelled]
    offenders = {o for lab in labels if lab.harmful for o in lab.offenders}
    ranked_authors = _ranked_authors(result)
    return EvalReport(
        conversations=len(labels),
        harmful=len(harmful),
        benign=len(labels) - len(harmful),
        missing=missing,
        unlabelled=sum(1 for c in by_id if c not in labelled),
        per_category=per_category,
        overall=overall,
        auc=roc_auc(
            [scores[c] for c in sorted(harmful)],
            [scores[c] for c in sorted(labelled - harmful)],
        ),
        conversation_p_at_k={k: precision_at_k(ranked, harmful, k) for k in ks},
        conversation_ap=average_precision(ranked, harmful),
        author_p_at_k={k: precision_at_k(ranked_authors, offenders, k) for k in ks},
        author_ap=average_precision(ranked_authors, offenders),
        violations=tuple(ranking_violations(scores, labels)),
        languages=languages,
        pan12=(
            author_metrics(result, predators, threshold=author_threshold)
            if predators is not None
            else None
        ),
    )


def _num(value: float | int | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, int):
        return str(value)
    return f"{value:.3f}"


def _rows(report: EvalReport) -> list[tuple[str, Counts]]:
    rows = [(c, report.per_category[c]) for c in CATEGORIES]
    rows.append(("any (harmful)", report.overall))
    rows.extend((f"any ({lang})", counts) for lang, counts in report.languages.items())
    return rows


def as_json(report: EvalReport) -> dict[str, Any]:
    """A JSON-ready dict (sorted keys when dumped)."""

    def counts(c: Counts) -> dict[str, Any]:
        return {
            "tp": c.tp, "fp": c.fp, "fn": c.fn, "tn": c.tn,
            "precision": c.precision, "recall": c.recall, "f1": c.f1, "f05": c.f05,
        }  # fmt: skip

    return {
        "conversations": report.conversations,
        "harmful": report.harmful,
        "benign": report.benign,
        "missing": list(report.missing),
        "unlabelled": report.unlabelled,
        "categories": {c: counts(v) for c, v in report.per_category.items()},
        "overall": counts(report.overall),
        "languages": {k: counts(v) for k, v in report.languages.items()},
        "roc_auc": report.auc,
        "conversation_precision_at_k": {
            str(k): v for k, v in report.conversation_p_at_k.items()
        },
        "conversation_average_precision": report.conversation_ap,
        "author_precision_at_k": {str(k): v for k, v in report.author_p_at_k.items()},
        "author_average_precision": report.author_ap,
        "ranking_ok": not report.violations,
        "violations": [list(v) for v in report.violations],
        "pan12": report.pan12,
    }


def as_table(report: EvalReport, *, markdown: bool = False) -> str:
    """The text or Markdown table ``cocoscan eval`` prints."""
    head = ("category", "TP", "FP", "FN", "TN", "precision", "recall", "F1", "F0.5")
    body = [
        (name, str(c.tp), str(c.fp), str(c.fn), str(c.tn),
         _num(c.precision), _num(c.recall), _num(c.f1), _num(c.f05))
        for name, c in _rows(report)
    ]  # fmt: skip
    lines = _grid(head, body, markdown)
    lines.append("")
    summary = [
        ("conversations", f"{report.conversations} ({report.harmful} harmful, "
                          f"{report.benign} benign)"),
        ("ROC AUC (scores)", _num(report.auc)),
        ("conversation AP", _num(report.conversation_ap)),
        *((f"conversation P@{k}", _num(v))
          for k, v in report.conversation_p_at_k.items()),
        ("author AP", _num(report.author_ap)),
        *((f"author P@{k}", _num(v)) for k, v in report.author_p_at_k.items()),
        ("every harmful above every benign",
         "yes" if not report.violations else f"no ({len(report.violations)} pairs)"),
    ]  # fmt: skip
    if report.pan12 is not None:
        summary.extend((f"PAN12 {k}", _num(v)) for k, v in report.pan12.items())
    lines.extend(_grid(("figure", "value"), summary, markdown))
    if report.missing:
        lines.append("")
        lines.append(f"labelled but not found ({len(report.missing)}):")
        lines.extend(f"- {c}" for c in report.missing)
    if report.violations:
        lines.append("")
        lines.append("violating pairs (harmful <= benign):")
        lines.extend(f"- {h} <= {b}" for h, b in report.violations[:50])
        if len(report.violations) > 50:
            lines.append(f"- ... {len(report.violations) - 50} more")
    return "\n".join(lines) + "\n"


def _grid(
    head: Sequence[str], body: Sequence[Sequence[str]], markdown: bool
) -> list[str]:
    if markdown:
        out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        out += ["| " + " | ".join(row) + " |" for row in body]
        return out
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]

    def fmt(row: Sequence[str]) -> str:
        return "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()

    return [fmt(head), *(fmt(r) for r in body)]
