"""A backup restored onto an empty database of the same kind gives back every table and every file."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from audit.models import AuditEvent
from visits.models import Visit

ROOT = Path(__file__).resolve().parents[2]


def table_fingerprint(cursor: Any, tables: list[str], quote_name: Any) -> dict[str, tuple[int, str]]:
    """Per table: its row count and a hash of its rows in a fixed order."""
    out = {}
    for table in tables:
        cursor.execute(f"SELECT * FROM {quote_name(table)}")  # names from the introspection
        rows = sorted(repr(row) for row in cursor.fetchall())
        out[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return out


def file_fingerprint(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


def postgres_url(name: str) -> str:
    config = connection.settings_dict
    host, port = config["HOST"] or "127.0.0.1", config["PORT"] or 5432
    return f"postgres://{quote(config['USER'])}:{quote(config['PASSWORD'])}@{host}:{port}/{name}"


def run_manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_dev", **env},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_give_back_every_table_and_file(world: Any, tmp_path: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    assert Visit.objects.exists() and AuditEvent.objects.exists()
    assert (media / world.pokjanal.evidence.path).is_file()  # an evidence photo on disk
    archive = tmp_path / "cadangan.tar.gz"
    call_command("backup", str(archive))

    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        before = table_fingerprint(cursor, tables, connection.ops.quote_name)
    files_before = file_fingerprint(media)
    assert files_before

    restored_media = tmp_path / "media-baru"
    if connection.vendor == "sqlite":
        target_url = f"sqlite:///{tmp_path / 'baru.sqlite3'}"
        done = run_manage(
            {"DATABASE_URL": target_url, "MEDIA_ROOT": str(restored_media)}, "restore", str(archive)
        )
        assert done.returncode == 0, done.stderr
        # The same column converters as Django's connection (registered by its backend), so values compare.
        restored = sqlite3.connect(
            tmp_path / "baru.sqlite3", detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
        )
        after = table_fingerprint(restored.cursor(), tables, connection.ops.quote_name)
        restored.close()
    else:
        import psycopg
        from psycopg.types.string import TextLoader

        name = f"restore_{uuid.uuid4().hex[:12]}"
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {name}")
        try:
            url = postgres_url(name)
            done = run_manage(
                {"DATABASE_URL": url, "MEDIA_ROOT": str(restored_media)}, "restore", str(archive)
            )
            assert done.returncode == 0, done.stderr
            with psycopg.connect(url.replace("postgres://", "postgresql://")) as pg:
                # Read as Django's connection reads: timestamps in UTC, jsonb as its text.
                pg.execute("SET TIME ZONE 'UTC'")
                pg.adapters.register_loader("jsonb", TextLoader)
                after = table_fingerprint(pg.cursor(), tables, connection.ops.quote_name)
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        target_url = postgres_url(connection.settings_dict["NAME"])
    assert after == before
    assert file_fingerprint(restored_media) == files_before

    # Restoring onto a database that holds data is refused and changes nothing.
    again = run_manage(
        {"DATABASE_URL": target_url, "MEDIA_ROOT": str(tmp_path / "lain")}, "restore", str(archive)
    )
    assert again.returncode != 0
    assert "the database is not empty" in again.stderr
    assert not (tmp_path / "lain").exists()


def test_a_damaged_archive_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    archive = tmp_path / "rusak.tar.gz"
    archive.write_bytes(b"not a backup")
    target = tmp_path / "baru.sqlite3"
    env = {"DATABASE_URL": f"sqlite:///{target}", "MEDIA_ROOT": str(tmp_path / "m")}
    done = run_manage(env, "restore", str(archive))
    assert done.returncode != 0
    assert "is not a backup archive" in done.stderr
    assert sqlite3.connect(target).execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)
    assert not (tmp_path / "m").exists()
