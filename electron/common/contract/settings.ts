import { z } from 'zod';

export const themeChoice = z.enum(['system', 'light', 'dark']);

export const settingsSchema = z.object({
  theme: themeChoice.default('system'),
  /** Python interpreter chosen by the user; empty means discover one. */
  pythonPath: z.string().default(''),
  /** Where runtime packs are downloaded from: a lab mirror's URL or a shared folder. */
  runtimeMirrorUrl: z.string().default(''),
  /** Memory limit of one run, in MiB. */
  runMemoryMiB: z.number().int().positive().default(8192),
  /** Run scripts without network and with a read-only file system outside their scratch
   *  folder, where the OS allows it (bubblewrap on Linux). */
  confineRuns: z.boolean().default(true),
  /** Simulated-time limit of a run, in seconds. */
  runSimTime: z.number().positive().default(30),
  /** Wall-clock limit of a run, in seconds. */
  runWallTime: z.number().positive().default(600),
  /** Sampling step of the recording, in simulated seconds. */
  sampleDt: z.number().positive().default(0.01),
  /** Per cent of the simulation loop the bridge may spend streaming; it lowers the
   *  display rate (never below 5 Hz) to keep within it. */
  streamBudget: z.number().min(0.5).max(50).default(5),
  /** What a project's recordings of runs may take on disk, in MiB; the oldest go first. */
  recordingsMiB: z.number().int().min(1).default(2048),
  /** The most one recording may take, in MiB; past it the recording stops (the run goes on). */
  recordingCapMiB: z.number().int().min(1).default(512),
  /** Memory cap of the timeline's frame store, in MiB. */
  timelineMemoryMiB: z.number().int().positive().default(512),
  llmProvider: z.enum(['ollama', 'openai']).default('ollama'),
  ollamaUrl: z.string().default(''),
  openaiUrl: z.string().default('http://127.0.0.1:8080/v1'),
  model: z.string().default(''),
  repairAttempts: z.number().int().min(1).max(10).default(3),
  /** Send the model what the last run did and the API of the classes a request names. */
  groundRequests: z.boolean().default(true),
});
export type Settings = z.infer<typeof settingsSchema>;

/** A setting that fell back to its default when the file was read (field null: the whole
 *  file), with a sentence saying why and where the file as it was is kept. */
export interface SettingsProblem {
  field: string | null;
  message: string;
}

export const settingsMethods = {
  'settings.get': z.object({}),
  'settings.update': settingsSchema.partial(),
  /** What fell back to a default when the settings were read; the UI shows it once. */
  'settings.problems': z.object({}),
};

export interface SettingsResults {
  'settings.get': Settings;
  'settings.update': Settings;
  'settings.problems': { problems: SettingsProblem[] };
}

export interface SettingsEvents {
  'settings.changed': Settings;
}
