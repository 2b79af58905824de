// The `twinforge serve` command line.
export interface ServeArgs {
  port: number;
  host: string;
  /** A file holding the access token (`--token-file`); see token.ts for the other ways. */
  tokenFile: string | null;
  /** Names besides loopback and the bound address that requests may use (`--allow-host`). */
  allowHosts: string[];
  userData: string | undefined;
  /** `--projects-root`, repeated for more than one; empty: the user's home. */
  projectsRoots: string[];
  help: boolean;
}

export const DEFAULT_SERVE_PORT = 7878;

export const SERVE_USAGE = `Usage: twinforge serve [--port N] [--host ADDR] [--token-file FILE] [--allow-host NAME]
                       [--user-data DIR] [--projects-root DIR]

Serves the TwinForge workspace and its host services to a browser.
  --port N            port to listen on (default ${DEFAULT_SERVE_PORT}; 0 picks a free one)
  --host ADDR         address to bind (default 127.0.0.1; 0.0.0.0 opens it to the network)
  --token-file FILE   read the access token from FILE, which only you may read (chmod 600)
  --allow-host NAME   another name the server is reached by (this machine's DNS name, a
                      proxy's); repeat for more. Loopback names and the bound address,
                      and on 0.0.0.0 this machine's host name and addresses, always work
  --user-data DIR     settings, backups and untitled projects (default: TWINFORGE_USER_DATA,
                      else the OS's per-user application folder)
  --projects-root DIR the only folder browsers may open, save and list files in on this
                      machine (projects, task sets, results, runtime packs); repeat for
                      more (a shared task folder beside the homes). Default: your home

The access token comes from the TWINFORGE_TOKEN environment variable or --token-file,
else a new random one is made; the printed URL carries it. It is never taken from the
command line, which every user of this machine can read.`;

/** Why `--token` is refused, and what to do instead. */
export const TOKEN_FLAG_REFUSED =
  '--token is refused: a command line can be read by every user of this machine (ps, ' +
  '/proc/PID/cmdline) and by every script a run starts. Put the token in the ' +
  'TWINFORGE_TOKEN environment variable, or in a file only you can read and pass ' +
  '--token-file FILE.';

const VALUE_FLAGS = new Set([
  '--port',
  '--host',
  '--token-file',
  '--allow-host',
  '--user-data',
  '--projects-root',
]);

/** Parses `--flag value` and `--flag=value`; throws a readable error on anything else. */
export function parseServeArgs(argv: string[]): ServeArgs {
  const values = new Map<string, string>();
  const allowHosts: string[] = [];
  const projectsRoots: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (flag === '--token') throw new Error(TOKEN_FLAG_REFUSED);
    if (!VALUE_FLAGS.has(flag)) throw new Error(`Unknown option ${arg}\n\n${SERVE_USAGE}`);
    const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined || value === '') throw new Error(`${flag} needs a value`);
    if (flag === '--allow-host') allowHosts.push(value);
    else if (flag === '--projects-root') projectsRoots.push(value);
    else values.set(flag, value);
  }

  const portText = values.get('--port');
  const port = portText === undefined ? DEFAULT_SERVE_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, not ${portText}`);
  }
  for (const name of allowHosts) {
    if (!/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)$/.test(name)) {
      throw new Error(`--allow-host takes a host name or address without a port, not ${name}`);
    }
  }
  return {
    port,
    host: values.get('--host') ?? '127.0.0.1',
    tokenFile: values.get('--token-file') ?? null,
    allowHosts,
    userData: values.get('--user-data'),
    projectsRoots,
    help,
  };
}
