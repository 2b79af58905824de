"""The crash traps that can be seen in the script's text, checked before it runs: calls
whose arguments are written out (literals) and certainly crash Chrono 9.0.1. The bridge
reports every finding at once; what only the running script can tell (arguments held
in variables, vehicle wrappers of other names) is left to the call-time traps
(traps.py). Pure: reads source text, imports no pychrono."""

import ast

from . import traps

# The vehicle model wrappers of pychrono.vehicle 9.0.1 (classes that build their vehicle
# in Initialize()).
VEHICLE_WRAPPERS = frozenset(
    "ARTcar BMW_E90 CityBus FEDA Gator HMMWV_Full HMMWV_Reduced M113 MAN_10t MAN_5t MAN_7t Sedan UAZBUS".split()
)
_MATERIAL_FIRST = {
    "SetAllShapesMaterial": "ChCollisionModel.SetAllShapesMaterial",
    "AddPatch": "RigidTerrain.AddPatch",
}
_CONTACT_SURFACES = ("ChContactSurfaceMesh", "ChContactSurfaceNodeCloud")
_UNKNOWN = object()  # an argument whose value the text does not give


def check_source(source, filename="<script>"):
    """[(line, message)] sorted by line; [] when the source does not parse (the syntax
    check reports that)."""
    try:
        tree = ast.parse(source, filename)
    except (SyntaxError, ValueError):
        return []
    findings = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            message = _call_problem(node)
            if message is not None:
                findings.append((node.lineno, message))
    findings.extend(_wrapper_calls_before_initialize(tree))
    return sorted(set(findings))


def _name_of(func):
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return None


def _value(node):
    return node.value if isinstance(node, ast.Constant) else _UNKNOWN


def _literal_args(call):
    """(positional values, keyword values), or None when *args or **kwargs hide some."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return None
    return [_value(a) for a in call.args], {k.arg: _value(k.value) for k in call.keywords}


def _call_problem(call):
    name = _name_of(call.func)
    if name is None:
        return None
    literal = _literal_args(call)
    if literal is None:
        return None
    args, kwargs = literal
    if name in traps.EASY_BODIES:
        return _easy_body(name, args, kwargs)
    if name.startswith("ChCollisionShape") and name != "ChCollisionShape":
        return traps.collision_shape_message(name) if _material_is_none(args, kwargs, 0) else None
    if name in _CONTACT_SURFACES:
        return traps.material_argument_message("fea." + name) if _material_is_none(args, kwargs, 0) else None
    if isinstance(call.func, ast.Attribute) and name in _MATERIAL_FIRST and args and args[0] is None:
        return traps.material_argument_message(_MATERIAL_FIRST[name])
    if traps.GEOMETRY_FUNCTION.match(name) and len(args) > 1 and args[1] is None:
        return traps.material_argument_message("chrono." + name)
    return None


def _material_is_none(args, kwargs, index):
    if len(args) > index:
        return args[index] is None
    return kwargs.get("material", None) is None


def _easy_body(name, args, kwargs):
    geometry, mass_flag = traps.EASY_BODIES[name]
    rest = args[geometry:]
    if rest and (rest[0] is _UNKNOWN or not traps._is_flag(rest[0])):
        collide, material = (True, rest[0]) if rest[0] is not _UNKNOWN else (False, None)
    else:
        at = 2 if mass_flag else 1
        collide = rest[at] if len(rest) > at else False
        material = rest[at + 1] if len(rest) > at + 1 else None
    collide = kwargs.get("create_collision", collide)
    material = kwargs.get("material", material)
    if collide is _UNKNOWN or material is _UNKNOWN or not collide or material is not None:
        return None
    return traps.easy_body_message(name)


def _wrapper_calls_before_initialize(tree):
    """`v = veh.HMMWV_Full()` then `v.SetChassisVisualizationType(...)` (or another call
    that needs the vehicle) on an earlier line than `v.Initialize()`, in one scope."""
    findings = []
    for scope in [tree] + [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
        wrappers = {}  # variable -> (class name, line made)
        calls = []  # (line, col, variable, member)
        for node in _walk_scope(scope):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                cls = _name_of(node.value.func)
                if cls in VEHICLE_WRAPPERS:
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            wrappers[target.id] = (cls, node.lineno)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
                calls.append((node.lineno, node.col_offset, node.func.value.id, node.func.attr))
        initialized = {}
        for line, _col, var, member in sorted(calls):
            if var not in wrappers or line < wrappers[var][1]:
                continue
            if member == "Initialize":
                initialized.setdefault(var, line)
            elif var not in initialized and traps.WRAPPER_NEEDS_VEHICLE.match(member):
                findings.append((line, traps.vehicle_wrapper_message(wrappers[var][0], member)))
    return findings


def _walk_scope(scope):
    """The nodes of one scope, without descending into nested functions or classes."""
    todo = list(ast.iter_child_nodes(scope))
    while todo:
        node = todo.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            todo.extend(ast.iter_child_nodes(node))


def report(findings):
    """One error message for every finding: the first in full, the others by line."""
    line, message = findings[0]
    others = findings[1:]
    if others:
        message += " Other calls that crash Chrono: %s" % " ".join("Line %d: %s" % (n, text) for n, text in others)
    return line, message
