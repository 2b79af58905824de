"""Calls that crash real PyChrono 9.0.1 (a segfault on a null pointer, see PYCHRONO.md,
"Learned from real PyChrono 9.0.1"), checked when the script makes them: the bridge raises
ChronoWouldCrashError, which names the script's line (the traceback) and the fix, before
Chrono sees the call. TWINFORGE_CRASH_TRAPS=off lets the calls through."""

import functools
import os
import re
import weakref

from .errors import CRASH_TRAPS_ENV, ChronoWouldCrashError

# ChBodyEasy* constructors (chrono/physics/ChBodyEasy.h, 9.0.1): how many geometry
# arguments come first, and whether a compute_mass flag precedes the visualization and
# collision flags. After the geometry comes either (flags..., material) or the overload
# (material[, ...]) that always collides.
EASY_BODIES = {
    "ChBodyEasySphere": (2, False),
    "ChBodyEasyEllipsoid": (2, False),
    "ChBodyEasyCylinder": (4, False),
    "ChBodyEasyBox": (4, False),
    "ChBodyEasyConvexHull": (2, False),
    "ChBodyEasyConvexHullAuxRef": (2, False),
    "ChBodyEasyMesh": (2, True),
    "ChBodyEasyClusterOfSpheres": (3, False),
}
# Functions of pychrono.core (ChUtilsCreators) that add a collision shape: (body, material, ...).
GEOMETRY_FUNCTION = re.compile(r"^Add\w*Geometry$|^AddTriangleMeshConvexDecomposition\w*$")
# Members of the vehicle model wrappers (veh.HMMWV_Full, veh.M113, ...) that go through the
# vehicle, which exists only after Initialize(): a null pointer before.
WRAPPER_NEEDS_VEHICLE = re.compile(
    r"^Set\w+VisualizationType$|^(GetVehicle|GetSystem|GetChassis|GetChassisBody|Synchronize|Advance"
    r"|LockAxleDifferential|LockCentralDifferential|LogHardpointLocations|DebugLog)$"
)

MATERIAL = "chrono.ChContactMaterialNSC()"
SMC_NOTE = "use chrono.ChContactMaterialSMC() in a ChSystemSMC"


def enabled(env=None):
    return (env if env is not None else os.environ).get(CRASH_TRAPS_ENV, "").strip().lower() not in ("off", "0", "false", "no")


def _is_flag(value):
    return isinstance(value, (bool, int))


def easy_body_problem(name, args, kwargs):
    """Why `name(*args, **kwargs)` would crash (collision on, no contact material), or None."""
    geometry, mass_flag = EASY_BODIES[name]
    rest = list(args[geometry:])
    if rest and not _is_flag(rest[0]):
        collide, material = True, rest[0]  # the (geometry..., material) overload
    else:
        at = 2 if mass_flag else 1
        collide = rest[at] if len(rest) > at else False
        material = rest[at + 1] if len(rest) > at + 1 else None
    collide = kwargs.get("create_collision", kwargs.get("collide", collide))
    material = kwargs.get("material", material)
    if not collide or material is not None:
        return None
    return easy_body_message(name)


def easy_body_message(name):
    flags = "True, True, True" if EASY_BODIES[name][1] else "True, True"
    return (
        "%s with collision enabled and no contact material: Chrono 9.0.1 gives the collision shape a "
        "null material and crashes (segmentation fault) at the first contact. Pass a contact material as "
        "the last argument, e.g. chrono.%s(..., %s, %s); %s." % (name, name, flags, MATERIAL, SMC_NOTE)
    )


def collision_shape_problem(name, args, kwargs):
    material = args[0] if args else kwargs.get("material")
    if material is not None:
        return None
    return collision_shape_message(name)


def collision_shape_message(name):
    return (
        "%s without a contact material: its first argument is the material, and with none Chrono 9.0.1 "
        "crashes (segmentation fault) at the first contact. Pass one first, e.g. chrono.%s(%s, ...); %s."
        % (name, name, MATERIAL, SMC_NOTE)
    )


def material_argument_problem(what, index, args, kwargs):
    """`what` takes its contact material as argument `index` (0-based)."""
    material = args[index] if len(args) > index else kwargs.get("material")
    if material is not None:
        return None
    return material_argument_message(what)


