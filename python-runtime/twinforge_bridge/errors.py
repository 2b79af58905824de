"""How a run ends early and what the user is told: a limit or a stop (StopRun), a module
this install lacks (MissingModuleError) versus a module no PyChrono has, which is a
mistake in the script (UnknownModuleError), a data file that does not exist
(MissingDataFileError), and a call that real Chrono answers with a crash
(ChronoWouldCrashError). Imports nothing of the bridge: the other modules import it."""

import difflib

# Optional modules of PyChrono builds (Chrono's src/chrono_swig/chrono_python), with what
# provides each.
_FULL_BUILD = (
    "the full PyChrono build on the projectchrono conda channel (conda install "
    "projectchrono::pychrono=9.0.1 -c conda-forge, Python 3.12), not conda-forge's lean build "
    "(core and fea only)"
)
OPTIONAL_MODULES = {
    "vehicle": "Chrono::Vehicle, which comes with " + _FULL_BUILD,
    "robot": "Chrono's robot models, which come with " + _FULL_BUILD,
    "irrlicht": "Chrono::Irrlicht, which comes with " + _FULL_BUILD + " (TwinForge draws the scene with its own viewer)",
    "pardisomkl": "Chrono::PardisoMKL (Intel MKL), which comes with " + _FULL_BUILD,
    "postprocess": "Chrono::Postprocess, which comes with " + _FULL_BUILD,
    "sensor": "Chrono::Sensor, which needs an NVIDIA GPU with CUDA and OptiX and comes with " + _FULL_BUILD,
    "ros": "Chrono::ROS, which needs a ROS 2 installation and a pychrono built from source with it",
    "cascade": "Chrono::Cascade (OpenCASCADE), in a pychrono built from source with it",
    "parsers": "Chrono::Parsers (URDF), in a pychrono built from source with it",
    "fsi": "Chrono::FSI (CUDA), in a pychrono built from source with it",
    "vsg": (
        "the VSG visual system, which PyChrono 9.0.1 does not have (Chrono 10 calls it "
        "pychrono.vsg3d; TwinForge draws the scene itself, so the script does not need it)"
    ),
    "vsg3d": "Chrono 10's VSG visual system (TwinForge draws the scene itself, so the script does not need it)",
    "fea": "Chrono's FEA module, which every PyChrono build has: this install is incomplete",
    "core": "Chrono's core module, which every PyChrono build has: this install is incomplete",
}
# How scripts import the modules, for messages that list them.
PYCHRONO_MODULES = ("core", "fea", "irrlicht", "vehicle", "robot", "sensor", "postprocess", "pardisomkl", "ros", "cascade", "parsers")

# Module-level names PyChrono 9.0 renamed (Chrono's CHANGELOG, release 9.0.0): old -> new.
RENAMED_IN_9 = {
    "ChVectorD": "ChVector3d",
    "ChVectorF": "ChVector3f",
    "ChQuaternionD": "ChQuaterniond",
    "ChCoordsysD": "ChCoordsysd",
    "ChFrameD": "ChFramed",
    "ChFrameMovingD": "ChFrameMovingd",
    "ChMaterialSurfaceNSC": "ChContactMaterialNSC",
    "ChMaterialSurfaceSMC": "ChContactMaterialSMC",
    "ChMaterialSurface": "ChContactMaterial",
    "ChFunction_Const": "ChFunctionConst",
    "ChFunction_Sine": "ChFunctionSine",
    "ChFunction_Ramp": "ChFunctionRamp",
    "ChBoxShape": "ChVisualShapeBox",
    "ChSphereShape": "ChVisualShapeSphere",
    "ChCylinderShape": "ChVisualShapeCylinder",
    "ChTriangleMeshShape": "ChVisualShapeTriangleMesh",
    "Q_from_AngAxis": "QuatFromAngleAxis",
    "Q_from_AngX": "QuatFromAngleX",
    "Q_from_AngY": "QuatFromAngleY",
    "Q_from_AngZ": "QuatFromAngleZ",
}

