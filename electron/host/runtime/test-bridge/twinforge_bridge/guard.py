"""The real run guard (python-runtime/twinforge_bridge/guard.py), run from its own file: it
needs only the standard library, so the host's supervision is tested with the real one."""
import os
import runpy

_ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), *[os.pardir] * 5)
runpy.run_path(os.path.join(_ROOT, "python-runtime", "twinforge_bridge", "guard.py"), run_name="__main__")
