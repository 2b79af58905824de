import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveToken } from './token';

const dir = mkdtempSync(join(tmpdir(), 'tf-token-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tokenFile(content: string, mode: number): string {
  const file = join(dir, `token-${mode.toString(8)}-${content.length}`);
  writeFileSync(file, content);
  chmodSync(file, mode);
  return file;
}

describe('the access token', () => {
  it('comes from TWINFORGE_TOKEN', () => {
    expect(resolveToken(null, { TWINFORGE_TOKEN: 'from-the-environment-1' })).toEqual({
      token: 'from-the-environment-1',
      source: 'TWINFORGE_TOKEN',
    });
  });

  it('comes from a file only its owner can read, first line, trimmed', () => {
    const file = tokenFile('from-a-file-0123456789\n', 0o600);
    expect(resolveToken(file, {}, 'linux')).toEqual({
      token: 'from-a-file-0123456789',
      source: 'token file',
    });
  });

  it('refuses a file other users can read, saying how to fix it', () => {
    const file = tokenFile('from-a-file-0123456789\n', 0o644);
    expect(() => resolveToken(file, {}, 'linux')).toThrow(
      `${file} can be read by other users (mode 644): run chmod 600 ${file}`,
    );
  });

  it('is made up when none is given, and refuses two sources or a weak one', () => {
    const made = resolveToken(null, {});
    expect(made.source).toBe('new');
    expect(made.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const file = tokenFile('from-a-file-0123456789\n', 0o600);
    expect(() => resolveToken(file, { TWINFORGE_TOKEN: 'from-the-environment-1' })).toThrow(
      /use one of them/,
    );
    expect(() => resolveToken(null, { TWINFORGE_TOKEN: 'short' })).toThrow(
      /16 to 256 printable characters/,
    );
    expect(() => resolveToken(join(dir, 'missing'), {}, 'linux')).toThrow(
      /Cannot read the token file .*missing \(ENOENT\)/,
    );
  });
});
