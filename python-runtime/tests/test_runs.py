"""How runs start, are bounded and end: limits, stop, pause, stand-in calls, errors,
missing modules and files, crashes."""

import json
import os
import signal
import sys

import pytest

from helpers import BridgeProcess, bridge_env, run_source, write_script
from twinforge_bridge import stream

IRR_LOOP = """
import pychrono as chrono
import pychrono.irrlicht as chronoirr
sys = chrono.ChSystemNSC()
sys.Add(chrono.ChBodyEasySphere(0.1, 1000))
vis = chronoirr.ChVisualSystemIrrlicht()
vis.AttachSystem(sys)
vis.Initialize()
while vis.Run():
    vis.BeginScene()
    vis.Render()
    vis.EndScene()
    sys.DoStepDynamics(0.01)
print("after the loop", round(sys.GetChTime(), 3))
"""


def test_hello_comes_first_and_names_the_install():
    result = run_source(IRR_LOOP, ("--sim-time", "0.05"))
    hello = result.json[0]
    assert hello["type"] == "hello" and hello["protocol"] == stream.PROTOCOL_VERSION
    assert hello["pychrono"] == "9.0.1"
    assert hello["modules"] == {"core": True, "fea": True, "vehicle": True, "robot": True, "sensor": False, "irrlicht": False, "pardisomkl": False, "ros": False}
    assert hello["dataPath"].endswith("data/")
    assert result.json[-1]["type"] == "end"


def test_sim_time_limit_ends_the_endless_loop_and_the_rest_of_the_script_runs():
    result = run_source(IRR_LOOP, ("--sim-time", "0.3"))
    assert result.end["status"] == "limit"
    assert "simulated-time limit" in result.end["reason"]
    assert result.end["simTime"] == pytest.approx(0.3)
    assert result.end["steps"] == 30
    assert "after the loop 0.3" in result.stdout
    assert result.returncode == 0


def test_wall_time_limit_ends_a_run():
    result = run_source(IRR_LOOP, ("--wall-time", "0.5"))
    assert result.end["status"] == "limit"
    assert "wall-clock limit" in result.end["reason"]
    assert result.end["simTime"] > 0


def test_close_device_ends_the_loop_as_finished():
    result = run_source(IRR_LOOP.replace("sys.DoStepDynamics(0.01)", "sys.DoStepDynamics(0.01)\n    if sys.GetChTime() > 0.1:\n        vis.GetDevice().closeDevice()"), ("--sim-time", "5"))
    assert result.end["status"] == "finished"
    assert "after the loop 0.11" in result.stdout


def test_stop_command_ends_the_loop():
    bp = BridgeProcess(write_script(IRR_LOOP))
    bp.read_until(lambda msgs: sum(1 for k, m in msgs if k == "frame") >= 3)
    bp.send(json.dumps({"cmd": "stop"}))
    result = bp.finish()
    assert result.end["status"] == "stopped"
    assert result.returncode == 0


def test_a_closed_control_channel_stops_the_run_when_asked():
    # The host passes --stop-on-eof: if it dies, its end of stdin closes and the run ends.
    bp = BridgeProcess(write_script(IRR_LOOP), ("--stop-on-eof",))
    bp.read_until(lambda msgs: sum(1 for k, m in msgs if k == "frame") >= 3)
    result = bp.finish()
    assert result.end["status"] == "stopped"


def test_a_closed_control_channel_alone_does_not_stop_the_run():
    bp = BridgeProcess(write_script(IRR_LOOP), ("--sim-time", "0.2"))
    bp.read_until(lambda msgs: any(k == "frame" for k, m in msgs))
    result = bp.finish()
    assert result.end["status"] == "limit"


def test_pause_blocks_the_simulation_and_step_lets_one_frame_through():
    bp = BridgeProcess(write_script(IRR_LOOP), ("--display-hz", "1000"))
    bp.send(json.dumps({"cmd": "pause"}))
    bp.read_until(lambda msgs: any(k == "frame" for k, m in msgs))
    frames_before = [m for k, m in __import__("twinforge_bridge.stream").stream.decode_stream(bp.data) if k == "frame"]
    bp.send(json.dumps({"cmd": "step"}))
    bp.read_until(lambda msgs: sum(1 for k, m in msgs if k == "frame") > len(frames_before))
    bp.send(json.dumps({"cmd": "stop"}))
    result = bp.finish()
    assert result.end["status"] == "stopped"
    assert result.end["steps"] <= 2  # paused from the start: only the stepped frames ran


