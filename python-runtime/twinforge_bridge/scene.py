"""Reads what a viewer needs from a ChSystem (PYCHRONO.md, "Reading the state"): the items
and their shapes once, then poses per frame. Items are identified by GetIdentifier();
proxies are kept from the listing so per-frame reads are a few SWIG calls per item."""

import hashlib
import math
import struct
import time

from . import stream
from .terrain_changes import mesh_signature

# Most specific first: Segment and Spring derive from PointPoint, which derives from Line.
SHAPE_CASTS = (
    ("segment", "CastToChVisualShapeSegment"),
    ("spring", "CastToChVisualShapeSpring"),
    ("rotspring", "CastToChVisualShapeRotSpring"),
    ("pointpoint", "CastToChVisualShapePointPoint"),
    ("line", "CastToChVisualShapeLine"),
    ("path", "CastToChVisualShapePath"),
    ("box", "CastToChVisualShapeBox"),
    ("sphere", "CastToChVisualShapeSphere"),
    ("ellipsoid", "CastToChVisualShapeEllipsoid"),
    ("cylinder", "CastToChVisualShapeCylinder"),
    ("capsule", "CastToChVisualShapeCapsule"),
    ("cone", "CastToChVisualShapeCone"),
    ("barrel", "CastToChVisualShapeBarrel"),
    ("roundedbox", "CastToChVisualShapeRoundedBox"),
    ("roundedcylinder", "CastToChVisualShapeRoundedCylinder"),
    ("mesh", "CastToChVisualShapeTriangleMesh"),
    ("modelfile", "CastToChVisualShapeModelFile"),
    ("surface", "CastToChVisualShapeSurface"),
)
POINT_SHAPES = ("segment", "spring", "rotspring", "pointpoint")
HEIGHTFIELD_MIN_VERTICES = 10000
# What the host accepts (STREAM_LIMITS.heightfieldCells): a 2048 x 2048 grid, what a view can
# hold, and below 2**24, where a HEIGHTS extra's float32 cell index stops being exact.
HEIGHTFIELD_MAX_CELLS = 1 << 22
STILL_READS = 3  # unchanged reads after which an item counts as resting
RESTING_EVERY = 8  # display-only frames re-read a resting item once in this many
FIXED_RECHECK_S = 1.0  # how often fixed bodies are asked whether they still are
LINE_SAMPLES = 64
_ZERO_VEL = (0.0, 0.0, 0.0)


def _vec(v):
    return [v.x, v.y, v.z]


def _frame_floats(frame):
    """Copies a frame's floats; the caller keeps `frame` bound while this reads it."""
    p = frame.GetPos()
    q = frame.GetRot()
    return [p.x, p.y, p.z], [q.e0, q.e1, q.e2, q.e3]


class _Entry:
    """One item: its proxy, how to read its pose, and its shapes that change every frame."""

    __slots__ = ("key", "obj", "kind", "fixed", "clones", "fresh", "frame_of", "vel_of", "dynamic", "posed")


    def __init__(self, key, obj, kind):
        self.key = key
        self.obj = obj
        self.kind = kind
        self.fixed = False
        self.clones = 0
        self.fresh = True  # not yet in a delivered frame
        self.frame_of = obj.GetVisualModelFrame
        self.vel_of = getattr(obj, "GetPosDt", None) if kind == "body" else None
        self.dynamic = []  # (extra key, extra kind, reader)
        self.posed = True


