"""What the bridge changes in pychrono before a script runs: the import hook (stand-ins,
missing optional modules, the PardisoMKL fallback, vehicle patches), the wrapper of
DoStepDynamics and of SCMTerrain.Advance, the neutralised real-time waits, and the checks of data-file paths."""

import functools
import importlib.machinery
import importlib.util
import inspect
import os
import sys

from . import standins

# Optional modules: what provides them, for a plain message when an install lacks one.
MISSING_MODULE_HELP = {
    "sensor": "Chrono's Sensor module, which needs an NVIDIA GPU with CUDA and OptiX and a pychrono built with it",
    "ros": "Chrono::ROS, which needs a ROS 2 installation and a pychrono built with it",
    "vsg": "the VSG visual system, which PyChrono 9.0.1 does not have (TwinForge draws the scene itself)",
    "irrlicht": "Chrono's Irrlicht module (TwinForge replaces it with its own viewer)",
    "pardisomkl": "Chrono's Pardiso MKL module (Intel MKL)",
    "vehicle": "the full PyChrono runtime (projectchrono's build, python-runtime/environment.yml); conda-forge's lean pychrono has no vehicle module",
    "robot": "the full PyChrono runtime (projectchrono's build, python-runtime/environment.yml); conda-forge's lean pychrono has no robot module",
}
# File name suffixes of data that Chrono's loaders read (a missing one crashes Chrono).
_DATA_SUFFIXES = (".obj", ".stl", ".json", ".bmp", ".png", ".jpg", ".jpeg", ".tga")


class MissingModuleError(ModuleNotFoundError):
    def __init__(self, module, message):
        ModuleNotFoundError.__init__(self, message, name="pychrono." + module if module != "pychrono" else module)
        self.missing_module = module


class MissingDataFileError(FileNotFoundError):
    pass


def missing_module_message(module):
    if module == "pychrono":
        return (
            "pychrono is not installed in this Python: create the conda environment from "
            "python-runtime/environment.yml (pychrono 9.0.1 from the projectchrono channel), install a "
            "runtime pack (Help > Simulation Runtime, or `twinforge runtime install`), or point TwinForge "
            "at a Python that has it."
        )
    provider = MISSING_MODULE_HELP.get(module, "a Chrono build with that module")
    return "pychrono.%s is not available in this PyChrono install: it needs %s." % (module, provider)


class _WrappingLoader:
    """Runs the real loader, then a patch function on the new module."""

    def __init__(self, loader, after):
        self._loader = loader
        self._after = after

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        self._loader.exec_module(module)
        self._after(module)


class _GuardedLoader(_WrappingLoader):
    """An optional module that is installed but fails to load (missing CUDA libraries,
    say) gives the same plain message as an absent one, with the cause appended."""

    def __init__(self, loader, module):
        _WrappingLoader.__init__(self, loader, None)
        self._module = module

    def exec_module(self, module):
        try:
            self._loader.exec_module(module)
        except ImportError as e:
            raise MissingModuleError(
                self._module, "%s (importing it failed: %s)" % (missing_module_message(self._module), e)
            ) from e


class _ModuleLoader:
    """Loads a module built by the bridge (the PardisoMKL fallback)."""

    def __init__(self, build):
        self._build = build

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        self._build(module)


class BridgeFinder:
    """First on sys.meta_path; only concerns itself with pychrono and its submodules."""

    def __init__(self, session, after_vehicle, build_pardiso):
        self._session = session
        self._after_vehicle = after_vehicle
        self._build_pardiso = build_pardiso

    def find_spec(self, fullname, path=None, target=None):
        if fullname != "pychrono" and not fullname.startswith("pychrono."):
            return None
        real = importlib.machinery.PathFinder.find_spec(fullname, path)
        if fullname == "pychrono":
            if real is None:
                raise MissingModuleError("pychrono", missing_module_message("pychrono"))
            return None
        sub = fullname.split(".", 1)[1]
        if sub == "vehicle" and real is not None:
            real.loader = _WrappingLoader(real.loader, self._after_vehicle)
            return real
        if sub in MISSING_MODULE_HELP and real is not None:
            real.loader = _GuardedLoader(real.loader, sub)
            return real
        if sub == "pardisomkl" and real is None:
            return importlib.util.spec_from_loader(fullname, _ModuleLoader(self._build_pardiso))
        if real is None and "." not in sub:
            raise MissingModuleError(sub, missing_module_message(sub))
        return None


def install(session, chrono):
    """Puts every stand-in and patch in place. `chrono` is pychrono.core (imported)."""
    standins.Lenient._session = session
    irr = standins.make_irrlicht_module(session, chrono)
    sys.modules["pychrono.irrlicht"] = irr
    sys.modules["pychrono"].irrlicht = irr
    _patch_core(session, chrono)

    def after_vehicle(veh):
        _patch_vehicle(session, chrono, veh, irr.ChVisualSystemIrrlicht)

    def build_pardiso(module):
        _build_pardiso(session, chrono, module)

    sys.meta_path.insert(0, BridgeFinder(session, after_vehicle, build_pardiso))
    if "pychrono.vehicle" in sys.modules:
        after_vehicle(sys.modules["pychrono.vehicle"])


