import os
import threading

from twinforge_bridge import stream
from twinforge_bridge.control import Control


def test_frame_round_trip_keeps_keys_poses_and_extras():
    poses = [float(i) for i in range(20)]
    payload = stream.encode_frame(1.25, stream.FRAME_DISPLAY | stream.FRAME_SAMPLE, [7, 9], poses, [(7 * 256 + 1, stream.EXTRA_POINTS, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0])])
    msgs = stream.decode_stream(stream.frame_message(stream.KIND_FRAME, payload) + stream.encode_json({"type": "log", "level": "info", "message": "é"}))
    kind, frame = msgs[0]
    assert kind == "frame"
    assert frame["simTime"] == 1.25 and frame["flags"] == 3
    assert frame["keys"] == [7, 9]
    assert frame["poses"] == poses
    assert frame["extras"] == [{"key": 7 * 256 + 1, "kind": 2, "data": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]}]
    assert msgs[1] == ("json", {"type": "log", "level": "info", "message": "é"})


def test_frame_layout_matches_protocol_offsets():
    payload = stream.encode_frame(2.0, 2, [5], [1.0] * 10)
    # f64 time, u32 flags, u32 N, N u32 keys, N*10 f32 poses, u32 extras count
    assert len(payload) == 16 + 4 + 40 + 4
    assert payload[16:20] == (5).to_bytes(4, "little")


def test_cut_off_tail_is_ignored():
    data = stream.encode_json({"type": "hello"}) + stream.encode_json({"type": "end"})[:-3]
    assert stream.decode_stream(data) == [("json", {"type": "hello"})]


class _SlowPipeWriter(stream.StreamWriter):
    """A pipe that takes nothing until released, as a host that is not reading."""

    def __init__(self, fd):
        self.release = threading.Event()
        self.written = []
        stream.StreamWriter.__init__(self, fd)

    def _try_write(self, data):
        if not self.release.is_set():
            return 0
        self.written.append(bytes(data))
        return len(data)


def _frame(t, flags):
    return stream.encode_frame(t, flags, [1], [t] * 10)


def test_display_frames_are_thinned_newest_wins_while_sample_frames_all_arrive_in_order():
    r, w = os.pipe()
    writer = _SlowPipeWriter(w)
    writer.send_json({"type": "hello"})
    for i in range(10):
        writer.send_frame(_frame(i * 0.1, stream.FRAME_DISPLAY), must_deliver=False)
    writer.send_frame(_frame(1.0, stream.FRAME_SAMPLE), must_deliver=True)
    for i in range(11, 20):
        writer.send_frame(_frame(i * 0.1, stream.FRAME_DISPLAY), must_deliver=False)
    writer.release.set()
    writer.close()
    os.close(r)
    os.close(w)
    msgs = stream.decode_stream(b"".join(writer.written))
    times = [round(m["simTime"], 3) for k, m in msgs if k == "frame"]
    # The pipe was full: of the first ten display frames only the newest is written,
    # before the sample frame; of the last nine, only the newest.
    assert msgs[0] == ("json", {"type": "hello"})
    assert times == [0.9, 1.0, 1.9]


def test_control_commands_pause_step_stop_and_driver():
    c = Control()
    c.handle_line(b'{"cmd": "pause"}')
    assert c.paused
    c.handle_line(b'{"cmd": "step"}')
    c.wait_if_paused()  # one step lets one frame through without blocking
    c.handle_line(b'{"cmd": "driver", "steering": -3, "throttle": 0.5, "braking": 2}')
    assert c.driver == {"steering": -1.0, "throttle": 0.5, "braking": 1.0}
    c.handle_line(b'not json')
    c.handle_line(b'{"cmd": "fly"}')
    assert len(c.problems) == 2
    c.handle_line(b'{"cmd": "resume"}')
    assert not c.paused
    c.handle_line(b'{"cmd": "stop"}')
    assert c.stop_requested


def test_messages_are_written_at_once_when_the_pipe_has_room():
    # What is sent is in the pipe before send returns: a crash right after keeps it.
    r, w = os.pipe()
    writer = stream.StreamWriter(w)
    writer.send_json({"type": "hello"})
    writer.send_frame(_frame(0.5, stream.FRAME_DISPLAY), must_deliver=False)
    data = os.read(r, 1 << 16)
    writer.close()
    os.close(w)
    os.close(r)
    assert [k for k, m in stream.decode_stream(data)] == ["json", "frame"]


def test_the_writer_says_when_a_display_frame_was_dropped():
    r, w = os.pipe()
    writer = _SlowPipeWriter(w)
    writer.send_json({"type": "hello"})  # the pipe takes nothing: this one waits
    assert not writer.take_display_lost()
    writer.send_frame(_frame(0.1, stream.FRAME_DISPLAY), must_deliver=False)
    assert writer.take_display_lost()  # it waits in the slot: the next one replaces it
    writer.send_frame(_frame(0.2, stream.FRAME_DISPLAY), must_deliver=False)
    writer.release.set()
    writer.close()
    assert not writer.take_display_lost()
    os.close(r)
    os.close(w)


def test_close_waits_for_a_slow_reader_as_long_as_it_keeps_reading():
    import time

    r, w = os.pipe()
    writer = stream.StreamWriter(w)
    big = {"type": "scene", "blob": "x" * (2 << 20)}
    received = []

    def slow_reader():
        while True:
            time.sleep(0.02)
            chunk = os.read(r, 1 << 16)
            if not chunk:
                return
            received.append(chunk)

    reader = threading.Thread(target=slow_reader)
    reader.start()
    writer.send_json(big)
    writer.send_json({"type": "end"})
    started = time.monotonic()
    writer.close(stall_timeout=0.3)  # each pause is short; the whole takes much longer
    assert time.monotonic() - started > 0.3
    os.close(w)
    reader.join(10)
    os.close(r)
    messages = stream.decode_stream(b"".join(received))
    assert [m["type"] for _k, m in messages] == ["scene", "end"]
