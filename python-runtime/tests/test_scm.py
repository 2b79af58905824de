"""SCM deformable terrain: sent once as a height field, then each frame carries HEIGHTS
extras with the cells that changed since the previous frame (accumulated over the steps
in between), tied to the right terrain when there are several."""

import json
import os
import tempfile

import pytest

from helpers import run_source
from twinforge_bridge import stream

STEP = 0.01
STOP_MOVING = 0.3  # the ball stops here; the soil under it then stays as it is

SCRIPT = """
import json
import pychrono as chrono
import pychrono.irrlicht as chronoirr
import pychrono.vehicle as veh
{before}
sys = chrono.ChSystemNSC()
sys.SetGravitationalAcceleration(chrono.ChVector3d(0, 0, 0))
terrains = []
for size_x in (4.0, 6.0):
    terrain = veh.SCMTerrain(sys)
    terrain.SetSoilParameters(2e6, 0, 1.1, 0, 30, 0.01, 4e7, 3e4)
    terrain.SetPlotType(veh.SCMTerrain.PLOT_SINKAGE, 0, 0.1)
    terrain.Initialize(size_x, 4.0, 0.04)
    terrains.append(terrain)
ball = chrono.ChBodyEasySphere(0.3, 1000)
sys.Add(ball)
vis = chronoirr.ChVisualSystemIrrlicht()
vis.AttachSystem(sys)
vis.Initialize()
log = open({log!r}, "w")
while vis.Run():
    t = sys.GetChTime()
    ball.SetPos(chrono.ChVector3d(-1 + min(t, {stop}), 0.1, 0.1))
    for terrain in terrains:
        terrain.Synchronize(t)
        terrain.Advance({step})
    sys.DoStepDynamics({step})
    record = {{"time": sys.GetChTime(), "terrains": []}}
    for terrain in terrains:
        shape = terrain.GetMesh()
        coords = shape.GetMesh().GetCoordsVertices()
        mods = shape.GetModifiedVertices()
        mods = [] if type(mods).__name__ == "SwigPyObject" else list(mods)
        record["terrains"].append([[v, coords[v].x, coords[v].y, coords[v].z] for v in mods])
    log.write(json.dumps(record) + "\\n")
log.close()
"""


def run_terrain(before=""):
    log = os.path.join(tempfile.mkdtemp(prefix="tf-scm-"), "steps.jsonl")
    source = SCRIPT.format(before=before, log=log, stop=STOP_MOVING, step=STEP)
    result = run_source(source, ("--sim-time", "0.5", "--sample-dt", "0.05", "--display-hz", "2"))
    assert result.end["status"] == "limit", result.json
    with open(log) as f:
        steps = [json.loads(line) for line in f]
    fields = [(key, item["shapes"][0]) for key, item in sorted(result.items().items()) if item["kind"] == "other"]
    return result, steps, fields


def heights_extras(frame):
    return {e["key"]: e["data"] for e in frame["extras"] if e["kind"] == stream.EXTRA_HEIGHTS}


def cell_of(field, x, y):
    ix = round((x - field["origin"][0]) / field["dx"])
    iy = round((y - field["origin"][1]) / field["dy"])
    return iy * field["nx"] + ix


def expected_between(steps, which, field, t0, t1):
    """{cell: height} of the vertices the terrain's steps in (t0, t1] moved, each at its
    last change before t1."""
    out = {}
    for record in steps:
        if t0 + 1e-9 < record["time"] <= t1 + 1e-9:
            for _v, x, y, z in record["terrains"][which]:
                out[cell_of(field, x, y)] = z
    return out


def test_each_frame_carries_the_cells_changed_since_the_previous_frame_per_terrain():
    result, steps, fields = run_terrain()
    assert [f["type"] for _k, f in fields] == ["heightfield", "heightfield"]
    assert [(f["nx"], f["ny"]) for _k, f in fields] == [(101, 101), (151, 101)]
    times = [f["simTime"] for f in result.frames]
    assert times == sorted(times)
    frames_with_changes, steps_in_one_frame, quiet_frames = 0, 0, 0
    previous = -1.0
    for frame in result.frames:
        extras = heights_extras(frame)
        for which, (key, field) in enumerate(fields):
            expected = expected_between(steps, which, field, previous, frame["simTime"])
            data = extras.get(key * 256)
            got = {int(data[k]): data[k + 1] for k in range(0, len(data), 2)} if data else {}
            assert sorted(got) == sorted(expected), "frame at t=%g, terrain %d" % (frame["simTime"], which)
            for cell, z in expected.items():
                assert got[cell] == pytest.approx(z, abs=1e-6)
            if data is not None:
                assert len(data) > 0  # no empty HEIGHTS extras
        changed_steps = [r for r in steps if previous + 1e-9 < r["time"] <= frame["simTime"] + 1e-9 and r["terrains"][0]]
        steps_in_one_frame = max(steps_in_one_frame, len(changed_steps))
        frames_with_changes += bool(extras)
        quiet_frames += frame["simTime"] > STOP_MOVING + 0.05 and not extras
        previous = frame["simTime"]
    # Several steps moved the soil between two frames, and their changes were summed.
    assert steps_in_one_frame >= 2
    assert frames_with_changes >= 3
    # Once the ball stops, the soil stays: frames come without HEIGHTS extras.
    assert quiet_frames >= 2
    # Applying every extra to the first heights gives the soil at the end (as the viewer does).
    for which, (key, field) in enumerate(fields):
        # A flat terrain travels as its level only: no heights at all.
        assert field["flatHeight"] == 0.0 and "heights" not in field
        assert not any(e["kind"] == stream.EXTRA_GRID for f in result.frames for e in f["extras"])
        heights = [field["flatHeight"]] * (field["nx"] * field["ny"])
        for frame in result.frames:
            data = heights_extras(frame).get(key * 256) or []
            for k in range(0, len(data), 2):
                heights[int(data[k])] = data[k + 1]
        final = expected_between(steps, which, field, -1.0, steps[-1]["time"])
        assert final, "the ball pressed no soil"
        for cell, z in final.items():
            assert heights[cell] == pytest.approx(z, abs=1e-6)
        assert min(heights) == pytest.approx(0.1 - 0.3, abs=1e-6)