def test_loops_without_a_visual_system_are_bounded_by_the_step_wrapper():
    result = run_source(
        """
import pychrono.core as chrono
sys = chrono.ChSystemNSC()
ball = chrono.ChBodyEasySphere(0.1, 1000)
sys.Add(ball)
t = 0
while t < 100:
    sys.DoStepDynamics(0.01)
    t = sys.GetChTime()
print("never printed")
""",
        ("--sim-time", "0.5"),
    )
    assert result.end["status"] == "limit"
    assert result.end["simTime"] == pytest.approx(0.5)
    assert "never printed" not in result.stdout
    assert result.of_type("scene") and len(result.frames) >= 50  # sampled every 0.01 s


def test_main_function_scripts_run_as_main():
    result = run_source(
        """
import pychrono as chrono

def main():
    sys = chrono.ChSystemNSC()
    print("main ran", __name__)

if __name__ == "__main__":
    main()
"""
    )
    assert "main ran __main__" in result.stdout
    assert result.end["status"] == "finished"


def test_matplotlib_is_forced_to_agg():
    pytest.importorskip("matplotlib", reason="matplotlib is not installed for this Python")
    result = run_source('import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()\nprint("backend", plt.get_backend().lower())\n')
    assert "backend agg" in result.stdout
    assert result.end["status"] == "finished"


def test_input_raises_eof_and_the_script_runs_in_the_scratch_directory():
    result = run_source(
        """
import os
try:
    input("press enter")
except EOFError:
    print("EOF at once")
import pychrono as chrono
print("output", os.path.isdir(chrono.GetChronoOutputPath()), os.getcwd())
"""
    )
    assert "EOF at once" in result.stdout
    assert "output True %s" % os.path.realpath(result.workdir) in result.stdout or "output True %s" % result.workdir in result.stdout
    assert os.path.isdir(os.path.join(result.workdir, "DEMO_OUTPUT"))


def test_input_without_a_handler_ends_the_run_with_eof_error_at_its_line():
    result = run_source('x = 1\nname = input("name? ")\n')
    error = result.one("error")
    assert (error["errorType"], error["line"]) == ("EOFError", 2)


def test_every_visual_system_call_is_accepted_and_unknown_ones_reported_once():
    result = run_source(
        """
import pychrono as chrono
import pychrono.irrlicht as chronoirr
sys = chrono.ChSystemNSC()
vis = chronoirr.ChVisualSystemIrrlicht()
vis.SetWindowTitle("t")
vis.SetWindowSize(800, 600)
vis.Initialize()
vis.AttachSystem(sys)
vis.AddLogo(chrono.GetChronoDataFile("logo_pychrono_alpha.png"))
vis.AddSkyBox()
vis.AddCamera(chrono.ChVector3d(0, 3, 6))
vis.AddTypicalLights()
vis.AddLightWithShadow(chrono.ChVector3d(1, 2, 3), chrono.ChVector3d(0, 0, 0), 3, 2.2, 7.2, 40, 512)
vis.SetCameraVertical(chrono.CameraVerticalDir_Z)
node = vis.GetSceneManager().addSphereSceneNode(0.1)
node.setPosition(chronoirr.vector3df(1, 2, 3))
node.getMaterial(0).EmissiveColor = chronoirr.SColor(0, 255, 0, 0)
chronoirr.drawGrid(vis, 0.5, 0.5)
chronoirr.drawSegment(vis, chrono.ChVector3d(0, 0, 0), chrono.ChVector3d(1, 0, 0))
vis.EnableOldFeature(True)
vis.EnableOldFeature(False)
body = chrono.ChBodyEasySphere(0.1, 100)
sys.Add(body)
vis.BindItem(body)
while vis.Run():
    vis.BeginScene()
    vis.Render()
    vis.EndScene()
    sys.DoStepDynamics(0.01)
    if sys.GetChTime() >= 0.05:
        vis.GetDevice().closeDevice()
print("position", node.getPosition().X, "red", node.getMaterial(0).EmissiveColor.getRed())
""",
        ("--sim-time", "1"),
    )
    assert result.end["status"] == "finished", result.json
    warnings = [m["message"] for m in result.of_type("log") if m["level"] == "warning"]
    assert len(warnings) == 1 and "EnableOldFeature" in warnings[0]
    assert "position 1.0 red 255" in result.stdout
    assert result.of_type("scene")[0]["upAxis"] == "Z"


def test_realtime_spin_is_neutralised():
    # Without the bridge each Spin(30) would busy-wait 30 s; the test's timeout would fail it.
    result = run_source(
        """
import pychrono as chrono
timer = chrono.ChRealtimeStepTimer()
for i in range(3):
    timer.Spin(30)
print("spun")
"""
    )
    assert "spun" in result.stdout


