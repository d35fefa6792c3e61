"""core.combine.Combiner: a lone call runs at once and alone; calls that arrive while one runs
are run by the next call as one batch, in arrival order; a failing batch leaves each call to
run alone on its own thread; nothing is run twice or lost, and nobody is left waiting."""

from __future__ import annotations

import threading
import time

import pytest

from core.combine import Combiner

WAIT = 10.0  # seconds: a bound for the waits below, never reached when the code is right


class Recorder:
    """``run_batch``/``run_alone`` that record what ran, on which thread; the first call to
    ``run_alone`` can be held until the test lets it go."""

    def __init__(self, *, hold_first: bool = False, failing_batch: bool = False):
        self.batches: list[list] = []
        self.alone: list[tuple[object, int]] = []
        self.lock = threading.Lock()
        self.running = threading.Event()
        self.release = threading.Event()
        if not hold_first:
            self.release.set()
        self.failing_batch = failing_batch

    def run_batch(self, items):
        with self.lock:
            self.batches.append(list(items))
        if self.failing_batch:
            raise RuntimeError("the batch failed")
        return [("batch", item) for item in items]

    def run_alone(self, item):
        with self.lock:
            self.alone.append((item, threading.get_ident()))
        self.running.set()
        assert self.release.wait(WAIT)
        if item == "bad":
            raise ValueError("bad item")
        return ("alone", item)


def waiting(combiner: Combiner, count: int) -> None:
    """Until ``count`` calls wait behind the running one."""
    deadline = time.monotonic() + WAIT
    while len(combiner._waiting) < count:
        assert time.monotonic() < deadline, "the calls never queued"
        time.sleep(0.001)


def call_in_threads(combiner: Combiner, items) -> tuple[dict, dict, dict, list]:
    """Each item on a thread of its own, started in order, each queued before the next."""
    results, errors, threads_of = {}, {}, {}

    def call(item):
        threads_of[item] = threading.get_ident()
        try:
            results[item] = combiner(item)
        except Exception as exc:
            errors[item] = exc

    threads = []
    for index, item in enumerate(items):
        thread = threading.Thread(target=call, args=(item,))
        thread.start()
        threads.append(thread)
        waiting(combiner, index + 1)
    return results, errors, threads_of, threads


def behind_a_held_call(recorder: Recorder, combiner: Combiner, items):
    """A first call held in ``run_alone``; ``items`` queued behind it, each on its own thread;
    then the first let go and every thread waited for."""
    first = threading.Thread(target=combiner, args=("first",))
    first.start()
    assert recorder.running.wait(WAIT)
    results, errors, threads_of, threads = call_in_threads(combiner, items)
    recorder.release.set()
    for thread in [first, *threads]:
        thread.join(WAIT)
    return results, errors, threads_of


def test_a_lone_call_runs_alone_at_once():
    recorder = Recorder()
    combiner = Combiner(recorder.run_batch, recorder.run_alone)

    assert combiner("a") == ("alone", "a")
    assert combiner("b") == ("alone", "b")
    assert recorder.batches == []
    assert [item for item, _thread in recorder.alone] == ["a", "b"]


def test_calls_arriving_during_a_call_run_as_one_batch_in_order():
    recorder = Recorder(hold_first=True)
    combiner = Combiner(recorder.run_batch, recorder.run_alone)

    results, errors, _threads_of = behind_a_held_call(recorder, combiner, ["b", "c", "d"])

    assert recorder.batches == [["b", "c", "d"]]
    assert results == {"b": ("batch", "b"), "c": ("batch", "c"), "d": ("batch", "d")}
    assert errors == {}
    assert not combiner._busy and combiner._waiting == []


def test_a_failing_batch_leaves_each_call_to_run_alone_on_its_own_thread():
    recorder = Recorder(hold_first=True, failing_batch=True)
    combiner = Combiner(recorder.run_batch, recorder.run_alone)

    results, errors, threads_of = behind_a_held_call(recorder, combiner, ["b", "bad", "d"])

    assert recorder.batches == [["b", "bad", "d"]]
    assert results == {"b": ("alone", "b"), "d": ("alone", "d")}
    assert list(errors) == ["bad"] and isinstance(errors["bad"], ValueError)
    ran_on = {item: thread for item, thread in recorder.alone if item != "first"}
    assert ran_on == {item: threads_of[item] for item in ("b", "bad", "d")}
    assert not combiner._busy


def test_an_error_of_a_lone_call_is_its_callers_and_the_next_call_runs():
    recorder = Recorder()
    combiner = Combiner(recorder.run_batch, recorder.run_alone)

    with pytest.raises(ValueError, match="bad item"):
        combiner("bad")
    assert combiner("next") == ("alone", "next")


def test_a_batch_with_the_wrong_count_of_results_is_run_alone():
    recorder = Recorder(hold_first=True)
    combiner = Combiner(lambda items: recorder.run_batch(items)[:-1], recorder.run_alone)

    results, errors, _threads_of = behind_a_held_call(recorder, combiner, ["b", "c"])

    assert results == {"b": ("alone", "b"), "c": ("alone", "c")}
    assert errors == {}


def test_a_leader_killed_by_a_base_exception_still_wakes_its_batch():
    """gunicorn's timeout raises SystemExit in a worker: the calls it was running for must
    not wait for ever."""
    hold = threading.Event()
    entered = threading.Event()

    def run_alone(item):
        if item == "first":
            entered.set()
            assert hold.wait(WAIT)
        return ("alone", item)

    def run_batch(items):
        raise SystemExit("worker timeout")

    combiner = Combiner(run_batch, run_alone)
    first = threading.Thread(target=combiner, args=("first",))
    first.start()
    assert entered.wait(WAIT)
    results, errors, _threads_of, threads = call_in_threads(combiner, ["b", "c", "d"])
    killed = []

    # "b" leads the next batch and dies of it (SystemExit escapes the thread); "c" and "d"
    # are woken and run alone.
    def excepthook(args):
        killed.append(args.exc_type)

    previous, threading.excepthook = threading.excepthook, excepthook
    try:
        hold.set()
        for thread in [first, *threads]:
            thread.join(WAIT)
            assert not thread.is_alive()
    finally:
        threading.excepthook = previous

    assert killed == [SystemExit]
    assert results == {"c": ("alone", "c"), "d": ("alone", "d")}
    assert not combiner._busy and combiner._waiting == []


def test_many_threads_each_item_runs_exactly_once():
    ran: list = []
    lock = threading.Lock()

    def run_batch(items):
        time.sleep(0.0005)  # a round trip, during which the next calls pile up
        with lock:
            ran.extend(items)
        return [item * 10 for item in items]

    def run_alone(item):
        return run_batch([item])[0]

    combiner = Combiner(run_batch, run_alone)
    answers: dict[int, int] = {}

    def caller(start):
        for item in range(start, start + 200):
            answers[item] = combiner(item)

    threads = [threading.Thread(target=caller, args=(number * 1000,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    expected = [number * 1000 + each for number in range(8) for each in range(200)]
    assert sorted(ran) == expected  # each once
    assert answers == {item: item * 10 for item in expected}
    assert not combiner._busy and combiner._waiting == []
