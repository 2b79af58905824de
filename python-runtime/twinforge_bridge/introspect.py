"""`index`: an index of the pychrono installed in this Python, for the editor's completions
and lint: every importable pychrono module, its classes (direct bases, public members
inherited ones included, signatures of the members the class defines), functions (with
signatures) and other names. The format is shared with the TypeScript side:

    {"format": 1, "pychrono_version": "9.0.1" | null, "source": "installed",
     "modules": {"pychrono.core": {
         "ChBody": {"kind": "class", "bases": [...], "members": [...],
                    "signatures": {"SetPos": ["(self, pos: ChVector3d)"], "__init__": [...]}},
         "GetChronoDataFile": {"kind": "function", "signatures": ["(filename: str) -> str"]},
         "CH_PI": {"kind": "constant", "value": 3.14159},
         "VNULL": {"kind": "ChVector3d"}}}}

SWIG writes signatures into docstrings (`SetPos(ChBody self, ChVector3d pos)`, one line
per overload); they are parsed when present and left out when not. Signatures are given
for the members a class itself defines: an inherited member's are on the base class."""

import importlib
import inspect
import json
import os
import pkgutil
import re
import sys

from .probe import imported_version

FORMAT = 1
_NOT_MODULES = ("demos",)
_HIDDEN_MEMBERS = ("this", "thisown")
_CONSTANT_TYPES = (bool, int, float, str)


def module_names():
    """pychrono and its public submodules, whether or not they import."""
    import pychrono

    subs = sorted(m.name for m in pkgutil.iter_modules(getattr(pychrono, "__path__", [])))
    return ["pychrono"] + ["pychrono." + n for n in subs if not n.startswith("_") and n not in _NOT_MODULES]


def build_index():
    modules = {}
    problems = {}
    for name in module_names():
        if name == "pychrono":
            continue  # the top level re-exports pychrono.core
        try:
            module = importlib.import_module(name)
        except Exception as e:  # noqa: BLE001 - a module this install cannot load is left out
            problems[name] = "%s: %s" % (type(e).__name__, e)
            continue
        modules[name] = describe_module(module)
    return {"format": FORMAT, "pychrono_version": imported_version(), "source": "installed", "modules": modules}, problems


def describe_module(module):
    out = {}
    for name in sorted(vars(module)):
        if name.startswith("_"):
            continue
        try:
            out[name] = describe(getattr(module, name))
        except Exception:  # noqa: BLE001 - one odd name must not lose the module
            out[name] = {"kind": "unknown"}
    return out


def describe(obj):
    if inspect.isclass(obj):
        return describe_class(obj)
    if inspect.ismodule(obj):
        return {"kind": "module"}
    if callable(obj):
        entry = {"kind": "function"}
        signatures = signatures_of(obj, getattr(obj, "__name__", None))
        if signatures:
            entry["signatures"] = signatures
        return entry
    if isinstance(obj, _CONSTANT_TYPES):
        return {"kind": "constant", "value": obj}
    return {"kind": type(obj).__name__}


def describe_class(cls):
    bases = [b.__name__ for b in cls.__bases__ if b is not object]
    members = sorted(m for m in dir(cls) if not m.startswith("_") and m not in _HIDDEN_MEMBERS)
    entry = {"kind": "class", "bases": bases, "members": members}
    signatures = {}
    for member in sorted(cls.__dict__):
        if member.startswith("_") and member != "__init__":
            continue
        if member in _HIDDEN_MEMBERS:
            continue
        value = cls.__dict__[member]
        func = value.__func__ if isinstance(value, (staticmethod, classmethod)) else value
        if not callable(func) or inspect.isclass(func):
            continue
        found = signatures_of(func, member)
        if found:
            signatures[member] = found
    if signatures:
        entry["signatures"] = signatures
    return entry


