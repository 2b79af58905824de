"""What the bridge reads from a system: every shape kind with its size, placement from
the visual-model frame, meshes once, FEA and link extras, clones, up axis and camera."""

import math

import pytest

from helpers import run_source
from twinforge_bridge import stream

HEADER = """
import pychrono as chrono
import pychrono.irrlicht as chronoirr
sys = chrono.ChSystemNSC()
"""
LOOP = """
vis = chronoirr.ChVisualSystemIrrlicht()
vis.AttachSystem(sys)
vis.Initialize()
while vis.Run():
    vis.BeginScene()
    vis.Render()
    vis.EndScene()
    sys.DoStepDynamics(0.01)
"""


def run_scene(body, args=("--sim-time", "0.05")):
    result = run_source(HEADER + body + LOOP, args)
    assert result.end["status"] == "limit", result.json
    return result


def shapes_by_type(result):
    out = {}
    for item in result.items().values():
        for shape in item["shapes"]:
            out.setdefault(shape["type"], []).append(shape)
    return out


def test_every_solid_shape_kind_arrives_with_its_size_colour_and_frame():
    result = run_scene(
        """
b = chrono.ChBody()
b.SetFixed(True)
sys.Add(b)
box = chrono.ChVisualShapeBox(1, 2, 3)
box.SetColor(chrono.ChColor(0.1, 0.2, 0.3))
box.SetOpacity(0.5)
b.AddVisualShape(box, chrono.ChFramed(chrono.ChVector3d(1, 0, 0), chrono.QuatFromAngleZ(chrono.CH_PI_2)))
b.AddVisualShape(chrono.ChVisualShapeSphere(0.7))
b.AddVisualShape(chrono.ChVisualShapeEllipsoid(1, 2, 4))
b.AddVisualShape(chrono.ChVisualShapeCylinder(0.2, 1.5))
b.AddVisualShape(chrono.ChVisualShapeCapsule(0.3, 1.0))
b.AddVisualShape(chrono.ChVisualShapeCone(0.4, 0.9))
b.AddVisualShape(chrono.ChVisualShapeRoundedBox(1, 1, 2, 0.1))
b.AddVisualShape(chrono.ChVisualShapeRoundedCylinder(0.5, 2, 0.05))
b.AddVisualShape(chrono.ChVisualShapeBarrel(-0.5, 0.5, 0.6, 0.4, 0.1))
model = chrono.ChVisualShapeModelFile("/data/wheel.obj")
b.AddVisualShape(model)
hidden = chrono.ChVisualShapeSphere(9)
hidden.SetVisible(False)
b.AddVisualShape(hidden)
textured = chrono.ChVisualShapeBox(1, 1, 1)
textured.SetColor(chrono.ChColor(1, 0, 0))
textured.SetTexture("/data/textures/concrete.jpg")
b.AddVisualShape(textured)
"""
    )
    s = shapes_by_type(result)
    plain_box, textured_box = s["box"]
    assert plain_box["lengths"] == [1, 2, 3]
    assert plain_box["color"] == pytest.approx([0.1, 0.2, 0.3])
    assert plain_box["opacity"] == 0.5
    assert plain_box["texture"] is None
    assert plain_box["frame"]["pos"] == [1, 0, 0]
    assert plain_box["frame"]["rot"] == pytest.approx([math.cos(math.pi / 4), 0, 0, math.sin(math.pi / 4)])
    assert textured_box["texture"] == "/data/textures/concrete.jpg"
    assert textured_box["color"] == [1, 1, 1]  # white base under a texture
    assert [x["radius"] for x in s["sphere"]] == [0.7]  # the invisible sphere is skipped
    assert s["ellipsoid"][0]["semiaxes"] == [0.5, 1, 2]
    assert (s["cylinder"][0]["radius"], s["cylinder"][0]["height"]) == (0.2, 1.5)
    assert (s["capsule"][0]["radius"], s["capsule"][0]["height"]) == (0.3, 1.0)
    assert (s["cone"][0]["radius"], s["cone"][0]["height"]) == (0.4, 0.9)
    assert (s["roundedbox"][0]["lengths"], s["roundedbox"][0]["radius"]) == ([1, 1, 2], 0.1)
    assert (s["roundedcylinder"][0]["sphereRadius"], s["roundedcylinder"][0]["height"]) == (0.05, 2)
    assert (s["barrel"][0]["hlow"], s["barrel"][0]["rhor"]) == (-0.5, 0.4)
    assert s["modelfile"][0]["file"] == "/data/wheel.obj"


