/**
 * The benchmark's scene: N boxes resting on a ground box, written as a user would write it
 * for Chrono's Irrlicht viewer (the bridge's stand-in bounds its endless loop).
 */
export function boxesScript(bodies: number, step = 0.002): string {
  return `import math
import pychrono as chrono
import pychrono.irrlicht as chronoirr

N = ${bodies}
system = chrono.ChSystemNSC()
system.SetCollisionSystemType(chrono.ChCollisionSystem.Type_BULLET)
system.SetGravitationalAcceleration(chrono.ChVector3d(0, -9.81, 0))

side = int(math.ceil(math.sqrt(N)))
# Colliding bodies need a contact material: Chrono 9.0.1 crashes at the first contact without one.
material = chrono.ChContactMaterialNSC()
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
