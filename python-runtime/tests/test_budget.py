"""The streaming budget: what the bridge reads per step (fixed, unchanged, resting and
sleeping items; one read per body per step; clone frames once per frame), float64 samples
equal to Chrono's doubles, and a display rate that drops when reading costs too much of
the loop, with a report saying so."""

import collections
import json
import os
import struct
import tempfile

import pytest

from helpers import run_source
from twinforge_bridge import scene as scene_module
from twinforge_bridge import stream
from twinforge_bridge.control import Control
from twinforge_bridge.pacing import FLOOR_HZ, DisplayPacer
from twinforge_bridge.session import Session


class FakeWriter:
    def __init__(self):
        self.frames = []
        self.json = []
        self.lost = False

    def send_json(self, message):
        self.json.append(message)

    def send_frame(self, payload, must):
        self.frames.append(stream.decode_frame(payload))

    def take_display_lost(self):
        lost, self.lost = self.lost, False
        return lost


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


@pytest.fixture
def counted_reads(monkeypatch):
    """Counts pose reads by item identifier: the double's GetVisualModelFrame calls, and
    GetRot calls on bodies (a plain ChBody is read in place, its own frame)."""
    from pychrono._items import ChBody, ChPhysicsItem

    calls = collections.Counter()
    for cls, name in ((ChPhysicsItem, "GetVisualModelFrame"), (ChBody, "GetRot")):
        original = getattr(cls, name)

        def counting(self, *args, _original=original):
            calls[self.GetIdentifier()] += 1
            return _original(self, *args)

        monkeypatch.setattr(cls, name, counting)
    return calls


def test_a_plain_body_is_read_in_place_and_an_aux_ref_body_by_its_reference_frame(counted_reads):
    import pychrono.core as chrono

    from twinforge_bridge.scene import SceneTracker

    system = chrono.ChSystemNSC()
    plain = chrono.ChBodyEasyBox(1, 1, 1, 100)
    plain.SetPos(chrono.ChVector3d(1.0 / 3.0, 2, 3))
    chassis = chrono.ChBodyAuxRef()
    chassis.SetFrameCOMToRef(chrono.ChFramed(chrono.ChVector3d(1, 0, 0)))
    chassis.SetFrameRefToAbs(chrono.ChFramed(chrono.ChVector3d(0, 2, 0)))
    for b in (plain, chassis):
        system.Add(b)
    tracker = SceneTracker(chrono, None, system, lambda m: None)
    tracker.update()
    frame = stream.decode_frame(tracker.build_frame(0.0, stream.FRAME_SAMPLE)[0])
    poses = {k: frame["poses"][i * 10 : i * 10 + 3] for i, k in enumerate(frame["keys"])}
    assert poses[plain.GetIdentifier()] == [1.0 / 3.0, 2, 3]
    assert poses[chassis.GetIdentifier()] == [0, 2, 0]  # not its centre of mass, at x = 1


def make_session(display_hz=60.0, sample_dt=0.01, budget=0.05):
    import pychrono.core as chrono

    clock = FakeClock()
    writer = FakeWriter()
    session = Session(writer, Control(), chrono, None, None, None, display_hz, sample_dt, budget, clock)
    return chrono, session, writer, clock


def step(session, system, h, clock, seconds=0.004):
    """One step of a script's loop: Run() (a tick), the step, Render() (another tick)."""
    session.visual_run()
    system.DoStepDynamics(h)
    session.steps += 1
    clock.now += seconds
    session.tick()


def test_fixed_bodies_are_read_once_and_every_moving_body_once_per_step(counted_reads):
    chrono, session, writer, clock = make_session(display_hz=0, sample_dt=0.01)  # display every tick
    system = chrono.ChSystemNSC()
    ground = chrono.ChBodyEasyBox(4, 0.2, 4, 1000)
    ground.SetFixed(True)
    system.Add(ground)
    boxes = [chrono.ChBodyEasyBox(0.2, 0.2, 0.2, 100) for _ in range(5)]
    for b in boxes:
        system.Add(b)
    session.attach(system)
    for _ in range(20):
        step(session, system, 0.01, clock)
    # Every tick wanted a frame (display at every call, samples every step), yet one
    # step's ticks shared one read, and the ground was read once.
    assert counted_reads[ground.GetIdentifier()] == 1
    steps = 20 + 1  # the frame before the first step too
    assert all(counted_reads[b.GetIdentifier()] == steps for b in boxes)
    assert ground.GetIdentifier() in writer.frames[0]["keys"]
    assert all(ground.GetIdentifier() not in f["keys"] for f in writer.frames[1:])