def test_point_point_shapes_are_cast_before_lines_and_follow_the_link():
    result = run_scene(
        """
ground = chrono.ChBody()
ground.SetFixed(True)
sys.Add(ground)
ball = chrono.ChBodyEasySphere(0.1, 1000)
ball.SetPos(chrono.ChVector3d(0, -1, 0))
sys.Add(ball)
spring = chrono.ChLinkTSDA()
spring.Initialize(ground, ball, False, chrono.ChVector3d(0, 0, 0), chrono.ChVector3d(0, -1, 0))
spring.SetSpringCoefficient(50)
spring.AddVisualShape(chrono.ChVisualShapeSpring(0.05, 80, 15))
spring.AddVisualShape(chrono.ChVisualShapeSegment())
sys.AddLink(spring)
line_body = chrono.ChBody()
line_body.SetFixed(True)
sys.Add(line_body)
line_body.AddVisualShape(chrono.ChVisualShapeLine(chrono.ChLineSegment(chrono.ChVector3d(0, 0, 0), chrono.ChVector3d(2, 0, 0))))
""",
        ("--sim-time", "0.2"),
    )
    s = shapes_by_type(result)
    spring_shape, segment = s["spring"][0], s["segment"][0]
    assert spring_shape["turns"] == 15 and spring_shape["radius"] == 0.05
    assert spring_shape["dynamic"] and segment["dynamic"]
    assert spring_shape["points"][0] == [0, 0, 0]
    assert "pointpoint" not in s  # Segment and Spring derive from PointPoint, then Line
    line = s["line"][0]
    assert not line["dynamic"]
    assert line["points"][0] == [0, 0, 0] and line["points"][-1] == [2, 0, 0]
    link_key = next(k for k, it in result.items().items() if it["kind"] == "link")
    last = result.frames[-1]
    points = [e for e in last["extras"] if e["kind"] == stream.EXTRA_POINTS]
    assert {e["key"] for e in points} == {link_key * 256, link_key * 256 + 1}
    ball_key = next(k for k, it in result.items().items() if it["shapes"] and it["shapes"][0]["type"] == "sphere")
    ball_y = last["poses"][last["keys"].index(ball_key) * 10 + 1]
    assert points[0]["data"][4] == pytest.approx(ball_y, abs=1e-5)  # lower end rides on the ball


def test_aux_ref_body_is_placed_by_its_reference_frame_not_its_centre_of_mass():
    result = run_scene(
        """
body = chrono.ChBodyAuxRef()
body.SetFixed(True)
body.SetFrameCOMToRef(chrono.ChFramed(chrono.ChVector3d(1, 0, 0)))
body.SetFrameRefToAbs(chrono.ChFramed(chrono.ChVector3d(0, 2, 0)))
body.AddVisualShape(chrono.ChVisualShapeBox(1, 1, 1))
sys.Add(body)
print("COM", body.GetPos().x, body.GetPos().y)
"""
    )
    assert "COM 1.0 2.0" in result.stdout
    first = result.frames[0]
    assert first["poses"][:3] == [0, 2, 0]


def test_meshes_are_sent_once_by_content_and_fixed_bodies_only_in_their_first_frame():
    result = run_scene(
        """
for x in (0, 2):
    mesh = chrono.ChTriangleMeshConnected.CreateFromWavefrontFile(chrono.GetChronoDataFile("models/cube.obj"))
    shape = chrono.ChVisualShapeTriangleMesh()
    shape.SetMesh(mesh)
    body = chrono.ChBody()
    body.SetFixed(True)
    body.SetPos(chrono.ChVector3d(x, 0, 0))
    body.AddVisualShape(shape)
    sys.Add(body)
falling = chrono.ChBodyEasyBox(1, 1, 1, 100)
sys.Add(falling)
""",
        ("--sim-time", "0.1"),
    )
    meshes = result.meshes()
    assert len(meshes) == 1
    mesh = next(iter(meshes.values()))
    assert len(mesh["vertices"]) == 8 * 3 and len(mesh["indices"]) == 12 * 3
    assert len(mesh["normalIndices"]) == len(mesh["indices"])
    mesh_shapes = shapes_by_type(result)["mesh"]
    assert {m["mesh"] for m in mesh_shapes} == set(meshes)
    assert len(result.frames[0]["keys"]) == 3
    assert all(len(f["keys"]) == 1 for f in result.frames[1:])  # only the falling box moves
    ys = [f["poses"][1] for f in result.frames[1:]]
    assert ys[-1] < ys[0] < 0  # it falls under gravity
    assert not any(math.isnan(v) for f in result.frames for v in f["poses"])


