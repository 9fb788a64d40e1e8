"""Exchange with the systems around a posyandu, one sub-app per format: the register in from OpenSID, visits
out to SATUSEHAT (FHIR R4), balita out to e-PPGBM, monthly figures out to DHIS2 (docs/interop.md)."""
