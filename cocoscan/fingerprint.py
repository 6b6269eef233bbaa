"""Keyed fingerprints of findings: identity for outputs and for baselines.

Two fingerprints, both HMAC-SHA256 with the case key, never a plain hash (a
plain hash of a short chat phrase can be reversed by trying phrase lists):

* :func:`fingerprint` identifies one finding in one input: rule, input
  SHA-256, message id and the normalised evidence text. No line number: a
  position-only identity would hide a different match at the same place.
* :func:`content_fingerprint` survives re-exports: rule, author and the
  normalised evidence text only (no line, offset, message id or file hash),
  so a reviewer's verdict in a baseline follows the same evidence into a
  new export of the same chat.

Each field is length-prefixed before hashing, so no author name or evidence
text can shift a field boundary and collide with another finding.
"""

from __future__ import annotations

import hashlib
import hmac

from cocoscan.model import Hit
from cocoscan.normalize import normalise


def evidence_text(hit: Hit) -> str:
    """The matched raw text in normalised form (case, accents, spacing folded)."""
    start, end = hit.span
    return " ".join(normalise(hit.message.text[start:end]).text.split())


def _mac(key: bytes, parts: tuple[str, ...]) -> str:
    message = "".join(f"{len(p)}:{p};" for p in parts).encode("utf-8")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def fingerprint(key: bytes, hit: Hit) -> str:
    """HMAC(key, rule | input sha256 | message id | normalised evidence), hex."""
    loc = hit.message.location
    member = loc.member or ""
    return _mac(
        key,
        (
            "v1",
            hit.rule_id,
            loc.input_sha256,
            member,
            loc.message_id,
            evidence_text(hit),
        ),
    )


def content_fingerprint(key: bytes, hit: Hit) -> str:
    """HMAC(key, rule | author | normalised evidence), hex: re-export proof."""
    return _mac(key, ("c1", hit.rule_id, hit.message.author or "", evidence_text(hit)))
