import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVE_PORT, parseServeArgs } from './serve-args';

describe('twinforge serve flags', () => {
  it('defaults to 127.0.0.1, the default port and a token to be made up', () => {
    expect(parseServeArgs([])).toEqual({
      port: DEFAULT_SERVE_PORT,
      host: '127.0.0.1',
      token: null,
      userData: undefined,
      projectsRoot: undefined,
      help: false,
    });
  });

  it('reads --flag value and --flag=value', () => {
    expect(
      parseServeArgs([
        '--port',
        '9000',
        '--host=0.0.0.0',
        '--token',
        'abcdefgh',
        '--user-data=/tmp/u',
        '--projects-root',
        '/srv/twins',
      ]),
    ).toEqual({
      port: 9000,
      host: '0.0.0.0',
      token: 'abcdefgh',
      userData: '/tmp/u',
      projectsRoot: '/srv/twins',
      help: false,
    });
    expect(parseServeArgs(['--help']).help).toBe(true);
  });

  it('says what is wrong with a bad flag', () => {
    expect(() => parseServeArgs(['--prot', '1'])).toThrow(/Unknown option --prot/);
    expect(() => parseServeArgs(['--port'])).toThrow('--port needs a value');
    expect(() => parseServeArgs(['--port', '70000'])).toThrow(/--port must be a whole number/);
    expect(() => parseServeArgs(['--port', 'abc'])).toThrow(/--port must be a whole number/);
    expect(() => parseServeArgs(['--token', 'short'])).toThrow(/8 to 256 printable/);
    expect(() => parseServeArgs(['--token', 'has space inside'])).toThrow(/8 to 256 printable/);
  });
});
