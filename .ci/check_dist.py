"""Check what a built distribution contains.

    check_dist.py sdist PATH          .pyx sources present, no generated .c/.so
    check_dist.py binary-wheel PATH   compiled modules, no .pyx/.pxd/.c, platform tag
    check_dist.py pure-wheel PATH     py3-none-any, nothing compiled, no .pyx/.c
"""

from __future__ import annotations

import sys
import tarfile
import zipfile
from pathlib import PurePosixPath

SPEEDUPS = "informix_db/_speedups/"
SOURCES = (".pyx", ".pxd", ".c")
COMPILED = (".so", ".pyd")


def fail(message: str) -> None:
    sys.exit(f"FAIL: {message}")


def check_sdist(path: str) -> None:
    with tarfile.open(path) as tar:
        names = [PurePosixPath(*PurePosixPath(n).parts[1:]).as_posix() for n in tar.getnames()]
    pyx = [n for n in names if n.startswith("src/" + SPEEDUPS) and n.endswith(".pyx")]
    if not pyx:
        fail(f"{path}: no .pyx sources: it cannot rebuild the speedups")
    stale = [n for n in names if n.endswith((".c",) + COMPILED)]
    if stale:
        fail(f"{path}: generated or compiled files shipped: {stale}")
    for required in ("pyproject.toml", "setup.py", "README.md", "LICENSE",
                     "src/informix_db/py.typed", "tests/conftest.py"):
        if required not in names:
            fail(f"{path}: {required} is missing")
    print(f"ok: sdist ships {', '.join(pyx)} and no generated code")


def _wheel_names(path: str) -> list[str]:
    with zipfile.ZipFile(path) as whl:
        return whl.namelist()


def _common_wheel_checks(path: str, names: list[str]) -> None:
    sources = [n for n in names if n.endswith(SOURCES)]
    if sources:
        fail(f"{path}: wheel ships sources it should not: {sources}")
    if "informix_db/py.typed" not in names:
        fail(f"{path}: py.typed is missing")
    if "informix_db/framing/buffer.py" not in names:
        fail(f"{path}: the pure-Python hot path is missing")
    for extra in ("informix_db/arrow/cdata.py", "informix_db/cli/main.py",
                  "informix_db/__main__.py"):
        if extra not in names:
            fail(f"{path}: {extra} is missing (Arrow, the command line)")
    with zipfile.ZipFile(path) as whl:
        entry_points = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        if not entry_points or b"informix-db = informix_db.cli.main:main" not in \
                whl.read(entry_points[0]):
            fail(f"{path}: the informix-db console script is not declared")


def check_binary_wheel(path: str) -> None:
    names = _wheel_names(path)
    _common_wheel_checks(path, names)
    compiled = [n for n in names if n.startswith(SPEEDUPS) and n.endswith(COMPILED)]
    if not compiled:
        fail(f"{path}: binary wheel without compiled speedups")
    if path.endswith("-none-any.whl"):
        fail(f"{path}: binary wheel tagged as pure")
    print(f"ok: binary wheel ships {', '.join(compiled)} and no sources")


def check_pure_wheel(path: str) -> None:
    names = _wheel_names(path)
    _common_wheel_checks(path, names)
    if not path.endswith("-py3-none-any.whl"):
        fail(f"{path}: pure wheel is not tagged py3-none-any")
    compiled = [n for n in names if n.endswith(COMPILED)]
    if compiled:
        fail(f"{path}: pure wheel ships compiled modules {compiled}")
    print(f"ok: {PurePosixPath(path).name} is pure")


CHECKS = {"sdist": check_sdist, "binary-wheel": check_binary_wheel, "pure-wheel": check_pure_wheel}

if __name__ == "__main__":
    kind, target = sys.argv[1:3]
    CHECKS[kind](target)
