// Small scene builders shared by this folder's unit tests.
import type { SceneItem, SceneMessage, Shape } from '../../common/stream';

export function item(
  key: number,
  kind: SceneItem['kind'],
  shapes: Shape[],
  name = `item${key}`,
): SceneItem {
  return { key, id: key, name, kind, fixed: false, clones: 0, shapes };
}

export function scene(add: SceneItem[], opts: Partial<SceneMessage> = {}): SceneMessage {
  return {
    type: 'scene',
    full: true,
    upAxis: 'Z',
    camera: null,
    add,
    remove: [],
    meshes: {},
    ...opts,
  };
}
