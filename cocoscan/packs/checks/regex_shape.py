"""Static analysis of pack regexes: ReDoS shapes, widths, required literals.

Patterns are parsed with the standard library's regular-expression parser
(``re._parser``), which understands the syntax packs use (groups, classes,
lazy, possessive and atomic forms). Patterns that only the ``regex`` module
understands (``\\p{L}``, fuzzy counts) parse to ``None`` and are judged by
the dynamic probes and the examples instead. Nothing here runs on message
text: it is lint-time only.

Character sets are approximated on a small sample alphabet, which is enough
to tell whether two alternatives can start with the same character or
whether a repeat is followed by a separator it cannot consume.
"""

from __future__ import annotations

import functools
import importlib
import string
import warnings
from dataclasses import dataclass
from typing import Any

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    _parser: Any = importlib.import_module("re._parser")
    _c: Any = importlib.import_module("re._constants")

MAXREPEAT: int = int(_c.MAXREPEAT)
#: Sample alphabet for character-set arithmetic.
ALPHABET = frozenset(
    string.ascii_lowercase + string.digits + " '\"-.,!?_@$\n\t" + "éàçø"
)
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT)
_CHARSET_OPS = (_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN)
#: Literal paths expanded before giving up (alternations multiply paths).
MAX_PATHS = 256
GAP = "\0"