def test_items_that_did_not_change_are_left_out_and_resting_ones_are_read_in_turns(counted_reads):
    chrono, session, writer, clock = make_session(display_hz=0, sample_dt=1000.0)  # display-only frames
    system = chrono.ChSystemNSC()
    system.SetGravitationalAcceleration(chrono.ChVector3d(0, 0, 0))
    still = [chrono.ChBodyEasySphere(0.1, 100) for _ in range(scene_module.RESTING_EVERY)]
    for i, b in enumerate(still):
        b.SetPos(chrono.ChVector3d(i, 0, 0))
        system.Add(b)
    mover = chrono.ChBodyEasySphere(0.1, 100)
    mover.SetPosDt(chrono.ChVector3d(1, 0, 0))
    system.Add(mover)
    session.attach(system)
    n = 4 * scene_module.RESTING_EVERY
    for _ in range(n):
        step(session, system, 0.01, clock)
    first, later = writer.frames[0], writer.frames[1:]
    assert set(first["keys"]) == {b.GetIdentifier() for b in still} | {mover.GetIdentifier()}
    # Unchanged poses are not sent again; the mover is in every frame.
    assert all(f["keys"] == [mover.GetIdentifier()] for f in later)
    assert counted_reads[mover.GetIdentifier()] == n + 1
    for b in still:
        reads = counted_reads[b.GetIdentifier()]
        # Read until it counted as resting, then once in RESTING_EVERY display frames.
        assert scene_module.STILL_READS < reads < scene_module.STILL_READS + n // scene_module.RESTING_EVERY + 2
    # A resting body that moves again is seen at its next turn, then read every frame.
    still[0].SetPosDt(chrono.ChVector3d(0, 1, 0))
    for _ in range(scene_module.RESTING_EVERY + 3):
        step(session, system, 0.01, clock)
    tail = writer.frames[-3:]
    assert all(still[0].GetIdentifier() in f["keys"] for f in tail)


def test_sample_frames_read_resting_bodies_every_time_and_send_only_changes(counted_reads):
    chrono, session, writer, clock = make_session(display_hz=0.001, sample_dt=0.01)  # samples only
    system = chrono.ChSystemNSC()
    system.SetGravitationalAcceleration(chrono.ChVector3d(0, 0, 0))
    resting = chrono.ChBodyEasySphere(0.1, 100)
    system.Add(resting)
    session.attach(system)
    for _ in range(30):
        step(session, system, 0.01, clock)
    samples = [f for f in writer.frames if f["flags"] & stream.FRAME_SAMPLE]
    assert len(samples) == 31
    assert counted_reads[resting.GetIdentifier()] == 31  # exact samples: never skipped
    assert [resting.GetIdentifier() in f["keys"] for f in samples] == [True] + [False] * 30


def test_sleeping_bodies_keep_their_pose_without_being_read(counted_reads, monkeypatch):
    chrono, session, writer, clock = make_session(display_hz=0.001, sample_dt=0.01)
    system = chrono.ChSystemNSC()
    monkeypatch.setattr(type(system), "IsSleepingAllowed", lambda self: True, raising=False)
    sleeper = chrono.ChBodyEasySphere(0.1, 100)
    system.Add(sleeper)
    session.attach(system)
    step(session, system, 0.01, clock)
    sleeper._s.sleeping = True  # as Chrono puts a body to sleep
    for _ in range(10):
        step(session, system, 0.01, clock)
    assert counted_reads[sleeper.GetIdentifier()] == 2  # before it slept


def test_clone_frames_are_read_once_per_frame_however_many_shapes(counted_reads):
    chrono, session, writer, clock = make_session(display_hz=0, sample_dt=1000.0)
    system = chrono.ChSystemNSC()
    cloud = chrono.ChParticleCloud()
    cloud.AddVisualShape(chrono.ChVisualShapeSphere(0.05))
    cloud.AddVisualShape(chrono.ChVisualShapeBox(0.1, 0.1, 0.1), chrono.ChFramed(chrono.ChVector3d(0, 0.2, 0)))
    for i in range(4):
        cloud.AddParticle(chrono.ChCoordsysd(chrono.ChVector3d(i, 0, 0), chrono.QUNIT))
    system.Add(cloud)
    session.attach(system)
    for _ in range(3):
        step(session, system, 0.01, clock)
    frames = len(writer.frames)
    assert counted_reads[cloud.GetIdentifier()] == 4 * frames
    last = {e["key"]: e["data"] for e in writer.frames[-1]["extras"]}
    key = cloud.GetIdentifier() * 256
    assert last[key][:6] == [0, 0, 0, 1, 0, 0]
    assert last[key + 1][:6] == pytest.approx([0, 0.2, 0, 1, 0.2, 0])


