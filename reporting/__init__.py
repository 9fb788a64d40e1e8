"""Report arithmetic without Django: SKDN counts and ratios with the D = N + T + O + B check, prevalence with
its Wilson interval, coverage and target, data-quality measures, and the rollup of area figures by region
code. Plain values in, dataclasses out; the database aggregates, these modules do the maths."""
