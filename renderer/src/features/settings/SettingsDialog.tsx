// The settings dialog: one input per field of the settings schema, grouped in sections,
// validated against the schema before it is sent to the host.
import { useMemo, useState } from 'react';
import type { Settings } from '../../../../electron/common/contract';
import { Dialog } from '../../ui/Dialog';
import {
  fieldText,
  settingFields,
  validateDraft,
  type FieldSpec,
  type SettingKey,
} from './settings-fields';
import { useSettingsStore } from './settings-store';

type Draft = Record<SettingKey, string | number | boolean>;

export function SettingsDialog({ onClose, focus }: { onClose(): void; focus: string | null }) {
  const settings = useSettingsStore((s) => s.settings);
  const loadError = useSettingsStore((s) => s.error);
  if (!settings) {
    return (
      <Dialog title="Settings" testId="settings-dialog" onClose={onClose}>
        <p className="muted">{loadError ?? 'Loading settings…'}</p>
      </Dialog>
    );
  }
  return <SettingsForm settings={settings} onClose={onClose} focus={focus} />;
}

function SettingsForm({
  settings,
  onClose,
  focus,
}: {
  settings: Settings;
  onClose(): void;
  focus: string | null;
}) {
  const fields = useMemo(settingFields, []);
  const [draft, setDraft] = useState<Draft>(() => ({ ...settings }) as Draft);
  const [errors, setErrors] = useState<Partial<Record<SettingKey, string>>>({});
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const sections = new Map<string, FieldSpec[]>();
  for (const f of fields) {
    const section = fieldText(f.key).section;
    sections.set(section, [...(sections.get(section) ?? []), f]);
  }

  const save = async () => {
    const { errors: found, patch } = validateDraft(draft, settings);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    if (Object.keys(patch).length === 0) return onClose();
    setSaving(true);
    try {
      await useSettingsStore.getState().update(patch);
      onClose();
    } catch (error) {
      setSaveError(error instanceof Error ? error.message : String(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog
      title="Settings"
      testId="settings-dialog"
      onClose={onClose}
      wide
      footer={
        <>
          {saveError && <span className="form-error">{saveError}</span>}
          <span className="spacer" />
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button primary"
            disabled={saving}
            onClick={() => void save()}
          >
            Save
          </button>
        </>
      }
    >
      <form
        className="settings-form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        {[...sections.entries()].map(([section, sectionFields]) => (
          <fieldset key={section} className="settings-section">
            <legend>{section}</legend>
            {sectionFields.map((field) => (
              <SettingInput
                key={field.key}
                field={field}
                value={draft[field.key]}
                error={errors[field.key]}
                autoFocus={
                  focus !== null &&
                  fieldText(field.key).section === focus &&
                  sectionFields[0] === field
                }
                onChange={(value) => setDraft((d) => ({ ...d, [field.key]: value }))}
              />
            ))}
          </fieldset>
        ))}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}

function SettingInput({
  field,
  value,
  error,
  autoFocus,
  onChange,
}: {
  field: FieldSpec;
  value: string | number | boolean;
  error?: string;
  autoFocus: boolean;
  onChange(value: string | number | boolean): void;
}) {
  const text = fieldText(field.key);
  const id = `setting-${field.key}`;
  let input: React.ReactNode;
  if (field.kind === 'choice') {
    input = (
      <select
        id={id}
        value={String(value)}
        autoFocus={autoFocus}
        onChange={(e) => onChange(e.target.value)}
      >
        {field.options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else if (field.kind === 'toggle') {
    input = (
      <input
        id={id}
        type="checkbox"
        checked={Boolean(value)}
        autoFocus={autoFocus}
        onChange={(e) => onChange(e.target.checked)}
      />
    );
  } else if (field.kind === 'number') {
    input = (
      <input
        id={id}
        type="number"
        inputMode="decimal"
        step={field.integer ? 1 : 'any'}
        min={field.min}
        max={field.max}
        value={String(value)}
        autoFocus={autoFocus}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  } else {
    input = (
      <input
        id={id}
        type="text"
        spellCheck={false}
        value={String(value)}
        placeholder={text.placeholder}
        autoFocus={autoFocus}
        onChange={(e) => onChange(e.target.value)}
      />
    );
  }
  return (
    <div className={error ? 'setting-row invalid' : 'setting-row'} data-setting={field.key}>
      <label htmlFor={id}>{text.label}</label>
      <div className="setting-input">
        {input}
        {text.unit && <span className="unit">{text.unit}</span>}
      </div>
      <p className="setting-help">{error ?? text.help}</p>
    </div>
  );
}
