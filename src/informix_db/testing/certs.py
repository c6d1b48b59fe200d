"""Throw-away TLS certificates for the test server, made with ``trustme``.

``make_ca`` makes a self-signed CA; ``make_leaf`` a server certificate it
signs.  Both write PEM files into a directory and return ``(cert, key)``
paths.  trustme (the library made for test certificates) needs no
``openssl`` tool, so TLS tests run wherever the wheels are tested; its
certificates are for tests only.
"""

from __future__ import annotations

from pathlib import Path

try:
    import trustme
except ImportError:  # the testing extra brings it
    trustme = None

__all__ = ["HAVE_TRUSTME", "make_ca", "make_leaf"]

#: Whether ``trustme`` (in the ``testing`` extra) is importable.
HAVE_TRUSTME = trustme is not None


def _require() -> None:
    if trustme is None:
        raise RuntimeError("making test certificates needs trustme: "
                           "pip install 'informix-db[testing]'")


def make_ca(directory, name: str) -> tuple[Path, Path]:
    """A self-signed CA certificate and its key, as ``name-ca.pem``/``name-ca.key``."""
    _require()
    directory = Path(directory)
    cert, key = directory / f"{name}-ca.pem", directory / f"{name}-ca.key"
    ca = trustme.CA(organization_name=f"{name} test CA")
    ca.cert_pem.write_to_path(str(cert))
    ca.private_key_pem.write_to_path(str(key))
    return cert, key


def make_leaf(directory, name: str, san: str, ca: tuple[Path, Path]) -> tuple[Path, Path]:
    """A server certificate for *san* (``IP:127.0.0.1,DNS:localhost``) signed by *ca*."""
    _require()
    directory = Path(directory)
    cert, key = directory / f"{name}.pem", directory / f"{name}.key"
    identities = [part.split(":", 1)[1] for part in san.split(",") if ":" in part]
    issuer = trustme.CA.from_pem(Path(ca[0]).read_bytes(), Path(ca[1]).read_bytes())
    leaf = issuer.issue_cert(*identities, common_name=name)
    # The chain after the leaf itself: what a server presents.
    cert.write_bytes(b"".join(blob.bytes() for blob in leaf.cert_chain_pems))
    leaf.private_key_pem.write_to_path(str(key))
    return cert, key
