"""Clean interruption: SIGINT / SIGTERM stop the scan, never half a report.

The CLI wraps a scan in :func:`handle_signals`, and ``api.run`` runs in
:func:`deferred` mode: a signal is only recorded, so that ranking, redaction
and the writers finish and the outputs stay whole. Only while an input is
being opened or read (:func:`immediate`, entered by the checkpoint layer
around each input) does a signal raise :class:`Interrupted` (a
``KeyboardInterrupt``) at once; the scan then stops reading, and the inputs
scanned so far are ranked and written through the normal writers,
atomically, with ``partial: true`` in the manifest, and the CLI exits 130.
A second signal aborts even a deferred block (outputs are written to
temporary names and renamed, so a reader never sees half a file).

Without :func:`handle_signals` (library use, tests) nothing here changes
Python's default behaviour.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from types import FrameType

#: Signals that mean "stop cleanly".
HANDLED: tuple[signal.Signals, ...] = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """The user or the system asked the scan to stop (SIGINT or SIGTERM)."""

    def __init__(self, signal_name: str) -> None:
        super().__init__(signal_name)
        self.signal_name = signal_name


@dataclass(slots=True)
class SignalState:
    """What the handler saw; ``received`` is the first signal's name."""

    received: str | None = None
    count: int = 0
    deferring: int = 0
    immediate: int = 0


_state: SignalState | None = None


def current() -> SignalState | None:
    """The active state, or ``None`` outside :func:`handle_signals`."""
    return _state


def _handler(signum: int, frame: FrameType | None) -> None:
    state = _state
    if state is None:  # pragma: no cover - handler outlived its context
        raise KeyboardInterrupt
    name = signal.Signals(signum).name
    state.count += 1
    if state.received is None:
        state.received = name
    if state.deferring and state.count < 2:
        return
    raise Interrupted(state.received)


@contextmanager
def handle_signals() -> Iterator[SignalState]:
    """Install the SIGINT / SIGTERM handlers for the duration of a scan.

    Outside the main thread (signals cannot be caught there) this yields a
    state that never fires, so library callers in threads are unaffected.
    """
    global _state
    if threading.current_thread() is not threading.main_thread():
        yield SignalState()
        return
    previous = {sig: signal.getsignal(sig) for sig in HANDLED}
    outer = _state
    _state = SignalState()
    try:
        for sig in HANDLED:
            signal.signal(sig, _handler)
        yield _state
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _state = outer


@contextmanager
def deferred() -> Iterator[None]:
    """Hold signals back during a block that must finish (writes, checkpoints).

    A first signal inside the block is recorded (``current().received``) and
    acted on afterwards: by the caller, or, when the block sits inside an
    :func:`immediate` one, by raising :class:`Interrupted` as the block ends.
    A second signal aborts the block with :class:`Interrupted`.
    """
    state = _state
    if state is None:
        yield
        return
    state.deferring += 1
    try:
        yield
    finally:
        state.deferring -= 1
    # Inside an immediate block (reading inputs), a signal held back by this
    # block is acted on as soon as the block is done.
    if state.immediate and not state.deferring and state.received is not None:
        raise Interrupted(state.received)


@contextmanager
def immediate() -> Iterator[None]:
    """Let signals interrupt this block at once (reading an input).

    A signal already recorded while deferred raises on entry, so a scan
    stops before it opens the next input.
    """
    state = _state
    if state is None:
        yield
        return
    saved = state.deferring
    state.deferring = 0
    state.immediate += 1
    try:
        if state.received is not None:
            raise Interrupted(state.received)
        yield
    finally:
        state.deferring = saved
        state.immediate -= 1


def raise_if_received() -> None:
    """Raise :class:`Interrupted` when a signal was deferred and not yet acted on.

    Called between inputs, so that a signal that landed during a checkpoint
    save still stops the scan before the next input.
    """
    state = _state
    if state is not None and state.received is not None and not state.deferring:
        raise Interrupted(state.received)


__all__ = [
    "HANDLED",
    "Interrupted",
    "SignalState",
    "current",
    "deferred",
    "handle_signals",
    "immediate",
    "raise_if_received",
]
