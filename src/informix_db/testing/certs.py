"""Throw-away TLS certificates for the test server, made with the ``openssl`` tool.

``make_ca`` makes a self-signed CA; ``make_leaf`` a server certificate it
signs.  Both write PEM files into a directory and return ``(cert, key)``
paths.  Keys are unencrypted P-256 and certificates last one day: for
tests only.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

__all__ = ["HAVE_OPENSSL", "make_ca", "make_leaf"]

#: Whether the ``openssl`` tool these helpers run is on PATH.
HAVE_OPENSSL = shutil.which("openssl") is not None

_EC_KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]


def _openssl(*args: str) -> None:
    if not HAVE_OPENSSL:
        raise RuntimeError("making test certificates needs the openssl tool on PATH")
    subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=30)


def make_ca(directory, name: str) -> tuple[Path, Path]:
    """A self-signed CA certificate and its key, as ``name-ca.pem``/``name-ca.key``."""
    directory = Path(directory)
    cert, key = directory / f"{name}-ca.pem", directory / f"{name}-ca.key"
    _openssl("req", "-x509", *_EC_KEY, "-keyout", str(key), "-out", str(cert), "-days", "1",
             "-subj", f"/CN={name} test CA", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    return cert, key


def make_leaf(directory, name: str, san: str, ca: tuple[Path, Path]) -> tuple[Path, Path]:
    """A server certificate for *san* (``IP:127.0.0.1,DNS:localhost``) signed by *ca*."""
    directory = Path(directory)
    cert, key = directory / f"{name}.pem", directory / f"{name}.key"
    csr, ext = directory / f"{name}.csr", directory / f"{name}.ext"
    ext.write_text(f"subjectAltName={san}\nextendedKeyUsage=serverAuth\n")
    _openssl("req", "-new", *_EC_KEY, "-keyout", str(key), "-out", str(csr), "-subj", f"/CN={name}")
    _openssl("x509", "-req", "-in", str(csr), "-CA", str(ca[0]), "-CAkey", str(ca[1]),
             "-CAcreateserial", "-out", str(cert), "-days", "1", "-extfile", str(ext))
    return cert, key
