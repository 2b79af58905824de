import { describe, expect, it } from 'vitest';
import { DEFAULT_SERVE_PORT, parseServeArgs, TOKEN_FLAG_REFUSED } from './serve-args';

describe('twinforge serve flags', () => {
  it('defaults to 127.0.0.1, the default port and no token file', () => {
    expect(parseServeArgs([])).toEqual({
      port: DEFAULT_SERVE_PORT,
      host: '127.0.0.1',
      tokenFile: null,
      allowHosts: [],
      userData: undefined,
      projectsRoots: [],
      help: false,
    });
  });

  it('reads --flag value and --flag=value, and --allow-host more than once', () => {
    expect(
      parseServeArgs([
        '--port',
        '9000',
        '--host=0.0.0.0',
        '--token-file',
        '/home/ada/.twinforge-token',
        '--allow-host',
        'gpu-box.lab.example',
        '--allow-host=[fd00::7]',
        '--user-data=/tmp/u',
        '--projects-root',
        '/srv/twins',
        '--projects-root=/srv/tasks',
      ]),
    ).toEqual({
      port: 9000,
      host: '0.0.0.0',
      tokenFile: '/home/ada/.twinforge-token',
      allowHosts: ['gpu-box.lab.example', '[fd00::7]'],
      userData: '/tmp/u',
      projectsRoots: ['/srv/twins', '/srv/tasks'],
      help: false,
    });
    expect(parseServeArgs(['--help']).help).toBe(true);
  });

  it('never takes the token from the command line, and says why and what to use', () => {
    expect(() => parseServeArgs(['--token', 'abcdefgh12345678'])).toThrow(TOKEN_FLAG_REFUSED);
    expect(() => parseServeArgs(['--token=abcdefgh12345678'])).toThrow(/--token is refused/);
    expect(TOKEN_FLAG_REFUSED).toContain('every user of this machine');
    expect(TOKEN_FLAG_REFUSED).toContain('TWINFORGE_TOKEN');
    expect(TOKEN_FLAG_REFUSED).toContain('--token-file');
  });

  it('says what is wrong with a bad flag', () => {
    expect(() => parseServeArgs(['--prot', '1'])).toThrow(/Unknown option --prot/);
    expect(() => parseServeArgs(['--port'])).toThrow('--port needs a value');
    expect(() => parseServeArgs(['--port', '70000'])).toThrow(/--port must be a whole number/);
    expect(() => parseServeArgs(['--port', 'abc'])).toThrow(/--port must be a whole number/);
    expect(() => parseServeArgs(['--allow-host', 'box:8080'])).toThrow(/without a port/);
  });
});
