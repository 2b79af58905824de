"""Stand-ins for what a headless run cannot have: `pychrono.irrlicht`, the vehicle visual
systems and the interactive driver. They accept every call PYCHRONO.md lists (and any
other public one, reported once), hand the system to the session, and emit frames where
the script meant to render."""

import types

from .errors import MissingModuleError

# Members of the real ChVisualSystemIrrlicht (pychrono 9.0.1) that need no behaviour here.
_QUIET_VIS_MEMBERS = (
    "AddGrid AddLight AddLightDirectional AddLightWithShadow AddLogo AddSkyBox AddTypicalLights "
    "AddUserEventReceiver AddVisualModel BindAll EnableAbsCoordsysDrawing EnableBodyFrameDrawing "
    "EnableCollisionShapeDrawing EnableContactDrawing EnableLinkDrawing EnableLinkFrameDrawing "
    "EnableModalAnalysis EnableShadows Initialize Quit RenderCOGFrames RenderFrame SetAntialias "
    "SetCameraPosition SetCameraTarget SetCreationParameters SetDriverType SetFullscreen "
    "SetImageOutput SetImageOutputDirectory SetInfoTab SetJPEGQuality SetLogLevel SetModalAmplitude "
    "SetModalModeNumber SetModalModesMax SetModalSpeed SetShadows SetSymbolScale SetUtilityFlag "
    "SetWindowId SetWindowSize SetWindowTitle ShowExplorer ShowInfoPanel ShowProfiler UnbindItem "
    "UpdateCamera UpdateGrid UpdateVisualModel WriteImageToFile BeginScene EndScene"
).split()
# Extra members of the vehicle visual systems.
_QUIET_VEHICLE_MEMBERS = (
    "AttachTerrain EnableSound EnableStats SetChaseCameraAngle SetChaseCameraMultipliers "
    "SetChaseCameraPosition SetChaseCameraState SetHUDLocation SetStepsize RenderIdlerFrame "
    "RenderSprocketFrame RenderTrackShoeFrames"
).split()
# Module-level functions of pychrono.irrlicht: drawing helpers draw nothing headless.
_QUIET_IRR_FUNCTIONS = (
    "drawAllBoundingBoxes drawAllCOGs drawAllContactLabels drawAllContactPoints drawAllLinkLabels "
    "drawAllLinkframes drawAllLinks drawArrow drawChFunction drawCircle drawColorbar drawCoordsys "
    "drawGrid drawHUDviolation drawPlot3D drawPolyline drawProfiler drawRotSpring drawSegment "
    "drawSpring alignIrrlichtNode"
).split()


# Irrlicht-only names of pychrono.vehicle without a stand-in.
_IRRLICHT_ONLY_VEHICLE = ("ChSuspensionTestRigInteractiveDriverIRR", "ChJoystickAxisIRR", "ChJoystickButtonIRR", "ChVehicleVisualSystemIrrlicht")


def _noop(*args, **kwargs):
    return None


class Lenient:
    """Accepts unknown public members (old names, model inventions) as no-ops and reports
    each once to `_warn` (given by whoever makes the stand-in: the constructor's `warn`,
    or a class attribute for classes made per session). Never answers `this` or private
    names: SWIG looks `this` up while building an object, and a made-up answer crashes
    the process."""

    _warn = None  # callable(message), once per message
    _what = "object"

    def __init__(self, warn=None):
        self._warn = warn

    def __getattr__(self, name):
        if name.startswith("_") or name in ("this", "thisown"):
            raise AttributeError(name)
        if self._warn is not None:
            self._warn("%s.%s is not part of TwinForge's headless stand-in; the call was ignored." % (self._what, name))
        return _noop


def _quiet(names):
    return {name: _noop for name in names}


class SColor:
    def __init__(self, a=255, r=255, g=255, b=255):
        self.color = (int(a), int(r), int(g), int(b))

    def getAlpha(self):
        return self.color[0]

    def getRed(self):
        return self.color[1]

    def getGreen(self):
        return self.color[2]

    def getBlue(self):
        return self.color[3]


class vector3df:  # noqa: N801 - Irrlicht's name
    def __init__(self, x=0.0, y=0.0, z=0.0):
        self.X, self.Y, self.Z = float(x), float(y), float(z)


class _Material(Lenient):
    _what = "SMaterial"

    def __init__(self, warn):
        Lenient.__init__(self, warn)
        self.EmissiveColor = SColor()
        self.DiffuseColor = SColor()
        self.AmbientColor = SColor()
        self.SpecularColor = SColor()
        self.Lighting = True