def install_without_pychrono():
    """No pychrono at all: importing it fails with a plain message."""
    sys.meta_path.insert(0, BridgeFinder(None, None, None))


def _patch_core(session, chrono):
    timer = getattr(chrono, "ChRealtimeStepTimer", None)
    if timer is not None:
        # Spin busy-waits holding the GIL to slow a run to real time: never wanted headless.
        timer.Spin = lambda self, step: None
    for name in ("ChSystem", "ChSystemNSC", "ChSystemSMC"):
        cls = getattr(chrono, name, None)
        if cls is not None and "DoStepDynamics" in cls.__dict__:
            cls.DoStepDynamics = _wrap_step(session, cls.__dict__["DoStepDynamics"])
    mesh = getattr(chrono, "ChTriangleMeshConnected", None)
    for member in ("CreateFromWavefrontFile", "LoadWavefrontMesh", "CreateFromSTLFile", "LoadSTLMesh"):
        _check_paths_of(mesh, member)
    for cls_name in ("ChBodyEasyMesh", "ChBodyEasyConvexHullAuxRef"):
        _check_paths_of(getattr(chrono, cls_name, None), "__init__")


def _wrap_step(session, original):
    @functools.wraps(original)
    def DoStepDynamics(self, step):
        result = original(self, step)
        session.after_step(self)
        return result

    DoStepDynamics._twinforge = True
    return DoStepDynamics


def _check_paths_of(cls, member):
    if cls is None or member not in dir(cls):
        return
    raw = inspect.getattr_static(cls, member)
    func = raw.__func__ if isinstance(raw, (staticmethod, classmethod)) else raw

    @functools.wraps(func)
    def checked(*args, **kwargs):
        for value in list(args) + list(kwargs.values()):
            if isinstance(value, str) and value.lower().endswith(_DATA_SUFFIXES) and not os.path.isfile(value):
                raise MissingDataFileError(
                    "Data file not found: %s (Chrono would crash reading it). Check the path; data files "
                    "are under chrono.GetChronoDataPath() and veh.GetDataPath()." % value
                )
        return func(*args, **kwargs)

    setattr(cls, member, staticmethod(checked) if isinstance(raw, staticmethod) else checked)


def _patch_vehicle(session, chrono, veh, vis_cls):
    for name, cls in standins.make_vehicle_classes(session, chrono, veh, vis_cls).items():
        setattr(veh, name, cls)
    try:
        veh.SetDataPath(chrono.GetChronoDataPath() + "vehicle/")
    except Exception as e:  # noqa: BLE001 - keep the run going, say why
        session.warn_once("Could not set the vehicle data path: %s" % e)
    for name, cls in list(vars(veh).items()):
        if isinstance(cls, type) and "EnableRealtime" in cls.__dict__:
            cls.EnableRealtime = _realtime_off(cls.__dict__["EnableRealtime"])
    scm = getattr(veh, "SCMTerrain", None)
    advance = getattr(scm, "Advance", None) if isinstance(scm, type) else None
    if advance is not None and not getattr(advance, "_twinforge", False):
        scm.Advance = _wrap_scm_advance(session, advance)
    for cls_name, member in (
        ("RigidTerrain", "AddPatch"),
        ("RigidTerrain", "__init__"),
        ("SCMTerrain", "Initialize"),
        ("WheeledVehicle", "__init__"),
        ("WheeledTrailer", "__init__"),
        ("TrackedVehicle", "__init__"),
    ):
        _check_paths_of(getattr(veh, cls_name, None), member)


def _wrap_scm_advance(session, original):
    """After each step of an SCM terrain, collects the vertices that step moved (the
    list is replaced at every step; frames come every few steps)."""

    @functools.wraps(original)
    def Advance(self, step):
        result = original(self, step)
        session.terrain_changes.collect(self)
        return result

    Advance._twinforge = True
    return Advance


def _realtime_off(original):
    def EnableRealtime(self, realtime=True):
        return original(self, False)

    return EnableRealtime


def _build_pardiso(session, chrono, module):
    def ChSolverPardisoMKL(*args, **kwargs):
        session.info_once(
            "pychrono.pardisomkl is not in this install: ChSolverPardisoMKL was replaced by "
            "chrono.ChSolverSparseLU (same LockSparsityPattern call); results may differ slightly."
        )
        return chrono.ChSolverSparseLU()

    module.ChSolverPardisoMKL = ChSolverPardisoMKL
    module.__doc__ = "TwinForge fallback for pychrono.pardisomkl: ChSolverPardisoMKL is ChSolverSparseLU."