class SceneTracker:
    def __init__(self, chrono, fea, system, log, terrain_changes=None, origins=None):
        self.ch = chrono
        self.fea = fea
        self.system = system
        self.log = log  # callable(message) for warnings, once each
        self.terrain_changes = terrain_changes  # SCM vertices changed since the last frame
        self.origins = origins  # origins.Origins: the script's lines of items, or None
        self.entries = {}
        self.order = []
        self.sent_meshes = set()
        self._counts = None
        self.dirty = True
        self._moving = None  # _Posed records of items read every frame (None: to rebuild)
        self._fixed = []  # _Posed records of fixed items, read once
        self._posed = {}  # key -> _Posed, kept across changes of the item set
        self._with_extras = []
        self._fresh = []  # items not yet in a frame
        self._link_casts = None  # (class name, CastTo function), most derived first
        self._pending_grids = []  # (extra key, heights) of heightfields not yet sent
        self._read_stamp = None  # the step the poses were last read at
        self._builds = 0  # frames built (clone frames are read once per build)
        self._clone_frames = {}  # key -> reader of an item's clone frames, shared by its shapes
        self._fixed_checked = 0.0

    # ---- listing -------------------------------------------------------------------
    def _list_items(self):
        s = self.system
        for b in s.GetBodies():
            yield b, "body"
        for lk in s.GetLinks():
            yield lk, "link"
        for msh in s.GetMeshes():
            if not hasattr(msh, "GetVisualModel"):
                # pychrono.core's ChMesh proxy has no physics-item members: ask fea.
                try:
                    msh = self.fea.CastToChMesh(msh) if self.fea is not None else None
                except (TypeError, AttributeError) as e:
                    self.log("An FEA mesh could not be read (%s) and is not drawn." % e)
                    msh = None
            if msh is not None:
                yield msh, "mesh"
        for o in s.GetOtherPhysicsItems():
            yield o, "other"

    def counts(self):
        s = self.system
        return (s.GetNumBodies(), s.GetNumLinks(), s.GetNumMeshes(), s.GetNumOtherPhysicsItems())

    def update(self):
        """Returns (added item descriptions, removed keys, new meshes) when the item set
        changed since the last call, else None. Cheap when nothing changed (four counts)."""
        counts = self.counts()
        if counts == self._counts and not self.dirty:
            return None
        self._counts = counts
        self.dirty = False
        seen = {}
        for obj, kind in self._list_items():
            seen[obj.GetIdentifier()] = (obj, kind)
        removed = [k for k in self.order if k not in seen]
        for k in removed:
            del self.entries[k]
        added, meshes = [], {}
        for key, (obj, kind) in seen.items():
            if key in self.entries:
                continue
            entry = _Entry(key, obj, kind)
            try:
                added.append(self._describe(entry, meshes))
            except Exception as e:  # noqa: BLE001 - one odd item must not hide the rest
                self.log("Item %d could not be read (%s: %s) and is not drawn." % (key, type(e).__name__, e))
                entry.posed = False
                entry.dynamic = []
                added.append({"key": key, "id": key, "name": "", "kind": kind, "fixed": entry.fixed, "clones": 0, "shapes": [], **self._lines(key)})
            self.entries[key] = entry
            self._fresh.append(entry)
        self.order = [k for k in seen if k in self.entries]
        self._moving = None
        self._fresh = [e for e in self._fresh if e.key in self.entries]
        if not added and not removed:
            return None
        return added, removed, meshes

    # ---- description ---------------------------------------------------------------
    def _describe(self, entry, meshes):
        obj, kind = entry.obj, entry.kind
        if kind == "body":
            entry.fixed = bool(obj.IsFixed())
        elif kind == "mesh":
            entry.fixed = True  # FEA shapes move by their vertices, in world coordinates
        try:
            entry.clones = int(obj.GetNumVisualModelClones())
        except AttributeError:
            entry.clones = 0
        shapes = []
        model = obj.GetVisualModel()
        if model is not None:
            for i in range(model.GetNumShapes()):
                base = model.GetShape(i)
                if base is None or not base.IsVisible():
                    continue
                try:
                    shape = self._shape(entry, base, len(shapes), meshes)
                except Exception as e:  # noqa: BLE001 - one odd shape must not hide the rest
                    self.log("A visual shape of item %d could not be read (%s: %s) and is not drawn." % (entry.key, type(e).__name__, e))
                    continue
                if shape is None:
                    continue
                frame = model.GetShapeFrame(i)
                pos, rot = _frame_floats(frame)
                shape["frame"] = {"pos": pos, "rot": rot}
                if entry.clones:
                    # One copy per clone: each frame carries the clones' world positions.
                    extra_key = entry.key * 256 + len(shapes)
                    entry.dynamic.append((extra_key, stream.EXTRA_POINTS, self._clone_points(entry, pos)))
                shapes.append(shape)
        entry.posed = kind in ("body", "other", "mesh") or bool(shapes)
        name = obj.GetName() if hasattr(obj, "GetName") else ""
        item = {"key": entry.key, "id": entry.key, "name": name, "kind": kind, "fixed": entry.fixed, "clones": entry.clones, "shapes": shapes, **self._lines(entry.key)}
        if kind == "body":
            item["mass"] = _number_or_none(obj, "GetMass")
        elif kind == "link":
            item["linkType"] = self._link_type(obj)
        return item

    def _link_type(self, obj):
        """The most specific Chrono class a link can be cast to (SWIG hands every link
        out as ChLinkBase), or None when no cast answers."""
        if self._link_casts is None:
            self._link_casts = _link_casts(self.ch)
        as_link = None
        for class_name, cast in self._link_casts:
            try:
                found = cast(obj)
            except TypeError:  # a cast declared from ChLink, not ChLinkBase
                if as_link is None:
                    as_link = _try_cast(getattr(self.ch, "CastToChLink", None), obj) or False
                found = _try_cast(cast, as_link) if as_link else None
            except Exception:  # noqa: BLE001 - an odd proxy: try the next class
                found = None
            if found is not None:
                return class_name
        return None

    def _lines(self, key):
        """Where the script made the item (`line`) and added it (`addLine`, when another line)."""
        return self.origins.of(key) if self.origins is not None else {"line": None, "addLine": None}

    def _shape(self, entry, base, index, meshes):
        ch = self.ch
        for type_name, cast_name in SHAPE_CASTS:
            cast = getattr(ch, cast_name, None)
            shape = cast(base) if cast is not None else None
            if shape is not None:
                break
        else:
            self.log("A visual shape of a kind TwinForge does not draw was skipped (item %d)." % entry.key)
            return None
        texture = base.GetTexture() or None
        color = [1.0, 1.0, 1.0] if texture else _vec_color(base.GetColor())
        out = {"type": type_name, "color": color, "opacity": float(base.GetOpacity()), "texture": texture}
        reader = getattr(self, "_size_" + type_name)
        extra = reader(entry, shape, index, meshes)
        if extra is None:
            return None
        out.update(extra)
        return out

    def _size_box(self, entry, s, i, meshes):
        return {"lengths": _vec(s.GetLengths())}

    def _size_sphere(self, entry, s, i, meshes):
        return {"radius": s.GetRadius()}

    def _size_ellipsoid(self, entry, s, i, meshes):
        return {"semiaxes": _vec(s.GetSemiaxes())}

    def _size_cylinder(self, entry, s, i, meshes):
        return {"radius": s.GetRadius(), "height": s.GetHeight()}

    _size_capsule = _size_cylinder
    _size_cone = _size_cylinder

    def _size_barrel(self, entry, s, i, meshes):
        hlow, hsup, rhor, roffset = s.GetHlow(), s.GetHsup(), s.GetRhor(), s.GetRoffset()
        return {
            "hlow": hlow,
            "hsup": hsup,
            "rvert": s.GetRvert(),
            "rhor": rhor,
            "roffset": roffset,
            "radius": rhor + roffset,
            "height": hsup - hlow,
        }

    def _size_roundedbox(self, entry, s, i, meshes):
        return {"lengths": _vec(s.GetLengths()), "radius": s.GetSphereRadius()}

    def _size_roundedcylinder(self, entry, s, i, meshes):
        return {"radius": s.GetRadius(), "height": s.GetHeight(), "sphereRadius": s.GetSphereRadius()}

    def _size_modelfile(self, entry, s, i, meshes):
        return {"file": s.GetFilename(), "scale": _vec(s.GetScale())}

    def _size_mesh(self, entry, s, i, meshes):
        mesh = s.GetMesh()
        if mesh is None:
            return None
        if entry.kind == "other" and mesh.GetNumVertices() >= HEIGHTFIELD_MIN_VERTICES:
            # Deformable terrain (SCM) is one big regular grid: send it as heights, then
            # the heights of the cells that changed.
            grid = _heightfield(mesh)
            if grid is not None:
                field, cells, heights = grid
                if field["nx"] * field["ny"] > HEIGHTFIELD_MAX_CELLS:
                    self.log(
                        "A terrain of %d x %d cells is larger than TwinForge draws (%d cells) and is not drawn (item %d)."
                        % (field["nx"], field["ny"], HEIGHTFIELD_MAX_CELLS, entry.key)
                    )
                    return None
                if field["flatHeight"] is None:
                    # The heights travel as float32 in the first frame, not in this JSON.
                    self._pending_grids.append((entry.key * 256 + i, heights))
                if self.terrain_changes is not None:
                    reader = _heights_reader(self.terrain_changes, entry.key, mesh_signature(mesh), mesh, cells)
                    entry.dynamic.append((entry.key * 256 + i, stream.EXTRA_HEIGHTS, reader))
                return field
        digest, data = self._mesh_data(mesh)
        if digest not in self.sent_meshes:
            self.sent_meshes.add(digest)
            meshes[digest] = data
        if entry.kind == "mesh":
            # FEA: the mesh is rebuilt in world coordinates at every step.
            entry.dynamic.append((entry.key * 256 + i, stream.EXTRA_VERTICES, _vertices_reader(mesh)))
            return {"type": "fea", "mesh": digest, "dynamic": True}
        return {"mesh": digest, "wireframe": bool(s.IsWireframe()), "scale": _vec(s.GetScale())}

    def _size_surface(self, entry, s, i, meshes):
        geometry = s.GetSurfaceGeometry()
        nu, nv = max(int(s.GetResolutionU()), 2), max(int(s.GetResolutionV()), 2)
        try:
            grid = [[_vec(geometry.Evaluate(u / (nu - 1), v / (nv - 1))) for v in range(nv)] for u in range(nu)]
        except Exception:  # noqa: BLE001 - a surface kind we cannot evaluate
            self.log("A surface shape could not be evaluated and is not drawn (item %d)." % entry.key)
            return None
        vertices = [c for row in grid for p in row for c in p]
        indices = []
        for u in range(nu - 1):
            for v in range(nv - 1):
                a, b, c, d = u * nv + v, (u + 1) * nv + v, (u + 1) * nv + v + 1, u * nv + v + 1
                indices += [a, b, c, a, c, d]
        data = {"vertices": vertices, "indices": indices}
        digest = _digest(vertices, indices)
        if digest not in self.sent_meshes:
            self.sent_meshes.add(digest)
            meshes[digest] = data
        return {"mesh": digest}

    def _size_line(self, entry, s, i, meshes):
        geometry = s.GetLineGeometry() if hasattr(s, "GetLineGeometry") else s.GetPathGeometry()
        n = LINE_SAMPLES
        try:
            points = [_vec(geometry.Evaluate(k / (n - 1))) for k in range(n)]
        except Exception:  # noqa: BLE001
            self.log("A line shape could not be evaluated and is not drawn (item %d)." % entry.key)
            return None
        return {"points": points, "dynamic": False}

    _size_path = _size_line

    def _size_segment(self, entry, s, i, meshes):
        ends = self._link_ends(entry)
        if ends is None:
            return self._size_line(entry, s, i, meshes) if s.GetLineGeometry() is not None else None
        entry.dynamic.append((entry.key * 256 + i, stream.EXTRA_POINTS, ends))
        out = {"points": [list(p) for p in _chunks(ends())], "dynamic": True}
        if hasattr(s, "GetTurns"):
            out["radius"] = s.GetRadius()
            out["turns"] = s.GetTurns()
        return out

    _size_spring = _size_segment
    _size_rotspring = _size_segment
    _size_pointpoint = _size_segment

    def _link_ends(self, entry):
        """A reader of the two world end points of the link that owns a point-point shape."""
        if entry.kind != "link":
            return None
        ch, obj = self.ch, entry.obj
        for cast_name, a, b in (
            ("CastToChLinkTSDA", "GetPoint1Abs", "GetPoint2Abs"),
            ("CastToChLinkDistance", "GetEndPoint1Abs", "GetEndPoint2Abs"),
        ):
            cast = getattr(ch, cast_name, None)
            link = cast(obj) if cast is not None else None
            if link is not None:
                get_a, get_b = getattr(link, a), getattr(link, b)
                return lambda: _vec(get_a()) + _vec(get_b())
        link = ch.CastToChLink(obj) if hasattr(ch, "CastToChLink") else None
        if link is None:
            return None

        def frames():
            f1 = link.GetFrame1Abs()
            f2 = link.GetFrame2Abs()
            return _frame_floats(f1)[0] + _frame_floats(f2)[0]

        return frames

    def _mesh_data(self, mesh):
        # Read once per item; no cache by SWIG pointer: a shared_ptr proxy's pointer is its
        # own holder, whose address can be reused by another mesh's proxy.
        vertices = []
        for v in mesh.GetCoordsVertices():
            vertices += (v.x, v.y, v.z)
        index_getter = getattr(mesh, "GetIndicesVertexes", None) or getattr(mesh, "GetIndicesVertices")
        indices = []
        for t in index_getter():
            indices += (t.x, t.y, t.z)
        data = {"vertices": vertices, "indices": indices}
        normals = []
        for v in mesh.GetCoordsNormals():
            normals += (v.x, v.y, v.z)
        normal_indices = []
        for t in mesh.GetIndicesNormals():
            normal_indices += (t.x, t.y, t.z)
        if normals and len(normal_indices) == len(indices):
            data["normals"] = normals
            data["normalIndices"] = normal_indices
        return _digest(vertices, indices), data

    # ---- frames --------------------------------------------------------------------
    def build_frame(self, sim_time, flags, stamp=None, complete_display=False):
        """Returns (payload, must_deliver). Each posed item is read at most once per `stamp`
        (the session's step): a sample and a display frame of one step share the read.
        Fixed items are read once. A sample frame (float64) holds the items that changed
        since the last sample, a display frame (float32 unless it is a sample too) those
        that changed since the last display frame, or all of them with `complete_display`
        (the display frame before it was dropped). Resting items (unchanged for
        STILL_READS reads) are re-read by display-only frames in turns; samples read every
        moving item. Sleeping bodies keep their pose while Chrono says they sleep."""
        sample = bool(flags & stream.FRAME_SAMPLE)
        display = bool(flags & stream.FRAME_DISPLAY)
        if sample:
            flags |= stream.FRAME_F64
        if self._moving is None:
            self._rebuild_moving()
        elif sample and self._fixed and time.monotonic() - self._fixed_checked >= FIXED_RECHECK_S:
            self._recheck_fixed()
        fresh_read = stamp is None or stamp != self._read_stamp
        self._read_stamp = stamp
        self._builds += 1
        must = sample
        if self._fresh:
            must = True  # the first frame after items appear always arrives
            for e in self._fresh:
                e.fresh = False
            self._fresh = []
        keys, poses, extras = [], [], []
        append_key, extend = keys.append, poses.extend
        for rec in self._fixed:
            if rec.read is None:
                rec.read = _fixed_pose(rec)
            v = rec.read
            if (sample and rec.sample is None) or (display and (complete_display or rec.shown is None)):
                append_key(rec.key)
                extend(v)
            if sample:
                rec.sample = v
            if display:
                rec.shown = v
        # The hot loop: a few bound-method calls per moving item, nothing else.
        turn = self._builds % RESTING_EVERY
        for index, rec in enumerate(self._moving):
            v = rec.read
            if v is None or (
                fresh_read
                and (sample or rec.still < STILL_READS or index % RESTING_EVERY == turn)
                and not (rec.asleep is not None and rec.asleep())
            ):
                if rec.pos_of is not None:
                    p = rec.pos_of()
                    q = rec.rot_of()
                else:
                    f = rec.frame_of()
                    p = f.GetPos()
                    q = f.GetRot()
                vel_of = rec.vel_of
                if vel_of is None:
                    v = (p.x, p.y, p.z, q.e0, q.e1, q.e2, q.e3, 0.0, 0.0, 0.0)
                else:
                    w = vel_of()
                    v = (p.x, p.y, p.z, q.e0, q.e1, q.e2, q.e3, w.x, w.y, w.z)
                rec.still = rec.still + 1 if v == rec.read else 0
                rec.read = v
            if (sample and v != rec.sample) or (display and (complete_display or v != rec.shown)):
                append_key(rec.key)
                extend(v)
            if sample:
                rec.sample = v
            if display:
                rec.shown = v
        if self._pending_grids:
            must = True
            extras.extend((key, stream.EXTRA_GRID, heights) for key, heights in self._pending_grids)
            self._pending_grids = []
        entries = self.entries
        for key in self._with_extras:
            for extra_key, kind, reader in entries[key].dynamic:
                data = reader()
                if data is None:  # nothing changed (terrain heights)
                    continue
                extras.append((extra_key, kind, data))
                # Heights carry only what changed since the last frame: never coalesce them away.
                must = must or kind == stream.EXTRA_HEIGHTS
        return stream.encode_frame(sim_time, flags, keys, poses, extras), must

    def _rebuild_moving(self):
        """The read lists after the item set changed; what was read and sent is kept."""
        moving, fixed, with_extras, posed = [], [], [], {}
        sleeping = _sleeping_allowed(self.system)
        for key in self.order:
            e = self.entries[key]
            if e.posed and not e.clones:
                rec = self._posed.get(key) or _Posed(key, e.frame_of, e.vel_of, self._own_frame(e))
                rec.asleep = getattr(e.obj, "IsSleeping", None) if sleeping and e.kind == "body" else None
                posed[key] = rec
                (fixed if e.fixed else moving).append(rec)
            if e.dynamic:
                with_extras.append(key)
        self._moving, self._fixed, self._with_extras, self._posed = moving, fixed, with_extras, posed
        self._clone_frames = {k: r for k, r in self._clone_frames.items() if k in self.entries}
        self._fixed_checked = time.monotonic()

    def _own_frame(self, e):
        """For a plain ChBody, its own GetPos/GetRot: Chrono's GetVisualModelFrame() returns
        a copy of that very frame (the body is its reference frame), and reading it in place
        saves the copy, a third of a read. None for anything else, and for a ChBodyAuxRef
        (vehicle chassis, meshes: its reference frame is not its centre of mass), which
        is read through GetVisualModelFrame()."""
        cast = getattr(self.ch, "CastToChBodyAuxRef", None)
        if e.kind != "body" or cast is None:
            return None
        try:
            if cast(e.obj) is not None:
                return None
            return e.obj.GetPos, e.obj.GetRot
        except Exception:  # noqa: BLE001 - when unsure, the visual-model frame
            return None

    def _recheck_fixed(self):
        """A fixed body the script set free starts being read (checked about once a second)."""
        self._fixed_checked = time.monotonic()
        freed = False
        for rec in self._fixed:
            e = self.entries.get(rec.key)
            if e is not None and e.kind == "body" and not e.obj.IsFixed():
                e.fixed = False
                freed = True
        if freed:
            self._rebuild_moving()

    def _clone_points(self, e, offset):
        """A reader of the world position of one shape in every clone. The clone frames are
        read once per frame for the item and shared by its shapes."""
        ox, oy, oz = offset
        frames_of = self._clone_frames_reader(e)

        def read():
            out = []
            if ox or oy or oz:
                for p, q in frames_of():
                    out += _rotate_add(q, (ox, oy, oz), p)
            else:
                for p, _q in frames_of():
                    out += p
            return out

        return read

    def _clone_frames_reader(self, e):
        known = self._clone_frames.get(e.key)
        if known is not None:
            return known
        get, count = e.frame_of, e.obj.GetNumVisualModelClones
        cache = [None, None]  # the build it was read in, the frames

        def frames():
            if cache[0] != self._builds:
                out = []
                for k in range(int(count())):
                    f = get(k)
                    p = f.GetPos()
                    q = f.GetRot()
                    out.append(((p.x, p.y, p.z), (q.e0, q.e1, q.e2, q.e3)))
                cache[0], cache[1] = self._builds, out
            return cache[1]

        self._clone_frames[e.key] = frames
        return frames


