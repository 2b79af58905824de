"""One run: the system being watched, the limits, the pause/step/stop state, and when to
emit scene messages and frames (display frames by wall clock, sample frames by simulated
time)."""

import math
import time

from . import stream
from .errors import StopRun
from .pacing import DisplayPacer
from .scene import SceneTracker, describe_system
from .terrain_changes import TerrainChanges


class Session:
    def __init__(
        self, writer, control, chrono=None, fea=None, sim_time=None, wall_time=None, display_hz=60.0, sample_dt=0.01, stream_budget=0.05, clock=time.perf_counter
    ):
        self.writer = writer
        self.control = control
        self.chrono = chrono
        self.fea = fea
        self.sim_limit = sim_time
        self.wall_limit = wall_time
        self.pacer = DisplayPacer(display_hz, stream_budget, clock)
        self.clock = clock
        self.sample_dt = sample_dt if sample_dt and sample_dt > 0 else None
        self.started = time.monotonic()
        self.paused_for = 0.0
        self.system = None
        self.tracker = None
        self.steps = 0
        self.run_loops = 0  # calls of a visual system's Run()
        self.vehicle_vis = False
        self.explicit_up = None
        self.camera = None
        self.chase = None
        self.vehicle = None
        self.scene_sent = False
        self.camera_sent = False
        self.timestep_sent = False  # a scene message carried the system block with its step
        self.next_sample = 0.0
        self.force_display = False
        self.last_stamp = None  # (steps, sim time) of the last frame: one read per step
        self.limit_hit = None  # (status, reason) once Run() returned False for a limit
        self._warned = set()
        self.stream_seconds = 0.0  # reading the scene, encoding and writing frames
        self.terrain_changes = TerrainChanges(self.warn_once)  # SCM vertices changed between frames
        self.origins = None  # origins.Origins, set by patches.install: the script's lines of items

    # ---- messages ------------------------------------------------------------------
    def log(self, level, message):
        self.writer.send_json({"type": "log", "level": level, "message": message})

    def warn_once(self, message):
        if message not in self._warned:
            self._warned.add(message)
            self.log("warning", message)

    def info_once(self, message):
        if message not in self._warned:
            self._warned.add(message)
            self.log("info", message)

    # ---- system --------------------------------------------------------------------
    def attach(self, system):
        if system is None:
            return
        if self.system is None:
            self.system = system
            self.tracker = SceneTracker(self.chrono, self.fea, system, self.warn_once, self.terrain_changes, self.origins)

    def items_changed(self):
        """BindItem and friends: look at the item set again at the next frame."""
        if self.tracker is not None:
            self.tracker.dirty = True

    def sim_time(self):
        try:
            return float(self.system.GetChTime()) if self.system is not None else 0.0
        except Exception:  # noqa: BLE001 - a half-destroyed system at exit
            return 0.0

    def wall_time(self):
        return time.monotonic() - self.started - self.paused_for

    def limit_reason(self):
        if self.control.stop_requested:
            return ("stopped", "Stopped from TwinForge")
        if self.sim_limit is not None and self.sim_time() >= self.sim_limit - 1e-9:
            return ("limit", "Reached the simulated-time limit of %g s" % self.sim_limit)
        if self.wall_limit is not None and self.wall_time() >= self.wall_limit:
            return ("limit", "Reached the wall-clock limit of %g s" % self.wall_limit)
        return None

    def wait_if_paused(self):
        if self.control.paused:
            t0 = time.monotonic()
            self.control.wait_if_paused()
            self.paused_for += time.monotonic() - t0
            self.force_display = True
            self.pacer.paused()

    # ---- hooks called by the stand-ins and patches --------------------------------------
    def visual_run(self):
        """A visual system's Run(): False ends the script's loop (limits, stop)."""
        self.run_loops += 1
        if self.control.paused and not self.scene_sent:
            self.tick(final=True)  # show what is there before waiting
        self.wait_if_paused()
        if self.limit_hit is None:
            self.limit_hit = self.limit_reason()
        if self.limit_hit is not None:
            self.tick(final=True)
            return False
        self.tick()  # for loops that never call Render()
        return True

    def after_step(self, system):
        """Called after every Python-level DoStepDynamics."""
        self.steps += 1
        self.attach(system)
        if self.run_loops == 0:
            # No visual system loop: frames and limits are handled here.
            self.tick()
            self.wait_if_paused()
            reason = self.limit_reason()
            if reason is not None:
                self.tick(final=True)
                raise StopRun(*reason)
        elif self.limit_hit is not None or self._far_past_limit():
            # The script keeps stepping after Run() said stop (inner loops): end it.
            raise StopRun(*(self.limit_hit or self.limit_reason() or ("limit", "Limit reached")))

    def _far_past_limit(self):
        over_sim = self.sim_limit is not None and self.sim_time() > self.sim_limit * 1.5 + 1.0
        over_wall = self.wall_limit is not None and self.wall_time() > self.wall_limit + 5.0
        return over_sim or over_wall or self.control.stop_requested

    # ---- frames --------------------------------------------------------------------
    def tick(self, final=False):
        """Emits a frame if one is due. A failure to read the scene is reported once and
        never reaches the script: the simulation goes on without that frame."""
        if self.tracker is None:
            return
        try:
            self._tick(final)
        except Exception as e:  # noqa: BLE001
            self.warn_once("TwinForge could not read the scene (%s: %s); frames may be missing." % (type(e).__name__, e))

    def _tick(self, final):
        now = self.clock()
        t = self.sim_time()
        stamp = (self.steps, t)
        sample = self.sample_dt is not None and t >= self.next_sample - 1e-9
        forced = final or self.force_display
        # A second display frame in the same step would show nothing new.
        display = forced or (stamp != self.last_stamp and self.pacer.display_due(now, sample))
        if not (sample or display):
            return
        flags = (stream.FRAME_SAMPLE if sample else 0) | (stream.FRAME_DISPLAY if display else 0)
        if sample:
            self.next_sample = (math.floor(t / self.sample_dt + 1e-6) + 1) * self.sample_dt
        self._send_scene_changes()
        started = self.clock()
        complete = display and self.writer.take_display_lost()
        payload, must = self.tracker.build_frame(t, flags, stamp, complete)
        self.writer.send_frame(payload, must or final)
        done = self.clock()
        self.last_stamp = stamp
        self.stream_seconds += done - now
        self.pacer.record(now, done - started, sample, display)
        if display:
            self.force_display = False
        report = self.pacer.update(done)
        if report is not None:
            self.writer.send_json(report)

    def end_facts(self):
        """What `end` says about streaming, beside streamSeconds."""
        return self.pacer.summary(self.wall_time())

    def _send_scene_changes(self):
        change = self.tracker.update()
        camera_news = self.camera_known() and not self.camera_sent
        step_news = not self.timestep_sent and self._stepped()
        if self.scene_sent and change is None and not camera_news and not step_news:
            return
        added, removed, meshes = change if change is not None else ([], [], {})
        message = {
            "type": "scene",
            "full": not self.scene_sent,
            "upAxis": self.up_axis(),
            "camera": self.camera_now(),
            "add": added,
            "remove": removed,
            "meshes": meshes,
        }
        if not self.scene_sent or step_news:
            # The full scene says what the system is; the step size is known only once a
            # step was taken, so the first message after it repeats the block, complete.
            message["system"] = describe_system(self.chrono, self.system, step_news)
            self.timestep_sent = step_news
        self.camera_sent = self.camera_sent or message["camera"] is not None
        if not self.scene_sent:
            self._cross_check_gravity(message["upAxis"])
        self.scene_sent = True
        self.writer.send_json(message)

    def _stepped(self):
        """A step was taken, by the script or inside Chrono (vehicles step in C++)."""
        if self.steps > 0:
            return True
        try:
            return int(self.system.GetNumSteps()) > 0
        except Exception:  # noqa: BLE001
            return False

    def _cross_check_gravity(self, up):
        try:
            g = self.system.GetGravitationalAcceleration()
            comps = {"X": abs(g.x), "Y": abs(g.y), "Z": abs(g.z)}
        except Exception:  # noqa: BLE001
            return
        down = max(comps, key=comps.get)
        if comps[down] > 0 and down != up:
            self.info_once(
                "The view is %s-up (%s) but gravity points along %s; the scene may look tilted."
                % (up, "vehicle view" if self.vehicle_vis else "set by the script" if self.explicit_up else "default", down)
            )

    def camera_known(self):
        return self.camera is not None or self.chase is not None

    def up_axis(self):
        if self.vehicle_vis:
            return "Z"
        if self.explicit_up is not None:
            return self.explicit_up
        try:
            g = self.system.GetGravitationalAcceleration()
            if abs(g.z) > abs(g.y) and abs(g.z) > abs(g.x):
                return "Z"
        except Exception:  # noqa: BLE001
            pass
        return "Y"

    def camera_now(self):
        if self.camera is not None:
            return self.camera
        if self.chase is not None and self.vehicle is not None:
            return _chase_camera(self.vehicle, *self.chase)
        return None


def _chase_camera(vehicle, point, dist, height):
    """Where a chase camera starts: behind the chassis, looking at the tracked point."""
    try:
        pos = vehicle.GetPos()
        rot = vehicle.GetRot()
        target = pos + rot.Rotate(point)
        forward = rot.Rotate(type(point)(1, 0, 0))
        eye = [target.x - dist * forward.x, target.y - dist * forward.y, target.z + height]
        return {"pos": eye, "target": [target.x, target.y, target.z]}
    except Exception:  # noqa: BLE001 - a vehicle without a pose yet
        return None
