"""Calls that crash real Chrono 9.0.1 are stopped before Chrono sees them, naming the
script's line and the fix: by the static check before the run when the text shows them,
by the call-time traps otherwise. With the traps off (TWINFORGE_CRASH_TRAPS=off) the double
dies with SIGSEGV exactly there, as Chrono would, and the fault log names the line."""

import os
import re
import signal

import pytest

from helpers import bridge_env, run_source
from twinforge_bridge import static_checks

TRAPS_OFF = {"TWINFORGE_CRASH_TRAPS": "off"}

# Each easy body, made with collision on through a variable (so only the call-time trap
# can tell) and no material.
EASY_BODIES = {
    "ChBodyEasyBox": "chrono.ChBodyEasyBox(0.5, 0.5, 0.5, 1000, True, collide)",
    "ChBodyEasySphere": "chrono.ChBodyEasySphere(0.25, 1000, True, collide)",
    "ChBodyEasyCylinder": "chrono.ChBodyEasyCylinder(chrono.ChAxis_Y, 0.25, 0.5, 1000, True, collide)",
    "ChBodyEasyEllipsoid": "chrono.ChBodyEasyEllipsoid(chrono.ChVector3d(0.5, 0.5, 0.5), 1000, True, collide)",
    "ChBodyEasyConvexHull": "chrono.ChBodyEasyConvexHull(points, 1000, True, collide)",
    "ChBodyEasyMesh": "chrono.ChBodyEasyMesh(chrono.GetChronoDataFile('models/cube.obj'), 1000, True, True, collide)",
}

FALLING_ONTO_GROUND = """
import pychrono as chrono
sys = chrono.ChSystemNSC()
ground = chrono.ChBodyEasyBox(10, 1, 10, 1000, True, True, chrono.ChContactMaterialNSC())
ground.SetFixed(True)
sys.Add(ground)
collide = True
points = [chrono.ChVector3d(x, y, z) for x in (-0.3, 0.3) for y in (-0.3, 0.3) for z in (-0.3, 0.3)]
body = {make}
body.SetPos(chrono.ChVector3d(0, 2, 0))
sys.Add(body)
print("built", flush=True)
while sys.GetChTime() < 2:
    sys.DoStepDynamics(0.01)
print("landed without a crash")
"""
MAKE_LINE = 9
STEP_LINE = 14


def fault_log(result):
    with open(os.path.join(result.workdir, ".twinforge-fault.log")) as f:
        return f.read()


def script_lines(log, script_name="script.py"):
    """The script's lines in the faulthandler stack of the crashed thread, innermost first."""
    current = log.split("Current thread", 1)[1] if "Current thread" in log else log
    current = current.split("\n\n", 1)[0]
    return [int(n) for n in re.findall(r'File "[^"]*%s", line (\d+)' % re.escape(script_name), current)]


@pytest.mark.parametrize("name", sorted(EASY_BODIES))
def test_an_easy_body_with_collision_and_no_material_is_stopped_at_its_line(name):
    result = run_source(FALLING_ONTO_GROUND.format(make=EASY_BODIES[name]))
    error = result.one("error")
    assert error["errorType"] == "ChronoWouldCrashError" and error["phase"] == "run"
    assert error["line"] == MAKE_LINE
    assert name in error["message"] and "chrono.ChContactMaterialNSC()" in error["message"]
    assert "built" not in result.stdout
    assert result.end["status"] == "error" and result.returncode == 1


@pytest.mark.parametrize("name", sorted(EASY_BODIES))
def test_with_a_material_the_same_body_runs(name):
    make = EASY_BODIES[name].replace("collide)", "collide, chrono.ChContactMaterialNSC())")
    result = run_source(FALLING_ONTO_GROUND.format(make=make), ("--sim-time", "0.5"))
    assert result.of_type("error") == [] and result.end["status"] == "limit"


@pytest.mark.parametrize("name", ["ChBodyEasyBox", "ChBodyEasySphere", "ChBodyEasyMesh"])
def test_with_the_traps_off_the_double_crashes_at_the_first_contact_and_the_fault_log_names_the_line(name):
    result = run_source(FALLING_ONTO_GROUND.format(make=EASY_BODIES[name]), env=bridge_env(extra=TRAPS_OFF))
    assert result.returncode == -signal.SIGSEGV
    assert "built" in result.stdout and "landed" not in result.stdout
    assert result.of_type("end") == []
    # It fell for a while first: the crash is at the contact, not at the construction.
    assert result.frames and result.frames[-1]["simTime"] > 0.3
    assert script_lines(fault_log(result))[0] == STEP_LINE


