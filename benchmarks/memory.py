"""A process's peak resident set, for the benchmarks and the bounded-memory tests.

Linux keeps the high-water mark in ``/proc/self/status`` (VmHWM) and lets a
process start it again (a 5 written to ``/proc/self/clear_refs``); elsewhere
``ru_maxrss`` is the peak of the whole process.  VmHWM is preferred even
where both exist: in a process started by ``exec``, ``ru_maxrss`` keeps the
parent's resident size from before the exec.
"""

from __future__ import annotations

import resource
import sys

__all__ = ["peak_rss", "reset_peak"]


def peak_rss() -> int:
    """This process's peak resident set in bytes (since the last ``reset_peak``
    where the system allows one)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # macOS counts bytes


def reset_peak() -> None:
    """Start the peak again from the current resident set (Linux only; a no-op
    elsewhere), so a measured step's peak is not hidden under the imports'."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
    except OSError:
        pass
