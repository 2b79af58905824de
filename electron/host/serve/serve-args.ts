// The `twinforge serve` command line.
export interface ServeArgs {
  port: number;
  host: string;
  token: string | null;
  userData: string | undefined;
  projectsRoot: string | undefined;
  help: boolean;
}

export const DEFAULT_SERVE_PORT = 7878;

export const SERVE_USAGE = `Usage: twinforge serve [--port N] [--host ADDR] [--token T] [--user-data DIR]
                       [--projects-root DIR]

Serves the TwinForge workspace and its host services to a browser.
  --port N              port to listen on (default ${DEFAULT_SERVE_PORT}; 0 picks a free one)
  --host ADDR           address to bind (default 127.0.0.1; 0.0.0.0 opens it to the network)
  --token T             access token (default: a new random one); the printed URL carries it
  --user-data DIR       settings, backups and untitled projects (default: TWINFORGE_USER_DATA,
                        else the OS's per-user application folder)
  --projects-root DIR   the only folder browsers may open, save and list projects in
                        (default: your home folder)`;

const VALUE_FLAGS = new Set(['--port', '--host', '--token', '--user-data', '--projects-root']);

/** Parses `--flag value` and `--flag=value`; throws a readable error on anything else. */
export function parseServeArgs(argv: string[]): ServeArgs {
  const values = new Map<string, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (!VALUE_FLAGS.has(flag)) throw new Error(`Unknown option ${arg}\n\n${SERVE_USAGE}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') throw new Error(`${flag} needs a value`);
    values.set(flag, value);
  }

  const portText = values.get('--port');
  const port = portText === undefined ? DEFAULT_SERVE_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, not ${portText}`);
  }
  const token = values.get('--token') ?? null;
  if (token !== null && !/^[\x21-\x7e]{8,256}$/.test(token)) {
    throw new Error('--token must be 8 to 256 printable characters without spaces');
  }
  return {
    port,
    host: values.get('--host') ?? '127.0.0.1',
    token,
    userData: values.get('--user-data'),
    projectsRoot: values.get('--projects-root'),
    help,
  };
}
