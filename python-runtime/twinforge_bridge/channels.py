"""The bridge's channels to the host (the stream and the control pipe), kept out of the
reach of what the script starts, and the run's nonce, which marks the bridge's own `end`.

What this does and does not protect is written down in ../README.md ("What a script can
and cannot do"): the script runs in this interpreter, so it can reach anything the bridge
holds; the point is that its child processes cannot, and that a script which writes on
the stream by accident or on purpose does not thereby decide how the host reports the run.
"""

import json
import os
import sys

PR_SET_DUMPABLE = 4
# Far from 3, the number the host passes the stream on and scripts might guess.
_PRIVATE_FD_MIN = 200


def _prctl(option, value):
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(option, value, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def private_fd(fd):
    """Moves fd to a high number that is closed on exec, so no program the script starts
    inherits it, and closes the original (unless it is stdin, stdout or stderr, which the
    script keeps). Returns the new number."""
    try:
        import fcntl

        moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, _PRIVATE_FD_MIN)
    except (ImportError, OSError):
        moved = os.dup(fd)  # non-inheritable too (PEP 446)
    if fd > 2:
        os.close(fd)
    return moved


def hide_from_other_processes():
    """Makes /proc/<bridge>/fd (and mem) unreadable to other processes of the same user,
    the script's children among them, so they cannot reopen the host's pipes from there.
    Also means no core file of the bridge. Linux only; elsewhere nothing changes."""
    return _prctl(PR_SET_DUMPABLE, 0)


def read_nonce(fd):
    """Reads the host's first control line, {"nonce": "..."}, byte by byte so that no
    command after it is consumed. Returns the nonce, or None (no line, or another line)."""
    line = bytearray()
    while len(line) < 4096:
        try:
            b = os.read(fd, 1)
        except OSError:
            return None
        if not b or b == b"\n":
            break
        line += b
    try:
        nonce = json.loads(bytes(line).decode("utf-8")).get("nonce")
    except (ValueError, UnicodeDecodeError, AttributeError):
        return None
    return nonce if isinstance(nonce, str) and nonce else None
