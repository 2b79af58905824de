"""How often display frames go out. The bridge keeps its own share of the simulation loop
(reading poses, encoding, writing frames) within a budget: it measures, with
time.perf_counter, what sample frames and display frames cost against the wall time of the
loop, and lengthens the display interval when the simulation would pay more than its
budget, never below a floor rate. Display frames ride on sample frames when samples come
at least as often (one read serves both). Each second it can say what rate it uses and why
(a `display` message, PROTOCOL.md)."""

import math
import time

FLOOR_HZ = 5.0
WINDOW_S = 0.5
FIRST_WINDOW_S = 0.15  # the first measure comes soon: a run may start far over budget
# A new report when the measured rate moved by more than this fraction (or the reason changed).
REPORT_CHANGE = 0.2


class DisplayPacer:
    def __init__(self, requested_hz, budget, clock=time.perf_counter, floor_hz=FLOOR_HZ):
        self.requested_hz = requested_hz if requested_hz and requested_hz > 0 else math.inf
        self.budget = budget
        self.clock = clock
        self.min_interval = 1.0 / self.requested_hz
        # The floor only ever raises a rate the pacer lowered, never one the host asked for.
        self.max_interval = max(self.min_interval, 1.0 / floor_hz)
        self.interval = self.min_interval
        self.reason = "requested"
        self.last_display = -math.inf
        self.samples_cover = False  # samples come at least as often as display frames
        self._sample_interval = math.inf  # mean wall time between samples, last window
        self._reported = None  # (hz, reason) of the last report
        self.total_seconds = 0.0  # the bridge's own time in frames, over the run
        self.display_frames = 0
        self._reset_window(clock())

    def _reset_window(self, now, length=FIRST_WINDOW_S):
        self._window_start = now
        self._window = length
        self._sample_seconds = 0.0
        self._display_seconds = 0.0  # display-only frames
        self._samples = 0
        self._display_only = 0
        self._displays = 0

    # ---- deciding -----------------------------------------------------------------
    def display_due(self, now, sample_due):
        since = now - self.last_display
        if sample_due and self.samples_cover and since + 0.5 * self._sample_interval >= self.interval:
            return True  # the sample nearest the interval carries the display flag
        if since < self.interval:
            return False
        if sample_due or not self.samples_cover:
            return True
        # Samples come at least as often: the next one carries the display flag, unless it
        # is late (the script stopped stepping): then the floor rate holds.
        return since >= max(self.max_interval, self.interval + 2 * self._sample_interval)

    # ---- measuring ----------------------------------------------------------------
    def record(self, started, seconds, sample, display):
        """A frame was built: it began at `started` and took `seconds` of the bridge's time."""
        self.total_seconds += seconds
        if sample:
            self._samples += 1
            self._sample_seconds += seconds
        elif display:
            self._display_only += 1
            self._display_seconds += seconds
        if display:
            self._displays += 1
            self.display_frames += 1
            self.last_display = started

    def paused(self):
        """Time spent paused is not loop time: measure afresh."""
        self._reset_window(self.clock())

    def update(self, now):
        """Closes the window once it is long enough (WINDOW_S): adapts the interval and returns a
        report (a dict) when the rate or its reason changed, else None."""
        wall = now - self._window_start
        if wall < self._window:
            return None
        sample_share = self._sample_seconds / wall
        share = (self._sample_seconds + self._display_seconds) / wall
        if self._display_only:
            display_cost = self._display_seconds / self._display_only
        elif self._samples:
            display_cost = self._sample_seconds / self._samples  # a display reads what a sample reads
        else:
            display_cost = None
        free = self.budget - sample_share
        if display_cost is None:
            pass  # nothing was built: keep the interval
        elif free <= 0.2 * self.budget:
            # The samples take (nearly) all of the budget: display frames ride on them.
            self.interval, self.reason = self.max_interval, "samples"
        else:
            wanted = display_cost / free
            self.interval = min(self.max_interval, max(self.min_interval, wanted))
            if wanted <= self.min_interval:
                self.reason = "requested"
            else:
                self.reason = "floor" if wanted > self.max_interval else "budget"
        self._sample_interval = wall / self._samples if self._samples else math.inf
        self.samples_cover = self._sample_interval <= self.interval
        hz = self._displays / wall
        reason = self.reason
        if reason == "requested" and FLOOR_HZ <= 1.0 / self.interval and hz < 0.8 / self.interval:
            reason = "steps"  # the script calls in less often than the display interval
        self._reset_window(now, WINDOW_S)
        report = {
            "type": "display",
            "hz": round(hz, 2),
            "targetHz": round(1.0 / self.interval, 2) if self.interval > 0 else None,
            "requestedHz": self.requested_hz if math.isfinite(self.requested_hz) else None,
            "budget": self.budget,
            "share": round(share, 4),
            "sampleShare": round(sample_share, 4),
            "reason": reason,
        }
        if self._reported is not None:
            last_hz, last_reason = self._reported
            if last_reason == reason and abs(hz - last_hz) <= REPORT_CHANGE * max(last_hz, 1e-9):
                return None
        self._reported = (hz, reason)
        return report

    def summary(self, wall):
        """For `end`: the display rate over `wall` seconds of unpaused run and the bridge's
        share of them."""
        wall = max(wall, 1e-9)
        return {"displayHz": round(self.display_frames / wall, 2), "streamShare": round(self.total_seconds / wall, 4)}
