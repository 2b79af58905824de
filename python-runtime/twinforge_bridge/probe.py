"""What this Python has: its version, pychrono's version, which optional modules import,
and the data path. Never fails: an absent or broken pychrono is reported as a problem."""

import glob
import importlib
import importlib.util
import json
import os
import platform
import sys

MODULES = ("core", "fea", "vehicle", "robot", "sensor", "irrlicht", "pardisomkl", "ros")


def pychrono_version():
    try:
        from importlib import metadata

        return metadata.version("pychrono")
    except Exception:  # noqa: BLE001 - no metadata: try conda's record of the package
        pass
    for path in glob.glob(os.path.join(sys.prefix, "conda-meta", "pychrono-*.json")):
        try:
            with open(path) as f:
                return json.load(f).get("version")
        except (OSError, ValueError):
            continue
    return None


def module_flags(deep):
    """deep=True imports every module (exact, slower: for `probe`); otherwise only looks
    for them, which does not run their code (for the `hello` of a run)."""
    flags = {}
    for name in MODULES:
        full = "pychrono." + name
        try:
            if deep:
                importlib.import_module(full)
                flags[name] = True
            else:
                flags[name] = full in sys.modules or importlib.util.find_spec(full) is not None
        except Exception:  # noqa: BLE001 - any failure means "not usable"
            flags[name] = False
    return flags


def probe(deep=True):
    result = {
        "pythonVersion": platform.python_version(),
        "pychrono": None,
        "modules": {name: False for name in MODULES},
        "dataPath": None,
        "problem": None,
    }
    try:
        import pychrono  # noqa: F401
        import pychrono.core as chrono
    except ImportError as e:
        result["problem"] = (
            "pychrono is not installed in this Python (%s): create the conda environment from "
            "python-runtime/environment.yml, or point TwinForge at a Python that has pychrono 9.0.1." % e
        )
        return result
    except Exception as e:  # noqa: BLE001 - a broken install must not crash the probe
        result["problem"] = "pychrono is installed but fails to import: %s: %s" % (type(e).__name__, e)
        return result
    result["pychrono"] = pychrono_version()
    result["modules"] = module_flags(deep)
    try:
        result["dataPath"] = chrono.GetChronoDataPath()
    except Exception:  # noqa: BLE001
        result["dataPath"] = None
    return result


def main():
    print(json.dumps(probe(deep=True)))
    return 0
