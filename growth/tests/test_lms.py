"""The shared z-score helper: R's power, the restricted z-score and its inverse."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from growth.lms import r_pow, value_at_z, zscore, zscore_restricted


@given(
    st.lists(
        st.tuples(st.floats(min_value=1e-3, max_value=1e3), st.floats(min_value=-3, max_value=3)),
        min_size=1,
        max_size=200,
    )
)
def test_r_pow_is_the_c_library_pow(pairs: list[tuple[float, float]]) -> None:
    x = np.array([p[0] for p in pairs])
    y = np.array([p[1] for p in pairs])
    assert r_pow(x, y).tolist() == [math.pow(a, b) for a, b in pairs]


def test_r_pow_special_cases_like_r() -> None:
    x = np.array([0.0, 0.0, -np.inf, -np.inf, np.inf, -2.0, 1.0])
    y = np.array([-0.5, 0.5, -0.5, 2.0, -0.5, 0.5, np.nan])
    result = r_pow(x, y)
    assert result[0] == np.inf and result[1] == 0.0
    assert np.isnan(result[2]) and result[3] == np.inf  # R: (-Inf)^-0.5 is NaN, (-Inf)^2 is Inf
    assert result[4] == 0.0 and np.isnan(result[5]) and result[6] == 1.0


def test_restricted_is_linear_beyond_three() -> None:
    m, l, s = np.array([10.0]), np.array([-0.3]), np.array([0.12])  # noqa: E741
    sd3 = value_at_z(3.0, m, l, s, restricted=False)
    sd2 = value_at_z(2.0, m, l, s, restricted=False)
    y = sd3 + 1.5 * (sd3 - sd2)
    assert abs(zscore_restricted(y, m, l, s)[0] - 4.5) < 1e-12
    assert zscore(y, m, l, s)[0] < 4.5  # the plain LMS z is compressed there
    assert abs(value_at_z(4.5, m, l, s, restricted=True)[0] - y[0]) < 1e-12
