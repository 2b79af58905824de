"""The control channel: JSON lines from the host on the bridge's own copy of stdin
(pause, resume, step, stop, driver). Read by a thread; the simulation thread polls."""

import json
import os
import threading


class Control:
    def __init__(self, fd=None, stop_on_eof=False):
        self._cond = threading.Condition()
        self.paused = False
        self.stop_requested = False
        self._steps = 0
        self.driver = {"steering": 0.0, "throttle": 0.0, "braking": 0.0}
        self.problems = []
        # The host holds the other end of stdin for the whole run: when it closes, the host
        # has died (on any OS), and a run nobody watches should end rather than linger.
        self._stop_on_eof = stop_on_eof
        if fd is not None:
            threading.Thread(target=self._read, args=(fd,), name="twinforge-control", daemon=True).start()

    def _read(self, fd):
        with os.fdopen(fd, "rb", buffering=0) as f:
            buf = b""
            while True:
                chunk = f.read(4096)
                if not chunk:
                    if self._stop_on_eof:
                        self.apply({"cmd": "stop"})
                    return
                buf += chunk
                while b"\n" in buf:
                    line, buf = buf.split(b"\n", 1)
                    if line.strip():
                        self.handle_line(line)

    def handle_line(self, line):
        try:
            cmd = json.loads(line)
            self.apply(cmd)
        except (ValueError, TypeError, AttributeError) as e:
            self.problems.append("Ignored a malformed control command (%s): %r" % (e, line[:200]))

    def apply(self, cmd):
        name = cmd.get("cmd")
        with self._cond:
            if name == "pause":
                self.paused = True
            elif name == "resume":
                self.paused = False
            elif name == "step":
                self._steps += 1
            elif name == "stop":
                self.stop_requested = True
            elif name == "driver":
                for key, lo in (("steering", -1.0), ("throttle", 0.0), ("braking", 0.0)):
                    if key in cmd:
                        self.driver[key] = max(lo, min(1.0, float(cmd[key])))
            else:
                raise ValueError("unknown command %r" % (name,))
            self._cond.notify_all()

    def wait_if_paused(self):
        """Blocks while paused; a `step` lets one frame through. Returns at once on stop."""
        with self._cond:
            while self.paused and not self.stop_requested:
                if self._steps:
                    self._steps -= 1
                    return
                self._cond.wait(0.5)
