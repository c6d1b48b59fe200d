"""Test certificates made with the ``openssl`` tool: a CA and leaves it signs."""

from __future__ import annotations

import shutil
import subprocess

HAVE_OPENSSL = shutil.which("openssl") is not None

_EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]


def _run(*args: str) -> None:
    subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=30)


def make_ca(directory, name: str):
    """A self-signed CA: (cert path, key path)."""
    cert, key = directory / f"{name}-ca.pem", directory / f"{name}-ca.key"
    _run("req", "-x509", *_EC, "-keyout", str(key), "-out", str(cert), "-days", "1",
         "-subj", f"/CN={name} test CA", "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign")
    return cert, key


def make_leaf(directory, name: str, san: str, ca):
    """A server certificate for *san* (e.g. ``IP:127.0.0.1``) signed by *ca*."""
    cert, key, csr = (directory / f"{name}.pem", directory / f"{name}.key",
                      directory / f"{name}.csr")
    ext = directory / f"{name}.ext"
    ext.write_text(f"subjectAltName={san}\nextendedKeyUsage=serverAuth\n")
    _run("req", "-new", *_EC, "-keyout", str(key), "-out", str(csr), "-subj", f"/CN={name}")
    _run("x509", "-req", "-in", str(csr), "-CA", str(ca[0]), "-CAkey", str(ca[1]),
         "-CAcreateserial", "-out", str(cert), "-days", "1", "-extfile", str(ext))
    return cert, key
