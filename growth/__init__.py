"""WHO growth standards for the posyandu: z-scores exactly as WHO's own software computes them, PMK 2/2020
categories, KMS weight-gain rules, growth-chart curves and prevalence arithmetic.

Pure NumPy: no Django import (tests/test_conventions.py checks it). Modules:

* `growth.anthro` – WHO Child Growth Standards 2006, 0–60 months (WHO anthro 1.1.0)
* `growth.anthroplus` – WHO Reference 2007, 5–19 years (WHO anthroplus 1.0.0)
* `growth.lms`, `growth.rounding`, `growth.tables` – the shared z-score helper, R's rounding, the LMS tables
"""

from growth.inputs import GrowthInputError

__all__ = ["GrowthInputError"]
