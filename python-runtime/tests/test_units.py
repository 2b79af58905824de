"""In-process checks of pieces that subprocess runs cannot reach: the Chrono 10 mesh
spelling, the vehicle real-time switch, the unknown-member reporter."""

import types

from twinforge_bridge import patches, standins
from twinforge_bridge.scene import SceneTracker


class _V:
    def __init__(self, x, y, z):
        self.x, self.y, self.z = x, y, z


class _Chrono10Mesh:
    """A mesh as Chrono 10 spells it: GetIndicesVertices, no GetIndicesVertexes."""

    def GetCoordsVertices(self):
        return [_V(0, 0, 0), _V(1, 0, 0), _V(0, 1, 0)]

    def GetIndicesVertices(self):
        return [_V(0, 1, 2)]

    def GetCoordsNormals(self):
        return []

    def GetIndicesNormals(self):
        return []


def test_meshes_are_read_with_the_chrono_10_index_spelling_too():
    tracker = SceneTracker(None, None, None, lambda message: None)
    digest, data = tracker._mesh_data(_Chrono10Mesh())
    assert data == {"vertices": [0, 0, 0, 1, 0, 0, 0, 1, 0], "indices": [0, 1, 2]}
    assert len(digest) == 20


class _Session:
    def __init__(self):
        self.warnings = []
        self.control = types.SimpleNamespace(driver={"steering": 0.0, "throttle": 0.0, "braking": 0.0})

    def warn_once(self, message):
        if message not in self.warnings:
            self.warnings.append(message)


def test_vehicle_realtime_mode_is_switched_off_and_stand_ins_are_added():
    calls = []

    class Sedan:
        def EnableRealtime(self, realtime):
            calls.append(realtime)

    class ChDriver:
        def __init__(self, vehicle):
            pass

    data_path = []
    veh = types.ModuleType("pychrono.vehicle")
    veh.Sedan = Sedan
    veh.ChDriver = ChDriver
    veh.SetDataPath = data_path.append
    chrono = types.SimpleNamespace(GetChronoDataPath=lambda: "/data/")
    session = _Session()
    patches._patch_vehicle(session, chrono, veh, standins.make_visual_system_class(session, chrono))
    Sedan().EnableRealtime(True)
    assert calls == [False]
    assert data_path == ["/data/vehicle/"]
    for name in ("ChWheeledVehicleVisualSystemIrrlicht", "ChTrackedVehicleVisualSystemIrrlicht", "ChInteractiveDriverIRR"):
        assert hasattr(veh, name)
    assert issubclass(veh.ChInteractiveDriverIRR, ChDriver)


def test_lenient_objects_report_unknown_members_once_and_never_answer_this():
    session = _Session()
    vis = standins.make_visual_system_class(session, types.SimpleNamespace())()
    vis.SomethingNew(1)
    vis.SomethingNew(2)
    assert len(session.warnings) == 1 and "SomethingNew" in session.warnings[0]
    for name in ("this", "thisown", "_private"):
        try:
            getattr(vis, name)
        except AttributeError:
            pass
        else:
            raise AssertionError("%s must not be answered" % name)
    scene_node = vis.GetSceneManager().addSphereSceneNode(0.1)
    scene_node.getMaterial(0).SomethingElse()
    assert len(session.warnings) == 2 and "SMaterial.SomethingElse" in session.warnings[1]
