"""Build script: the Cython speedups are optional unless a build demands them.

INFORMIX_DB_NO_EXTENSIONS=1       skip compiling; the wheel is py3-none-any.
INFORMIX_DB_REQUIRE_EXTENSIONS=1  a failed compile fails the build (cibuildwheel, releases).
Otherwise a failed compile prints a loud warning and still yields a working
pure wheel, tagged py3-none-any rather than a platform wheel with no .so in it.
"""

import os
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.bdist_wheel import bdist_wheel
from setuptools.command.build_ext import build_ext

SPEEDUPS_DIR = Path("src", "informix_db", "_speedups")


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


NO_EXTENSIONS = _flag("INFORMIX_DB_NO_EXTENSIONS")
REQUIRE_EXTENSIONS = _flag("INFORMIX_DB_REQUIRE_EXTENSIONS")
if NO_EXTENSIONS and REQUIRE_EXTENSIONS:
    sys.exit("INFORMIX_DB_NO_EXTENSIONS and INFORMIX_DB_REQUIRE_EXTENSIONS contradict each other")


def _warn(message: str) -> None:
    bar = "*" * 78
    sys.stderr.write(f"\n{bar}\nWARNING: {message}\n"
                     "Building a PURE-PYTHON informix-db (py3-none-any); it works, but slower.\n"
                     "Set INFORMIX_DB_REQUIRE_EXTENSIONS=1 to make this an error.\n"
                     f"{bar}\n\n")


class OptionalBuildExt(build_ext):
    """Compile each extension; on failure either abort or fall back to pure."""

    failed: list[str] = []

    def run(self):
        try:
            super().run()
        except Exception as exc:  # compiler missing, platform unsupported, ...
            self._give_up("the Cython speedups could not be built", exc)

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as exc:
            self._give_up(f"compiling {ext.name} failed", exc)

    def _give_up(self, what: str, exc: BaseException) -> None:
        if REQUIRE_EXTENSIONS:
            raise
        OptionalBuildExt.failed.append(f"{what}: {exc}")
        _warn(f"{what}: {exc}")
        # Ship none of the modules: a half-compiled set would make the
        # selector's parity promise false.
        self.extensions = []
        self.distribution.ext_modules = []


class TaggingBdistWheel(bdist_wheel):
    """Tag the wheel py3-none-any when no compiled module made it in."""

    def run(self):
        if not self.skip_build:
            self.run_command("build")
        if not self.distribution.ext_modules:
            self.root_is_pure = True
        super().run()


def _extensions() -> list[Extension]:
    if NO_EXTENSIONS:
        return []
    sources = sorted(SPEEDUPS_DIR.glob("*.pyx"))
    exts = [
        Extension(f"informix_db._speedups.{p.stem}", [str(p)])
        for p in sources
    ]
    try:
        from Cython.Build import cythonize
    except ImportError as exc:
        if REQUIRE_EXTENSIONS:
            raise
        _warn(f"Cython is not importable ({exc})")
        return []
    try:
        # cythonize() would drop Extension(optional=True); optionality is
        # handled by OptionalBuildExt instead.
        return cythonize(
            exts,
            compiler_directives={"language_level": 3, "embedsignature": True},
            quiet=True,
        )
    except Exception as exc:
        if REQUIRE_EXTENSIONS:
            raise
        _warn(f"cythonize failed ({exc})")
        return []


setup(
    ext_modules=_extensions(),
    cmdclass={"build_ext": OptionalBuildExt, "bdist_wheel": TaggingBdistWheel},
)