def test_an_install_without_a_readable_vertex_list_warns_once_and_draws_the_first_terrain():
    # Before pychrono.vehicle registers vector_int, the list is an opaque SWIG pointer.
    result, steps, fields = run_terrain(before="import pychrono._visual\npychrono._visual._INT_VECTOR[0] = None")
    warnings = [m["message"] for m in result.of_type("log") if "SCM terrain vertices" in m["message"]]
    assert len(warnings) == 1
    assert all(not heights_extras(f) for f in result.frames)
    assert [f["type"] for _k, f in fields] == ["heightfield", "heightfield"]


def test_a_display_frame_with_height_changes_must_be_delivered_and_one_without_may_be_coalesced():
    import pychrono.core as chrono
    import pychrono.vehicle as veh

    from twinforge_bridge.scene import SceneTracker
    from twinforge_bridge.terrain_changes import TerrainChanges

    warnings = []
    system = chrono.ChSystemNSC()
    terrain = veh.SCMTerrain(system)
    terrain.Initialize(4.0, 4.0, 0.04)
    ball = chrono.ChBody()
    ball.SetPos(chrono.ChVector3d(3, 3, 0.1))  # off the soil
    system.Add(ball)
    changes = TerrainChanges(warnings.append)
    tracker = SceneTracker(chrono, None, system, warnings.append, changes)
    tracker.update()
    tracker.build_frame(0.0, stream.FRAME_DISPLAY)  # the first frame poses fixed items
    terrain.Advance(STEP)
    changes.collect(terrain)
    payload, must = tracker.build_frame(0.01, stream.FRAME_DISPLAY)
    assert not must and not stream.decode_frame(payload)["extras"]
    ball.SetPos(chrono.ChVector3d(0, 0, 0.1))
    terrain.Advance(STEP)
    changes.collect(terrain)
    payload, must = tracker.build_frame(0.02, stream.FRAME_DISPLAY)
    extras = stream.decode_frame(payload)["extras"]
    assert must and [e["kind"] for e in extras] == [stream.EXTRA_HEIGHTS]
    assert warnings == []


def test_a_terrain_deformed_before_the_first_frame_sends_its_heights_once_as_float32():
    import struct

    import pychrono.core as chrono
    import pychrono.vehicle as veh

    from twinforge_bridge.scene import SceneTracker
    from twinforge_bridge.terrain_changes import TerrainChanges

    system = chrono.ChSystemNSC()
    terrain = veh.SCMTerrain(system)
    terrain.Initialize(4.0, 4.0, 0.04)
    ball = chrono.ChBody()
    ball.SetPos(chrono.ChVector3d(0.5, -0.25, 0.1))
    system.Add(ball)
    terrain.Advance(STEP)  # pressed before anything was sent
    changes = TerrainChanges(lambda m: None)
    tracker = SceneTracker(chrono, None, system, lambda m: None, changes)
    added, _removed, _meshes = tracker.update()
    field = next(it["shapes"][0] for it in added if it["kind"] == "other")
    assert field["type"] == "heightfield" and field["flatHeight"] is None and "heights" not in field
    first = stream.decode_frame(tracker.build_frame(0.0, stream.FRAME_DISPLAY | stream.FRAME_SAMPLE)[0])
    grids = [e for e in first["extras"] if e["kind"] == stream.EXTRA_GRID]
    assert len(grids) == 1 and len(grids[0]["data"]) == field["nx"] * field["ny"]
    coords = terrain.GetMesh().GetMesh().GetCoordsVertices()
    for v in coords:
        cell = cell_of(field, v.x, v.y)
        # float32 on the wire: the same value as Chrono's double rounded once.
        assert grids[0]["data"][cell] == struct.unpack("<f", struct.pack("<f", v.z))[0]
    assert min(grids[0]["data"]) == pytest.approx(0.1 - 0.3)
    second = stream.decode_frame(tracker.build_frame(0.01, stream.FRAME_DISPLAY)[0])
    assert not any(e["kind"] == stream.EXTRA_GRID for e in second["extras"])