def material_argument_message(what):
    return (
        "%s with no contact material (None): Chrono 9.0.1 gives the collision shapes a null material "
        "and crashes (segmentation fault) at the first contact. Pass one, e.g. %s; %s." % (what, MATERIAL, SMC_NOTE)
    )


def _raise_if(problem):
    if problem is not None:
        raise ChronoWouldCrashError(problem)


def easy_body_check(name):
    return lambda args, kwargs: _raise_if(easy_body_problem(name, args, kwargs))


def collision_shape_check(name):
    return lambda args, kwargs: _raise_if(collision_shape_problem(name, args, kwargs))


def guard_method(cls, member, index, what):
    """`cls.member(self, ...)` takes a material as argument `index` after self."""
    original = cls.__dict__.get(member)
    if original is None or getattr(original, "_twinforge_trap", False):
        return

    @functools.wraps(original)
    def guarded(self, *args, **kwargs):
        _raise_if(material_argument_problem(what, index, args, kwargs))
        return original(self, *args, **kwargs)

    guarded._twinforge_trap = True
    setattr(cls, member, guarded)


def guard_geometry_functions(module):
    """chrono.AddBoxGeometry(body, material, ...) and its siblings."""
    for name, func in list(vars(module).items()):
        if not GEOMETRY_FUNCTION.match(name) or not callable(func) or getattr(func, "_twinforge_trap", False):
            continue
        setattr(module, name, _guarded_function(func, name))


def _guarded_function(func, name):
    @functools.wraps(func)
    def guarded(*args, **kwargs):
        _raise_if(material_argument_problem("chrono.%s" % name, 1, args, kwargs))
        return func(*args, **kwargs)

    guarded._twinforge_trap = True
    return guarded


def is_vehicle_model_wrapper(name, cls):
    """veh.HMMWV_Full, veh.M113, ...: the classes that build a vehicle in Initialize()
    (Chrono's own classes, named Ch*, are not wrappers)."""
    if name.startswith("Ch") or not isinstance(cls, type) or not hasattr(cls, "GetVehicle") or not hasattr(cls, "Initialize"):
        return False
    return any(m.startswith("Set") and m.endswith("VisualizationType") for m in dir(cls))


class _Initialized:
    """Which wrapper objects ran Initialize(); by weak reference where the proxy allows it."""

    def __init__(self):
        self._weak = weakref.WeakSet()
        self._ids = set()

    def add(self, obj):
        try:
            self._weak.add(obj)
        except TypeError:
            self._ids.add(id(obj))

    def __contains__(self, obj):
        try:
            return obj in self._weak
        except TypeError:
            return id(obj) in self._ids


def guard_vehicle_wrapper(cls, initialized):
    """Members that need the vehicle raise before Initialize(); Initialize() marks the object."""
    init = getattr(cls, "Initialize", None)
    if init is None or getattr(init, "_twinforge_trap", False):
        return

    @functools.wraps(init)
    def Initialize(self, *args, **kwargs):
        result = init(self, *args, **kwargs)
        initialized.add(self)
        return result

    Initialize._twinforge_trap = True
    cls.Initialize = Initialize
    for member in dir(cls):
        if WRAPPER_NEEDS_VEHICLE.match(member):
            original = getattr(cls, member)
            if callable(original) and not getattr(original, "_twinforge_trap", False):
                setattr(cls, member, _needs_initialize(member, original, initialized))


def vehicle_wrapper_message(class_name, member):
    return (
        "%s.%s before %s.Initialize(): the vehicle exists only after Initialize(), and Chrono 9.0.1 "
        "crashes (segmentation fault) on this call. Call Initialize() first, then %s."
        % (class_name, member, class_name, member)
    )


def _needs_initialize(member, original, initialized):
    @functools.wraps(original)
    def guarded(self, *args, **kwargs):
        if self not in initialized:
            raise ChronoWouldCrashError(vehicle_wrapper_message(type(self).__name__, member))
        return original(self, *args, **kwargs)

    guarded._twinforge_trap = True
    return guarded