def test_fea_surface_is_sent_as_a_dynamic_mesh_with_vertices_every_frame():
    result = run_scene(
        """
import pychrono.fea as fea
mesh = fea.ChMesh()
nodes = [fea.ChNodeFEAxyz(chrono.ChVector3d(*p)) for p in [(0, 0, 0), (1, 0, 0), (0, 1, 0), (0, 0, 1)]]
for n in nodes:
    n.SetMass(0.1)
    mesh.AddNode(n)
nodes[0].SetFixed(True)
nodes[1].SetFixed(True)
nodes[3].SetFixed(True)
element = fea.ChElementTetraCorot_4()
element.SetNodes(*nodes)
element.SetMaterial(fea.ChContinuumElastic(1e5, 0.3, 1000))
mesh.AddElement(element)
shape = chrono.ChVisualShapeFEA(mesh)
mesh.AddVisualShapeFEA(shape)
sys.Add(mesh)
""",
        ("--sim-time", "0.3"),
    )
    item = next(it for it in result.items().values() if it["kind"] == "mesh")
    fea_shape = item["shapes"][0]
    assert fea_shape["type"] == "fea" and fea_shape["dynamic"] is True
    topology = result.meshes()[fea_shape["mesh"]]
    assert len(topology["indices"]) == 4 * 3
    extras = [e for f in result.frames for e in f["extras"] if e["kind"] == stream.EXTRA_VERTICES]
    assert {e["key"] for e in extras} == {item["key"] * 256}
    assert all(len(e["data"]) == 12 for e in extras)
    assert extras[-1]["data"][7] < extras[0]["data"][7]  # the free node sags


def test_particle_clouds_send_each_clone_position_as_points():
    result = run_scene(
        """
cloud = chrono.ChParticleCloud()
cloud.AddVisualShape(chrono.ChVisualShapeSphere(0.05))
for i in range(5):
    cloud.AddParticle(chrono.ChCoordsysd(chrono.ChVector3d(i, 0, 0), chrono.QUNIT))
sys.Add(cloud)
"""
    )
    item = next(it for it in result.items().values() if it["kind"] == "other")
    assert item["clones"] == 5
    clones = [e for e in result.frames[-1]["extras"] if e["kind"] == stream.EXTRA_POINTS]
    assert len(clones) == 1 and clones[0]["key"] == item["key"] * 256
    assert clones[0]["data"] == [0, 0, 0, 1, 0, 0, 2, 0, 0, 3, 0, 0, 4, 0, 0]
    assert all(item["key"] not in f["keys"] for f in result.frames)


def test_items_appearing_and_vanishing_are_sent_as_scene_diffs():
    result = run_source(
        HEADER
        + """
vis = chronoirr.ChVisualSystemIrrlicht()
vis.AttachSystem(sys)
extra = []
made = 0
while vis.Run():
    vis.Render()
    sys.DoStepDynamics(0.01)
    if made < 3:
        b = chrono.ChBodyEasySphere(0.1, 100)
        sys.Add(b)
        vis.BindItem(b)
        extra.append(b)
        made += 1
    elif sys.GetChTime() > 0.1 and extra:
        sys.Remove(extra.pop(0))
""",
        ("--sim-time", "0.3"),
    )
    scenes = result.of_type("scene")
    assert scenes[0]["full"] and not any(s["full"] for s in scenes[1:])
    added = [it["key"] for s in scenes for it in s["add"]]
    removed = [k for s in scenes for k in s["remove"]]
    assert len(added) == 3 and removed == added  # all three appeared, then vanished in order
    assert result.frames[-1]["keys"] == []


@pytest.mark.parametrize(
    "setup, up",
    [
        ("", "Y"),
        ("vis.SetCameraVertical(chrono.CameraVerticalDir_Z)", "Z"),
        ("sys.SetGravitationalAcceleration(chrono.ChVector3d(0, 0, -9.81))", "Z"),
    ],
)
def test_up_axis_and_first_camera(setup, up):
    result = run_source(
        HEADER
        + """
sys.Add(chrono.ChBodyEasySphere(0.1, 100))
vis = chronoirr.ChVisualSystemIrrlicht()
vis.AttachSystem(sys)
%s
vis.AddCamera(chrono.ChVector3d(1, 2, 3), chrono.ChVector3d(0, 1, 0))
vis.AddCamera(chrono.ChVector3d(9, 9, 9))
while vis.Run():
    vis.Render()
    sys.DoStepDynamics(0.01)
"""
        % setup,
        ("--sim-time", "0.02"),
    )
    scene = result.of_type("scene")[0]
    assert scene["upAxis"] == up
    assert scene["camera"] == {"pos": [1, 2, 3], "target": [0, 1, 0]}


