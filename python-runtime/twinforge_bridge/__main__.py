"""python -m twinforge_bridge run --script PATH --workdir DIR [options] | probe | index --out FILE"""

import argparse
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m twinforge_bridge", description="TwinForge's PyChrono runtime bridge")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run a PyChrono script headlessly, streaming its state")
    run.add_argument("--script", required=True, help="the user's script")
    run.add_argument("--workdir", required=True, help="scratch working directory for the run")
    run.add_argument("--sim-time", type=float, default=None, help="simulated-time limit, s")
    run.add_argument("--wall-time", type=float, default=None, help="wall-clock limit, s")
    run.add_argument("--display-hz", type=float, default=60.0, help="display frames per second of wall time")
    run.add_argument("--sample-dt", type=float, default=0.01, help="simulated time between sample frames, s")
    run.add_argument(
        "--stream-budget",
        type=float,
        default=5.0,
        help="per cent of the simulation loop the bridge may spend streaming; it lowers the display rate to keep it",
    )
    run.add_argument("--stream-fd", type=int, default=3, help="file descriptor of the stream (PROTOCOL.md)")
    run.add_argument(
        "--stop-on-eof",
        action="store_true",
        help="stop the run when the control channel closes (the host is gone)",
    )
    run.add_argument(
        "--nonce-from-stdin",
        action="store_true",
        help="read the run's nonce from the first control line and put it in `end`",
    )
    sub.add_parser("probe", help="print what this Python has (one JSON object)")
    index = sub.add_parser("index", help="write an index of the installed pychrono's API (JSON) to a file")
    index.add_argument("--out", required=True, help="the JSON file to write")
    args = parser.parse_args(argv)
    if args.command == "probe":
        from .probe import main as probe_main

        return probe_main()
    if args.command == "index":
        from .introspect import main as index_main

        return index_main(args.out)
    from .runner import run as run_script

    return run_script(args)


if __name__ == "__main__":
    sys.exit(main())
