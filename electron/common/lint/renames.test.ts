// Every entry of the rename table, name by name, against the bundled 9.0.1 index: the old
// name is gone from its module or class, the new one is where the entry says.
import { describe, expect, it } from 'vitest';
import {
  CHANGED_MEANING,
  MODULE_RENAMES,
  REMOVED_MEMBERS,
  REMOVED_NAMES,
  RENAMED_MEMBERS,
  RENAMED_NAMES,
  renamedMember,
  renamedMemberOfUnknown,
  renamedModule,
  renamedName,
} from './renames';
import { BUNDLED_API as api } from './testing';

const names = Object.entries(RENAMED_NAMES).flatMap(([module, renames]) =>
  Object.entries(renames).map(([old, now]) => [module, old, now] as const),
);
const members = Object.entries(RENAMED_MEMBERS).flatMap(([module, classes]) =>
  Object.entries(classes).flatMap(([cls, renames]) =>
    Object.entries(renames).map(([old, now]) => [module, cls, old, now] as const),
  ),
);

describe('the rename table against the 9.0.1 index', () => {
  it('has the renames PYCHRONO.md lists', () => {
    expect(RENAMED_NAMES['pychrono.core']).toMatchObject({
      ChVectorD: 'ChVector3d',
      ChQuaternionD: 'ChQuaterniond',
      ChFrameD: 'ChFramed',
      ChMaterialSurfaceNSC: 'ChContactMaterialNSC',
      ChFunction_Const: 'ChFunctionConst',
    });
    expect(RENAMED_MEMBERS['pychrono.core'].ChSystem.Set_G_acc).toBe(
      'SetGravitationalAcceleration',
    );
    expect(RENAMED_MEMBERS['pychrono.core'].ChBody.SetBodyFixed).toBe('SetFixed');
    expect(RENAMED_MEMBERS['pychrono.core'].ChFrameMovingd).toMatchObject({
      SetPos_dt: 'SetPosDt',
      GetPos_dt: 'GetPosDt',
      SetWvel_par: 'SetAngVelParent',
      SetRot_dt: 'SetRotDt',
    });
    expect(names.length + members.length).toBeGreaterThan(850);
  });

  it.each(names)('%s: %s → %s', (module, old, now) => {
    expect(api.lookup(module, old).kind).toBe('missing');
    expect(api.lookup(module, now).kind).not.toBe('missing');
    expect(renamedName(api, module, old)?.name).toBe(now);
  });

  it.each(members)('%s.%s: %s → %s', (module, cls, old, now) => {
    const info = api.classInfo(module, cls);
    expect(info, `${module}.${cls} is a class of the index`).toBeDefined();
    expect(info?.members.has(old)).toBe(false);
    expect(info?.members.has(now)).toBe(true);
    expect(renamedMember(api, info!, old)?.name).toBe(now);
  });

  it('the removed names are absent from every module and class', () => {
    for (const old of REMOVED_NAMES) expect(api.modulesWith(old), old).toEqual([]);
    for (const [module, classes] of Object.entries(REMOVED_MEMBERS)) {
      for (const [cls, olds] of Object.entries(classes)) {
        for (const old of olds)
          expect(api.classInfo(module, cls)?.members.has(old), `${cls}.${old}`).toBe(false);
      }
    }
  });

  it('renames whose arguments changed are offered, never safe', () => {
    expect(renamedName(api, 'pychrono.core', 'Q_from_Euler123')).toMatchObject({ safe: false });
    expect(renamedName(api, 'pychrono.core', 'Q_from_AngAxis')).toMatchObject({
      name: 'QuatFromAngleAxis',
      safe: true,
    });
    for (const old of CHANGED_MEANING) expect(old).toMatch(/^[A-Za-z][A-Za-z0-9_]+$/);
  });

  it('inherited renames apply to subclasses (ChBodyEasyBox.SetPos_dt)', () => {
    const box = api.classInfo('pychrono.core', 'ChBodyEasyBox')!;
    expect(renamedMember(api, box, 'SetPos_dt')).toMatchObject({
      name: 'SetPosDt',
      owner: 'ChFrameMovingd',
    });
  });

  it('guesses old members on unknown values only from distinctive names', () => {
    expect(renamedMemberOfUnknown(api, 'GetPos_dt')?.name).toBe('GetPosDt');
    expect(renamedMemberOfUnknown(api, 'SetBodyFixed')?.name).toBe('SetFixed');
    for (const generic of ['eval', 'read', 'reset', 'GetA', 'GetId', 'SetPos']) {
      expect(renamedMemberOfUnknown(api, generic), generic).toBeNull();
    }
  });

  it('module renames lead to Chrono modules', () => {
    for (const [from, to] of Object.entries(MODULE_RENAMES)) {
      expect(renamedModule(from)?.to).toBe(to);
      expect(api.isChronoModule(to), to).toBe(true);
    }
    expect(renamedModule('chrono.irrlicht')).toEqual({ from: 'chrono', to: 'pychrono.irrlicht' });
  });
});
