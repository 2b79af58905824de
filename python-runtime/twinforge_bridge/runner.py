"""`run`: prepares the process (stdin, working directory, matplotlib, stream, the
faulthandler log), checks the script's text for calls that would crash Chrono, installs
the stand-ins and patches, runs the user's script as __main__, and reports how it ended."""

import faulthandler
import os
import platform
import runpy
import signal
import sys
import traceback

from . import channels, patches, probe, static_checks, stream, traps
from .control import Control
from .errors import StopRun
from .session import Session

_BRIDGE_DIR = os.path.dirname(os.path.abspath(__file__))
# Where Python's faulthandler writes the stack when the process dies on a signal (a
# segfault in Chrono): in the run's working directory, read by the host after the exit.
FAULT_LOG_NAME = ".twinforge-fault.log"
_fault_log = None  # kept open for the life of the process


def _take_stdin():
    """The control channel keeps the real stdin; the script gets /dev/null (input() then
    raises EOFError at once instead of hanging)."""
    try:
        control_fd = channels.private_fd(os.dup(0))
    except OSError:
        control_fd = None
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    return control_fd


def _user_frames(tb, script):
    """Traceback entries without the bridge's own frames and runpy's."""
    entries = traceback.extract_tb(tb)
    keep = []
    for fs in entries:
        fname = os.path.abspath(fs.filename) if not fs.filename.startswith("<") else fs.filename
        if fname.startswith(_BRIDGE_DIR + os.sep) or "runpy" in os.path.basename(fs.filename):
            continue
        keep.append(fs)
    return keep


def error_message(exc, script, phase):
    if isinstance(exc, SyntaxError) and phase == "syntax":
        text = "".join(traceback.format_exception_only(type(exc), exc))
        return {
            "type": "error",
            "errorType": type(exc).__name__,
            "message": exc.msg or str(exc),
            "line": exc.lineno,
            "traceback": text,
            "missingModule": None,
            "phase": "syntax",
        }
    frames = _user_frames(exc.__traceback__, script)
    line = None
    for fs in frames:
        if os.path.abspath(fs.filename) == script:
            line = fs.lineno
    text = "Traceback (most recent call last):\n" + "".join(traceback.format_list(frames))
    text += "".join(traceback.format_exception_only(type(exc), exc))
    return {
        "type": "error",
        "errorType": type(exc).__name__,
        "message": str(exc),
        "line": line,
        "traceback": text,
        "missingModule": getattr(exc, "missing_module", None),
        "phase": phase,
    }


def run(args):
    script = os.path.abspath(args.script)
    try:
        os.fstat(args.stream_fd)
    except OSError:
        sys.stderr.write("twinforge_bridge: the stream file descriptor %d is not open\n" % args.stream_fd)
        return 2
    writer = stream.StreamWriter(channels.private_fd(args.stream_fd))
    control_fd = _take_stdin()
    # The host's first control line: the nonce that marks this bridge's own `end`.
    nonce = channels.read_nonce(control_fd) if getattr(args, "nonce_from_stdin", False) and control_fd is not None else None
    channels.hide_from_other_processes()
    control = Control(control_fd, stop_on_eof=getattr(args, "stop_on_eof", False))
    os.environ["MPLBACKEND"] = "Agg"
    # Line by line, so the Console shows prints as they happen and a crash loses none.
    for out in (sys.stdout, sys.stderr):
        try:
            out.reconfigure(line_buffering=True)
        except (AttributeError, ValueError):
            pass
    os.makedirs(args.workdir, exist_ok=True)
    os.chdir(args.workdir)
    _enable_fault_log(args.workdir)

    chrono = fea = None
    try:
        import pychrono  # noqa: F401
        import pychrono.core as chrono
    except ImportError:
        chrono = None
    if chrono is not None:
        try:
            import pychrono.fea as fea
        except ImportError:
            fea = None
    session = Session(writer, control, chrono, fea, args.sim_time, args.wall_time, args.display_hz, args.sample_dt, args.stream_budget / 100.0)
    writer.send_json(_hello(chrono))

    status, reason = "finished", "The script ended"
    try:
        source = open(script, "rb").read()
        compile(source, script, "exec")
    except SyntaxError as e:
        writer.send_json(error_message(e, script, "syntax"))
        status, reason = "error", "Syntax error in the script"
        return _end(writer, session, status, reason, 1, nonce)
    except OSError as e:
        writer.send_json(error_message(e, script, "run"))
        return _end(writer, session, "error", "Could not read the script", 1, nonce)
    if traps.enabled():
        findings = static_checks.check_source(source, script)
        if findings:
            line, message = static_checks.report(findings)
            writer.send_json(
                {
                    "type": "error",
                    "errorType": "ChronoWouldCrashError",
                    "message": message,
                    "line": line,
                    "traceback": "",
                    "missingModule": None,
                    "phase": "check",
                }
            )
            return _end(writer, session, "error", "The script would crash Chrono (found before running it)", 1, nonce)

    if chrono is not None:
        patches.install(session, chrono, script)
    else:
        patches.install_without_pychrono()
    signal.signal(signal.SIGTERM, _on_sigterm)
    sys.argv = [script]
    sys.path.insert(0, os.path.dirname(script))
    code = 0
    try:
        runpy.run_path(script, run_name="__main__")
        if session.limit_hit is not None:
            status, reason = session.limit_hit
    except StopRun as e:
        status, reason = e.status, e.reason
    except SystemExit as e:
        if e.code not in (None, 0):
            writer.send_json(error_message(e, script, "run"))
            status, reason, code = "error", "The script called sys.exit(%r)" % (e.code,), 1
    except BaseException as e:  # noqa: BLE001 - every failure of the script is reported
        writer.send_json(error_message(e, script, "run"))
        status, reason, code = "error", "%s: %s" % (type(e).__name__, e), 1
    for problem in control.problems:
        session.warn_once(problem)
    return _end(writer, session, status, reason, code, nonce)


def _enable_fault_log(workdir):
    """A process killed by a signal (a segfault in Chrono) leaves the Python stack of every
    thread in the fault log: the host names the script's line from it."""
    global _fault_log
    try:
        _fault_log = open(os.path.join(workdir, FAULT_LOG_NAME), "w")
        faulthandler.enable(file=_fault_log, all_threads=True)
    except OSError:
        _fault_log = None


def _on_sigterm(signum, frame):
    raise StopRun("stopped", "Stopped (terminated)")


def _hello(chrono):
    dataPath = None
    version = None
    modules = {name: False for name in probe.MODULES}
    if chrono is not None:
        version = probe.imported_version()
        modules = probe.module_flags(deep=False)
        try:
            dataPath = chrono.GetChronoDataPath()
        except Exception:  # noqa: BLE001
            dataPath = None
    return {
        "type": "hello",
        "protocol": stream.PROTOCOL_VERSION,
        "python": platform.python_version(),
        "pychrono": version,
        "modules": modules,
        "dataPath": dataPath,
        "bridge": _BRIDGE_DIR,
    }


def _end(writer, session, status, reason, code, nonce):
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    sys.stdout.flush()
    end = {"type": "end", "status": status, "reason": reason, "simTime": session.sim_time(), "steps": session.steps, "streamSeconds": session.stream_seconds}
    end = dict(end, **session.end_facts())
    if nonce is not None:
        end["nonce"] = nonce
    writer.send_json(end)
    writer.close()
    return code
