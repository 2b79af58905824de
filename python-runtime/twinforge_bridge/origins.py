"""Where each item (body, link, mesh, other physics item) came from in the user's script:
the line that constructed it and the line that added it to the system. Items are keyed by
Chrono's GetIdentifier(), since SWIG hands out a new proxy on every call."""

import functools
import sys

ADD_METHODS = ("Add", "AddBody", "AddLink", "AddMesh", "AddOtherPhysicsItem")


class Origins:
    def __init__(self, script):
        self._script = script
        self._made = {}  # key -> line of the constructor call
        self._added = {}  # key -> line of the Add call

    def user_line(self):
        """The line of the innermost frame of the call stack that runs the user's script."""
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code.co_filename == self._script:
                return frame.f_lineno
            frame = frame.f_back
        return None

    def constructed(self, obj):
        line = self.user_line()
        if line is not None:
            key = _key(obj)
            if key is not None:
                self._made.setdefault(key, line)

    def added(self, obj):
        line = self.user_line()
        if line is not None:
            key = _key(obj)
            if key is not None:
                self._added.setdefault(key, line)

    def of(self, key):
        """{"line", "addLine"}: `line` is where the script made the item (the Add line when
        it was made outside the script), `addLine` the Add line when that is another line."""
        made, added = self._made.get(key), self._added.get(key)
        line = made if made is not None else added
        return {"line": line, "addLine": added if added is not None and added != line else None}


def _key(obj):
    try:
        return int(obj.GetIdentifier())
    except Exception:  # noqa: BLE001 - a proxy without an identifier is not an item
        return None


def wrap_adds(cls, origins):
    """Records the line of every Add* call of a system class (those it defines itself)."""
    for name in ADD_METHODS:
        original = cls.__dict__.get(name)
        if original is None or getattr(original, "_twinforge_origin", False):
            continue
        setattr(cls, name, _recording(original, origins.added))


def wrap_constructor(cls, origins=None, check=None):
    """Records where an item class is constructed (with `origins`); `check(args, kwargs)`
    runs first and may raise (the crash traps)."""
    original = cls.__dict__.get("__init__")
    if original is None or getattr(original, "_twinforge_origin", False):
        return

    @functools.wraps(original)
    def __init__(self, *args, **kwargs):
        if check is not None:
            check(args, kwargs)
        original(self, *args, **kwargs)
        if origins is not None:
            origins.constructed(self)

    __init__._twinforge_origin = True
    cls.__init__ = __init__


def _recording(original, record):
    @functools.wraps(original)
    def add(self, item, *args, **kwargs):
        result = original(self, item, *args, **kwargs)
        record(item)
        return result

    add._twinforge_origin = True
    return add