def test_interactive_driver_follows_the_driver_command_and_is_neutral_by_default():
    script = write_script(
        """
import time
import pychrono as chrono
import pychrono.vehicle as veh
import pychrono.irrlicht as chronoirr

class Vehicle:
    def __init__(self):
        self.sys = chrono.ChSystemNSC()
    def GetSystem(self):
        return self.sys
    def GetPos(self):
        return chrono.ChVector3d(0, 0, 0)
    def GetRot(self):
        return chrono.QUNIT

vehicle = Vehicle()
vis = veh.ChWheeledVehicleVisualSystemIrrlicht()
vis.SetChaseCamera(chrono.ChVector3d(0, 0, 1.75), 6.0, 0.5)
vis.AttachVehicle(vehicle)
driver = veh.ChInteractiveDriverIRR(vis)
driver.SetSteeringDelta(0.02)
driver.SetThrottleDelta(0.02)
driver.SetBrakingDelta(0.06)
driver.Initialize()
for i in range(500):
    if driver.GetThrottle() > 0:
        break
    time.sleep(0.01)
inputs = driver.GetInputs()
print("inputs", inputs.m_steering, inputs.m_throttle, inputs.m_braking, isinstance(driver, veh.ChDriver))
while vis.Run():
    driver.Synchronize(0)
    vis.Synchronize(0, inputs)
    vehicle.sys.DoStepDynamics(0.01)
    vis.Advance(0.01)
    vis.Render()
"""
    )
    bp = BridgeProcess(script, ("--sim-time", "0.05"))
    bp.send(json.dumps({"cmd": "driver", "steering": -0.5, "throttle": 0.8, "braking": 0}))
    result = bp.finish()
    assert result.returncode == 0, result.stderr
    assert "inputs -0.5 0.8 0.0 True" in result.stdout
    scene = result.of_type("scene")[0]
    assert scene["upAxis"] == "Z"
    assert scene["camera"]["target"] == [0, 0, 1.75]


def test_interactive_driver_is_neutral_until_the_app_drives():
    result = run_source(
        """
import pychrono as chrono
import pychrono.vehicle as veh
import pychrono.irrlicht as chronoirr
vis = chronoirr.ChVisualSystemIrrlicht()
driver = veh.ChInteractiveDriverIRR(vis)
inputs = driver.GetInputs()
print("neutral", inputs.m_steering, inputs.m_throttle, inputs.m_braking, driver.GetClutch())
driver.SetJoystickConfigFile("joy.json")
driver.SetKeyboardLayout("azerty")
driver.SetKeyboardLayout("qwerty")
print("tracked", veh.ChTrackedVehicleVisualSystemIrrlicht().GetVehicle())
rig = veh.ChSuspensionTestRigInteractiveDriverIRR(vis)
"""
    )
    assert "neutral 0.0 0.0 0.0 0.0" in result.stdout
    assert "tracked None" in result.stdout
    warnings = [m["message"] for m in result.of_type("log") if m["level"] == "warning"]
    assert len(warnings) == 1 and "SetKeyboardLayout" in warnings[0]
    error = result.one("error")
    assert error["missingModule"] == "irrlicht" and "ChSuspensionTestRigInteractiveDriverIRR" in error["message"]


def test_the_double_really_crashes_on_a_made_up_swig_this():
    # Proves the trap the driver stand-in avoids is real in the double (a SIGSEGV).
    result = run_source(
        """
import pychrono.vehicle as veh

class Bad(veh.ChDriver):
    def __getattr__(self, name):
        return lambda *a: None

Bad(None)
"""
    )
    assert result.returncode == -signal.SIGSEGV


def test_vehicle_data_path_is_set_by_the_bridge():
    result = run_source(
        """
import pychrono as chrono
import pychrono.vehicle as veh
print("path", veh.GetDataPath() == chrono.GetChronoDataPath() + "vehicle/")
"""
    )
    assert "path True" in result.stdout


@pytest.mark.parametrize("module, words", [("sensor", "CUDA"), ("ros", "ROS 2"), ("vsg", "9.0.1")])
def test_missing_optional_modules_give_a_plain_message(module, words):
    result = run_source("import pychrono as chrono\nimport pychrono.%s as m\n" % module)
    error = result.one("error")
    assert error["missingModule"] == module
    assert "pychrono.%s" % module in error["message"] and words in error["message"]
    assert error["line"] == 2
    assert result.end["status"] == "error"


def test_pardiso_mkl_falls_back_to_sparse_lu_with_a_notice():
    result = run_source(
        """
import pychrono as chrono
import pychrono.pardisomkl as mkl
sys = chrono.ChSystemNSC()
solver = mkl.ChSolverPardisoMKL()
solver.LockSparsityPattern(True)
sys.SetSolver(solver)
print("solver", type(sys.GetSolver()).__name__)
"""
    )
    assert "solver ChSolverSparseLU" in result.stdout
    notices = [m["message"] for m in result.of_type("log") if m["level"] == "info"]
    assert any("ChSolverSparseLU" in n for n in notices)
    assert result.end["status"] == "finished"


