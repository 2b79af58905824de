// Types of electron-binary.mjs, for the TypeScript that imports it (e2e tests).
export function findElectronBinary(where: {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  electronDir: string | null;
}): { path: string } | { why: string };

export function missingDisplay(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean;