def test_sample_frames_come_every_sample_dt_of_simulated_time():
    result = run_scene("sys.Add(chrono.ChBodyEasySphere(0.1, 100))\n", ("--sim-time", "0.5", "--sample-dt", "0.05", "--display-hz", "1"))
    samples = [round(f["simTime"], 6) for f in result.frames if f["flags"] & stream.FRAME_SAMPLE]
    assert samples == [round(0.05 * k, 6) for k in range(11)]
    assert all(f["flags"] & (stream.FRAME_SAMPLE | stream.FRAME_DISPLAY) for f in result.frames)


def test_a_large_grid_mesh_on_a_terrain_item_is_sent_as_a_heightfield():
    # A grid with shared vertices, as SCM terrain builds it (written as OBJ, then loaded).
    result = run_scene(
        """
import math
nx, ny = 120, 100
with open("grid.obj", "w") as f:
    for j in range(ny):
        for i in range(nx):
            f.write("v %g %g %g\\n" % (-3 + 0.05 * i, -2 + 0.04 * j, 0.1 * math.sin(i * 0.1)))
    for j in range(ny - 1):
        for i in range(nx - 1):
            f.write("f %d %d %d\\n" % (j * nx + i + 1, j * nx + i + 2, (j + 1) * nx + i + 1))
mesh = chrono.ChTriangleMeshConnected.CreateFromWavefrontFile("grid.obj")
terrain = chrono.ChLoadContainer()
shape = chrono.ChVisualShapeTriangleMesh()
shape.SetMesh(mesh)
terrain.AddVisualShape(shape)
sys.Add(terrain)
"""
    )
    item = next(it for it in result.items().values() if it["kind"] == "other")
    field = item["shapes"][0]
    assert field["type"] == "heightfield"
    assert (field["nx"], field["ny"]) == (120, 100)
    assert field["dx"] == pytest.approx(0.05) and field["dy"] == pytest.approx(0.04)
    assert field["origin"] == pytest.approx([-3, -2, 0])
    # The heights are not in the JSON: they travel once, as float32, in the first frame.
    assert "heights" not in field and field["flatHeight"] is None
    grids = [e for f in result.frames for e in f["extras"] if e["kind"] == stream.EXTRA_GRID]
    assert [e["key"] for e in grids] == [item["key"] * 256]
    assert grids[0] is result.frames[0]["extras"][0]
    heights = grids[0]["data"]
    assert len(heights) == 120 * 100
    assert heights[5] == pytest.approx(0.1 * math.sin(0.5), abs=1e-6)
    assert heights[130] == heights[10]  # row 1 (iy = 1) repeats row 0
    assert result.meshes() == {}


def test_items_carry_the_script_lines_that_made_and_added_them():
    result = run_scene(
        """
mat = chrono.ChContactMaterialNSC()
box = chrono.ChBodyEasyBox(1, 1, 1, 1000, True, True, mat)
box.SetName("box")

sys.Add(box)
sys.AddBody(chrono.ChBodyEasySphere(0.1, 1000))
def make_pin():
    pin = chrono.ChBody()
    pin.SetName("pin")
    return pin
pin = make_pin()
sys.Add(pin)
joint = chrono.ChLinkLockRevolute()
joint.Initialize(box, pin, chrono.ChFramed())
sys.AddLink(joint)
emitter_made = chrono.ChParticleCloud()
"""
    )
    items = result.items().values()
    by_kind = sorted((it["kind"], it["name"], it["line"], it["addLine"]) for it in items)
    # HEADER takes lines 1-4 of the script; the body above starts on line 5.
    assert by_kind == [
        ("body", "", 11, None),  # made and added on one line
        ("body", "box", 7, 10),  # made on one line, added on another
        ("body", "pin", 13, 17),  # made inside a function: the line in the function
        ("link", "", 18, 20),
    ]


def test_items_chrono_makes_by_itself_have_no_line():
    result = run_scene(
        """
import pychrono.vehicle as veh
terrain = veh.RigidTerrain(sys)
terrain.AddPatch(chrono.ChContactMaterialNSC(), chrono.CSYSNORM, 10, 10)
"""
    )
    (patch,) = result.items().values()
    assert patch["line"] is None and patch["addLine"] is None