@functools.lru_cache(maxsize=4096)
def parse(pattern: str) -> Any | None:
    """The parse tree of ``pattern``, or ``None`` if only ``regex`` reads it.

    Cached: several checks look at the same pattern; trees are not mutated.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _parser.parse(pattern, 0)
    except Exception:  # re.error, RecursionError, OverflowError...
        return None


def min_width(tree: Any) -> int:
    """Fewest characters any match can have."""
    return int(tree.getwidth()[0])


def _category(cat: Any) -> frozenset[str]:
    name = str(cat).upper()
    if "DIGIT" in name:
        base = frozenset(c for c in ALPHABET if c.isdigit())
    elif "SPACE" in name:
        base = frozenset(c for c in ALPHABET if c.isspace())
    elif "WORD" in name:
        base = frozenset(c for c in ALPHABET if c.isalnum() or c == "_")
    else:
        return ALPHABET
    return ALPHABET - base if "NOT" in name else base


def _fold(c: int) -> str:
    return chr(c).lower()


def _in_set(items: list[tuple[Any, Any]]) -> frozenset[str]:
    found: set[str] = set()
    negate = False
    for op, av in items:
        if op is _c.NEGATE:
            negate = True
        elif op is _c.LITERAL:
            found.add(_fold(av))
        elif op is _c.RANGE:
            lo, hi = av
            found.update(c for c in ALPHABET if lo <= ord(c) <= hi)
            found.update(c for c in ALPHABET if lo <= ord(c.upper()) <= hi)
        elif op is _c.CATEGORY:
            found.update(_category(av))
        else:
            found.update(ALPHABET)
    chars = frozenset(found) & ALPHABET
    return ALPHABET - chars if negate else chars


def _atom_set(op: Any, av: Any) -> frozenset[str]:
    if op is _c.LITERAL:
        return frozenset({_fold(av)})
    if op is _c.NOT_LITERAL:
        return ALPHABET - {_fold(av)}
    if op is _c.ANY:
        return ALPHABET - {"\n"}
    if op is _c.IN:
        return _in_set(av)
    return ALPHABET


def _item_min(op: Any, av: Any) -> int:
    return int(_parser.SubPattern(_parser.State(), [(op, av)]).getwidth()[0])


def first_chars(seq: Any) -> frozenset[str]:
    """Characters a match of ``seq`` can start with (sample alphabet)."""
    out: set[str] = set()
    for op, av in seq:
        if op in _CHARSET_OPS:
            return frozenset(out | _atom_set(op, av))
        if op is _c.SUBPATTERN:
            out |= first_chars(av[3])
        elif op is _c.BRANCH:
            for alt in av[1]:
                out |= first_chars(alt)
        elif op in (*_REPEATS, _c.POSSESSIVE_REPEAT):
            out |= first_chars(av[2])
        elif op is _c.ATOMIC_GROUP:
            out |= first_chars(av)
        elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        else:
            return ALPHABET
        if _item_min(op, av) > 0:
            break
    return frozenset(out)


def any_chars(seq: Any) -> frozenset[str]:
    """Every character some match of ``seq`` can contain."""
    out: set[str] = set()
    for op, av in seq:
        if op in _CHARSET_OPS:
            out |= _atom_set(op, av)
        elif op is _c.SUBPATTERN:
            out |= any_chars(av[3])
        elif op is _c.BRANCH:
            for alt in av[1]:
                out |= any_chars(alt)
        elif op in (*_REPEATS, _c.POSSESSIVE_REPEAT):
            out |= any_chars(av[2])
        elif op is _c.ATOMIC_GROUP:
            out |= any_chars(av)
        elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        else:
            return ALPHABET
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class Shape:
    """One risky construct: ``severity`` is ``error`` or ``warning``."""

    severity: str
    message: str


def _separated(seq: list[tuple[Any, Any]], index: int, inner: Any) -> bool:
    """True when a mandatory item after ``seq[index]`` cannot be eaten by it."""
    consumed = any_chars(inner)
    for op, av in seq[index + 1 :]:
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        if _item_min(op, av) == 0:
            consumed = consumed | first_chars([(op, av)])
            continue
        return not (first_chars([(op, av)]) & consumed)
    return False


def _walk(seq: Any, outer: tuple[int, int] | None, out: list[Shape]) -> None:
    items = list(seq)
    for i, (op, av) in enumerate(items):
        if op in _REPEATS:
            lo, hi, body = av
            unbounded = hi == MAXREPEAT
            if unbounded and any(o is _c.ANY for o, _ in body):
                out.append(
                    Shape(
                        "warning",
                        "unbounded gap (.* or .+): use a bounded gap such as .{0,30}?",
                    )
                )
            if (
                outer is not None
                and hi > 1
                and lo != hi
                and not _separated(items, i, body)
            ):
                if outer[1] == MAXREPEAT:
                    out.append(
                        Shape(
                            "error",
                            "nested quantifiers: a variable-length repeat inside "
                            "an unbounded repeat (exponential backtracking); use "
                            "an atomic group (?>...) or a possessive quantifier",
                        )
                    )
                elif unbounded:
                    out.append(
                        Shape(
                            "warning",
                            "nested quantifiers: an unbounded repeat inside a "
                            "repeat (polynomial backtracking)",
                        )
                    )
            if hi > 1:
                _overlap(body, unbounded, out)
            _walk(body, (lo, hi) if hi > 1 else outer, out)
        elif op is _c.SUBPATTERN:
            _walk(av[3], outer, out)
        elif op is _c.BRANCH:
            for alt in av[1]:
                _walk(alt, outer, out)
        elif op in (_c.ASSERT, _c.ASSERT_NOT):
            _walk(av[1], outer, out)
        # atomic groups and possessive repeats never backtrack: not walked


def _overlap(body: Any, unbounded: bool, out: list[Shape]) -> None:
    if not unbounded:
        return
    for op, av in _flatten(body):
        if op is not _c.BRANCH:
            continue
        alts = av[1]
        starts = [first_chars(a) for a in alts]
        if any(a.getwidth()[0] == 0 for a in alts) and first_chars(body) & (
            any_chars(body)
        ):
            # the parser factors "a|aa" into "a(?:|a)": an optional tail
            # that the next iteration can also start with
            out.append(
                Shape(
                    "warning",
                    "overlapping alternation under an unbounded quantifier: "
                    "an optional alternative overlaps the next iteration",
                )
            )
            return
        for a in range(len(starts)):
            for b in range(a + 1, len(starts)):
                if starts[a] & starts[b]:
                    out.append(
                        Shape(
                            "warning",
                            "overlapping alternation under an unbounded quantifier: "
                            f"alternatives {a + 1} and {b + 1} can start alike",
                        )
                    )
                    return


def _flatten(seq: Any) -> list[tuple[Any, Any]]:
    """Items of ``seq``, with plain groups opened (not repeats)."""
    out: list[tuple[Any, Any]] = []
    for op, av in seq:
        if op is _c.SUBPATTERN:
            out.extend(_flatten(av[3]))
        else:
            out.append((op, av))
    return out


def redos_shapes(tree: Any) -> list[Shape]:
    """Risky constructs of a parsed pattern, most severe first, deduplicated."""
    out: list[Shape] = []
    _walk(tree, None, out)
    unique = list(dict.fromkeys(out))
    return sorted(unique, key=lambda s: s.severity != "error")


def _expand(seq: Any, limit: int) -> list[str] | None:
    paths = [""]
    for op, av in seq:
        add: list[str]
        if op is _c.LITERAL:
            add = [_fold(av)]
        elif op is _c.IN and len(av) == 1 and av[0][0] is _c.LITERAL:
            add = [_fold(av[0][1])]
        elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            add = [""]
        elif op is _c.SUBPATTERN:
            sub = _expand(av[3], limit)
            if sub is None:
                return None
            add = sub
        elif op is _c.ATOMIC_GROUP:
            sub = _expand(av, limit)
            if sub is None:
                return None
            add = sub
        elif op is _c.BRANCH:
            add = []
            for alt in av[1]:
                sub = _expand(alt, limit)
                if sub is None:
                    return None
                add.extend(sub)
        elif op in (*_REPEATS, _c.POSSESSIVE_REPEAT):
            lo, hi, body = av
            sub = _expand(body, limit)
            if sub is None:
                return None
            once = [s if (lo == 1 and hi == 1) else GAP + s + GAP for s in sub]
            add = once if lo >= 1 else [GAP, *once]
            if lo == 0 and hi == 1:
                add = ["", *sub]
        else:
            add = [GAP]
        paths = [p + a for p in paths for a in add]
        if len(paths) > limit:
            return None
    return paths


def literal_paths(tree: Any) -> list[str] | None:
    """Every way through the pattern as text, ``\\0`` standing for a gap.

    ``\\b(?:ne )?dis (?:rien|pas)`` gives ``dis rien``, ``dis pas``,
    ``ne dis rien``, ``ne dis pas``. A keyword that is a substring of every
    path is guaranteed to occur in every match. ``None`` when there are more
    than :data:`MAX_PATHS` paths.
    """
    return _expand(tree, MAX_PATHS)


def literal_chars(tree: Any) -> list[str]:
    """Literal characters of the pattern (to check they are in view form)."""
    out: list[str] = []

    def walk(seq: Any) -> None:
        for op, av in seq:
            if op is _c.LITERAL:
                out.append(chr(av))
            elif op is _c.IN:
                out.extend(chr(a) for o, a in av if o is _c.LITERAL)
            elif op is _c.SUBPATTERN:
                walk(av[3])
            elif op is _c.BRANCH:
                for alt in av[1]:
                    walk(alt)
            elif op in (*_REPEATS, _c.POSSESSIVE_REPEAT):
                walk(av[2])
            elif op is _c.ATOMIC_GROUP:
                walk(av)
            elif op in (_c.ASSERT, _c.ASSERT_NOT):
                walk(av[1])

    walk(tree)
    return out
