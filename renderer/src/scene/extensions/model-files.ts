// Model files (ChVisualShapeModelFile: vehicle chassis and wheel meshes, robot parts):
// loaded once per file from the pychrono data directory, shared by every shape that names
// the same file, drawn in the shape's colour, and freed when the last user goes.
import {
  Group,
  Matrix4,
  Mesh,
  MeshStandardMaterial,
  type BufferGeometry,
  type Object3D,
} from 'three';
import type { SceneItem, Shape } from '../../../../electron/common/stream';
import {
  HIGHLIGHT,
  shapeColor,
  shapeMatrix,
  type Extension,
  type Part,
  type SceneContext,
} from '../context';

/** Loads a model file (by its data-directory path) into three.js objects. */
export type ModelSource = (path: string) => Promise<Object3D>;

type ModelShape = Extract<Shape, { type: 'modelfile' }>;

interface LoadedModel {
  geometries: BufferGeometry[];
  users: number;
  ready: Promise<BufferGeometry[] | null>;
}

export class ModelFiles {
  private readonly models = new Map<string, LoadedModel>();

  constructor(
    private readonly source: ModelSource,
    private readonly onError: (path: string, error: unknown) => void,
  ) {}

  acquire(path: string): Promise<BufferGeometry[] | null> {
    let model = this.models.get(path);
    if (!model) {
      const entry: LoadedModel = { geometries: [], users: 0, ready: Promise.resolve(null) };
      entry.ready = this.source(path).then(
        (root) => {
          root.updateMatrixWorld(true);
          root.traverse((o) => {
            if (!(o instanceof Mesh)) return;
            // Bake each part's placement in the file into a geometry of our own.
            const geometry = o.geometry as BufferGeometry;
            entry.geometries.push(geometry.clone().applyMatrix4(o.matrixWorld));
            geometry.dispose();
          });
          // Released before it loaded: free at once.
          if (entry.users <= 0) entry.geometries.forEach((g) => g.dispose());
          return entry.geometries;
        },
        (error: unknown) => {
          this.onError(path, error);
          return null;
        },
      );
      model = entry;
      this.models.set(path, model);
    }
    model.users++;
    return model.ready;
  }

  release(path: string): void {
    const model = this.models.get(path);
    if (!model) return;
    model.users--;
    if (model.users > 0) return;
    this.models.delete(path);
    model.geometries.forEach((g) => g.dispose());
  }

  clear(): void {
    for (const model of this.models.values()) model.geometries.forEach((g) => g.dispose());
    this.models.clear();
  }
}

export class ModelFilePart implements Part {
  readonly group = new Group();
  private readonly material: MeshStandardMaterial;
  private disposed = false;

  constructor(
    private readonly ctx: SceneContext,
    private readonly files: ModelFiles,
    item: SceneItem,
    private readonly shape: ModelShape,
    private readonly local: Matrix4,
  ) {
    this.material = new MeshStandardMaterial({
      color: shapeColor(shape),
      roughness: 0.6,
      metalness: 0.1,
    });
    this.material.wireframe = ctx.wireframe;
    ctx.ownMaterials.add(this.material);
    this.group.matrixAutoUpdate = false;
    this.group.userData.itemKey = item.key;
    ctx.root.add(this.group);
    void files.acquire(shape.file).then((geometries) => {
      if (this.disposed || !geometries) return;
      for (const g of geometries) {
        const mesh = new Mesh(g, this.material);
        mesh.userData.itemKey = item.key;
        mesh.castShadow = ctx.shadows;
        mesh.receiveShadow = ctx.shadows;
        this.group.add(mesh);
      }
      ctx.onAsyncChange?.();
    });
  }

  setPose(item: Matrix4): void {
    const [sx, sy, sz] = this.shape.scale ?? [1, 1, 1];
    this.group.matrix
      .multiplyMatrices(item, this.local)
      .multiply(new Matrix4().makeScale(sx, sy, sz));
    this.group.matrixWorldNeedsUpdate = true;
  }

  setVisible(visible: boolean): void {
    this.group.visible = visible;
  }

  applyExtra(): void {}

  setHighlight(on: boolean): void {
    this.material.emissive.setRGB(0, 0, 0);
    if (on) this.material.emissive.copy(HIGHLIGHT).multiplyScalar(0.4);
  }

  dispose(): void {
    this.disposed = true;
    this.ctx.root.remove(this.group);
    this.ctx.ownMaterials.delete(this.material);
    this.material.dispose();
    this.files.release(this.shape.file);
  }
}

export class ModelFilesExtension implements Extension {
  readonly name = 'model-files';

  constructor(
    private readonly ctx: SceneContext,
    private readonly files: ModelFiles | null,
  ) {}

  createPart(item: SceneItem, shape: Shape): Part | null {
    if (shape.type !== 'modelfile' || !this.files || !/\.obj$/i.test(shape.file)) return null;
    const part = new ModelFilePart(this.ctx, this.files, item, shape, shapeMatrix(shape));
    part.setPose(new Matrix4());
    return part;
  }
}
