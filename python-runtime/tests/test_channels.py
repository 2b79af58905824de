"""The bridge's channels to the host stay out of what the script starts, and the bridge's
own `end` carries the run's nonce."""

import fcntl
import json
import os
import sys

import pytest

from helpers import BridgeProcess, run_source, write_script
from twinforge_bridge import channels


def test_a_channel_moves_to_a_high_descriptor_closed_on_exec():
    r, w = os.pipe()
    os.set_inheritable(w, True)
    moved = channels.private_fd(w)
    try:
        assert moved >= 200
        assert fcntl.fcntl(moved, fcntl.F_GETFD) & fcntl.FD_CLOEXEC
        with pytest.raises(OSError):
            os.fstat(w)  # the well-known number is free again
        os.write(moved, b"x")
        assert os.read(r, 1) == b"x"
    finally:
        os.close(moved)
        os.close(r)


def test_stdout_is_never_closed_when_it_is_the_stream():
    moved = channels.private_fd(1)
    try:
        os.fstat(1)
    finally:
        os.close(moved)


def test_the_nonce_is_the_first_line_only():
    r, w = os.pipe()
    os.write(w, b'{"nonce": "abc123"}\n{"cmd": "pause"}\n')
    os.close(w)
    assert channels.read_nonce(r) == "abc123"
    assert os.read(r, 100) == b'{"cmd": "pause"}\n'
    os.close(r)
    r, w = os.pipe()
    os.write(w, b'{"cmd": "stop"}\n')
    os.close(w)
    assert channels.read_nonce(r) is None
    os.close(r)


def test_programs_the_script_starts_inherit_neither_the_stream_nor_the_control_pipe():
    result = run_source(
        """
        import os, subprocess, sys
        probe = (
            "import os\\n"
            "fds = []\\n"
            "for fd in range(3, 1024):\\n"
            "    try:\\n"
            "        os.fstat(fd)\\n"
            "        fds.append(fd)\\n"
            "    except OSError:\\n"
            "        pass\\n"
            "print('child fds', fds)\\n"
        )
        # Even when told to keep every inheritable descriptor, and through a shell.
        subprocess.run([sys.executable, "-c", probe], close_fds=False)
        with open("probe.py", "w") as f:
            f.write(probe)
        os.system(sys.executable + " probe.py")
        """
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("child fds")]
    assert lines == ["child fds []", "child fds []"]


def test_the_bridges_own_end_carries_the_nonce_and_later_commands_still_work():
    path = write_script(
        """
        import pychrono as chrono
        import pychrono.irrlicht as chronoirr
        system = chrono.ChSystemNSC()
        system.Add(chrono.ChBodyEasySphere(0.1, 1000, True, False))
        vis = chronoirr.ChVisualSystemIrrlicht()
        vis.AttachSystem(system)
        vis.Initialize()
        while vis.Run():
            system.DoStepDynamics(0.01)
        """
    )
    bp = BridgeProcess(path, ["--nonce-from-stdin"])
    bp.send(json.dumps({"nonce": "f00d"}))
    bp.read_until(lambda msgs: any(kind == "frame" for kind, _ in msgs))
    bp.send('{"cmd": "stop"}')
    result = bp.finish()
    assert result.end["status"] == "stopped"
    assert result.end["nonce"] == "f00d"


def test_without_the_option_the_end_has_no_nonce():
    result = run_source("print('hi')\n")
    assert "nonce" not in result.end


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_DUMPABLE is Linux")
def test_the_bridge_is_not_dumpable_so_other_processes_cannot_open_its_descriptors():
    result = run_source(
        """
        import ctypes
        PR_GET_DUMPABLE = 3
        print("dumpable", ctypes.CDLL(None).prctl(PR_GET_DUMPABLE, 0, 0, 0, 0))
        """
    )
    assert "dumpable 0" in result.stdout
