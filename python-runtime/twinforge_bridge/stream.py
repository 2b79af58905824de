"""The runtime stream (PROTOCOL.md): framing, the binary frame codec, a writer that never
makes the simulation wait for display frames, and a decoder (for tests and tools)."""

import json
import os
import select
import struct
import sys
import threading
import time
from array import array
from collections import deque

PROTOCOL_VERSION = 2
KIND_JSON = 1
KIND_FRAME = 2
FRAME_DISPLAY = 1
FRAME_SAMPLE = 2
FRAME_F64 = 4  # poses are float64 (sample frames): Chrono's doubles, bit for bit
POSE_STRIDE = 10
EXTRA_VERTICES = 1
EXTRA_POINTS = 2
EXTRA_HEIGHTS = 3
EXTRA_GRID = 4  # every height of a heightfield (float32), in the first frame holding it

_HEADER = struct.Struct("<IB")
_FRAME_HEAD = struct.Struct("<dII")
_EXTRA_HEAD = struct.Struct("<III")

# Display frames queued behind this many bytes of must-deliver messages are dropped: the
# host is behind, and a newer display frame or sample frame follows anyway.
_BACKLOG_LIMIT = 8 << 20


def frame_message(kind, payload):
    return _HEADER.pack(len(payload) + 1, kind) + payload


def encode_json(message):
    return frame_message(KIND_JSON, json.dumps(message, separators=(",", ":")).encode("utf-8"))


def poses_offset(n, flags):
    """Where the poses start: after the keys, on an 8-byte boundary when they are float64."""
    offset = 16 + 4 * n
    return offset + (offset % 8 if flags & FRAME_F64 else 0)


def encode_frame(sim_time, flags, keys, poses, extras=()):
    """keys: sequence of u32; poses: flat sequence of POSE_STRIDE floats per key, written as
    float64 when flags has FRAME_F64, else float32; extras: (key, kind, floats) triples."""
    n = len(keys)
    parts = [_FRAME_HEAD.pack(sim_time, flags, n), _u32(keys)]
    if flags & FRAME_F64:
        if n % 2:
            parts.append(b"\0\0\0\0")
        parts.append(_f64(poses))
    else:
        parts.append(_f32(poses))
    parts.append(struct.pack("<I", len(extras)))
    for key, kind, data in extras:
        parts.append(_EXTRA_HEAD.pack(key, kind, len(data)))
        parts.append(_f32(data))
    return b"".join(parts)


if sys.byteorder == "little":

    def _f32(values):
        return array("f", values).tobytes()

    def _f64(values):
        return array("d", values).tobytes()

    def _u32(values):
        return array("I", values).tobytes() if array("I").itemsize == 4 else struct.pack("<%dI" % len(values), *values)

else:  # pragma: no cover - big-endian hosts

    def _f32(values):
        return struct.pack("<%df" % len(values), *values)

    def _f64(values):
        return struct.pack("<%dd" % len(values), *values)

    def _u32(values):
        return struct.pack("<%dI" % len(values), *values)


def decode_frame(payload):
    sim_time, flags, n = _FRAME_HEAD.unpack_from(payload, 0)
    keys = list(struct.unpack_from("<%dI" % n, payload, 16))
    at = poses_offset(n, flags)
    size = 8 if flags & FRAME_F64 else 4
    poses = list(struct.unpack_from("<%d%s" % (n * POSE_STRIDE, "d" if size == 8 else "f"), payload, at))
    offset = at + size * POSE_STRIDE * n
    extras = []
    count = struct.unpack_from("<I", payload, offset)[0] if offset < len(payload) else 0
    offset += 4
    for _ in range(count):
        key, kind, length = _EXTRA_HEAD.unpack_from(payload, offset)
        data = list(struct.unpack_from("<%df" % length, payload, offset + 12))
        extras.append({"key": key, "kind": kind, "data": data})
        offset += 12 + 4 * length
    return {"simTime": sim_time, "flags": flags, "keys": keys, "poses": poses, "extras": extras}


