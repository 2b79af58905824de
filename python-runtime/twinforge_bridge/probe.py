"""What this Python has: its version, whether pychrono imports and where from, pychrono's
version (null for a build from source, which has no package metadata), which optional
modules import, and the data path. Never fails: an absent or broken pychrono is reported
as a problem."""

import glob
import importlib
import importlib.util
import json
import os
import platform
import sys

MODULES = ("core", "fea", "vehicle", "robot", "sensor", "irrlicht", "pardisomkl", "ros")


def pychrono_version(package_path=None):
    """The version recorded by pip or conda for the pychrono that imports, or None (a build
    from source records none). With `package_path` (the imported package's folder), a
    record that belongs to another copy of pychrono (a conda one shadowed by PYTHONPATH,
    say) does not count."""
    try:
        from importlib import metadata

        dist = metadata.distribution("pychrono")
        located = os.path.abspath(str(dist.locate_file("pychrono")))
        if package_path is None or _same_dir(located, package_path):
            return dist.version
    except Exception:  # noqa: BLE001 - no metadata: try conda's record of the package
        pass
    if package_path is not None and not _same_dir(os.path.commonpath([package_path, sys.prefix]), sys.prefix):
        return None
    for path in glob.glob(os.path.join(sys.prefix, "conda-meta", "pychrono-*.json")):
        try:
            with open(path) as f:
                return json.load(f).get("version")
        except (OSError, ValueError):
            continue
    return None


def imported_version():
    """pychrono_version() of the pychrono that `import pychrono` gives (imported already)."""
    import pychrono

    return pychrono_version(package_dir(pychrono))


def _same_dir(a, b):
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


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


def package_dir(module):
    """The folder of an imported package (for a build from source: <build>/bin/pychrono)."""
    paths = list(getattr(module, "__path__", None) or [])
    if paths:
        return os.path.abspath(paths[0])
    file = getattr(module, "__file__", None)
    return os.path.dirname(os.path.abspath(file)) if file else None


def probe(deep=True):
    """`pychronoFound` is whether pychrono and pychrono.core import, whatever the version
    says: a pychrono built from source has no package metadata, so its version is null."""
    result = {
        "pythonVersion": platform.python_version(),
        "pychrono": None,
        "pychronoFound": False,
        "pychronoPath": None,
        "modules": {name: False for name in MODULES},
        "dataPath": None,
        "problem": None,
    }
    try:
        import pychrono
    except ImportError as e:
        result["problem"] = (
            "pychrono is not installed in this Python (%s): create the conda environment from "
            "python-runtime/environment.yml, or point TwinForge at a Python that has pychrono 9.0.1." % e
        )
        return result
    except Exception as e:  # noqa: BLE001 - a broken install must not crash the probe
        result["problem"] = "pychrono is installed but fails to import: %s: %s" % (type(e).__name__, e)
        return result
    result["pychronoPath"] = package_dir(pychrono)
    try:
        import pychrono.core as chrono
    except ModuleNotFoundError as e:
        result["problem"] = (
            "The pychrono in this Python (%s) has no pychrono.core, so it is not Project Chrono's "
            "(pip's pychrono is an unrelated package): %s" % (result["pychronoPath"], e)
        )
        return result
    except Exception as e:  # noqa: BLE001
        result["problem"] = "pychrono is installed but pychrono.core fails to import: %s: %s" % (type(e).__name__, e)
        return result
    result["pychronoFound"] = True
    result["pychrono"] = pychrono_version(result["pychronoPath"])
    result["modules"] = module_flags(deep)
    try:
        result["dataPath"] = chrono.GetChronoDataPath()
    except Exception:  # noqa: BLE001
        result["dataPath"] = None
    return result


def main():
    print(json.dumps(probe(deep=True)))
    return 0
