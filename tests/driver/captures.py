"""Loading the JDBC capture files kept beside these tests."""

from __future__ import annotations

from pathlib import Path

DIR = Path(__file__).parent / "captures"


def _sections(prefix: str) -> dict[str, str]:
    (path,) = DIR.glob(prefix + "*.hex")
    sections: dict[str, str] = {}
    key = None
    for line in path.read_text().splitlines():
        if line.startswith("#"):
            key = line[1:].strip()
        elif key is not None and line.strip():
            sections.setdefault(key, line.strip())
    return sections


def client_half(prefix: str) -> bytes:
    """The bytes IBM JDBC sent in capture *prefix* (e.g. ``g00``)."""
    return bytes.fromhex(_sections(prefix)["client->server"])


def server_half(prefix: str) -> bytes:
    """The server bytes recorded in capture *prefix*."""
    for key, value in _sections(prefix).items():
        if key.startswith("server->client"):
            return bytes.fromhex(value)
    raise KeyError(f"capture {prefix} has no server half")