def decode_stream(data):
    """Splits bytes into messages: ('json', dict) or ('frame', dict). A cut-off tail (a
    crash while writing) is ignored."""
    out = []
    offset = 0
    while len(data) - offset >= 5:
        length, kind = _HEADER.unpack_from(data, offset)
        if length < 1:
            raise ValueError("Malformed runtime stream: message length %d" % length)
        if len(data) - offset - 4 < length:
            break
        payload = bytes(data[offset + 5 : offset + 4 + length])
        offset += 4 + length
        if kind == KIND_JSON:
            out.append(("json", json.loads(payload.decode("utf-8"))))
        elif kind == KIND_FRAME:
            out.append(("frame", decode_frame(payload)))
        else:
            raise ValueError("Malformed runtime stream: unknown message kind %d" % kind)
    return out


class StreamWriter:
    """Writes framed messages to a file descriptor without ever making the simulation
    wait. Each message is written at once when the pipe has room (so a crash keeps what
    was sent); when the reader lags, JSON messages and sample frames queue and are always
    delivered in order, while consecutive display frames share one slot where the newest
    wins. A thread drains the queue as the pipe empties."""

    def __init__(self, fd):
        self._fd = fd
        os.set_blocking(fd, False)
        self._queue = deque()
        self._queued_bytes = 0
        self._display = None
        self._cond = threading.Condition()
        self._closed = False
        self._broken = False
        self._written = 0  # bytes taken by the pipe, to tell a slow reader from a stuck one
        self._display_lost = False  # a display frame was dropped since take_display_lost()
        self._thread = threading.Thread(target=self._run, name="twinforge-stream", daemon=True)
        self._thread.start()

    def send_json(self, message):
        self._send(encode_json(message), True)

    def send_frame(self, payload, must_deliver):
        self._send(frame_message(KIND_FRAME, payload), must_deliver)

    def _send(self, data, must):
        with self._cond:
            if not self._queue and self._display is None:
                written = self._try_write(data)
                if written == len(data):
                    return
                data, must = data[written:], True  # a message begun must be finished
            if must:
                if self._display is not None:
                    # Keep order: the pending display frame was made before this message.
                    if self._queued_bytes < _BACKLOG_LIMIT:
                        self._queue.append(self._display)
                        self._queued_bytes += len(self._display)
                    else:
                        self._display_lost = True
                    self._display = None
                self._queue.append(data)
                self._queued_bytes += len(data)
            else:
                # Replacing a waiting display frame needs no note: take_display_lost() said
                # it was waiting before this one was built.
                self._display = data
            self._cond.notify()

    def take_display_lost(self):
        """True when a display frame was dropped since the last call, or one still waits in
        the slot (the next one replaces it): the next display frame must then hold every
        item, since the one it would follow never arrives."""
        with self._cond:
            lost = self._display_lost or self._display is not None
            self._display_lost = False
            return lost

    def _try_write(self, data):
        """Writes what the pipe takes now; returns the number of bytes written."""
        if self._broken:
            return len(data)
        try:
            written = os.write(self._fd, data)
            self._written += written
            return written
        except BlockingIOError:
            return 0
        except OSError:
            self._broken = True  # the host went away; the run goes on without a viewer
            return len(data)

    def _drain_locked(self):
        while self._queue:
            data = self._queue[0]
            written = self._try_write(data)
            self._queued_bytes -= written
            if written < len(data):
                self._queue[0] = data[written:]
                return
            self._queue.popleft()
        if self._display is not None:
            data, self._display = self._display, None
            written = self._try_write(data)
            if written < len(data):
                self._queue.append(data[written:])
                self._queued_bytes += len(data) - written

    def _run(self):
        while True:
            with self._cond:
                while not self._queue and self._display is None and not self._closed:
                    self._cond.wait()
                if not self._queue and self._display is None:
                    return
            select.select([], [self._fd], [], 0.5)
            with self._cond:
                self._drain_locked()

    def close(self, stall_timeout=10.0):
        """Flushes everything queued (the last display frame too) and stops the thread. Waits
        as long as the reader keeps taking bytes (a host parsing a large scene is slow, not
        gone); gives up after `stall_timeout` seconds in which it took nothing."""
        with self._cond:
            self._closed = True
            self._cond.notify()
        last, since = self._written, time.monotonic()
        while self._thread.is_alive():
            self._thread.join(0.2)
            if self._written != last:
                last, since = self._written, time.monotonic()
            elif time.monotonic() - since >= stall_timeout:
                return