class _SceneNode(Lenient):
    _what = "ISceneNode"

    def __init__(self, warn, radius=0.0):
        Lenient.__init__(self, warn)
        self.radius = radius
        self.position = vector3df()
        self.visible = True
        self._materials = [_Material(warn)]

    def setPosition(self, p):
        self.position = p

    def getPosition(self):
        return self.position

    def getMaterial(self, i):
        return self._materials[0]

    def setVisible(self, v):
        self.visible = bool(v)

    def remove(self):
        self.visible = False


class _SceneManager(Lenient):
    _what = "ISceneManager"

    def __init__(self, warn):
        Lenient.__init__(self, warn)
        self.nodes = []

    def addSphereSceneNode(self, radius=5.0, *args):
        node = _SceneNode(self._warn, radius)
        self.nodes.append(node)
        return node

    def addCubeSceneNode(self, size=10.0, *args):
        node = _SceneNode(self._warn, size)
        self.nodes.append(node)
        return node


class _Device(Lenient):
    _what = "IrrlichtDevice"

    def __init__(self, warn, vis):
        Lenient.__init__(self, warn)
        self._vis = vis

    def closeDevice(self):
        self._vis._closed = True

    def run(self):
        return not self._vis._closed

    def setWindowCaption(self, text):
        pass


def make_visual_system_class(session, chrono):
    """Builds ChVisualSystemIrrlicht bound to the session."""

    class ChVisualSystemIrrlicht(Lenient):
        _what = "ChVisualSystemIrrlicht"
        _warn = staticmethod(session.warn_once)
        Type_NONE, Type_IRRLICHT, Type_VSG, Type_OpenGL, Type_OptiX = 0, 1, 2, 3, 4
        locals().update(_quiet(_QUIET_VIS_MEMBERS))

        def __init__(self, *args):
            self._closed = False
            self._systems = []
            self._device = _Device(session.warn_once, self)
            self._scene_manager = _SceneManager(session.warn_once)
            self._camera_vertical = None

        def AttachSystem(self, system):
            self._systems.append(system)
            session.attach(system)

        def GetSystem(self, i=0):
            return self._systems[i]

        def GetSystems(self):
            return list(self._systems)

        def Run(self):
            if self._closed:
                return False
            return session.visual_run()

        def Render(self):
            session.tick()

        def BindItem(self, item):
            session.items_changed()

        def AddCamera(self, pos, target=None):
            tgt = [target.x, target.y, target.z] if target is not None else [0.0, 0.0, 0.0]
            if session.camera is None:
                session.camera = {"pos": [pos.x, pos.y, pos.z], "target": tgt}

        def SetCameraVertical(self, direction):
            self._camera_vertical = direction
            session.explicit_up = "Z" if direction == getattr(chrono, "CameraVerticalDir_Z", 1) else "Y"

        def GetCameraVertical(self):
            return self._camera_vertical

        def GetDevice(self):
            return self._device

        def GetSceneManager(self):
            return self._scene_manager

        def GetVideoDriver(self):
            return Lenient(session.warn_once)

        def GetGUIEnvironment(self):
            return Lenient(session.warn_once)

        def GetActiveCamera(self):
            return Lenient(session.warn_once)

        def GetSimulationTime(self):
            return session.sim_time()

        def GetSimulationRTF(self):
            return 0.0

        def GetUtilityFlag(self):
            return False

    return ChVisualSystemIrrlicht


def make_irrlicht_module(session, chrono):
    mod = types.ModuleType("pychrono.irrlicht", "TwinForge stand-in for pychrono.irrlicht (headless runs).")
    vis_cls = make_visual_system_class(session, chrono)
    mod.ChVisualSystemIrrlicht = vis_cls
    mod.SColor = SColor
    mod.vector3df = vector3df
    for name in _QUIET_IRR_FUNCTIONS:
        setattr(mod, name, _noop)
    mod.CastToChVisualSystemIrrlicht = lambda obj: obj if isinstance(obj, vis_cls) else None

    def module_getattr(name):
        if name.startswith("_"):
            raise AttributeError(name)
        session.warn_once("pychrono.irrlicht.%s is not part of TwinForge's headless stand-in; it was replaced by a no-op." % name)
        return _LenientClass(session.warn_once)

    mod.__getattr__ = module_getattr
    return mod


class _LenientClass(Lenient):
    """What an unknown irrlicht name gives: callable, and every call returns a lenient object."""

    _what = "pychrono.irrlicht object"

    def __call__(self, *args, **kwargs):
        return _LenientClass(self._warn)


