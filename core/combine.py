"""Group commit: calls that arrive while one is in flight are run together, as one batch.

A web process answers many requests at once on its threads. When each of them writes one row
and commits, the database parses, plans and flushes once per request, and the process pays a
round trip per request. ``Combiner`` lets the first caller run its own item at once; the
callers that arrive while it runs wait, and the next of them runs all the waiting items as one
batch (one statement, one commit) for them all. Nobody waits for a timer: a lone caller runs
at once, and a batch is exactly what piled up during the previous one.

The batch function gets the items in arrival order and returns one result per item. When it
raises, the batch's callers each run their own item alone (``run_alone``), so that one bad
item or a lost connection fails only the calls it would have failed without batching.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

logger = logging.getLogger(__name__)
Item = TypeVar("Item")
Result = TypeVar("Result")


class _Call(Generic[Item, Result]):
    __slots__ = ("item", "woken", "leads", "done", "result")

    def __init__(self, item: Item):
        self.item = item
        self.woken = threading.Event()
        self.leads = False  # woken to run the next batch
        self.done = False  # woken with its result
        self.result: Result | None = None


class Combiner(Generic[Item, Result]):
    """``combiner(item)`` returns ``run_batch([…, item, …])``'s result for ``item``.

    ``run_batch(items)`` returns a sequence of results, one per item in order; it runs on the
    thread of one of the callers, never on two threads at once. ``run_alone(item)`` runs a
    call that found nobody waiting with it, and each item of a batch whose ``run_batch``
    raised (each on its own caller's thread)."""

    def __init__(
        self,
        run_batch: Callable[[list[Item]], Sequence[Result]],
        run_alone: Callable[[Item], Result],
    ):
        self._run_batch = run_batch
        self._run_alone = run_alone
        self._lock = threading.Lock()
        self._waiting: list[_Call[Item, Result]] = []
        self._busy = False  # a batch is being run

    def __call__(self, item: Item) -> Result:
        call: _Call[Item, Result] = _Call(item)
        with self._lock:
            self._waiting.append(call)
            leads = not self._busy
            self._busy = True
        if not leads:
            call.woken.wait()
            if call.done:
                return call.result  # type: ignore[return-value]
            if not call.leads:  # the batch failed: on its own, as without batching
                return self._run_alone(item)
        return self._lead(call)

    def _lead(self, call: _Call[Item, Result]) -> Result:
        with self._lock:
            batch, self._waiting = self._waiting, []
        results: Sequence[Result] | None = None
        try:
            if len(batch) == 1:
                return self._run_alone(call.item)
            try:
                results = self._run_batch([each.item for each in batch])
                if len(results) != len(batch):
                    raise ValueError(f"{len(results)} results for {len(batch)} items")
            except Exception:
                # Each runs its own item below, as without batching.
                logger.warning("A batch of %s failed; each runs alone", len(batch), exc_info=True)
                results = None
        finally:
            with self._lock:
                if self._waiting:  # arrived during this batch: the first of them runs the next
                    follower = self._waiting[0]
                    follower.leads = True
                    follower.woken.set()
                else:
                    self._busy = False
            for index, each in enumerate(batch):
                if each is call:
                    continue
                if results is not None:
                    each.result, each.done = results[index], True
                each.woken.set()
        if results is None:
            return self._run_alone(call.item)
        return results[batch.index(call)]
