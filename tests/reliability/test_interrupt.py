"""Signal handling: immediate stop while scanning, deferred while writing."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from cocoscan import interrupt


def test_sigint_raises_interrupted_inside_the_guard() -> None:
    with (
        interrupt.handle_signals() as state,
        pytest.raises(interrupt.Interrupted) as info,
    ):
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):  # the handler runs between bytecodes
            pass
    assert info.value.signal_name == "SIGINT"
    assert state.received == "SIGINT"
    assert isinstance(info.value, KeyboardInterrupt)


def test_sigterm_is_handled_like_sigint() -> None:
    with interrupt.handle_signals() as state, pytest.raises(interrupt.Interrupted):
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(1000):
            pass
    assert state.received == "SIGTERM"


def test_handlers_are_restored() -> None:
    before = {s: signal.getsignal(s) for s in interrupt.HANDLED}
    with interrupt.handle_signals():
        assert signal.getsignal(signal.SIGTERM) is not before[signal.SIGTERM]
    assert {s: signal.getsignal(s) for s in interrupt.HANDLED} == before
    assert interrupt.current() is None


def test_deferred_block_finishes_then_caller_sees_the_signal() -> None:
    done = []
    with interrupt.handle_signals() as state:
        with interrupt.deferred():
            os.kill(os.getpid(), signal.SIGINT)
            for _ in range(1000):
                pass
            done.append("written")
        assert state.received == "SIGINT"
        with pytest.raises(interrupt.Interrupted):
            interrupt.raise_if_received()
    assert done == ["written"]


def test_second_signal_aborts_a_deferred_block() -> None:
    with (
        interrupt.handle_signals(),
        interrupt.deferred(),
        pytest.raises(interrupt.Interrupted),
    ):
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):
            pass
        os.kill(os.getpid(), signal.SIGINT)
        for _ in range(1000):
            pass


def test_noop_outside_the_guard_and_off_the_main_thread() -> None:
    with interrupt.deferred():
        pass
    interrupt.raise_if_received()
    seen = []

    def worker() -> None:
        with interrupt.handle_signals() as state:
            seen.append(state.received)

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    assert seen == [None]


def test_immediate_block_inside_deferred_mode() -> None:
    with interrupt.handle_signals() as state, interrupt.deferred():
        with pytest.raises(interrupt.Interrupted), interrupt.immediate():
            os.kill(os.getpid(), signal.SIGTERM)
            for _ in range(1000):
                pass
        assert state.deferring == 1  # back to deferred after the block
        # a signal recorded earlier stops the next immediate block on entry
        with pytest.raises(interrupt.Interrupted), interrupt.immediate():
            pytest.fail("must not run")


def test_signal_held_by_a_save_inside_a_read_stops_the_read_after_it() -> None:
    saved = []
    with (
        interrupt.handle_signals() as state,
        interrupt.deferred(),  # writing outputs: never interrupted
        pytest.raises(interrupt.Interrupted),
        interrupt.immediate(),  # reading inputs
    ):
        with interrupt.deferred():  # a checkpoint save in the middle of reading
            os.kill(os.getpid(), signal.SIGINT)
            for _ in range(1000):
                pass
            saved.append(True)
        pytest.fail("reading went on after the save")
    assert saved == [True]
    assert state.received == "SIGINT"