def signatures_of(func, name):
    """Signatures from a SWIG docstring, else from Python's own introspection (when it says
    more than *args); [] when neither tells."""
    found = parse_swig_doc(getattr(func, "__doc__", None), name)
    if found:
        return found
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        return []
    params = list(sig.parameters.values())
    if all(p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) or p.name == "self" for p in params):
        return []
    return [str(sig)]


# `Name(Type a, Type b=default) -> Ret` at the start of a docstring line.
_DOC_LINE = re.compile(r"^\s*(?P<name>[A-Za-z_]\w*)\((?P<params>.*)\)\s*(?:->\s*(?P<ret>.+?))?\s*$")


def parse_swig_doc(doc, name):
    if not doc or not name:
        return []
    out = []
    for line in doc.splitlines():
        match = _DOC_LINE.match(line)
        if match is None:
            continue
        named = match.group("name")
        # A constructor's lines are `__init__(...)` or `ClassName(...)`.
        if named != name and not (name == "__init__" and named[:1].isupper()):
            continue
        params = [_param(p) for p in _split_params(match.group("params"))]
        text = "(%s)" % ", ".join(p for p in params if p)
        ret = match.group("ret")
        if ret and name != "__init__":
            text += " -> " + clean_type(ret)
        if text not in out:
            out.append(text)
    return out


def _split_params(text):
    """Splits at the commas that are not inside <>, () or []."""
    parts, depth, current = [], 0, []
    for ch in text:
        if ch in "<([":
            depth += 1
        elif ch in ">)]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    if "".join(current).strip():
        parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _param(text):
    """`ChVector3d const & pos=ChVector3d(0)` -> `pos: ChVector3d = ChVector3d(0)`; `self`
    alone stays `self`."""
    default = None
    if "=" in text:
        text, default = text.split("=", 1)
        default = default.strip()
    words = text.strip().rsplit(None, 1)
    if len(words) == 1:
        out = words[0]
    else:
        type_text, name = words
        if name == "self":
            return "self"
        out = "%s: %s" % (name, clean_type(type_text))
    return out + (" = " + default if default is not None else "")


def clean_type(text):
    """C++ spellings SWIG leaves in docstrings, in the Python names scripts use."""
    t = text.strip()
    shared = re.match(r"^std::shared_ptr<\s*(.+?)\s*>(\s*const)?(\s*[&*])?$", t)
    if shared:
        t = shared.group(1)
    t = re.sub(r"\bconst\b", "", t)
    t = re.sub(r"[&*]", "", t)
    t = re.sub(r"\b(?:\w+::)+(\w+)", r"\1", t)
    for cpp, py in _SCALARS:
        t = re.sub(cpp, py, t)
    return re.sub(r"\s+", " ", t).strip()


_SCALARS = ((r"\bunsigned\s+(int|long|short)\b", "int"), (r"\bstring\b", "str"), (r"\bdouble\b", "float"), (r"\bsize_t\b", "int"))


def write_index(path):
    """Writes the index to `path` (atomically) and returns a summary for stdout."""
    index, problems = build_index()
    folder = os.path.dirname(os.path.abspath(path))
    os.makedirs(folder, exist_ok=True)
    tmp = "%s.%d.tmp" % (path, os.getpid())
    with open(tmp, "w") as f:
        json.dump(index, f, separators=(",", ":"), sort_keys=True)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return {
        "out": os.path.abspath(path),
        "pychrono": index["pychrono_version"],
        "modules": {name: len(names) for name, names in index["modules"].items()},
        "skipped": problems,
    }


def main(out):
    try:
        import pychrono  # noqa: F401
        import pychrono.core  # noqa: F401
    except Exception as e:  # noqa: BLE001 - say why in one line, exit non-zero
        sys.stdout.write(json.dumps({"error": "pychrono cannot be imported: %s: %s" % (type(e).__name__, e)}) + "\n")
        return 1
    sys.stdout.write(json.dumps(write_index(out)) + "\n")
    return 0
