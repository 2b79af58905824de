import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../../../electron/common/contract/settings';
import { FIELD_TEXT, settingFields, validateDraft, type SettingKey } from './settings-fields';

const defaults = settingsSchema.parse({});

describe('settings form', () => {
  it('has an input, a label and help for every field of the schema', () => {
    const keys = settingFields().map((f) => f.key);
    expect(keys.sort()).toEqual(Object.keys(settingsSchema.shape).sort());
    for (const key of keys) expect(FIELD_TEXT[key as SettingKey]?.label).toBeTruthy();
  });

  it('reads input kinds and bounds from the schema', () => {
    const fields = Object.fromEntries(settingFields().map((f) => [f.key, f]));
    expect(fields.theme).toEqual({
      key: 'theme',
      kind: 'choice',
      options: ['system', 'light', 'dark'],
    });
    expect(fields.repairAttempts).toMatchObject({ kind: 'number', integer: true, min: 1, max: 10 });
    expect(fields.pythonPath).toEqual({ key: 'pythonPath', kind: 'text' });
  });

  it('sends only what changed', () => {
    const draft = { ...defaults, runSimTime: '12.5', model: 'qwen2.5-coder:7b' };
    const { errors, patch } = validateDraft(draft, defaults);
    expect(errors).toEqual({});
    expect(patch).toEqual({ runSimTime: 12.5, model: 'qwen2.5-coder:7b' });
  });

  it('refuses values the schema refuses, naming the field', () => {
    const draft = { ...defaults, runSimTime: '-1', repairAttempts: '11', runMemoryMiB: 'lots' };
    const { errors, patch } = validateDraft(draft, defaults);
    expect(Object.keys(errors).sort()).toEqual(['repairAttempts', 'runMemoryMiB', 'runSimTime']);
    expect(errors.runMemoryMiB).toBe('Enter a number');
    expect(patch).toEqual({});
  });
});
