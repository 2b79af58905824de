"""Spawns the bridge as the host does (stream on a pipe fd, control on stdin) and decodes
what it sends."""

import os
import select
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
import time

from twinforge_bridge.stream import decode_stream

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
RUNTIME = os.path.join(REPO, "python-runtime")
DOUBLE = os.path.join(REPO, "test", "fixtures", "pychrono-double")
SIMBENCH = os.path.join(REPO, "..", "shared", "simbench", "tasks")


def bridge_env(with_double=True, extra=None, double=DOUBLE):
    """`double`: the folder that holds the pychrono double (source_built_double() gives one
    without package metadata)."""
    paths = [RUNTIME] + ([double] if with_double else [])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(paths), PYTHONDONTWRITEBYTECODE="1")
    env.pop("MPLBACKEND", None)
    env.pop("TWINFORGE_CRASH_TRAPS", None)
    env.update(extra or {})
    return env


def source_built_double():
    """A copy of the double as a build from source presents it (PYTHONPATH=<build>/bin):
    the package and its data, no dist-info, no conda-meta. Returns the folder to put on
    PYTHONPATH."""
    folder = tempfile.mkdtemp(prefix="tf-pychrono-build-")
    shutil.copytree(os.path.join(DOUBLE, "pychrono"), os.path.join(folder, "pychrono"), ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(os.path.join(DOUBLE, "data"), os.path.join(folder, "data"))
    return folder


class Result:
    def __init__(self, returncode, stdout, stderr, data, workdir):
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr
        self.messages = decode_stream(data)
        self.workdir = workdir
        self.json = [m for kind, m in self.messages if kind == "json"]
        self.frames = [m for kind, m in self.messages if kind == "frame"]

    def of_type(self, t):
        return [m for m in self.json if m.get("type") == t]

    def one(self, t):
        found = self.of_type(t)
        assert len(found) == 1, "expected one %s message, got %r" % (t, found)
        return found[0]

    @property
    def end(self):
        return self.one("end")

    def items(self):
        """Every item sent in scene messages, by key."""
        out = {}
        for s in self.of_type("scene"):
            for item in s["add"]:
                out[item["key"]] = item
        return out

    def meshes(self):
        out = {}
        for s in self.of_type("scene"):
            out.update(s["meshes"])
        return out


class BridgeProcess:
    """A running bridge; read its stream as it comes, write control commands."""

    def __init__(self, script_path, args=(), env=None, workdir=None):
        self.workdir = workdir or tempfile.mkdtemp(prefix="tf-run-")
        self._r, w = os.pipe()
        cmd = [sys.executable, "-m", "twinforge_bridge", "run", "--script", script_path, "--workdir", self.workdir, "--stream-fd", str(w)]
        self.proc = subprocess.Popen(
            cmd + list(args), pass_fds=(w,), env=env or bridge_env(), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        os.close(w)
        self.data = b""

    def send(self, line):
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def read_until(self, predicate, timeout=20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate(decode_stream(self.data)):
                return True
            ready, _, _ = select.select([self._r], [], [], 0.05)
            if ready:
                chunk = os.read(self._r, 1 << 16)
                if not chunk:
                    return predicate(decode_stream(self.data))
                self.data += chunk
        raise AssertionError("the bridge did not send what was expected in %.0f s" % timeout)

    def finish(self, timeout=40.0):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        self.proc.stdin = None
        chunks = []

        def drain():
            while True:
                chunk = os.read(self._r, 1 << 16)
                if not chunk:
                    return
                chunks.append(chunk)

        reader = threading.Thread(target=drain)
        reader.start()
        try:
            out, err = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
        reader.join(10)
        os.close(self._r)
        self.data += b"".join(chunks)
        return Result(self.proc.returncode, out.decode(errors="replace"), err.decode(errors="replace"), self.data, self.workdir)


def run_source(source, args=(), control=(), env=None, name="script.py"):
    """Writes the script to a temporary folder and runs it to its end."""
    folder = tempfile.mkdtemp(prefix="tf-script-")
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        f.write(textwrap.dedent(source))
    return run_path(path, args, control, env)


def run_path(path, args=(), control=(), env=None):
    bp = BridgeProcess(path, args, env)
    for line in control:
        bp.send(line)
    return bp.finish()


def write_script(source, name="script.py"):
    folder = tempfile.mkdtemp(prefix="tf-script-")
    path = os.path.join(folder, name)
    with open(path, "w") as f:
        f.write(textwrap.dedent(source))
    return path
