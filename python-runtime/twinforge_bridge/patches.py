"""What the bridge changes in pychrono before a script runs: the import hook (stand-ins,
missing optional modules versus modules no PyChrono has, the PardisoMKL fallback, vehicle
patches, plain messages for names a module lacks), the wrapper of DoStepDynamics and of
SCMTerrain.Advance, the neutralised real-time waits, the checks of data-file paths, the
crash traps (traps.py) and the origins of items (origins.py)."""

import functools
import importlib.machinery
import importlib.util
import inspect
import os
import pkgutil
import sys

from . import errors, origins, standins, traps
from .errors import MissingDataFileError, MissingModuleError, UnknownModuleError, missing_module_message

# File name suffixes of data that Chrono's loaders read (a missing one crashes Chrono).
_DATA_SUFFIXES = (".obj", ".stl", ".json", ".bmp", ".png", ".jpg", ".jpeg", ".tga", ".node", ".ele", ".inp", ".gmf")
_NOT_MODULES = ("demos",)  # folders an install puts inside the pychrono package


class _PatchingLoader:
    """Runs the real loader, then `after(module)`. An optional module that is installed
    but fails to load (missing CUDA libraries, say) gives the same plain message as an
    absent one, with the cause appended."""

    def __init__(self, loader, module, after):
        self._loader = loader
        self._module = module
        self._after = after

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        try:
            self._loader.exec_module(module)
        except ImportError as e:
            if not errors.is_optional_module(self._module):
                raise
            raise MissingModuleError(
                self._module, "%s (importing it failed: %s)" % (missing_module_message(self._module), e)
            ) from e
        self._after(module)


class _ModuleLoader:
    """Loads a module built by the bridge (the PardisoMKL fallback)."""

    def __init__(self, build):
        self._build = build

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        self._build(module)


class BridgeFinder:
    """First on sys.meta_path; concerns itself with pychrono, its submodules, and `chrono`
    (a module no PyChrono has). `after(module)` patches every pychrono module loaded."""

    def __init__(self, after=None, build_pardiso=None):
        self._after = after
        self._build_pardiso = build_pardiso

    def find_spec(self, fullname, path=None, target=None):
        if fullname == "chrono":
            if importlib.machinery.PathFinder.find_spec(fullname, path) is None:
                raise UnknownModuleError(errors.unknown_module_message(fullname, installed_modules()))
            return None
        if fullname != "pychrono" and not fullname.startswith("pychrono."):
            return None
        real = importlib.machinery.PathFinder.find_spec(fullname, path)
        if fullname == "pychrono":
            if real is None:
                raise MissingModuleError("pychrono", missing_module_message("pychrono"))
            return None
        sub = fullname.split(".", 1)[1]
        if "." in sub:
            return None
        if real is None:
            if sub == "pardisomkl" and self._build_pardiso is not None:
                return importlib.util.spec_from_loader(fullname, _ModuleLoader(self._build_pardiso))
            if errors.is_optional_module(sub):
                raise MissingModuleError(sub, missing_module_message(sub))
            raise UnknownModuleError(errors.unknown_module_message(fullname, installed_modules()))
        if self._after is not None and real.loader is not None:
            real.loader = _PatchingLoader(real.loader, sub, self._after)
        return real


def installed_modules():
    """The submodules of the installed pychrono package (core, fea, ...)."""
    package = sys.modules.get("pychrono")
    paths = getattr(package, "__path__", None) if package is not None else None
    if paths is None:
        spec = importlib.machinery.PathFinder.find_spec("pychrono")
        paths = spec.submodule_search_locations if spec is not None else None
    names = {m.name for m in pkgutil.iter_modules(paths or [])}
    return sorted(n for n in names if not n.startswith("_") and n not in _NOT_MODULES)


