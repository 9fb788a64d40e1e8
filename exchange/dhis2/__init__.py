"""The monthly figures exported as DHIS2 dataValueSets JSON and ADX XML (docs/interop.md)."""
