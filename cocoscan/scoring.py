"""Scoring and ranking: hits + conversation counters -> ranked results.

Formula (every term that moves a score is written into ``explanation``):

1. **Hit weight** ``w = severity weight x confidence factor`` with severity
   informational 0.05, low 0.15, medium 0.30, high 0.50, critical 0.70 and
   confidence low 0.6, medium 0.8, high 1.0. Suppressed hits weigh 0 (they
   stay visible as suppressed findings). A hit is evidence for its rule's
   category (unless it is a ``signal`` rule) and for each of its signals.
2. **Category score** for category *c* of a conversation:
   ``s_c = 1 - (1 - d_c) * prod(1 - 0.5 * w_k)`` where ``d_c`` is the
   strongest direct hit of *c* and ``w_k`` the strongest hit per supporting
   signal *k* of *c* (``SUPPORT``): repeats of one signal saturate, distinct
   signals add up. Combinations (:mod:`cocoscan.heuristics.combinations`:
   a declared minor plus two grooming acts from another author; threat +
   payment; rates + logistics / third party; lure + isolated or late
   meeting, organiser talk; recruitment + bank account) raise it:
   ``s_c <- s_c + b * (1 - s_c)`` with bounded ``b``. A category is
   reported when it is *corroborated* (a combination; one strong rule,
   weight >= 0.4, or >= 0.5 for grooming; otherwise, outside grooming, a
   second rule or a repeat in another message) and ``s_c >= thresholds[c]``
   (default ``DEFAULT_THRESHOLD``). Context: secrecy about a surprise or a
   birthday does not count as secrecy; grooming in a conversation with
   kinship terms of address is multiplied by 0.5 (family context, a
   discount, never a suppression). Before any of this, every hit inside
   quotation marks, in reported speech or in a news report is suppressed
   with that reason, whatever guards its rule declares: quoting is not
   doing.
3. **Conversation score** = the highest reported ``s_c``; without any
   category, ``SIGNAL_ONLY_FACTOR (0.15) x noisy-or`` of the strongest item
   per key: signals are leads, not harms, so a conversation without a
   category stays below the default category threshold (0.20) and under
   every conversation with one. Then bounded boosts for escalation
   order and speed (grooming, ambush) and fan-out scripts, each
   ``s <- s + b * (1 - s)``, and the conversation prior (one participant,
   very short) as a factor. Rounded to 4 decimals, in [0, 1).
4. **Severity** = the tier of the score (>= 0.80 critical, >= 0.60 high,
   >= 0.35 medium, >= 0.15 low, else informational), raised to the
   severity of any combination found (prostitution with a minor is
   critical); ``informational`` without a category, ``None`` at score 0.
5. **Authors**: per conversation, an author's own score is the noisy-or of
   their strongest item per key (age declarations excluded: being 13 is
   not an act) boosted by the combinations they acted in; across
   conversations :func:`cocoscan.heuristics.authors.aggregate` (top-k mean,
   breadth, skewness, minimum messages) and fan-out.

Ties are broken by id; nothing depends on dict order or salted hashes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from cocoscan.fingerprint import fingerprint
from cocoscan.heuristics.ages import (
    AgeFacts,
    age_facts,
    age_signals,
    hit_signals,
    is_age_signal,
)
from cocoscan.heuristics.authors import aggregate
from cocoscan.heuristics.combinations import Combination, combinations, late_seqs
from cocoscan.heuristics.context import (
    FAMILY_FACTOR,
    is_surprise_secrecy,
    kinship_terms,
    speech_context,
)
from cocoscan.heuristics.cooccurrence import (
    Evidence,
    boost,
    by_author,
    evidence_of,
    hit_weight,
    noisy_or,
    strongest,
)
from cocoscan.heuristics.escalation import escalation_boost
from cocoscan.heuristics.fanout import fanout_boost, scripted_openers
from cocoscan.heuristics.prior import prior_factor
from cocoscan.heuristics.speed import speed_boost
from cocoscan.model import (
    CATEGORIES,
    AuthorResult,
    ConversationResult,
    ConversationStats,
    Finding,
    Hit,
    Severity,
)

DEFAULT_THRESHOLD = 0.20
#: A single rule at least this heavy makes a category on its own (high
#: severity at medium confidence); grooming asks for high confidence too.
STRONG_HIT = 0.4
STRONG_GROOMING_HIT = 0.5
SIGNAL_ONLY_FACTOR = 0.15
SUPPORT_FACTOR = 0.5

#: Signals that support each harm category (a signal may support several).
SUPPORT: dict[str, frozenset[str]] = {
    "grooming": frozenset(
        {
            "age-probe", "contact-exchange", "flattery", "gift", "image-request",
            "isolation", "meeting", "minor-age", "off-platform", "pressure", "secrecy",
        }
    ),
    "prostitution": frozenset(
        {"gift", "logistics", "meeting", "minor-age", "payment", "rates",
         "recruitment", "third-party"}
    ),
    "ambush": frozenset(
        {"isolation", "lure", "meeting", "organiser", "payment", "secrecy", "threat"}
    ),
    "sextortion": frozenset(
        {"deadline", "image-request", "payment", "pressure", "threat"}
    ),
    "hate": frozenset({"dehumanisation", "threat", "violence-call"}),
    "laundering": frozenset(
        {"bank-account", "payment", "recruitment", "secrecy"}
    ),
}  # fmt: skip

_MUTED = frozenset({"secrecy"})

TIERS: tuple[tuple[float, Severity], ...] = (
    (0.80, Severity.CRITICAL),
    (0.60, Severity.HIGH),
    (0.35, Severity.MEDIUM),
    (0.15, Severity.LOW),
)


def tier(score: float) -> Severity | None:
    """Severity tier of a score (``None`` for 0)."""
    if score <= 0.0:
        return None
    for floor, level in TIERS:
        if score >= floor:
            return level
    return Severity.INFORMATIONAL


@dataclass(frozen=True, slots=True)
class CategoryScore:
    """One category's score in one conversation, with its terms.

    ``corroborated`` is False when the category rests on one weak rule
    alone (see :func:`is_corroborated`); such a category is not reported.
    """

    category: str
    score: float
    terms: tuple[str, ...]
    combos: tuple[Combination, ...]
    corroborated: bool = True


def is_corroborated(
    category: str,
    direct: Sequence[Evidence],
    support: Sequence[Evidence],
    combos: Sequence[Combination],
) -> bool:
    """Whether a category has more than one weak rule behind it.

    A combination always corroborates; so does one strong rule (weight >=
    ``STRONG_HIT``, high severity). Other categories need two distinct rules
    among their direct and supporting evidence, or one direct rule firing in
    two messages. Grooming needs a combination or a rule of high severity
    *and* high confidence: it is a harm against a minor, and secrecy or a
    pick-up alone is everyday family life.
    """
    if combos:
        return True
    if category == "grooming":
        return any(e.weight >= STRONG_GROOMING_HIT for e in direct)
    if any(e.weight >= STRONG_HIT for e in direct):
        return True
    if len({e.seq for e in direct}) >= 2:
        return True
    return len({e.rule for e in (*direct, *support)}) >= 2


def category_score(
    category: str, evidence: Sequence[Evidence], combos: Sequence[Combination]
) -> CategoryScore | None:
    """Score of one category, or ``None`` without a direct hit or combination."""
    direct = [e for e in evidence if e.direct and e.key == category]
    mine = tuple(c for c in combos if c.category == category)
    if not direct and not mine:
        return None
    terms: list[str] = []
    weights: list[float] = []
    if direct:
        top = strongest(direct)[category]
        weights.append(top.weight)
        terms.append(f"+{top.weight:.2f} {category} rule {top.rule}")
    support = strongest(
        e for e in evidence if not e.direct and e.key in SUPPORT[category]
    )
    supporting = [e for e in evidence if not e.direct and e.key in SUPPORT[category]]
    for key, e in support.items():
        w = SUPPORT_FACTOR * e.weight
        weights.append(w)
        terms.append(f"+{w:.2f} {key} ({e.rule})")
    score = noisy_or(weights)
    for combo in sorted(mine, key=lambda c: (-c.boost, c.actor or "", c.keys)):
        score = boost(score, combo.boost)
        terms.append(combo.explain())
    ok = is_corroborated(category, direct, supporting, mine)
    return CategoryScore(category, score, tuple(terms), mine, ok)


def family_discount(cs: CategoryScore) -> CategoryScore:
    """Grooming in a family context: the score times ``FAMILY_FACTOR``.

    Relatives pick children up and keep surprises; abuse within families is
    real too, so this lowers the rank and says why, it never suppresses.
    """
    term = f"x{FAMILY_FACTOR:.2f} family context (kinship terms of address)"
    return replace(cs, score=cs.score * FAMILY_FACTOR, terms=(*cs.terms, term))


@dataclass(frozen=True, slots=True)
class _Scored:
    score: float
    severity: Severity | None
    categories: tuple[str, ...]
    signals: tuple[str, ...]
    explanation: tuple[str, ...]
    author_scores: dict[str, float]
    author_categories: dict[str, tuple[str, ...]]


def _author_scores(
    evidence: Sequence[Evidence],
    combos: Sequence[Combination],
    present: Sequence[str],
) -> tuple[dict[str, float], dict[str, tuple[str, ...]]]:
    scores: dict[str, float] = {}
    cats: dict[str, tuple[str, ...]] = {}
    for author, items in by_author(evidence).items():
        if author is None:
            continue
        own = [e for e in items if not is_age_signal(e.key)]
        s = noisy_or(e.weight for e in strongest(own).values())
        acted = [c for c in combos if c.actor == author and c.category in present]
        for c in sorted(acted, key=lambda c: (-c.boost, c.category, c.keys)):
            s = boost(s, c.boost)
        direct = {e.key for e in own if e.direct}
        cats[author] = tuple(
            c for c in present if c in direct or any(x.category == c for x in acted)
        )
        scores[author] = s
    return scores, cats


def score_conversation(
    hits: Sequence[Hit],
    stats: ConversationStats | None,
    *,
    thresholds: Mapping[str, float],
    scripted: Mapping[str, tuple[str, ...]],
    plain: bool = False,
) -> _Scored:
    """Score one conversation from its hits (see the module docstring).

    ``plain`` switches every conversation heuristic off (no combinations,
    corroboration, context, boosts or prior): the keyword baseline that
    ``cocoscan eval --no-heuristics`` measures the heuristics against.
    """
    conversation = stats.conversation if stats else (hits[0].message.conversation)
    surprise = (
        set()
        if plain
        else {id(h) for h in hits if h.suppressed is None and is_surprise_secrecy(h)}
    )
    evidence = evidence_of(hits, muted=lambda h: _MUTED if id(h) in surprise else ())
    facts: AgeFacts = age_facts(hits)
    times: dict[int, datetime | None] = {h.message.seq: h.message.sent_at for h in hits}
    combos = (
        []
        if plain
        else combinations(evidence, facts, late=late_seqs(sorted(times.items())))
    )
    context_lines: list[str] = []
    if surprise:
        context_lines.append(
            f"secrecy about a surprise or birthday not counted ({len(surprise)} hits)"
        )
    kin = kinship_terms(hits) if any(c.category == "grooming" for c in combos) else ()
    scored = [
        cs
        for c in CATEGORIES
        if (cs := category_score(c, evidence, combos)) is not None
    ]
    if kin:
        scored = [
            family_discount(cs) if cs.category == "grooming" else cs for cs in scored
        ]
    present = [
        cs
        for cs in scored
        if (cs.corroborated or plain)
        and cs.score >= thresholds.get(cs.category, DEFAULT_THRESHOLD)
    ]
    present.sort(key=lambda cs: (-cs.score, CATEGORIES.index(cs.category)))
    lines: list[str] = []
    if present:
        score = present[0].score
        for cs in present:
            lines.append(f"{cs.score:.2f} {cs.category}")
            lines.extend(f"  {t}" for t in cs.terms)
    else:
        keys = strongest(evidence)
        score = SIGNAL_ONLY_FACTOR * noisy_or(e.weight for e in keys.values())
        if keys:
            lines.append(
                f"{score:.2f} signals only (x{SIGNAL_ONLY_FACTOR:.2f}): "
                + ", ".join(keys)
            )
    for cs in scored:
        if cs not in present:
            cause = "below threshold" if cs.corroborated else "one weak rule alone"
            lines.append(f"{cs.score:.2f} {cs.category} not reported: {cause}")
    lines.extend(context_lines)
    names = [cs.category for cs in present]
    if {"grooming", "ambush"} & set(names) and not kin and not plain:
        for amount, why in (
            escalation_boost(evidence),
            speed_boost(evidence, times, stats.first_seen if stats else None),
        ):
            if why is not None:
                score = boost(score, amount)
                lines.append(why)
    if score > 0.0 and not plain:
        fanned = sorted(a for a, convs in scripted.items() if conversation in convs)
        if fanned:
            amount = max(fanout_boost(len(scripted[a])) for a in fanned)
            score = boost(score, amount)
            n = max(len(scripted[a]) for a in fanned)
            lines.append(f"+{amount:.2f} fan-out: same opener in {n} conversations")
    factor, why = prior_factor(stats)
    if why is not None and score > 0.0 and not plain:
        score *= factor
        lines.append(why)
    score = round(score, 4)
    severity = tier(score)
    if present and severity is not None:
        for cs in present:
            for combo in cs.combos:
                severity = max(severity, combo.severity)
    elif severity is not None:
        severity = Severity.INFORMATIONAL
    signals = {
        s
        for h in hits
        if h.suppressed is None
        for s in hit_signals(h)
        if not is_age_signal(s)
    }
    signals.update(age_signals(facts))
    author_scores, author_cats = _author_scores(evidence, combos, names)
    return _Scored(
        score=score,
        severity=severity,
        categories=tuple(names),
        signals=tuple(sorted(signals)),
        explanation=tuple(lines),
        author_scores=author_scores,
        author_categories=author_cats,
    )


def finding_of(key: bytes, hit: Hit) -> Finding:
    """A hit as a finding: keyed fingerprint, weight and a text-free reason."""
    w = hit_weight(hit)
    why = [f"{w:.2f} = {hit.severity.label} severity x {hit.confidence} confidence"]
    if hit.signals:
        why.append("signals: " + ", ".join(sorted(set(hit.signals))))
    if hit.suppressed is not None:
        why.append(f"suppressed ({hit.suppressed}): not counted")
    return Finding(
        fingerprint=fingerprint(key, hit),
        hit=hit,
        score=round(w, 4),
        explanation=tuple(why),
        suppressed=hit.suppressed,
    )


def _in_context(hit: Hit) -> Hit:
    """The hit suppressed when it is quoted, reported or news (not an act)."""
    if hit.suppressed is not None:
        return hit
    reason = speech_context(hit)
    return hit if reason is None else replace(hit, suppressed=reason)


def _group(hits: Sequence[Hit]) -> dict[str, list[Hit]]:
    groups: dict[str, list[Hit]] = {}
    for h in hits:
        groups.setdefault(h.message.conversation, []).append(h)
    for items in groups.values():
        items.sort(key=lambda h: (h.message.seq, h.rule_id, h.span, h.matcher))
    return groups


def _message_weights(hits: Sequence[Hit]) -> dict[str, dict[tuple[str, int], float]]:
    """Per author: strongest hit weight per message (conversation, seq)."""
    out: dict[str, dict[tuple[str, int], float]] = {}
    for h in hits:
        if h.message.author is None:
            continue
        slot = out.setdefault(h.message.author, {})
        k = (h.message.conversation, h.message.seq)
        slot[k] = max(slot.get(k, 0.0), hit_weight(h))
    return out


def rank(
    hits: Sequence[Hit],
    stats: Mapping[str, ConversationStats],
    *,
    key: bytes,
    thresholds: Mapping[str, float] | None = None,
    plain: bool = False,
) -> tuple[list[ConversationResult], list[AuthorResult]]:
    """Score and rank every conversation of ``stats`` and every author with hits.

    Every conversation in ``stats`` appears (score 0.0, severity ``None``,
    no categories when nothing was found); conversations sorted by
    ``(-score, id)`` with ranks 1..n; authors sorted by ``(-score, author)``.
    """
    limits = dict(thresholds or {})
    if not plain:
        hits = [_in_context(h) for h in hits]
    groups = _group(hits)
    ids = sorted(set(stats) | set(groups))
    # Only authors with hits can get a fan-out boost: compare their openers only.
    with_hits = {h.message.author for h in hits if h.message.author is not None}
    scripted = scripted_openers((stats[c] for c in sorted(stats)), authors=with_hits)
    rows: list[tuple[float, str, ConversationResult]] = []
    per_author: dict[str, dict[str, float]] = {}
    author_cats: dict[str, set[str]] = {}
    author_convs: dict[str, set[str]] = {}
    author_findings: dict[str, int] = {}
    for conv in ids:
        conv_hits = groups.get(conv, [])
        st = stats.get(conv)
        if conv_hits:
            s = score_conversation(
                conv_hits, st, thresholds=limits, scripted=scripted, plain=plain
            )
        else:
            s = _Scored(0.0, None, (), (), (), {}, {})
        for author, value in s.author_scores.items():
            per_author.setdefault(author, {})[conv] = value
            author_cats.setdefault(author, set()).update(s.author_categories[author])
        for h in conv_hits:
            if h.message.author is not None:
                author_convs.setdefault(h.message.author, set()).add(conv)
                author_findings.setdefault(h.message.author, 0)
                if h.suppressed is None:
                    author_findings[h.message.author] += 1
        result = ConversationResult(
            conversation=conv,
            rank=0,
            score=s.score,
            severity=s.severity,
            categories=s.categories,
            signals=s.signals,
            authors=st.authors
            if st
            else tuple(
                sorted({h.message.author for h in conv_hits if h.message.author})
            ),
            findings=tuple(finding_of(key, h) for h in conv_hits),
            messages=st.messages if st else len({h.message.seq for h in conv_hits}),
            first_seen=st.first_seen if st else None,
            last_seen=st.last_seen if st else None,
            explanation=s.explanation,
        )
        rows.append((-s.score, conv, result))
    rows.sort(key=lambda r: (r[0], r[1]))
    conversations = [_with_rank(r[2], i) for i, r in enumerate(rows, start=1)]
    authors = _rank_authors(
        hits, stats, per_author, author_cats, author_convs, author_findings, scripted
    )
    return conversations, authors


def _with_rank(c: ConversationResult, rank_: int) -> ConversationResult:
    return replace(c, rank=rank_)


def _rank_authors(
    hits: Sequence[Hit],
    stats: Mapping[str, ConversationStats],
    per_author: Mapping[str, Mapping[str, float]],
    cats: Mapping[str, set[str]],
    convs: Mapping[str, set[str]],
    findings: Mapping[str, int],
    scripted: Mapping[str, tuple[str, ...]],
) -> list[AuthorResult]:
    sent: dict[str, int] = {}
    for st in stats.values():
        for author, n in st.messages_by_author:
            sent[author] = sent.get(author, 0) + n
    weights = _message_weights(hits)
    rows: list[tuple[float, str, AuthorResult]] = []
    for author in sorted(convs):
        own = per_author.get(author, {})
        msgs = sent.get(author, len(weights.get(author, {})))
        ws = [weights.get(author, {})[k] for k in sorted(weights.get(author, {}))]
        ws += [0.0] * max(msgs - len(ws), 0)
        score, why = aggregate([own[c] for c in sorted(own)], ws, msgs)
        if author in scripted and score > 0.0:
            amount = fanout_boost(len(scripted[author]))
            score = boost(score, amount)
            why += (
                f"+{amount:.2f} fan-out: one opener in "
                f"{len(scripted[author])} conversations",
            )
        score = round(score, 4)
        order = [c for c in CATEGORIES if c in cats.get(author, set())]
        rows.append(
            (
                -score,
                author,
                AuthorResult(
                    author=author,
                    rank=0,
                    score=score,
                    categories=tuple(order),
                    conversations=tuple(sorted(convs[author])),
                    findings=findings.get(author, 0),
                    explanation=why,
                ),
            )
        )
    rows.sort(key=lambda r: (r[0], r[1]))
    return [replace(r[2], rank=i) for i, r in enumerate(rows, start=1)]
