"""Strict readers of environment variables: a malformed value stops start-up with a clear message.

Defaults make the embedded (SQLite) setup work with no configuration at all.
"""

import os
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None
    if maximum is not None and not minimum <= value <= maximum:
        raise ImproperlyConfigured(f"{name} must be between {minimum} and {maximum}; got {value}")
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}; got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_database(name: str, default_sqlite_path: str) -> dict[str, object]:
    """Parse DATABASE_URL: `sqlite:///path/to/db.sqlite3` or `postgres://user:pass@host:port/dbname`."""
    raw = os.environ.get(name)
    if not raw:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": default_sqlite_path}
    url = urlparse(raw)
    if url.scheme == "sqlite":
        path = url.path[1:] if url.path.startswith("//") else url.path
        if not path:
            raise ImproperlyConfigured(f"{name}: a sqlite URL needs a path, e.g. sqlite:///db.sqlite3")
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path}
    if url.scheme in {"postgres", "postgresql"}:
        dbname = url.path.lstrip("/")
        if not dbname:
            raise ImproperlyConfigured(f"{name}: a postgres URL needs a database name")
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(dbname),
            "USER": unquote(url.username or ""),
            "PASSWORD": unquote(url.password or ""),
            "HOST": url.hostname or "",
            "PORT": str(url.port or ""),
            "CONN_MAX_AGE": 60,
        }
    raise ImproperlyConfigured(f"{name}: unsupported scheme {url.scheme!r} (use sqlite:// or postgres://)")