def test_a_display_frame_after_a_lost_one_holds_every_item():
    chrono, session, writer, clock = make_session(display_hz=0, sample_dt=1000.0)
    system = chrono.ChSystemNSC()
    system.SetGravitationalAcceleration(chrono.ChVector3d(0, 0, 0))
    bodies = [chrono.ChBodyEasySphere(0.1, 100) for _ in range(3)]
    for b in bodies:
        system.Add(b)
    session.attach(system)
    step(session, system, 0.01, clock)
    assert writer.frames[-1]["keys"] == []
    writer.lost = True  # the writer dropped the newest display frame
    step(session, system, 0.01, clock)
    assert sorted(writer.frames[-1]["keys"]) == sorted(b.GetIdentifier() for b in bodies)


def test_samples_are_float64_and_equal_chrono_poses_bit_for_bit():
    log = os.path.join(tempfile.mkdtemp(prefix="tf-poses-"), "poses.jsonl")
    result = run_source(
        """
import json
import pychrono as chrono
import pychrono.irrlicht as chronoirr
sys = chrono.ChSystemNSC()
bodies = []
for i in range(3):
    b = chrono.ChBodyEasyBox(0.2, 0.2, 0.2, 100)
    b.SetPos(chrono.ChVector3d(1000.0 + i / 3.0, 0.1 * i, -7.0 / 3.0))
    b.SetPosDt(chrono.ChVector3d(0.1, 0.2 / 3.0, 0))
    b.SetAngVelParent(chrono.ChVector3d(0.3, 1.0 / 7.0, 0.2))
    sys.Add(b)
    bodies.append(b)
vis = chronoirr.ChVisualSystemIrrlicht()
vis.AttachSystem(sys)
out = open(%r, "w")
def log():
    record = {"t": sys.GetChTime(), "poses": {}}
    for b in bodies:
        f = b.GetVisualModelFrame()
        p, q, v = f.GetPos(), f.GetRot(), b.GetPosDt()
        record["poses"][b.GetIdentifier()] = [p.x, p.y, p.z, q.e0, q.e1, q.e2, q.e3, v.x, v.y, v.z]
    out.write(json.dumps(record) + "\\n")
while vis.Run():
    log()
    vis.Render()
    sys.DoStepDynamics(0.003)
log()
out.close()
"""
        % log,
        ("--sim-time", "0.2", "--sample-dt", "0.01"),
    )
    assert result.end["status"] == "limit"
    with open(log) as f:
        truth = {r["t"]: r["poses"] for r in map(json.loads, f)}
    samples = [f for f in result.frames if f["flags"] & stream.FRAME_SAMPLE]
    assert len(samples) >= 15
    last = {}
    for frame in samples:
        assert frame["flags"] & stream.FRAME_F64
        for i, key in enumerate(frame["keys"]):
            last[key] = frame["poses"][i * 10 : i * 10 + 10]
        expected = truth[frame["simTime"]]
        for key, pose in expected.items():
            # json round-trips doubles exactly: equal means bit for bit.
            assert last[int(key)] == pose, "t=%r body %s" % (frame["simTime"], key)
    # Far from the origin, float32 would have lost millimetres; these are exact.
    assert any(p[0] != struct.unpack("<f", struct.pack("<f", p[0]))[0] for p in last.values())


def test_display_only_frames_are_float32():
    payload = stream.encode_frame(0.5, stream.FRAME_DISPLAY, [1], [1.0 / 3.0] * 10)
    assert len(payload) == 16 + 4 + 40 + 4
    frame = stream.decode_frame(payload)
    assert frame["poses"][0] == struct.unpack("<f", struct.pack("<f", 1.0 / 3.0))[0]
    wide = stream.encode_frame(0.5, stream.FRAME_SAMPLE | stream.FRAME_F64, [1], [1.0 / 3.0] * 10)
    assert len(wide) == 16 + 4 + 4 + 80 + 4  # keys, padding to 8 bytes, float64 poses
    assert stream.decode_frame(wide)["poses"][0] == 1.0 / 3.0


# ---- the display rate -------------------------------------------------------------


