// Where serve's access token comes from: the TWINFORGE_TOKEN environment variable, a file
// only its owner can read (--token-file), or a new random one. Never a command line.
import { readFileSync, statSync } from 'node:fs';
import { newToken } from './auth';

export type TokenSource = 'TWINFORGE_TOKEN' | 'token file' | 'new';

export const TOKEN_ENV = 'TWINFORGE_TOKEN';

const TOKEN_SHAPE = /^[\x21-\x7e]{16,256}$/;
const SHAPE_HELP =
  'must be 16 to 256 printable characters without spaces (make one with `openssl rand -hex 16`)';

export function resolveToken(
  tokenFile: string | null,
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform = process.platform,
): { token: string; source: TokenSource } {
  const fromEnv = env[TOKEN_ENV];
  if (fromEnv !== undefined && tokenFile) {
    throw new Error(`${TOKEN_ENV} is set and --token-file is given: use one of them`);
  }
  if (fromEnv !== undefined) {
    if (!TOKEN_SHAPE.test(fromEnv)) throw new Error(`${TOKEN_ENV} ${SHAPE_HELP}`);
    return { token: fromEnv, source: 'TWINFORGE_TOKEN' };
  }
  if (tokenFile) return { token: readTokenFile(tokenFile, platform), source: 'token file' };
  return { token: newToken(), source: 'new' };
}

function readTokenFile(file: string, platform: NodeJS.Platform): string {
  let text: string;
  try {
    if (platform !== 'win32') {
      const mode = statSync(file).mode & 0o777;
      if (mode & 0o077) {
        throw new Error(
          `${file} can be read by other users (mode ${mode.toString(8).padStart(3, '0')}): ` +
            `run chmod 600 ${file}`,
        );
      }
    }
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!code) throw err;
    throw new Error(`Cannot read the token file ${file} (${code})`);
  }
  const token = text.split(/\r?\n/)[0].trim();
  if (!TOKEN_SHAPE.test(token)) throw new Error(`The token in ${file} ${SHAPE_HELP}`);
  return token;
}
