// The settings form, derived from the contract's schema so that every field has an input
// and the form follows the schema when fields are added.
import { z } from 'zod';
import { settingsSchema, type Settings } from '../../../../electron/common/contract/settings';

export type SettingKey = keyof Settings & string;

export type FieldSpec =
  | { key: SettingKey; kind: 'choice'; options: string[] }
  | { key: SettingKey; kind: 'number'; integer: boolean; min?: number; max?: number }
  | { key: SettingKey; kind: 'text' }
  | { key: SettingKey; kind: 'toggle' };

export interface FieldText {
  label: string;
  help: string;
  section: 'Appearance' | 'Python runtime' | 'Runs' | 'Model server';
  unit?: string;
  placeholder?: string;
}

// Labels and help, keyed by field. A field without an entry still appears (under its key).
export const FIELD_TEXT: Partial<Record<SettingKey, FieldText>> = {
  theme: {
    label: 'Theme',
    help: 'System follows the OS light or dark mode.',
    section: 'Appearance',
  },
  pythonPath: {
    label: 'Python interpreter',
    help: 'A Python with pychrono 9.0.1. Empty: TWINFORGE_PYTHON, then conda environments, then python3.',
    section: 'Python runtime',
    placeholder: 'discover automatically',
  },
  runtimeMirrorUrl: {
    label: 'Runtime mirror',
    help: 'Where to download PyChrono runtime packs: a URL or a shared folder holding runtime-pack.json. Empty: TWINFORGE_RUNTIME_MIRROR.',
    section: 'Python runtime',
    placeholder: 'https://mirror.lab.example/twinforge/',
  },
  runMemoryMiB: {
    label: 'Memory limit per run',
    help: 'A run that needs more is stopped. One limit for all its processes where the system allows it, else one per process.',
    section: 'Runs',
    unit: 'MiB',
  },
  confineRuns: {
    label: 'Confine runs',
    help: 'Run scripts without network and with files read-only outside their own folder, where the system allows it (bubblewrap on Linux). The status bar says whether runs are confined.',
    section: 'Runs',
  },
  runSimTime: {
    label: 'Simulated-time limit',
    help: 'A run ends when simulated time reaches this.',
    section: 'Runs',
    unit: 's',
  },
  runWallTime: {
    label: 'Wall-clock limit',
    help: 'A run ends after this much real time.',
    section: 'Runs',
    unit: 's',
  },
  sampleDt: {
    label: 'Recording step',
    help: 'Simulated time between recorded frames.',
    section: 'Runs',
    unit: 's',
  },
  streamBudget: {
    label: 'Streaming budget',
    help: 'Share of the simulation loop spent sending frames to the view; the display rate drops (not below 5 Hz) to keep it.',
    section: 'Runs',
    unit: '%',
  },
  recordingsMiB: {
    label: 'Recordings per project',
    help: "Disk space a project's recordings of runs may take; the oldest are removed first.",
    section: 'Runs',
    unit: 'MiB',
  },
  recordingCapMiB: {
    label: 'Largest recording',
    help: 'Past this a recording stops; the run goes on.',
    section: 'Runs',
    unit: 'MiB',
  },
  timelineMemoryMiB: {
    label: 'Timeline memory',
    help: 'Memory kept for frames the timeline can scrub.',
    section: 'Runs',
    unit: 'MiB',
  },
  llmProvider: {
    label: 'Provider',
    help: 'Ollama, or a server with an OpenAI-compatible API.',
    section: 'Model server',
  },
  ollamaUrl: {
    label: 'Ollama URL',
    help: 'Empty: OLLAMA_HOST, else http://127.0.0.1:11434.',
    section: 'Model server',
    placeholder: 'http://127.0.0.1:11434',
  },
  openaiUrl: {
    label: 'OpenAI-compatible URL',
    help: 'Used when the provider is openai.',
    section: 'Model server',
  },
  model: {
    label: 'Model',
    help: 'The model name as the server knows it, e.g. qwen2.5-coder:14b.',
    section: 'Model server',
  },
  repairAttempts: {
    label: 'Repair attempts',
    help: 'How often a failing script is sent back to the model.',
    section: 'Model server',
  },
  groundRequests: {
    label: 'Ground requests',
    help: 'With each request, tell the model what the last run did (bodies, links, what moved, the error and its line) and the PyChrono API of the classes it names, from the installed pychrono. Off: requests go as SimBench sends them.',
    section: 'Model server',
  },
};

function unwrap(schema: z.ZodTypeAny): z.ZodTypeAny {
  let s = schema;
  while (s instanceof z.ZodDefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable) {
    s = s._def.innerType as z.ZodTypeAny;
  }
  return s;
}

export function settingFields(): FieldSpec[] {
  return Object.entries(settingsSchema.shape).map(([key, schema]): FieldSpec => {
    const inner = unwrap(schema as z.ZodTypeAny);
    const k = key as SettingKey;
    if (inner instanceof z.ZodEnum)
      return { key: k, kind: 'choice', options: [...inner.options] as string[] };
    if (inner instanceof z.ZodBoolean) return { key: k, kind: 'toggle' };
    if (inner instanceof z.ZodNumber) {
      return {
        key: k,
        kind: 'number',
        integer: inner.isInt,
        min: inner.minValue ?? undefined,
        max: inner.maxValue ?? undefined,
      };
    }
    return { key: k, kind: 'text' };
  });
}

export function fieldText(key: SettingKey): FieldText {
  return FIELD_TEXT[key] ?? { label: key, help: '', section: 'Runs' };
}

/**
 * Checks a draft against the schema; returns the errors by field (empty when valid) and
 * the changed values to send.
 */
export function validateDraft(
  draft: Record<SettingKey, string | number | boolean>,
  current: Settings,
): { errors: Partial<Record<SettingKey, string>>; patch: Partial<Settings> } {
  const errors: Partial<Record<SettingKey, string>> = {};
  const patch: Record<string, unknown> = {};
  for (const field of settingFields()) {
    const raw = draft[field.key];
    let value: unknown = raw;
    if (field.kind === 'number') {
      value = typeof raw === 'number' ? raw : raw === '' ? NaN : Number(raw);
      if (Number.isNaN(value)) {
        errors[field.key] = 'Enter a number';
        continue;
      }
    }
    const parsed = (settingsSchema.shape[field.key] as z.ZodTypeAny).safeParse(value);
    if (!parsed.success) {
      errors[field.key] = parsed.error.issues[0]?.message ?? 'Invalid value';
      continue;
    }
    if (parsed.data !== current[field.key]) patch[field.key] = parsed.data;
  }
  return { errors, patch: patch as Partial<Settings> };
}