CRASH_TRAPS_ENV = "TWINFORGE_CRASH_TRAPS"  # "off" lets calls that crash Chrono through


class StopRun(BaseException):
    """Ends the script from inside a simulation call (a BaseException, so the script's own
    `except Exception` cannot swallow it)."""

    def __init__(self, status, reason):
        BaseException.__init__(self, reason)
        self.status = status
        self.reason = reason


class MissingModuleError(ModuleNotFoundError):
    """A PyChrono module this install lacks: a property of the install, not of the script."""

    def __init__(self, module, message):
        # No `name`: `from pychrono import sensor` would then swallow the error and say only
        # "cannot import name".
        ModuleNotFoundError.__init__(self, message)
        self.missing_module = module


class UnknownModuleError(ModuleNotFoundError):
    """A module no PyChrono has: a mistake in the script (no `missing_module`, so the
    repair loop goes on)."""


class MissingDataFileError(FileNotFoundError):
    pass


class ChronoWouldCrashError(RuntimeError):
    """A call that real Chrono 9.0.1 answers with a segfault (a null pointer), stopped
    before Chrono sees it; the message says how to fix the line."""


def missing_module_message(module):
    if module == "pychrono":
        return (
            "pychrono is not installed in this Python: install a runtime pack (Help > Simulation "
            "Runtime, or `twinforge runtime install`), create the conda environment from "
            "python-runtime/environment.yml (pychrono 9.0.1 from the projectchrono channel), or "
            "point TwinForge at a Python that has it."
        )
    provider = OPTIONAL_MODULES.get(module, "a Chrono build with that module")
    return (
        "pychrono.%s is not available in this PyChrono install (a property of the install, not a "
        "mistake in the script): it needs %s." % (module, provider)
    )


def is_optional_module(name):
    return name in OPTIONAL_MODULES


def unknown_module_message(fullname, installed):
    """`fullname` is a module no PyChrono has (pychrono.engine, chrono); `installed` the
    submodules this install has."""
    if fullname == "chrono" or fullname.startswith("chrono."):
        return (
            "There is no module named %s: PyChrono is imported as `import pychrono as chrono` "
            "(or `import pychrono.core as chrono`), its other modules as pychrono.fea, "
            "pychrono.vehicle and so on." % fullname
        )
    sub = fullname.split(".", 1)[1] if "." in fullname else fullname
    known = ", ".join("pychrono." + m for m in PYCHRONO_MODULES)
    close = difflib.get_close_matches(sub, PYCHRONO_MODULES + tuple(OPTIONAL_MODULES), n=1)
    hint = " Did you mean pychrono.%s?" % close[0] if close else ""
    return (
        "%s does not exist in any PyChrono: the script imports a module that is not part of "
        "PyChrono.%s PyChrono's modules are %s; this install has %s."
        % (fullname, hint, known, ", ".join(installed) if installed else "none of them")
    )


def unknown_name_message(module_name, name, available, version):
    """`module.name` is not defined by the installed module."""
    where = "this PyChrono (%s)" % version if version else "this PyChrono"
    renamed = RENAMED_IN_9.get(name)
    if renamed is not None and renamed in available:
        return "%s has no %s: that is its name before Chrono 9.0; %s calls it %s." % (module_name, name, where, renamed)
    public = [n for n in available if not n.startswith("_")]
    close = difflib.get_close_matches(name, public, n=3, cutoff=0.6)
    hint = " Closest names: %s." % ", ".join(close) if close else ""
    return "%s has no attribute %s: %s does not define it, so the script uses a name that does not exist.%s" % (
        module_name,
        name,
        where,
        hint,
    )


def not_imported_message(name):
    """`pychrono.<module>` used as an attribute before it was imported."""
    return "pychrono.%s is a module of its own: import it first (import pychrono.%s)." % (name, name)
