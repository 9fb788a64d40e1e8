"""The balita of an area and month exported as the e-PPGBM by-name-by-address sheet (docs/interop.md)."""