class _Posed:
    """One posed item in the read lists: how to read it, and the pose last read, last sent
    in a sample frame and last sent in a display frame (10 floats each, or None)."""

    __slots__ = ("key", "frame_of", "pos_of", "rot_of", "vel_of", "asleep", "read", "sample", "shown", "still")

    def __init__(self, key, frame_of, vel_of, own_frame=None):
        self.key = key
        self.frame_of = frame_of
        self.pos_of, self.rot_of = own_frame or (None, None)
        self.vel_of = vel_of
        self.asleep = None  # IsSleeping, when the system lets bodies sleep
        self.read = None
        self.sample = None
        self.shown = None
        self.still = 0  # reads in a row that gave the same pose


def _sleeping_allowed(system):
    try:
        return bool(system.IsSleepingAllowed())
    except Exception:  # noqa: BLE001 - an old or partial install: nothing sleeps
        return False


def _number_or_none(obj, getter):
    try:
        value = float(getattr(obj, getter)())
    except Exception:  # noqa: BLE001 - a missing member or an odd proxy: unknown
        return None
    return value if math.isfinite(value) else None


def _try_cast(cast, obj):
    try:
        return cast(obj) if cast is not None else None
    except Exception:  # noqa: BLE001
        return None


def _link_casts(ch):
    """Every CastToChLink* of the module with its class, deepest class first, so the
    first cast that answers names the link's most specific type."""
    casts = []
    for name in dir(ch):
        cls = getattr(ch, name[len("CastTo") :], None) if name.startswith("CastToChLink") else None
        if isinstance(cls, type):
            casts.append((len(cls.__mro__), cls.__name__, getattr(ch, name)))
    casts.sort(key=lambda c: (-c[0], c[1]))
    return [(class_name, cast) for _, class_name, cast in casts]