def install(session, chrono, script):
    """Puts every stand-in and patch in place. `chrono` is pychrono.core (imported);
    `script` the absolute path of the user's script (for the lines of items)."""
    item_origins = origins.Origins(script)
    session.origins = item_origins
    trapping = traps.enabled()
    initialized = traps._Initialized()
    version = _version()
    irr = standins.make_irrlicht_module(session, chrono)
    sys.modules["pychrono.irrlicht"] = irr
    sys.modules["pychrono"].irrlicht = irr
    _patch_core(session, chrono, trapping)

    def after(module):
        _explain_missing_names(module, version)
        _patch_items(module, chrono, item_origins, trapping)
        if module.__name__ == "pychrono.vehicle":
            _patch_vehicle(session, chrono, module, irr.ChVisualSystemIrrlicht, initialized if trapping else None)
            if trapping:
                _check_vehicle_paths(module)
        if module.__name__ == "pychrono.fea":
            _patch_fea(module, trapping)

    def build_pardiso(module):
        _build_pardiso(session, chrono, module)

    sys.meta_path.insert(0, BridgeFinder(after, build_pardiso))
    for name, module in list(sys.modules.items()):
        if name == "pychrono" or (name.startswith("pychrono.") and name.count(".") == 1 and name != "pychrono.irrlicht"):
            after(module)
    if trapping:
        for namespace in (chrono, sys.modules.get("pychrono")):
            if namespace is not None:
                traps.guard_geometry_functions(namespace)
        model = getattr(chrono, "ChCollisionModel", None)
        if isinstance(model, type):
            traps.guard_method(model, "SetAllShapesMaterial", 0, "ChCollisionModel.SetAllShapesMaterial")


def install_without_pychrono():
    """No pychrono at all: importing it fails with a plain message."""
    sys.meta_path.insert(0, BridgeFinder())


def _version():
    from .probe import imported_version

    return imported_version()


def _explain_missing_names(module, version):
    """`chrono.ChSimulation` and friends: an AttributeError that says the name does not exist
    (or what 9.0 renamed it to), instead of Python's bare one."""
    if "__getattr__" in vars(module):
        return
    name_of = module.__name__

    def __getattr__(name):
        if name.startswith("_"):
            raise AttributeError("module %r has no attribute %r" % (name_of, name))
        if name_of == "pychrono":
            if errors.is_optional_module(name) and importlib.util.find_spec("pychrono." + name) is not None:
                raise AttributeError(errors.not_imported_message(name))
            if errors.is_optional_module(name):
                raise AttributeError(missing_module_message(name))
        raise AttributeError(errors.unknown_name_message(name_of, name, dir(module), version))

    module.__getattr__ = __getattr__


def _patch_items(module, chrono, item_origins, trapping):
    """Records where items are made and added; traps the constructors that crash Chrono."""
    physics_item = getattr(chrono, "ChPhysicsItem", None)
    system = getattr(chrono, "ChSystem", None)
    for name, cls in list(vars(module).items()):
        if not isinstance(cls, type) or name.startswith("_"):
            continue
        check = None
        if trapping and name in traps.EASY_BODIES:
            check = traps.easy_body_check(name)
        elif trapping and name.startswith("ChCollisionShape") and name != "ChCollisionShape":
            check = traps.collision_shape_check(name)
        if isinstance(physics_item, type) and issubclass(cls, physics_item):
            origins.wrap_constructor(cls, item_origins, check)
        elif check is not None:
            origins.wrap_constructor(cls, None, check)
        if isinstance(system, type) and issubclass(cls, system):
            origins.wrap_adds(cls, item_origins)


def _patch_fea(fea, trapping):
    if not trapping:
        return
    loader = getattr(fea, "ChMeshFileLoader", None)
    for member in ("FromTetGenFile", "FromAbaqusFile", "ANCFShellFromGMFFile", "BSTShellFromObjFile"):
        _check_paths_of(loader, member)
    for name in ("ChContactSurfaceMesh", "ChContactSurfaceNodeCloud"):
        cls = getattr(fea, name, None)
        if isinstance(cls, type):
            origins.wrap_constructor(cls, None, functools.partial(_material_first, "fea." + name))


def _material_first(what, args, kwargs):
    problem = traps.material_argument_problem(what, 0, args, kwargs)
    if problem is not None:
        raise errors.ChronoWouldCrashError(problem)


