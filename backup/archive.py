"""One archive holds a whole installation: the database and the uploaded files (evidence photos, sheets).

    backup.tar.gz
      manifest.json       format, database engine, when, migrations applied, every file with its sha256
      database.sqlite3    SQLite: a consistent copy made with SQLite's online backup API
      database.pgdump     PostgreSQL: `pg_dump --format=custom`
      media/...           the files under MEDIA_ROOT

A restore goes onto an empty database of the same engine and an empty MEDIA_ROOT, and checks every file's
sha256 against the manifest before it writes anything."""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

FORMAT = 1
SQLITE_NAME = "database.sqlite3"
PG_NAME = "database.pgdump"


class BackupError(Exception):
    """The archive cannot be made or restored (the message says why)."""


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _kind(database: dict[str, Any]) -> str:
    engine = str(database["ENGINE"])
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(f"unsupported database engine {engine}")


def _pg_env(database: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


def create(
    target: Path, *, database: dict[str, Any], sqlite_connection: Any, media_root: Path, migrations: list[str]
) -> dict[str, Any]:
    """Write the archive to `target` and return its manifest. `sqlite_connection` is the open sqlite3
    connection of a SQLite database (its backup API copies a consistent state while others write)."""
    kind = _kind(database)
    with tempfile.TemporaryDirectory() as folder:
        dump = Path(folder) / (SQLITE_NAME if kind == "sqlite" else PG_NAME)
        if kind == "sqlite":
            copy = sqlite3.connect(dump)
            sqlite_connection.backup(copy)
            copy.close()
        else:
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--file", str(dump), str(database["NAME"])],
                _pg_env(database),
            )
        files = sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []
        manifest = {
            "format": FORMAT,
            "engine": kind,
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "migrations": migrations,
            "database": {"name": dump.name, "sha256": _sha256(dump)},
            "media": {str(p.relative_to(media_root)): _sha256(p) for p in files},
        }
        partial = target.with_name(target.name + ".part")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, dump.name)
            for path in files:
                archive.add(path, f"media/{path.relative_to(media_root)}")
        partial.replace(target)  # a half-written archive never carries the final name
    return manifest


def read_manifest(archive_path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            member = archive.extractfile("manifest.json")
            if member is None:
                raise KeyError("manifest.json")
            manifest: dict[str, Any] = json.load(member)
    except (OSError, KeyError, tarfile.TarError, json.JSONDecodeError) as exc:
        raise BackupError(f"{archive_path} is not a backup archive: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"archive format {manifest.get('format')} is not {FORMAT}")
    return manifest


def restore(
    archive_path: Path, *, database: dict[str, Any], database_is_empty: bool, media_root: Path
) -> dict[str, Any]:
    """Bring the archive back onto an empty database of the same engine and an empty MEDIA_ROOT."""
    manifest = read_manifest(archive_path)
    kind = _kind(database)
    if manifest["engine"] != kind:
        raise BackupError(f"the archive holds a {manifest['engine']} database; this one is {kind}")
    if not database_is_empty:
        raise BackupError("the database is not empty: restore only onto a new, empty database")
    if media_root.is_dir() and any(media_root.iterdir()):
        raise BackupError(f"MEDIA_ROOT {media_root} is not empty")
    with tempfile.TemporaryDirectory() as folder, tarfile.open(archive_path, "r:gz") as archive:
        archive.extractall(folder, filter="data")  # no absolute paths, links or devices out of the folder
        root = Path(folder)
        dump = root / manifest["database"]["name"]
        expected = {manifest["database"]["name"]: manifest["database"]["sha256"]} | {
            f"media/{name}": digest for name, digest in manifest["media"].items()
        }
        for name, digest in expected.items():
            if not (root / name).is_file() or _sha256(root / name) != digest:
                raise BackupError(f"{name} in the archive is missing or damaged (sha256 differs)")
        if kind == "sqlite":
            source = sqlite3.connect(dump)
            target = sqlite3.connect(database["NAME"])
            source.backup(target)
            target.close()
            source.close()
        else:
            _run(
                ["pg_restore", "--no-owner", "--exit-on-error", "--dbname", str(database["NAME"]), str(dump)],
                _pg_env(database),
            )
        media = root / "media"
        if media.is_dir():
            shutil.copytree(media, media_root, dirs_exist_ok=True)
    return manifest
