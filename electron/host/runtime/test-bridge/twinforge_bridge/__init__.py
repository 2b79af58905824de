"""A stand-in for the real bridge, for the runtime service's unit tests only.

It speaks the stream protocol (python-runtime/PROTOCOL.md) with the smallest effort: a
`hello`, then the test script runs with `emit` helpers from `fake_stream`, then `end`.
It lets the host's supervision (stop, crash, output cap, memory limit) be tested
without PyChrono or the real bridge.
"""