def _enum_names(owner, prefix="Type_"):
    """Value -> name of a SWIG enum exposed as class constants (ChSolver.Type_PSOR, ...)."""
    names = {}
    for attr in dir(owner) if owner is not None else ():
        value = getattr(owner, attr, None) if attr.startswith(prefix) else None
        if isinstance(value, int):
            names.setdefault(value, attr[len(prefix) :])
    return names


def describe_system(ch, system, stepped):
    """The system facts a review compares: gravity, contact method, solver and time stepper
    types, and the step size. Chrono keeps a default step (0.04 s) until the first
    DoStepDynamics sets it, so `timestep` is None until `stepped`. Each read is guarded:
    a member missing from some pychrono build gives None, never a failed run."""

    def read(getter):
        try:
            return getattr(system, getter)()
        except Exception:  # noqa: BLE001
            return None

    g = read("GetGravitationalAcceleration")
    try:
        gravity = [float(g.x), float(g.y), float(g.z)] if g is not None else None
    except Exception:  # noqa: BLE001
        gravity = None
    methods = {getattr(ch, "ChContactMethod_NSC", None): "NSC", getattr(ch, "ChContactMethod_SMC", None): "SMC"}
    method = read("GetContactMethod")
    solver = read("GetSolverType")
    stepper = read("GetTimestepperType")
    timestep = _number_or_none(system, "GetStep") if stepped else None
    return {
        "gravity": gravity,
        "timestep": timestep if timestep is not None and timestep > 0 else None,
        "solver": _enum_names(getattr(ch, "ChSolver", None)).get(solver) if isinstance(solver, int) else None,
        "timestepper": _enum_names(getattr(ch, "ChTimestepper", None)).get(stepper) if isinstance(stepper, int) else None,
        "contactMethod": methods.get(method) if isinstance(method, int) else None,
    }