def make_vehicle_classes(session, chrono, veh, vis_cls):
    """The vehicle visual systems and the interactive driver, for pychrono.vehicle."""

    class _VehicleVisual(vis_cls):
        locals().update(_quiet(_QUIET_VEHICLE_MEMBERS))

        def __init__(self, *args):
            vis_cls.__init__(self)
            self._vehicle = None
            session.vehicle_vis = True

        def AttachVehicle(self, vehicle):
            self._vehicle = vehicle
            session.vehicle = vehicle
            session.attach(vehicle.GetSystem())

        def GetVehicle(self):
            return self._vehicle

        def SetChaseCamera(self, point, dist, height):
            session.chase = (point, float(dist), float(height))

        def GetChaseCamera(self):
            return Lenient(session.warn_once)

        def Synchronize(self, time, inputs=None):
            pass

        def Advance(self, step):
            # The vehicle steps its system inside C++: frames and limits are checked here.
            session.steps += 1
            session.tick()

        def GetSteering(self):
            return session.control.driver["steering"]

        def GetThrottle(self):
            return session.control.driver["throttle"]

        def GetBraking(self):
            return session.control.driver["braking"]

        def GetClutch(self):
            return 0.0

        def GetStepRTF(self):
            return 0.0

    class ChWheeledVehicleVisualSystemIrrlicht(_VehicleVisual):
        _what = "ChWheeledVehicleVisualSystemIrrlicht"

    class ChTrackedVehicleVisualSystemIrrlicht(_VehicleVisual):
        _what = "ChTrackedVehicleVisualSystemIrrlicht"

    class ChInteractiveDriverIRR(Lenient, veh.ChDriver):
        """Steering, throttle and braking come from the app (the `driver` control command),
        neutral until it sends any. Lenient never answers `this` or private names, which
        SWIG looks up while constructing the base; and no instance attributes are set, in
        case the proxy forbids new ones."""

        _what = "ChInteractiveDriverIRR"
        _warn = staticmethod(session.warn_once)

        def __init__(self, vis, *args):
            has_vehicle = getattr(type(vis), "GetVehicle", None) is not None
            vehicle = vis.GetVehicle() if has_vehicle else None
            if vehicle is not None:
                veh.ChDriver.__init__(self, vehicle)

        def _inputs(self):
            return session.control.driver

        def GetSteering(self):
            return self._inputs()["steering"]

        def GetThrottle(self):
            return self._inputs()["throttle"]

        def GetBraking(self):
            return self._inputs()["braking"]

        def GetClutch(self):
            return 0.0

        def GetInputs(self):
            inputs = veh.DriverInputs()
            d = self._inputs()
            inputs.m_steering, inputs.m_throttle, inputs.m_braking = d["steering"], d["throttle"], d["braking"]
            inputs.m_clutch = 0.0
            return inputs

        def SetSteering(self, v):
            session.control.driver["steering"] = max(-1.0, min(1.0, float(v)))

        def SetThrottle(self, v):
            session.control.driver["throttle"] = max(0.0, min(1.0, float(v)))

        def SetBraking(self, v):
            session.control.driver["braking"] = max(0.0, min(1.0, float(v)))

        def SetClutch(self, v):
            pass

        def Initialize(self):
            pass

        def Synchronize(self, time):
            pass

        def Advance(self, step):
            pass

        def Log(self, *args):
            pass

        def LogInit(self, *args):
            pass

        # Keyboard tuning and input sources of the Irrlicht driver: the app drives instead.
        def SetSteeringDelta(self, d):
            pass

        def SetThrottleDelta(self, d):
            pass

        def SetBrakingDelta(self, d):
            pass

        def SetClutchDelta(self, d):
            pass

        def SetGains(self, *args):
            pass

        def SetStepsize(self, h):
            pass

        def SetInputMode(self, mode):
            pass

        def SetInputDataFile(self, path):
            pass

        def SetJoystickConfigFile(self, path):
            pass

        def SetJoystickDebug(self, *args):
            pass

        def SetButtonCallback(self, *args):
            pass

        def HasJoystick(self):
            return False

        InputMode_LOCK, InputMode_KEYBOARD, InputMode_DATAFILE, InputMode_JOYSTICK = 0, 1, 2, 3

    def irrlicht_only(name):
        def unavailable(*args, **kwargs):
            raise MissingModuleError(
                "irrlicht",
                "veh.%s exists only in a pychrono built with Irrlicht, and TwinForge has no headless "
                "stand-in for it: use the app's own viewer and controls instead." % name,
            )

        return unavailable

    missing = {name: irrlicht_only(name) for name in _IRRLICHT_ONLY_VEHICLE if not hasattr(veh, name)}
    return {
        **missing,
        "ChWheeledVehicleVisualSystemIrrlicht": ChWheeledVehicleVisualSystemIrrlicht,
        "ChTrackedVehicleVisualSystemIrrlicht": ChTrackedVehicleVisualSystemIrrlicht,
        "ChInteractiveDriverIRR": ChInteractiveDriverIRR,
    }
