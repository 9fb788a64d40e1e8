"""The campaign actions ask for their background work by signal (so they need not import the tasks that call
them); a signal nobody receives would drop that work without a word. The import tests run the whole path."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from campaigns import signals as campaign_signals


def test_every_signal_of_the_actions_has_its_receiver() -> None:
    signals = {
        "check_requested": campaign_signals.check_requested,
        "import_requested": campaign_signals.import_requested,
        "figures_requested": campaign_signals.figures_requested,
    }
    assert {name: signal.has_listeners() for name, signal in signals.items()} == dict.fromkeys(signals, True)


def test_an_import_with_new_children_refreshes_its_months_first_then_the_history(monkeypatch: Any) -> None:
    """A province's largest kabupaten takes minutes to refresh over its whole history: the months a sheet
    wrote are queued first, so that they are fresh soon; the whole history (the new children count in S of
    earlier months) follows. Without new children the months alone."""
    from campaigns import tasks

    queued: list[tuple[list[int], list[str]]] = []

    def enqueue(ids: list[int], months: list[str]) -> None:
        queued.append((ids, months))

    monkeypatch.setattr(tasks, "refresh_figures", SimpleNamespace(enqueue=enqueue))
    campaign_signals.figures_requested.send(
        sender=None, posyandu_ids=[3, 4], months=["2026-11-01"], history=True
    )
    assert queued == [([3, 4], ["2026-11-01"]), ([3, 4], [])]
    queued.clear()
    campaign_signals.figures_requested.send(sender=None, posyandu_ids=[3], months=["2026-11-01"])
    assert queued == [([3], ["2026-11-01"])]
