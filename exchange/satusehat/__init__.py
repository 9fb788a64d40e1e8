"""Visits sent to SATUSEHAT as FHIR R4 transaction bundles (docs/interop.md)."""
