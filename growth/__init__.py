"""WHO growth standards for the posyandu: z-scores exactly as WHO's own software computes them, PMK 2/2020
categories, KMS weight-gain rules, growth-chart curves and prevalence arithmetic.

Pure NumPy: no Django import (tests/test_conventions.py checks it). Modules:

* `growth.anthro` – WHO Child Growth Standards 2006, 0–60 months (WHO anthro 1.1.0)
* `growth.anthroplus` – WHO Reference 2007, 5–19 years (WHO anthroplus 1.0.0)
* `growth.categories` – PMK 2/2020 categories (rule version "pmk2-2020")
* `growth.weight_gain` – N/T/O/B with the KBM table ("kbm-2010"), 2T, BGM
* `growth.age` – completed months of age (the project's one rule; docs/domain.md "Completed months")
* `growth.curves` – KMS chart SD lines
* `growth.prevalence` – Wilson intervals, data-quality statistics, digit preference
* `growth.cli` – `python -m growth anthro|anthroplus IN.csv OUT.csv`
* `growth.lms`, `growth.rounding`, `growth.tables` – the shared z-score helper, R's rounding, the LMS tables

Full description: docs/growth.md.
"""

from growth.inputs import GrowthInputError

__all__ = ["GrowthInputError"]
