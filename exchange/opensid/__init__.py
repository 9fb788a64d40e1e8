"""The desa's resident register imported from OpenSID's "impor penduduk" sheet (docs/interop.md)."""
