"""Redaction: idempotent, never widens a leak, planted PII never survives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from strategies import chatty, texts

from cocoscan.redact import TextRedactor

KEY = bytes(range(32))
AUTHORS = ["Gaspard Vermillon", "kevin_du_93"]

emails = st.builds(
    "{}.{}@example.org".format,
    st.text("abcdefghij", min_size=2, max_size=8),
    st.text("klmnopqrst", min_size=2, max_size=8),
)
phones = st.sampled_from(
    [
        "06 01 02 03 04",
        "+33 6 01 02 03 05",
        "0601020304",
        "07.01.02.03.06",
        "+1 555 0123 456",
        "+33601020399",
    ]
)


def redactor(level: str) -> TextRedactor:
    return TextRedactor(KEY, level, AUTHORS)


@given(st.one_of(texts, chatty), st.sampled_from(["standard", "strict"]))
def test_redaction_is_idempotent(raw: str, level: str) -> None:
    red = redactor(level)
    once = red.text(raw)
    assert redactor(level).text(once) == once


@given(st.one_of(texts, chatty), st.sampled_from(["standard", "strict"]))
def test_redaction_never_widens_a_leak(raw: str, level: str) -> None:
    """Whatever PII the redacted text still shows, the raw text showed too."""
    red = redactor(level)
    once = red.text(raw)
    leaked = {once[s.start : s.end] for s in redactor(level).spans(once)}
    for value in leaked:
        assert value in raw


@given(chatty, emails, phones, chatty, st.sampled_from(["standard", "strict"]))
def test_planted_email_and_phone_never_survive(
    before: str, email: str, phone: str, after: str, level: str
) -> None:
    raw = f"{before} écris à {email} ou appelle le {phone} {after}"
    out = redactor(level).text(raw)
    assert email not in out
    assert phone not in out
    digits = "".join(c for c in phone if c.isdigit())
    assert digits not in "".join(c for c in out if c.isdigit() or c == " ").replace(
        " ", ""
    )
