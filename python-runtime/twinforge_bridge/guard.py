"""python -I -S guard.py [options] -- COMMAND...

The run guard: the process the host starts for a run. It runs COMMAND (the bridge, or
bubblewrap around it) and makes sure that every process of the run dies with it:

- it joins the run's cgroups first, so everything the run starts is counted and can be
  killed together (``--cgroup DIR``, as many as the host made);
- it is a child subreaper (Linux), so a grandchild that leaves its process group or
  session (``setsid``) is re-parented to the guard instead of init, and still found;
- when COMMAND exits, for any reason (a crash too), it kills every descendant left;
- when the host dies (the kernel's parent-death signal, or the parent pid changing), it
  kills everything and exits;
- COMMAND gets its own process group, the parent-death signal SIGKILL (should the guard
  itself be killed), and the per-process memory limit when the host asks for one
  (``--rlimit-as BYTES``; the guard itself is not limited, so it can always clean up).

Signals from the host: SIGTERM ends the run politely (SIGTERM to COMMAND's group, SIGKILL
to everything ``--grace`` seconds later); SIGHUP kills everything at once.

The guard exits the way COMMAND did (same exit code, or the same signal), so the host
reports the run's own outcome. Only the Python standard library is used, and little of
it: the host starts the guard by its file with `python -I -S`, so that it costs one bare
interpreter start (no site packages, no argparse, no subprocess).

Options: --cgroup DIR (repeatable), --rlimit-as BYTES, --fallback-rlimit-as BYTES (the
limit to set if a cgroup cannot be joined), --grace SECONDS, --pass-fd N (repeatable: a
descriptor COMMAND keeps; the guard closes its own copy), --signal-exit-codes (an exit
code 128+N from COMMAND means signal N, as bubblewrap reports it).
"""

import ctypes
import os
import resource
import select
import signal
import sys
import time

PR_SET_PDEATHSIG = 1
PR_SET_CHILD_SUBREAPER = 36
_POLL_SECONDS = 0.5
_KILL_ROUNDS = 200


def _libc_prctl():
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    return prctl


_PRCTL = _libc_prctl()


def prctl(option, value):
    """True when the call worked; False where there is no prctl (not Linux) or it failed."""
    return _PRCTL is not None and _PRCTL(option, value, 0, 0, 0) == 0


def notice(text):
    sys.stderr.write("TwinForge: %s\n" % text)
    sys.stderr.flush()


def join_cgroups(dirs):
    """Moves this process into each cgroup; returns the problems (an empty list when all
    worked). Children inherit the cgroups, so the whole run is in them."""
    problems = []
    for d in dirs:
        try:
            with open(os.path.join(d, "cgroup.procs"), "w") as f:
                f.write("%d\n" % os.getpid())
        except OSError as e:
            problems.append("%s: %s" % (d, e.strerror or e))
    return problems


def descendants(root_pid):
    """Every live process below root_pid (Linux /proc); an empty list elsewhere."""
    children = {}
    try:
        entries = os.listdir("/proc")
    except OSError:
        return []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry, "rb") as f:
                stat = f.read()
        except OSError:
            continue  # it ended while we looked
        # The command name may hold spaces and parentheses: the fields follow the last ')'.
        fields = stat[stat.rfind(b")") + 2 :].split()
        if len(fields) < 2 or fields[0] == b"Z":
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [root_pid]
    while todo:
        for child in children.get(todo.pop(), ()):
            found.append(child)
            todo.append(child)
    return found


def signal_group(pgid, sig):
    try:
        os.killpg(pgid, sig)
    except OSError:
        pass  # the group is gone


def signal_pid(pid, sig):
    try:
        os.kill(pid, sig)
    except OSError:
        pass