def run_pacer(pacer, clock, step_s, frame_s, sample_every=None, seconds=3.0):
    """A loop whose steps take `step_s` and whose frames cost `frame_s`; returns the
    number of display frames in the last second and the reports."""
    reports, displays = [], []
    steps = 0
    while clock.now < seconds:
        clock.now += step_s
        steps += 1
        sample = sample_every is not None and steps % sample_every == 0
        display = pacer.display_due(clock.now, sample)
        if sample or display:
            pacer.record(clock.now, frame_s, sample, display)
            if display:
                displays.append(clock.now)
            clock.now += frame_s
        report = pacer.update(clock.now)
        if report:
            reports.append(report)
    recent = [t for t in displays if t > seconds - 1.0]
    return len(recent), reports


def test_the_display_rate_drops_when_the_step_is_fast_relative_to_reading():
    clock = FakeClock()
    pacer = DisplayPacer(60.0, 0.05, clock)
    # A 2 ms step and a 3 ms read: 60 Hz would cost 18 % of the loop.
    rate, reports = run_pacer(pacer, clock, 0.002, 0.003)
    assert reports[-1]["reason"] == "budget"
    assert reports[-1]["targetHz"] == pytest.approx(0.05 / 0.003, rel=0.05)
    assert 12 <= rate <= 19
    assert reports[-1]["share"] <= 0.06


def test_a_cheap_read_keeps_the_requested_rate_and_says_so():
    clock = FakeClock()
    pacer = DisplayPacer(60.0, 0.05, clock)
    rate, reports = run_pacer(pacer, clock, 0.002, 0.0002)  # 60 Hz cost 1.2 %
    assert [r["reason"] for r in reports] == ["requested"]  # reported once: nothing changed
    assert 55 <= rate <= 61


def test_the_rate_never_goes_below_the_floor():
    clock = FakeClock()
    pacer = DisplayPacer(60.0, 0.05, clock)
    rate, reports = run_pacer(pacer, clock, 0.002, 0.03)  # 30 ms reads: 5 % allows 1.7 Hz
    assert reports[-1]["reason"] == "floor"
    assert reports[-1]["targetHz"] == FLOOR_HZ
    assert rate >= FLOOR_HZ - 1


def test_display_frames_ride_on_samples_when_samples_come_as_often():
    clock = FakeClock()
    pacer = DisplayPacer(30.0, 0.05, clock)
    # A sample every 5 steps of 4 ms (50 Hz), reads of 1 ms: samples alone take 5 %.
    displays_only = []
    steps = 0
    while clock.now < 3.0:
        clock.now += 0.004
        steps += 1
        sample = steps % 5 == 0
        display = pacer.display_due(clock.now, sample)
        if sample or display:
            pacer.record(clock.now, 0.001, sample, display)
            if display and not sample and clock.now > 1.5:
                displays_only.append(clock.now)
            clock.now += 0.001
        pacer.update(clock.now)
    assert pacer.samples_cover
    assert len(displays_only) <= 2  # one read serves both


def test_samples_alone_over_budget_are_reported():
    clock = FakeClock()
    pacer = DisplayPacer(60.0, 0.05, clock)
    _rate, reports = run_pacer(pacer, clock, 0.002, 0.001, sample_every=2)  # samples: 33 %
    assert reports[-1]["reason"] == "samples"
    assert reports[-1]["sampleShare"] > 0.05


def test_a_real_run_lowers_its_display_rate_and_reports_it():
    # 2000 bodies in the pure-Python double: reading them costs milliseconds on any machine,
    # well over 5 % of the wall time at 60 Hz.
    result = run_source(
        """
import pychrono as chrono
import pychrono.irrlicht as chronoirr
sys = chrono.ChSystemNSC()
for i in range(2000):
    b = chrono.ChBodyEasySphere(0.1, 100)
    b.SetPos(chrono.ChVector3d(i, 0, 0))
    sys.Add(b)
vis = chronoirr.ChVisualSystemIrrlicht()
vis.AttachSystem(sys)
while vis.Run():
    vis.Render()
    sys.DoStepDynamics(0.001)
""",
        ("--sim-time", "1000", "--wall-time", "4", "--sample-dt", "1000", "--display-hz", "60", "--stream-budget", "5"),
    )
    reports = result.of_type("display")
    assert reports, result.json[-3:]
    assert reports[-1]["reason"] in ("budget", "floor")
    assert reports[-1]["hz"] < 40 and reports[-1]["budget"] == 0.05
    end = result.end
    if reports[-1]["reason"] == "budget":
        assert reports[-1]["share"] < 0.08  # near the budget once adapted
    else:  # reading is so slow that even the floor rate costs more than the budget
        assert reports[-1]["targetHz"] == FLOOR_HZ and reports[-1]["hz"] > FLOOR_HZ / 2
    assert end["displayHz"] < 40 and end["streamShare"] > 0
