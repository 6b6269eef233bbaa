"""Property: every view character maps back into the raw text, monotonically."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from strategies import chatty, texts

from cocoscan.normalize import VIEWS, normalise


def check_view(raw: str, name: str) -> None:
    view = normalise(raw, name)
    if view.starts is None or view.ends is None:
        # identity-aligned: one view character per raw character
        assert len(view.text) == len(raw)
        return
    n = len(view.text)
    assert len(view.starts) == n
    assert len(view.ends) == n
    for i in range(n):
        assert 0 <= view.starts[i] < view.ends[i] <= len(raw)
    for i in range(1, n):
        assert view.starts[i - 1] <= view.starts[i]
        assert view.ends[i - 1] <= view.ends[i]


@given(st.one_of(texts, chatty), st.sampled_from(sorted(VIEWS)))
def test_every_view_character_maps_into_the_raw_text(raw: str, name: str) -> None:
    check_view(raw, name)


@given(st.one_of(texts, chatty), st.sampled_from(sorted(VIEWS)), st.data())
def test_any_view_span_maps_to_an_ordered_raw_span(
    raw: str, name: str, data: st.DataObject
) -> None:
    view = normalise(raw, name)
    n = len(view.text)
    start = data.draw(st.integers(0, n))
    end = data.draw(st.integers(start, n))
    rs, re_ = view.raw_span(start, end)
    assert 0 <= rs <= re_ <= len(raw)
    if end > start:
        assert re_ > rs  # a non-empty view span never maps to nothing


def test_regression_examples() -> None:
    for raw in ["", "\u202e", "ﬃ", "İ", "aaa\u200baaa", "s . n . a . p", "\r\n\r\n"]:
        for name in VIEWS:
            check_view(raw, name)
