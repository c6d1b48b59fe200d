"""Progress of an unload or load: rows, bytes and rows/s.

On a terminal, a tqdm bar; otherwise a plain line every ``interval``
seconds (logs stay readable); with ``quiet``, nothing.  The summary line at
the end is printed in every case but ``quiet``.
"""

from __future__ import annotations

import sys
import time

__all__ = ["Progress", "INTERVAL"]

#: Seconds between plain progress lines (not on a terminal).
INTERVAL = 5.0


def _size(n: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.1f} {unit}" if unit != "B" else f"{int(n)} B"
        n /= 1024
    return f"{n:.1f} GB"  # pragma: no cover - the loop returns


class Progress:
    """Counts rows and bytes of *what* ("unloaded", "loaded")."""

    def __init__(self, what: str, *, quiet: bool = False, stream=None,
                 interval: float | None = None) -> None:
        self.what = what
        self.quiet = quiet
        self.stream = stream or sys.stderr
        self.interval = INTERVAL if interval is None else interval
        self.rows = 0
        self.bytes = 0
        self.started = time.monotonic()
        self._last = self.started
        self._bar = None
        if not quiet and self.stream.isatty():
            from tqdm import tqdm  # the cli extra's progress library

            self._bar = tqdm(unit=" rows", unit_scale=True, file=self.stream, desc=what)

    def update(self, rows: int, nbytes: int) -> None:
        self.rows += rows
        self.bytes += nbytes
        if self._bar is not None:
            self._bar.update(rows)
            self._bar.set_postfix_str(_size(self.bytes), refresh=False)
        elif not self.quiet:
            now = time.monotonic()
            if now - self._last >= self.interval:
                self._last = now
                print(f"{self.what} {self.rows:,} rows, {_size(self.bytes)}, "
                      f"{self.rate():,.0f} rows/s", file=self.stream, flush=True)

    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.rows / elapsed if elapsed > 0 else 0.0

    def finish(self, where: str) -> None:
        if self._bar is not None:
            self._bar.close()
        if not self.quiet:
            elapsed = time.monotonic() - self.started
            print(f"{self.what} {self.rows:,} rows ({_size(self.bytes)}) {where} in "
                  f"{elapsed:.1f} s ({self.rate():,.0f} rows/s)", file=self.stream, flush=True)
