"""The campaign actions ask for their background work by signal (so they need not import the tasks that call
them); a signal nobody receives would drop that work without a word. The import tests run the whole path."""

from __future__ import annotations

from campaigns import signals as campaign_signals


def test_every_signal_of_the_actions_has_its_receiver() -> None:
    signals = {
        "check_requested": campaign_signals.check_requested,
        "import_requested": campaign_signals.import_requested,
        "figures_requested": campaign_signals.figures_requested,
    }
    assert {name: signal.has_listeners() for name, signal in signals.items()} == dict.fromkeys(signals, True)