class Guard:
    def __init__(self, command, grace, rlimit_as, signal_exit_codes):
        self.command = command
        self.grace = grace
        self.rlimit_as = rlimit_as
        self.signal_exit_codes = signal_exit_codes
        self.host = os.getppid()
        self.main = None
        self.main_status = None
        self.kill_at = None
        self._pending = []
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_r, False)
        os.set_blocking(self._wake_w, False)

    # -- signals: the handlers only note what arrived; the loop acts on it ------------
    def _on_signal(self, signum, frame):
        self._pending.append(signum)

    def install_signals(self):
        signal.set_wakeup_fd(self._wake_w)
        for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGCHLD):
            signal.signal(sig, self._on_signal)

    def start(self, pass_fds):
        """Forks and execs COMMAND in its own process group, with SIGKILL should the guard
        die and the per-process limit. Besides stdio only the passed descriptors are
        inherited: the guard's own are close-on-exec, as Python makes them."""
        guard_pid = os.getpid()
        for fd in pass_fds:
            os.set_inheritable(fd, True)
        pid = os.fork()
        if pid == 0:  # the child: nothing here may return into the guard's code
            try:
                os.setpgid(0, 0)
                prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
                if os.getppid() != guard_pid:
                    os._exit(1)  # the guard died before the signal was set
                if self.rlimit_as:
                    try:
                        resource.setrlimit(resource.RLIMIT_AS, (self.rlimit_as, self.rlimit_as))
                    except (ValueError, OSError) as e:  # macOS may refuse it: run unlimited
                        notice("could not set the memory limit of %d MiB (%s)" % (self.rlimit_as >> 20, e))
                signal.set_wakeup_fd(-1)
                for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT, signal.SIGCHLD):
                    signal.signal(sig, signal.SIG_DFL)
                os.execvp(self.command[0], self.command)
            except BaseException as e:  # noqa: BLE001 - whatever it was: say so and leave
                notice("could not start %s: %s" % (self.command[0], getattr(e, "strerror", None) or e))
            os._exit(127)
        self.main = pid
        # The run's channels belong to COMMAND: the host sees them close when it exits.
        for fd in pass_fds:
            try:
                os.close(fd)
            except OSError:
                pass
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)

    # -- the loop ---------------------------------------------------------------------
    def run(self):
        while self.main_status is None:
            try:
                select.select([self._wake_r], [], [], _POLL_SECONDS)
            except InterruptedError:
                pass
            self._drain_wakeups()
            self._reap()
            for sig in self._take_pending():
                if sig == signal.SIGTERM and self.kill_at is None:
                    signal_group(self.main, signal.SIGTERM)
                    signal_pid(self.main, signal.SIGTERM)
                    self.kill_at = time.monotonic() + self.grace
                elif sig == signal.SIGHUP:
                    self.kill_everything()
            if os.getppid() != self.host:
                self.kill_everything()  # the host is gone
            if self.kill_at is not None and time.monotonic() >= self.kill_at:
                self.kill_everything()
        # COMMAND has ended: nothing it started outlives it.
        self.kill_everything()
        return self.main_status

    def _drain_wakeups(self):
        try:
            while os.read(self._wake_r, 512):
                pass
        except (BlockingIOError, InterruptedError):
            pass

    def _take_pending(self):
        taken, self._pending = self._pending, []
        return taken

    def _reap(self):
        """Collects every exited child (orphans re-parented here too); notes COMMAND's."""
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            if pid == self.main:
                self.main_status = status

    def kill_everything(self):
        """SIGKILL to COMMAND's group and to every descendant, until none is left."""
        for _ in range(_KILL_ROUNDS):
            if self.main_status is None:
                signal_group(self.main, signal.SIGKILL)
                signal_pid(self.main, signal.SIGKILL)
            left = descendants(os.getpid())
            for pid in left:
                signal_pid(pid, signal.SIGKILL)
            self._reap()
            if not left and self.main_status is not None:
                return
            time.sleep(0.01)
        notice("some processes of the run could not be killed")

    def exit_like_main(self):
        status = self.main_status
        sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else 1
        if sig is None and self.signal_exit_codes and 128 < code <= 128 + 64:
            sig = code - 128  # bubblewrap reports its child's death by signal N as 128 + N
        if sig is None:
            os._exit(code)
        # Die of the same signal, without a core file of the guard.
        try:
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        except (ValueError, OSError):
            pass
        signal.set_wakeup_fd(-1)
        try:
            signal.signal(sig, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, [sig])
        except (OSError, ValueError, RuntimeError):
            pass
        os.kill(os.getpid(), sig)
        time.sleep(1)
        os._exit(128 + sig)


class UsageError(Exception):
    pass


_VALUES = {"--cgroup": str, "--rlimit-as": int, "--fallback-rlimit-as": int, "--grace": float, "--pass-fd": int}
_REPEATED = ("--cgroup", "--pass-fd")


def parse_args(argv):
    """The options above, then `--` and COMMAND; a dict keyed by option name."""
    opts = {"cgroup": [], "pass-fd": [], "rlimit-as": 0, "fallback-rlimit-as": 0, "grace": 3.0}
    opts["signal-exit-codes"] = False
    i = 0
    while i < len(argv) and argv[i] != "--":
        flag = argv[i]
        if flag == "--signal-exit-codes":
            opts["signal-exit-codes"] = True
            i += 1
            continue
        if flag not in _VALUES or i + 1 >= len(argv):
            raise UsageError("unknown option, or no value: %s" % flag)
        try:
            value = _VALUES[flag](argv[i + 1])
        except ValueError:
            raise UsageError("%s takes a number, not %r" % (flag, argv[i + 1]))
        if flag in _REPEATED:
            opts[flag[2:]].append(value)
        else:
            opts[flag[2:]] = value
        i += 2
    opts["command"] = argv[i + 1 :]
    if not opts["command"]:
        raise UsageError("no COMMAND after --")
    return opts


def main(argv=None):
    try:
        args = parse_args(sys.argv[1:] if argv is None else argv)
    except UsageError as e:
        notice("guard: %s" % e)
        return 2
    prctl(PR_SET_CHILD_SUBREAPER, 1)
    prctl(PR_SET_PDEATHSIG, signal.SIGHUP)
    # A host that died before this point is caught by the bridge instead: its control
    # channel closes (--stop-on-eof). A host may itself be pid 1 (in a container).
    guard = Guard(args["command"], args["grace"], args["rlimit-as"], args["signal-exit-codes"])
    problems = join_cgroups(args["cgroup"])
    if problems:
        notice("could not put the run in its cgroup (%s)" % "; ".join(problems))
        if args["fallback-rlimit-as"]:
            guard.rlimit_as = args["fallback-rlimit-as"]
            notice("each process of the run is held to %d MiB of address space instead" % (guard.rlimit_as >> 20))
    guard.install_signals()
    guard.start(tuple(args["pass-fd"]))
    guard.run()
    guard.exit_like_main()


if __name__ == "__main__":
    sys.exit(main())
