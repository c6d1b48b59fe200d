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


#: First line of the fallback warning; .ci/run looks for it in the build log.
WARNING_HEADLINE = "WARNING: informix-db is being built WITHOUT its Cython speedups"


def _warn(reason: str) -> None:
    bar = "*" * 78
    sys.stderr.write(
        f"\n{bar}\n{WARNING_HEADLINE}\n"
        f"Reason: {reason}\n"
        "The result is a PURE-PYTHON build (py3-none-any): it works, but is slower.\n"
        "Set INFORMIX_DB_REQUIRE_EXTENSIONS=1 to make this an error instead.\n"
        f"{bar}\n\n"
    )
    sys.stderr.flush()


class OptionalBuildExt(build_ext):
    """Compile every extension; on any failure either abort or ship none.

    setuptools' own ``Extension(optional=True)`` is of no use here: cythonize()
    drops the flag, and it would leave a platform-tagged wheel without the
    modules.  Failures are collected instead and handled once at the end.
    """

    def run(self):
        self._failures: list[str] = []
        try:
            super().run()
        except Exception as exc:  # no compiler at all, unsupported platform, ...
            if REQUIRE_EXTENSIONS:
                raise
            self._failures.append(f"the Cython speedups could not be built: {exc}")
        if self._failures:
            self._fall_back_to_pure()

    def build_extension(self, ext):
        try:
            super().build_extension(ext)
        except Exception as exc:
            if REQUIRE_EXTENSIONS:
                raise
            self._failures.append(f"compiling {ext.name} failed: {exc}")

    def _fall_back_to_pure(self) -> None:
        # Ship none of the modules: a half-compiled set would break the
        # selector's promise that "cython" means every hot path is compiled.
        for ext in self.extensions:
            built = Path(self.get_ext_fullpath(ext.name))
            if built.exists():
                built.unlink()
        _warn("; ".join(self._failures))
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