def _rotate_add(q, v, p):
    w, x, y, z = q
    tx, ty, tz = 2 * (y * v[2] - z * v[1]), 2 * (z * v[0] - x * v[2]), 2 * (x * v[1] - y * v[0])
    return (
        p[0] + v[0] + w * tx + y * tz - z * ty,
        p[1] + v[1] + w * ty + z * tx - x * tz,
        p[2] + v[2] + w * tz + x * ty - y * tx,
    )


def _fixed_pose(rec):
    """The pose of a fixed item (no velocity), read once."""
    if rec.pos_of is not None:
        p = rec.pos_of()
        q = rec.rot_of()
    else:
        f = rec.frame_of()  # bound first: GetPos()/GetRot() are references into this copy
        p = f.GetPos()
        q = f.GetRot()
    return (p.x, p.y, p.z, q.e0, q.e1, q.e2, q.e3, 0.0, 0.0, 0.0)


def _heightfield(mesh):
    """A regular grid in X and Y (heights along Z), as SCM terrain builds it: the
    heightfield shape (its `flatHeight` set when every height is the same), the grid cell
    of each vertex and the heights by cell; None when the mesh is not such a grid."""
    xs, ys, zs = [], [], []
    for v in mesh.GetCoordsVertices():
        xs.append(v.x)
        ys.append(v.y)
        zs.append(v.z)
    ux = sorted(set(round(x, 6) for x in xs))
    uy = sorted(set(round(y, 6) for y in ys))
    nx, ny = len(ux), len(uy)
    if nx < 2 or ny < 2 or nx * ny != len(xs):
        return None
    dx, dy = (ux[-1] - ux[0]) / (nx - 1), (uy[-1] - uy[0]) / (ny - 1)
    heights = [0.0] * (nx * ny)
    seen = bytearray(nx * ny)
    cells = [0] * len(xs)
    for v, (x, y, z) in enumerate(zip(xs, ys, zs)):
        ix, iy = int(round((x - ux[0]) / dx)), int(round((y - uy[0]) / dy))
        cell = iy * nx + ix
        if not (0 <= ix < nx and 0 <= iy < ny) or seen[cell]:
            return None
        seen[cell] = 1
        heights[cell] = z
        cells[v] = cell
    flat = heights[0] if all(z == heights[0] for z in heights) else None
    field = {"type": "heightfield", "nx": nx, "ny": ny, "dx": dx, "dy": dy, "origin": [ux[0], uy[0], 0.0], "flatHeight": flat}
    return field, cells, heights


def _heights_reader(changes, item_key, signature, mesh, cells):
    """HEIGHTS extra data: (cell, z) for every vertex changed since the last frame (z in
    the terrain's frame, as in the heightfield); None when none changed."""
    count = len(cells)

    def read():
        changed = changes.drain(item_key, signature)
        if not changed:
            return None
        coords = mesh.GetCoordsVertices()  # once per frame: indexed, never copied whole
        out = []
        for v in sorted(changed):
            if 0 <= v < count:
                out += (cells[v], coords[v].z)
        return out or None

    return read


def _vertices_reader(mesh):
    def read():
        out = []
        for v in mesh.GetCoordsVertices():
            out += (v.x, v.y, v.z)
        return out

    return read


def _vec_color(c):
    return [c.R, c.G, c.B]


def _chunks(flat):
    return [flat[k : k + 3] for k in range(0, len(flat), 3)]


def _digest(vertices, indices):
    h = hashlib.sha1()
    h.update(struct.pack("<%df" % len(vertices), *vertices))
    h.update(struct.pack("<%dI" % len(indices), *indices))
    return h.hexdigest()[:20]
