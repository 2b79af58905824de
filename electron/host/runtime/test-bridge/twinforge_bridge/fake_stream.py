"""Helpers the service tests' scripts use to write protocol messages to the stream."""
import json
import struct
import threading

stop_requested = threading.Event()
commands = []
sim_time = 0.0
args = None
_out = None


def open_stream(fd):
    global _out
    _out = open(fd, "wb", buffering=0)


def emit(message):
    payload = json.dumps(message).encode()
    _out.write(struct.pack("<IB", len(payload) + 1, 1) + payload)


def frame(t, flags, poses):
    """poses: {key: (x, y, z, qw, qx, qy, qz)}; float64 when flags has 4 (FRAME_F64)."""
    global sim_time
    sim_time = t
    keys = list(poses)
    body = struct.pack("<dII", t, flags, len(keys))
    body += struct.pack(f"<{len(keys)}I", *keys)
    wide = flags & 4
    if wide and len(keys) % 2:
        body += bytes(4)  # float64 poses start on an 8-byte boundary
    for k in keys:
        body += struct.pack("<10d" if wide else "<10f", *poses[k], 0.0, 0.0, 0.0)
    body += struct.pack("<I", 0)
    _out.write(struct.pack("<IB", len(body) + 1, 2) + body)


def write_raw(data):
    _out.write(data)
