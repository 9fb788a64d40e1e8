"""Tasks many writes ask for: inside `together()` each distinct one is enqueued once, when the block ends,
even when it ends by an exception (the writes committed before it stay)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from web import queue

DELAY = datetime.timedelta(minutes=3)


class _Backend:
    supports_defer = False


class _Task:
    """Enough of a django_tasks task to count what is enqueued."""

    def __init__(self, path: str) -> None:
        self.module_path = path
        self.enqueued: list[tuple[Any, ...]] = []

    def get_backend(self) -> _Backend:
        return _Backend()

    def enqueue(self, *args: Any) -> None:
        self.enqueued.append(args)


def test_outside_a_block_each_ask_is_enqueued_at_once() -> None:
    task = _Task("pokjanal.tasks.refresh")
    queue.enqueue_once(task, [[1]], delay=DELAY)
    queue.enqueue_once(task, [[1]], delay=DELAY)
    assert task.enqueued == [([1],), ([1],)]  # a backend without a queue to look in runs each


def test_inside_a_block_each_distinct_ask_is_enqueued_once_at_its_end() -> None:
    refresh, figures = _Task("pokjanal.tasks.refresh"), _Task("reports.tasks.refresh")
    with queue.together():
        for _ in range(3):
            queue.enqueue_once(refresh, [[1]], delay=DELAY)
            with queue.together():  # nested: the outer block enqueues
                queue.enqueue_once(refresh, [[2]], delay=DELAY)
            queue.enqueue_once(figures, [], delay=DELAY)
        assert refresh.enqueued == [] and figures.enqueued == []
    assert refresh.enqueued == [([1],), ([2],)]
    assert figures.enqueued == [()]


def test_a_block_ended_by_an_exception_still_enqueues_what_was_asked() -> None:
    task = _Task("pokjanal.tasks.refresh")
    with pytest.raises(RuntimeError), queue.together():
        queue.enqueue_once(task, [[1]], delay=DELAY)
        raise RuntimeError
    assert task.enqueued == [([1],)]
    queue.enqueue_once(task, [[1]], delay=DELAY)  # the block is over: asked again, enqueued again
    assert task.enqueued == [([1],), ([1],)]
