/**
 * The benchmark's scene: N boxes resting on a ground box, written as a user would write it
 * for Chrono's Irrlicht viewer (the bridge's stand-in bounds its endless loop). Every
 * colliding body has a contact material: real Chrono segfaults at the first contact of a
 * body without one (PYCHRONO.md).
 */
export function boxesScript(bodies: number, step = 0.002): string {
  return `import math
import pychrono as chrono
import pychrono.irrlicht as chronoirr

N = ${bodies}
system = chrono.ChSystemNSC()
system.SetCollisionSystemType(chrono.ChCollisionSystem.Type_BULLET)
system.SetGravitationalAcceleration(chrono.ChVector3d(0, -9.81, 0))

material = chrono.ChContactMaterialNSC()
material.SetFriction(0.5)

side = int(math.ceil(math.sqrt(N)))
ground = chrono.ChBodyEasyBox(side + 2.0, 1.0, side + 2.0, 1000, True, True, material)
ground.SetPos(chrono.ChVector3d(0, -0.5, 0))
ground.SetFixed(True)
system.Add(ground)

for i in range(N):
    box = chrono.ChBodyEasyBox(0.5, 0.5, 0.5, 500, True, True, material)
    box.SetPos(chrono.ChVector3d(i % side - side / 2.0, 0.26, i // side - side / 2.0))
    system.Add(box)

vis = chronoirr.ChVisualSystemIrrlicht()
vis.AttachSystem(system)
vis.SetWindowTitle("bench: %d boxes" % N)
vis.Initialize()
vis.AddCamera(chrono.ChVector3d(0, side, -side))
vis.AddTypicalLights()

while vis.Run():
    vis.BeginScene()
    vis.Render()
    vis.EndScene()
    system.DoStepDynamics(${step})
`;
}
