"""The vertices of SCM deformable terrains that changed since the last frame.

Chrono's SCM loader refills its visual shape's modified-vertex list
(`ChVisualShapeTriangleMesh.GetModifiedVertices()`) at every step, and several steps pass
between two frames, so the bridge collects the list after every `SCMTerrain.Advance` (see
patches.py) and once more when a frame is built, and the frame drains what was collected."""


class _Terrain:
    __slots__ = ("obj", "shape", "loader_key", "signature", "pending", "usable")

    def __init__(self, obj, shape, loader_key, signature):
        self.obj = obj  # keeps the script's terrain alive, so its id() is not reused
        self.shape = shape
        self.loader_key = loader_key
        self.signature = signature
        self.pending = set()
        self.usable = shape is not None


class TerrainChanges:
    def __init__(self, warn):
        self._warn = warn  # callable(message), shown once per message
        self._terrains = {}  # id(script's SCMTerrain object) -> _Terrain

    def collect(self, terrain):
        """Adds the vertices the terrain's last step modified to its pending set."""
        rec = self._terrains.get(id(terrain))
        if rec is None:
            rec = self._terrains[id(terrain)] = self._register(terrain)
        self._read(rec)

    def drain(self, item_key, signature):
        """The pending vertices of the terrain drawn by item `item_key`, emptied; None when
        no terrain is tied to that item (the script never advanced it) or none changed."""
        out = set()
        for rec in self._terrains.values():
            # Tie by the loader's identifier (the key of the item in the system); by the
            # mesh signature only when the loader could not be asked. Several proxies of
            # one terrain (a script may reach it two ways) each hold part of the changes.
            if rec.loader_key == item_key or (rec.loader_key is None and rec.signature == signature):
                self._read(rec)  # the step just before the frame
                if rec.pending:
                    out |= rec.pending
                    rec.pending = set()
        return out or None

    def _register(self, terrain):
        try:
            shape = terrain.GetMesh()
        except Exception as e:  # noqa: BLE001 - keep the run going, say why
            self._warn("SCM terrain changes cannot be read (GetMesh failed: %s); the terrain is drawn as it was at the start." % e)
            return _Terrain(terrain, None, None, None)
        loader_key = None
        try:
            # The loader is the physics item SCM adds to the system, so its identifier is
            # the scene item's key. SWIG proxies are new per call: compare identifiers.
            loader_key = int(terrain.GetSCMLoader().GetIdentifier())
        except Exception:  # noqa: BLE001 - fall back to the mesh signature
            loader_key = None
        signature = None
        if loader_key is None and shape is not None:
            try:
                signature = mesh_signature(shape.GetMesh())
            except Exception:  # noqa: BLE001
                signature = None
        return _Terrain(terrain, shape, loader_key, signature)

    def _read(self, rec):
        if not rec.usable:
            return
        try:
            modified = rec.shape.GetModifiedVertices()
            rec.pending.update(int(v) for v in modified)
        except (TypeError, ValueError, AttributeError) as e:
            # An opaque SWIG pointer (no vector_int wrapper in this install) cannot be read.
            rec.usable = False
            self._warn(
                "This PyChrono gives no readable list of the SCM terrain vertices that changed (%s: %s); "
                "the terrain is drawn as it was at the start." % (type(e).__name__, e)
            )


def mesh_signature(mesh):
    """Vertex count and the first vertex's X and Y (SCM moves only Z): tells the terrains
    of one script apart when the loader cannot be asked (two patches rarely share both)."""
    coords = mesh.GetCoordsVertices()
    n = len(coords)
    if n == 0:
        return (0,)
    v = coords[0]
    return (n, round(v.x, 6), round(v.y, 6))