def test_missing_mesh_file_ends_the_run_with_an_error_naming_it_instead_of_a_crash():
    result = run_source(
        """
import pychrono as chrono
ok = chrono.ChTriangleMeshConnected.CreateFromWavefrontFile(chrono.GetChronoDataFile("models/cube.obj"))
print("loaded", ok.GetNumTriangles())
mesh = chrono.ChTriangleMeshConnected()
mesh.LoadWavefrontMesh(chrono.GetChronoDataFile("vehicle/terrain/meshes/Highway_col.obj"))
"""
    )
    assert "loaded 12" in result.stdout
    error = result.one("error")
    assert error["errorType"] == "MissingDataFileError"
    assert "vehicle/terrain/meshes/Highway_col.obj" in error["message"]
    assert error["line"] == 6
    assert result.returncode == 1  # an orderly end, not a signal


def test_missing_terrain_mesh_for_a_vehicle_loader_is_caught_too():
    result = run_source(
        """
import pychrono as chrono
import pychrono.vehicle as veh
sys = chrono.ChSystemNSC()
terrain = veh.RigidTerrain(sys)
terrain.AddPatch(chrono.ChContactMaterialNSC(), chrono.CSYSNORM, veh.GetDataFile("terrain/meshes/Highway_col.obj"))
"""
    )
    assert "Highway_col.obj" in result.one("error")["message"]


def test_syntax_error_is_reported_before_anything_runs():
    result = run_source('print("ran")\nx = (1,\n')
    error = result.one("error")
    assert error["phase"] == "syntax" and error["errorType"] == "SyntaxError"
    assert error["line"] == 2
    assert "ran" not in result.stdout
    assert result.of_type("scene") == []
    assert result.end["status"] == "error"


def test_exception_maps_to_the_user_line_with_a_traceback_free_of_bridge_frames():
    result = run_source(
        """
import pychrono as chrono

def build(sys):
    body = chrono.ChBody()
    return body.NoSuchMethod()

build(chrono.ChSystemNSC())
""",
        name="my_twin.py",
    )
    error = result.one("error")
    assert error["errorType"] == "AttributeError"
    assert error["line"] == 6
    assert "my_twin.py" in error["traceback"]
    assert "twinforge_bridge" not in error["traceback"] and "runpy" not in error["traceback"]
    assert error["traceback"].startswith("Traceback (most recent call last):")
    assert result.end["status"] == "error"


def test_a_crash_kills_the_process_but_the_frames_sent_before_arrive():
    result = run_source(IRR_LOOP.replace("sys.DoStepDynamics(0.01)", "sys.DoStepDynamics(0.01)\n    if sys.GetChTime() > 0.2:\n        import os, signal\n        os.kill(os.getpid(), signal.SIGSEGV)"))
    assert result.returncode == -signal.SIGSEGV
    assert result.of_type("end") == []
    assert result.of_type("scene") and len(result.frames) >= 20
    assert result.frames[-1]["simTime"] == pytest.approx(0.2, abs=0.02)


def test_a_crash_inside_the_double_is_a_crash_too():
    result = run_source(IRR_LOOP, ("--sim-time", "5"), env=bridge_env(extra={"PYCHRONO_DOUBLE_CRASH_AT_TIME": "0.1"}))
    assert result.returncode == -signal.SIGSEGV
    assert result.frames


def test_stdout_carries_only_the_script_output():
    result = run_source('print("one")\nimport sys\nsys.stderr.write("two\\n")\n')
    assert result.stdout == "one\n"
    assert result.stderr == "two\n"


def test_a_script_without_pychrono_installed_gets_a_plain_message():
    result = run_source("import pychrono as chrono\n", env=bridge_env(with_double=False))
    error = result.one("error")
    assert error["missingModule"] == "pychrono"
    assert "environment.yml" in error["message"]
    assert result.json[0]["pychrono"] is None


def test_probe_reports_the_install_and_never_crashes_without_pychrono():
    import subprocess

    out = subprocess.run([sys.executable, "-m", "twinforge_bridge", "probe"], env=bridge_env(), capture_output=True, text=True, timeout=30)
    probe = json.loads(out.stdout)
    assert probe["pychrono"] == "9.0.1" and probe["problem"] is None
    assert probe["modules"]["vehicle"] and not probe["modules"]["sensor"] and not probe["modules"]["irrlicht"]
    out = subprocess.run([sys.executable, "-m", "twinforge_bridge", "probe"], env=bridge_env(with_double=False), capture_output=True, text=True, timeout=30)
    probe = json.loads(out.stdout)
    assert probe["pychrono"] is None and "pychrono is not installed" in probe["problem"]
    assert probe["pythonVersion"].startswith("3.")