def _patch_core(session, chrono, trapping=True):
    timer = getattr(chrono, "ChRealtimeStepTimer", None)
    if timer is not None:
        # Spin busy-waits holding the GIL to slow a run to real time: never wanted headless.
        timer.Spin = lambda self, step: None
    for name in ("ChSystem", "ChSystemNSC", "ChSystemSMC"):
        cls = getattr(chrono, name, None)
        if cls is not None and "DoStepDynamics" in cls.__dict__:
            cls.DoStepDynamics = _wrap_step(session, cls.__dict__["DoStepDynamics"])
    if not trapping:
        return
    # A missing mesh file crashes Chrono's loaders (PYCHRONO.md, "Data files").
    mesh = getattr(chrono, "ChTriangleMeshConnected", None)
    for member in ("CreateFromWavefrontFile", "LoadWavefrontMesh", "CreateFromSTLFile", "LoadSTLMesh"):
        _check_paths_of(mesh, member)
    _check_paths_of(getattr(chrono, "ChBodyEasyMesh", None), "__init__")
    for module in (chrono, sys.modules.get("pychrono")):
        # chrono.AddTriangleMeshGeometry(body, material, "file.obj", ...), LoadConvexMesh, ...
        _check_function_paths(module, lambda n: n.startswith(("AddTriangleMesh", "LoadConvex")))


def _wrap_step(session, original):
    @functools.wraps(original)
    def DoStepDynamics(self, step):
        result = original(self, step)
        session.after_step(self)
        return result

    DoStepDynamics._twinforge = True
    return DoStepDynamics


def _missing_data_files(args, kwargs):
    for value in list(args) + list(kwargs.values()):
        if isinstance(value, str) and value.lower().endswith(_DATA_SUFFIXES) and not os.path.isfile(value):
            raise MissingDataFileError(
                "Data file not found: %s (Chrono would crash reading it). Check the path; data files "
                "are under chrono.GetChronoDataPath() and veh.GetDataPath()." % value
            )


def _path_checked(func):
    @functools.wraps(func)
    def checked(*args, **kwargs):
        _missing_data_files(args, kwargs)
        return func(*args, **kwargs)

    checked._twinforge_paths = True
    return checked


def _check_paths_of(cls, member):
    """A loader member that takes file names: a missing file is an error, not a crash."""
    if not isinstance(cls, type) or not hasattr(cls, member):
        return
    raw = inspect.getattr_static(cls, member)
    func = raw.__func__ if isinstance(raw, (staticmethod, classmethod)) else raw
    if getattr(func, "_twinforge_paths", False):
        return
    checked = _path_checked(func)
    setattr(cls, member, staticmethod(checked) if isinstance(raw, staticmethod) else checked)


def _check_function_paths(module, wanted):
    if module is None:
        return
    for name, func in list(vars(module).items()):
        if callable(func) and not isinstance(func, type) and wanted(name) and not getattr(func, "_twinforge_paths", False):
            setattr(module, name, _path_checked(func))


def _patch_vehicle(session, chrono, veh, vis_cls, initialized=None):
    """`initialized` (the crash traps' record of vehicle wrappers that ran Initialize), or
    None when the traps are off."""
    if initialized is not None:
        for name, cls in list(vars(veh).items()):
            if traps.is_vehicle_model_wrapper(name, cls):
                traps.guard_vehicle_wrapper(cls, initialized)
        terrain = getattr(veh, "RigidTerrain", None)
        if isinstance(terrain, type):
            traps.guard_method(terrain, "AddPatch", 0, "RigidTerrain.AddPatch")
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


def _check_vehicle_paths(veh):
    """Vehicles, subsystems, tires and powertrains read JSON files; terrains read meshes
    and height maps: a missing file crashes Chrono."""
    for name, cls in list(vars(veh).items()):
        if isinstance(cls, type) and "__init__" in cls.__dict__:
            _check_paths_of(cls, "__init__")
    for cls_name, member in (("RigidTerrain", "AddPatch"), ("SCMTerrain", "Initialize")):
        _check_paths_of(getattr(veh, cls_name, None), member)
    _check_function_paths(veh, lambda n: n.startswith("Read") and n.endswith("JSON"))


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
