from __future__ import annotations

from typing import Any

from django.test import Client


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def pdf_text(content: bytes) -> str:
    """The text drawn in a reportlab PDF: its content streams decoded (ASCII85, then Flate), enough to find
    words and figures."""
    import base64
    import re
    import zlib

    assert content.startswith(b"%PDF")
    texts = []
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", content, re.S):
        data = stream.strip()
        try:
            if data.endswith(b"~>"):
                data = base64.a85decode(data[:-2])
            texts.append(zlib.decompress(data).decode("latin-1"))
        except (ValueError, zlib.error):
            continue
    return "\n".join(texts).replace("\\(", "(").replace("\\)", ")")  # PDF string escapes
