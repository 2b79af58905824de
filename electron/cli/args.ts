/** A mistake on the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {}

export function positiveNumber(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) {
    throw new UsageError(`${flag} needs a positive number of seconds, not "${text}"`);
  }
  return value;
}
