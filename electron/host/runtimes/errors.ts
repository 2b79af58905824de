import type { InstallStage } from '../../common/contract/runtimes';

/** An install that could not go on: the message says what happened and what to do. */
export class RuntimeInstallError extends Error {
  constructor(
    message: string,
    readonly stage: InstallStage,
  ) {
    super(message);
  }
}

/** The caller cancelled (or left) while the install ran. */
export class InstallCancelledError extends RuntimeInstallError {
  constructor(stage: InstallStage) {
    super('The install was cancelled; nothing was installed.', stage);
  }
}

export function errorCode(err: unknown): string | undefined {
  return (err as { code?: string } | null)?.code;
}
