"""What the bridge tells a review about the model besides shapes: body masses, link types,
and the system block (gravity, contact method, solver, time stepper, step size)."""

import pytest

from helpers import run_source
from twinforge_bridge.scene import describe_system

HEADER = """
import pychrono as chrono
import pychrono.irrlicht as chronoirr
"""
VIS_LOOP = """
vis = chronoirr.ChVisualSystemIrrlicht()
vis.AttachSystem(sys)
vis.Initialize()
while vis.Run():
    vis.BeginScene()
    vis.Render()
    vis.EndScene()
    sys.DoStepDynamics(0.005)
"""


def items_named(result):
    return {it["name"]: it for it in result.items().values()}


def test_bodies_carry_their_mass_and_links_their_most_specific_type():
    result = run_source(
        HEADER
        + """
sys = chrono.ChSystemNSC()
ground = chrono.ChBodyEasyBox(4, 0.2, 4, 1000)
ground.SetName("ground")
ground.SetFixed(True)
sys.Add(ground)
crank = chrono.ChBody()
crank.SetName("crank")
crank.SetMass(2.5)
sys.Add(crank)
def joint(link, name, *frame):
    link.SetName(name)
    link.Initialize(crank, ground, *frame)
    sys.Add(link)
joint(chrono.ChLinkLockRevolute(), "lock revolute", chrono.ChCoordsysd(chrono.ChVector3d(0, 0, 0)))
joint(chrono.ChLinkMateRevolute(), "mate revolute", chrono.ChFramed(chrono.ChVector3d(0, 0, 0)))
joint(chrono.ChLinkLockPlanar(), "lock planar", chrono.ChCoordsysd(chrono.ChVector3d(0, 0, 0)))
joint(chrono.ChLinkMotorRotationSpeed(), "motor", chrono.ChFramed(chrono.ChVector3d(0, 0, 0)))
spring = chrono.ChLinkTSDA()
spring.SetName("spring")
spring.Initialize(crank, ground, False, chrono.ChVector3d(0, 1, 0), chrono.ChVector3d(0, 0, 0))
sys.Add(spring)
"""
        + VIS_LOOP,
        ("--sim-time", "0.02"),
    )
    items = items_named(result)
    assert items["ground"]["mass"] == pytest.approx(4 * 0.2 * 4 * 1000)
    assert items["crank"]["mass"] == 2.5
    assert {n: items[n]["linkType"] for n in ("lock revolute", "mate revolute", "motor", "spring")} == {
        "lock revolute": "ChLinkLockRevolute",
        "mate revolute": "ChLinkMateRevolute",
        "motor": "ChLinkMotorRotationSpeed",
        "spring": "ChLinkTSDA",
    }
    # pychrono 9.0.1 has no CastToChLinkLockPlanar: the deepest class a cast can tell.
    assert items["lock planar"]["linkType"] == "ChLinkLock"
    assert all("linkType" not in it for it in items.values() if it["kind"] == "body")
    assert all("mass" not in it for it in items.values() if it["kind"] == "link")


def test_the_full_scene_describes_the_system_and_the_first_scene_after_a_step_adds_the_step_size():
    result = run_source(
        HEADER
        + """
sys = chrono.ChSystemSMC()
sys.SetGravitationalAcceleration(chrono.ChVector3d(0, 0, -1.62))
sys.SetSolverType(chrono.ChSolver.Type_SPARSE_LU)
sys.SetTimestepperType(chrono.ChTimestepper.Type_HHT)
sys.Add(chrono.ChBodyEasySphere(0.1, 100))
"""
        + VIS_LOOP,
        ("--sim-time", "0.05"),
    )
    scenes = result.of_type("scene")
    with_system = [s for s in scenes if "system" in s]
    assert [s["full"] for s in with_system] == [True, False]
    before, after = with_system[0]["system"], with_system[1]["system"]
    # The visual loop's first Run() sends the scene before any step: no step size yet.
    assert before == {"gravity": [0, 0, -1.62], "timestep": None, "solver": "SPARSE_LU", "timestepper": "HHT", "contactMethod": "SMC"}
    assert after == dict(before, timestep=0.005)
    assert with_system[1]["add"] == [] and with_system[1]["remove"] == []


def test_a_loop_without_a_visual_system_sends_the_step_size_with_the_full_scene():
    result = run_source(
        """
import pychrono as chrono
sys = chrono.ChSystemNSC()
sys.Add(chrono.ChBodyEasySphere(0.1, 100))
while sys.GetChTime() < 1:
    sys.DoStepDynamics(0.002)
""",
        ("--sim-time", "0.02"),
    )
    with_system = [s for s in result.of_type("scene") if "system" in s]
    assert len(with_system) == 1 and with_system[0]["full"]
    # Chrono's defaults: gravity -9.8 along Y, PSOR, linearized implicit Euler.
    assert with_system[0]["system"] == {
        "gravity": [0, -9.8, 0],
        "timestep": 0.002,
        "solver": "PSOR",
        "timestepper": "EULER_IMPLICIT_LINEARIZED",
        "contactMethod": "NSC",
    }


def test_a_system_member_that_fails_or_is_missing_gives_null_and_the_run_goes_on():
    result = run_source(
        HEADER
        + """
sys = chrono.ChSystemNSC()
def broken(self):
    raise RuntimeError("not in this build")
chrono.ChSystemNSC.GetSolverType = broken
chrono.ChSystemNSC.GetContactMethod = broken
b = chrono.ChBody()
b.SetName("b")
chrono.ChBody.GetMass = broken
sys.Add(b)
"""
        + VIS_LOOP,
        ("--sim-time", "0.02"),
    )
    assert result.end["status"] == "limit"
    system = result.of_type("scene")[0]["system"]
    assert system["solver"] is None and system["contactMethod"] is None
    assert system["gravity"] == [0, -9.8, 0]
    assert items_named(result)["b"]["mass"] is None


def test_describe_system_reads_nothing_a_build_lacks():
    class Bare:
        pass

    assert describe_system(Bare(), Bare(), True) == {
        "gravity": None,
        "timestep": None,
        "solver": None,
        "timestepper": None,
        "contactMethod": None,
    }
