"""The run guard: every process of a run dies with it, and it exits as its command did."""

import os
import signal
import subprocess
import sys
import tempfile
import textwrap
import time

import pytest

from helpers import RUNTIME

GUARD = os.path.join(RUNTIME, "twinforge_bridge", "guard.py")
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the guard's subreaper and /proc are Linux")


def guard_cmd(*command, options=()):
    return [sys.executable, "-I", "-S", GUARD, *options, "--", *command]


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_dead(pid, seconds=5.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not alive(pid):
            return True
        time.sleep(0.02)
    return False


def script(source):
    folder = tempfile.mkdtemp(prefix="tf-guard-")
    path = os.path.join(folder, "s.py")
    with open(path, "w") as f:
        f.write(source)
    return path


# Two processes that leave the run's session: a double-forked daemon and a child that
# calls setsid(); each prints "escapee PID".
ESCAPE = textwrap.dedent(
    """
    import os, sys, time
    r, w = os.pipe()
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            os.write(w, b"%d\\n" % os.getpid())
            time.sleep(120)
            os._exit(0)
        os._exit(0)
    daemon = int(os.read(r, 100))
    child = os.fork()
    if child == 0:
        os.setsid()
        time.sleep(120)
        os._exit(0)
    print("escapee", daemon, flush=True)
    print("escapee", child, flush=True)
    """
)


def read_escapees(stream):
    return [int(stream.readline().split()[1]) for _ in range(2)]


@linux_only
def test_processes_that_leave_the_session_die_when_the_command_ends():
    path = script(ESCAPE + "time.sleep(0.3)\n")
    proc = subprocess.Popen(guard_cmd(sys.executable, path), stdout=subprocess.PIPE, text=True)
    pids = read_escapees(proc.stdout)
    assert all(alive(p) for p in pids)
    assert proc.wait(10) == 0
    assert all(wait_dead(p) for p in pids)


@linux_only
def test_a_crash_of_the_command_kills_the_rest_and_the_guard_dies_of_the_same_signal():
    path = script(ESCAPE + "import signal\nos.kill(os.getpid(), signal.SIGSEGV)\n")
    proc = subprocess.Popen(guard_cmd(sys.executable, path), stdout=subprocess.PIPE, text=True)
    pids = read_escapees(proc.stdout)
    assert proc.wait(10) == -signal.SIGSEGV
    assert all(wait_dead(p) for p in pids)


def test_the_exit_code_is_passed_on():
    assert subprocess.run(guard_cmd(sys.executable, "-c", "raise SystemExit(7)")).returncode == 7


def test_bubblewraps_128_plus_n_is_taken_as_signal_n_when_asked():
    code = [sys.executable, "-c", "raise SystemExit(139)"]
    assert subprocess.run(guard_cmd(*code, options=["--signal-exit-codes"])).returncode == -signal.SIGSEGV
    assert subprocess.run(guard_cmd(*code)).returncode == 139


@linux_only
def test_sigterm_is_passed_on_and_everything_is_killed_after_the_grace():
    path = script("import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n" + ESCAPE + "time.sleep(60)\n")
    proc = subprocess.Popen(guard_cmd(sys.executable, path, options=["--grace", "0.3"]), stdout=subprocess.PIPE, text=True)
    pids = read_escapees(proc.stdout)
    started = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(10) == -signal.SIGKILL
    assert time.monotonic() - started >= 0.25
    assert all(wait_dead(p) for p in pids)


@linux_only
def test_sighup_kills_everything_at_once():
    path = script(ESCAPE + "time.sleep(60)\n")
    proc = subprocess.Popen(guard_cmd(sys.executable, path, options=["--grace", "30"]), stdout=subprocess.PIPE, text=True)
    pids = read_escapees(proc.stdout)
    proc.send_signal(signal.SIGHUP)
    assert proc.wait(5) == -signal.SIGKILL
    assert all(wait_dead(p) for p in pids)


@linux_only
def test_when_the_host_dies_everything_dies():
    # A stand-in host that starts the guard and is then killed without warning.
    path = script(ESCAPE + "time.sleep(60)\n")
    host = subprocess.Popen(
        [sys.executable, "-c", "import subprocess, sys, time\np = subprocess.Popen(sys.argv[1:])\nprint(p.pid, flush=True)\ntime.sleep(60)", *guard_cmd(sys.executable, path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        guard = int(host.stdout.readline())
        pids = read_escapees(host.stdout)
    finally:
        host.kill()
        host.wait()
    assert all(wait_dead(p) for p in pids)
    assert wait_dead(guard)


def test_the_command_keeps_the_passed_descriptor_and_the_guard_closes_its_own():
    r, w = os.pipe()
    proc = subprocess.Popen(
        guard_cmd(sys.executable, "-c", "import os; os.write(%d, b'from the command')" % w, options=["--pass-fd", str(w)]),
        pass_fds=(w,),
    )
    os.close(w)
    assert proc.wait(10) == 0
    # EOF comes once the command has exited: nobody else holds the write end.
    data = b""
    while True:
        chunk = os.read(r, 100)
        if not chunk:
            break
        data += chunk
    os.close(r)
    assert data == b"from the command"


def test_the_address_space_limit_holds_the_command_not_the_guard():
    limit = 512 << 20
    code = "import resource; print(resource.getrlimit(resource.RLIMIT_AS)[0])"
    out = subprocess.run(guard_cmd(sys.executable, "-c", code, options=["--rlimit-as", str(limit)]), capture_output=True, text=True)
    assert int(out.stdout) == limit


def test_a_cgroup_that_cannot_be_joined_falls_back_to_the_per_process_limit_and_says_so():
    limit = 1 << 30
    code = "import resource; print(resource.getrlimit(resource.RLIMIT_AS)[0])"
    options = ["--cgroup", "/nonexistent/cgroup", "--fallback-rlimit-as", str(limit)]
    out = subprocess.run(guard_cmd(sys.executable, "-c", code, options=options), capture_output=True, text=True)
    assert int(out.stdout) == limit
    assert "could not put the run in its cgroup" in out.stderr
    assert "1024 MiB of address space instead" in out.stderr


def test_bad_options_are_refused_with_a_message():
    out = subprocess.run(guard_cmd("true", options=["--grace", "soon"]), capture_output=True, text=True)
    assert out.returncode == 2
    assert "--grace takes a number" in out.stderr
    out = subprocess.run([sys.executable, "-I", "-S", GUARD, "--grace", "1"], capture_output=True, text=True)
    assert "no COMMAND after --" in out.stderr
    out = subprocess.run(guard_cmd("/nonexistent/program"), capture_output=True, text=True)
    assert out.returncode == 127
    assert "could not start /nonexistent/program" in out.stderr
