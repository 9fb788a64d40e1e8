"""web.kept: a result is kept under the state it was computed from, and another state computes it again."""

from __future__ import annotations

from web.kept import kept


def test_the_same_state_reads_the_kept_result_and_another_state_computes_again() -> None:
    computed: list[int] = []

    def compute(value: int) -> list[int]:
        computed.append(value)
        return [value]

    assert kept("sum", ("64", 1), lambda: compute(1)) == [1]
    assert kept("sum", ("64", 1), lambda: compute(2)) == [1]  # kept: not computed again
    assert kept("sum", ("64", 2), lambda: compute(3)) == [3]  # the state changed
    assert kept("other", ("64", 1), lambda: compute(4)) == [4]  # another name, another result
    assert computed == [1, 3, 4]
