"""The versioned REST API (django-ninja) and the personal tokens that open it (docs/interop.md)."""
