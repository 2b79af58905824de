import argparse
import json
import os
import runpy
import sys
import threading
import traceback

from twinforge_bridge import fake_stream


def probe():
    print(json.dumps({
        "pythonVersion": sys.version.split()[0],
        "pychrono": None,
        "modules": {},
        "dataPath": None,
        "problem": "pychrono is not installed (fake bridge)",
    }))


def read_controls(stdin):
    for line in stdin:
        cmd = json.loads(line)
        fake_stream.commands.append(cmd)
        if cmd.get("cmd") == "stop":
            fake_stream.stop_requested.set()


def read_nonce(stdin):
    """The host's first control line carries the nonce the bridge's own `end` must hold."""
    line = stdin.readline()
    return json.loads(line).get("nonce") if line.strip() else None


def run(args):
    fake_stream.open_stream(args.stream_fd)
    fake_stream.args = args
    stdin = os.fdopen(os.dup(0), "r")
    nonce = read_nonce(stdin) if args.nonce_from_stdin else None
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    threading.Thread(target=read_controls, args=(stdin,), daemon=True).start()
    fake_stream.emit({
        "type": "hello", "protocol": 2, "python": sys.version.split()[0], "pychrono": None,
        "modules": {}, "dataPath": None,
    })
    os.chdir(args.workdir)
    try:
        runpy.run_path(args.script, run_name="__main__")
    except Exception as exc:  # the user's error, reported on the stream
        tb = traceback.extract_tb(exc.__traceback__)
        line = next((f.lineno for f in reversed(tb) if f.filename == args.script), None)
        fake_stream.emit({
            "type": "error", "errorType": type(exc).__name__, "message": str(exc),
            "line": line, "traceback": traceback.format_exc(), "missingModule": None,
            "phase": "run",
        })
        fake_stream.emit({"type": "end", "status": "error", "reason": str(exc),
                          "simTime": fake_stream.sim_time, "steps": 0, "nonce": nonce})
        return 1
    status = "stopped" if fake_stream.stop_requested.is_set() else "finished"
    fake_stream.emit({"type": "end", "status": status, "reason": status,
                      "simTime": fake_stream.sim_time, "steps": 0, "nonce": nonce})
    return 0


parser = argparse.ArgumentParser()
sub = parser.add_subparsers(dest="command")
sub.add_parser("probe")
r = sub.add_parser("run")
r.add_argument("--script")
r.add_argument("--workdir")
r.add_argument("--sim-time", type=float)
r.add_argument("--wall-time", type=float)
r.add_argument("--display-hz", type=float, default=60)
r.add_argument("--sample-dt", type=float, default=0.01)
r.add_argument("--stream-budget", type=float, default=5)
r.add_argument("--stream-fd", type=int, default=3)
r.add_argument("--stop-on-eof", action="store_true")
r.add_argument("--nonce-from-stdin", action="store_true")
parsed = parser.parse_args()
if parsed.command == "probe":
    probe()
else:
    sys.exit(run(parsed))
