"""Production is one documented command away: the deploy checklist passes with the README's environment,
gunicorn serves the app with its static files (whitenoise), and the demo's logins are not made by accident."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[1]


def production_env(tmp_path: Path) -> dict[str, str]:
    """The environment of the README's "Production" section (DEBUG unset: off by default)."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "posyandu.example.go.id,127.0.0.1",
        "BEHIND_PROXY": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


def test_debug_is_off_and_the_key_required_unless_asked_for(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    refused = manage(env, "check")
    assert refused.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in refused.stderr


def test_the_deploy_checklist_has_no_warning_with_the_documented_environment(tmp_path: Path) -> None:
    checked = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "System check identified no issues" in checked.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    proxied = {"Host": "posyandu.example.go.id", "X-Forwarded-Proto": "https"}  # as the TLS proxy sends it
    request = urllib.request.Request(url, headers=proxied)
    with urllib.request.urlopen(request, timeout=10) as response:  # a local test server
        return response.status, dict(response.headers), response.read().decode()


def test_gunicorn_serves_the_login_page_and_its_static_files(tmp_path: Path) -> None:
    env = production_env(tmp_path)
    assert manage(env, "collectstatic", "--noinput", "-v0").returncode == 0
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.conf.py", "config.wsgi"],
        cwd=ROOT,
        env={**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):  # the worker is up within a few seconds
            try:
                status, headers, page = fetch(f"{base}/masuk/")
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not answer")
        assert status == 200
        assert "<h1>Masuk</h1>" in page
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert headers["X-Frame-Options"] == "DENY"
        assert "script-src 'self';" in headers["Content-Security-Policy"] + ";"
        assert "unsafe" not in headers["Content-Security-Policy"]
        stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page)
        assert stylesheet is not None
        assert re.search(r"\.[0-9a-f]{12}\.css$", stylesheet.group(1)), "hashed by the manifest storage"
        status, headers, css = fetch(base + stylesheet.group(1))
        assert status == 200
        assert "max-age=315360000" in headers["Cache-Control"]  # whitenoise: immutable, hashed files
        assert len(css) > 100
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.mark.django_db
def test_seed_demo_refuses_to_run_with_debug_off(settings: Any) -> None:
    from accounts.models import User

    settings.DEBUG = False
    with pytest.raises(CommandError, match="runs only with DEBUG=1"):
        call_command("seed_demo")
    assert not User.objects.exists()