def test_a_collision_shape_without_a_material_is_stopped():
    result = run_source(
        """
import pychrono as chrono
material = None
shape = chrono.ChCollisionShapeBox(material, 1, 1, 1)
"""
    )
    error = result.one("error")
    assert error["line"] == 4 and "ChCollisionShapeBox" in error["message"] and "first argument" in error["message"]


def test_a_collision_shape_without_a_material_crashes_the_double_at_the_first_contact():
    result = run_source(
        """
import pychrono as chrono
sys = chrono.ChSystemNSC()
ground = chrono.ChBodyEasyBox(10, 1, 10, 1000, True, True, chrono.ChContactMaterialNSC())
ground.SetFixed(True)
sys.Add(ground)
body = chrono.ChBody()
body.AddCollisionShape(chrono.ChCollisionShapeSphere(None, 0.5))
body.EnableCollision(True)
body.SetPos(chrono.ChVector3d(0, 1, 0))
sys.Add(body)
while sys.GetChTime() < 1:
    sys.DoStepDynamics(0.01)
""",
        env=bridge_env(extra=TRAPS_OFF),
    )
    assert result.returncode == -signal.SIGSEGV
    assert script_lines(fault_log(result))[0] == 13


def test_setting_every_shape_material_to_none_is_stopped():
    result = run_source(
        """
import pychrono as chrono
body = chrono.ChBodyEasyBox(1, 1, 1, 1000, True, True, chrono.ChContactMaterialNSC())
nothing = None
body.GetCollisionModel().SetAllShapesMaterial(nothing)
"""
    )
    error = result.one("error")
    assert error["line"] == 5 and "SetAllShapesMaterial" in error["message"]


def test_a_terrain_patch_without_a_material_is_stopped():
    result = run_source(
        """
import pychrono as chrono
import pychrono.vehicle as veh
sys = chrono.ChSystemNSC()
terrain = veh.RigidTerrain(sys)
material = None
terrain.AddPatch(material, chrono.CSYSNORM, 10, 10)
"""
    )
    error = result.one("error")
    assert error["line"] == 7 and "RigidTerrain.AddPatch" in error["message"]


VEHICLE = """
import pychrono as chrono
import pychrono.vehicle as veh

def dress(vehicle):
    vehicle.SetChassisVisualizationType(veh.VisualizationType_PRIMITIVES)

hmmwv = veh.HMMWV_Full()
hmmwv.SetInitPosition(chrono.ChCoordsysd(chrono.ChVector3d(0, 0, 1.6), chrono.QUNIT))
{first}
{second}
print("made it")
"""


def test_a_vehicle_visualization_setter_before_initialize_is_stopped_at_its_line():
    result = run_source(VEHICLE.format(first="dress(hmmwv)", second="hmmwv.Initialize()"))
    error = result.one("error")
    assert error["errorType"] == "ChronoWouldCrashError" and error["line"] == 6
    assert "HMMWV_Full.SetChassisVisualizationType before HMMWV_Full.Initialize()" in error["message"]
    assert "made it" not in result.stdout


def test_the_same_setter_after_initialize_runs():
    result = run_source(VEHICLE.format(first="hmmwv.Initialize()", second="dress(hmmwv)"))
    assert result.of_type("error") == [] and "made it" in result.stdout


def test_with_the_traps_off_the_double_crashes_on_the_setter_before_initialize():
    result = run_source(VEHICLE.format(first="dress(hmmwv)", second="hmmwv.Initialize()"), env=bridge_env(extra=TRAPS_OFF))
    assert result.returncode == -signal.SIGSEGV
    assert script_lines(fault_log(result))[:2] == [6, 10]


def test_with_the_traps_off_a_missing_mesh_file_crashes_the_double():
    result = run_source(
        """
import pychrono as chrono
mesh = chrono.ChTriangleMeshConnected.CreateFromWavefrontFile(chrono.GetChronoDataFile("no/such.obj"))
""",
        env=bridge_env(extra=TRAPS_OFF),
    )
    assert result.returncode == -signal.SIGSEGV
    assert "Error loading OBJ file" in result.stderr
    assert script_lines(fault_log(result)) == [3]


