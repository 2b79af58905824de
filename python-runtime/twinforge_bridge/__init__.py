"""TwinForge's PyChrono runtime bridge: runs an unmodified PyChrono script headlessly and
streams its scene and motion to the host (see ../PROTOCOL.md)."""
