from rules import disclosure


def test_a_count_under_ten_children_is_hidden() -> None:
    assert [disclosure.hides_count(n) for n in (0, 1, 9, 10, 250)] == [True, True, True, False, False]


def test_a_ratio_is_hidden_below_ten_in_its_denominator() -> None:
    assert disclosure.hides_ratio(3, 9)
    assert not disclosure.hides_ratio(3, 10)
    assert not disclosure.hides_ratio(10, 10)  # everyone weighed tells nothing about a child


def test_a_condition_every_child_has_is_hidden() -> None:
    assert disclosure.hides_ratio(12, 12, condition=True)
    assert not disclosure.hides_ratio(11, 12, condition=True)
    assert not disclosure.hides_ratio(0, 12, condition=True)


def test_one_hidden_row_hides_the_smallest_other_row() -> None:
    hidden = disclosure.protect_column([False, True, False, False], [40, 5, 12, 30])
    assert hidden == [False, True, True, False]


def test_two_hidden_rows_or_none_hide_nothing_more() -> None:
    assert disclosure.protect_column([True, True, False], [3, 4, 50]) == [True, True, False]
    assert disclosure.protect_column([False, False], [30, 12]) == [False, False]
    assert disclosure.protect_column([True], [3]) == [True]


def test_ties_hide_the_first_row() -> None:
    assert disclosure.protect_column([True, False, False], [2, 20, 20]) == [True, True, False]