def test_literal_calls_that_crash_are_all_reported_before_the_script_runs():
    result = run_source(
        """
print("ran")
import pychrono as chrono
import pychrono.vehicle as veh
a = chrono.ChBodyEasyBox(1, 1, 1, 1000, True, True)
car = veh.HMMWV_Full()
car.SetTireVisualizationType(veh.VisualizationType_MESH)
car.Initialize()
"""
    )
    error = result.one("error")
    assert error["phase"] == "check" and error["errorType"] == "ChronoWouldCrashError"
    assert error["line"] == 5
    assert "ChBodyEasyBox" in error["message"] and "Line 7: HMMWV_Full.SetTireVisualizationType" in error["message"]
    assert "ran" not in result.stdout and result.of_type("scene") == []
    assert result.end["status"] == "error"


def test_a_clean_run_leaves_an_empty_fault_log():
    result = run_source("import pychrono as chrono\nprint(chrono.ChSystemNSC().GetChTime())\n")
    assert result.end["status"] == "finished"
    assert fault_log(result) == ""


@pytest.mark.parametrize(
    "source",
    [
        "b = chrono.ChBodyEasyBox(1, 1, 1, 1000, True, True)",
        "b = chrono.ChBodyEasySphere(1, 1000, True, True, None)",
        "b = chrono.ChBodyEasyBox(1, 1, 1, 1000, None)",
        "b = ChBodyEasyCylinder(chrono.ChAxis_Y, 1, 1, 1000, True, True)",
        "b = chrono.ChBodyEasyMesh('m.obj', 1000, True, True, True)",
        "b = chrono.ChBodyEasyBox(1, 1, 1, 1000, create_collision=True)",
        "s = chrono.ChCollisionShapeBox()",
        "s = chrono.ChCollisionShapeSphere(None, 1)",
        "m.SetAllShapesMaterial(None)",
        "terrain.AddPatch(None, chrono.CSYSNORM, 1, 1)",
        "chrono.AddBoxGeometry(body, None, chrono.ChVector3d(1, 1, 1))",
        "c = fea.ChContactSurfaceMesh(None)",
    ],
)
def test_the_static_check_finds_each_literal_crash(source):
    findings = static_checks.check_source("import pychrono as chrono\n" + source + "\n")
    assert [line for line, _ in findings] == [2]


@pytest.mark.parametrize(
    "source",
    [
        "b = chrono.ChBodyEasyBox(1, 1, 1, 1000)",
        "b = chrono.ChBodyEasyBox(1, 1, 1, 1000, True, False)",
        "b = chrono.ChBodyEasyBox(1, 1, 1, 1000, True, True, mat)",
        "b = chrono.ChBodyEasyBox(1, 1, 1, 1000, mat)",
        "b = chrono.ChBodyEasyBox(1, 1, 1, 1000, True, collide)",
        "b = chrono.ChBodyEasyBox(*size, True, True)",
        "b = chrono.ChBodyEasyBox(1, 1, 1, 1000, **options)",
        "b = chrono.ChBodyEasyMesh('m.obj', 1000, True, True, False)",
        "s = chrono.ChCollisionShapeBox(mat, 1, 1, 1)",
        "patches.AddPatch(mat, chrono.CSYSNORM, 1, 1)",
        "car = veh.HMMWV_Full()\ncar.Initialize()\ncar.SetChassisVisualizationType(1)",
        "car = veh.HMMWV_Full()\ncar.SetContactMethod(0)\ncar.Initialize()",
    ],
)
def test_the_static_check_leaves_what_it_cannot_be_sure_of(source):
    assert static_checks.check_source("import pychrono as chrono\n" + source + "\n") == []


def test_the_static_check_sees_vehicle_wrappers_per_scope():
    source = """
import pychrono.vehicle as veh
def build():
    car = veh.Sedan()
    car.SetChassisVisualizationType(1)
    car.Initialize()
    return car
other = build()
other.SetChassisVisualizationType(1)
"""
    assert [line for line, _ in static_checks.check_source(source)] == [5]
