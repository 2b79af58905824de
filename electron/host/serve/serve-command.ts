// `twinforge serve`: the host services and the built UI, for a browser.
import { existsSync } from 'node:fs';
import { homedir, hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { createHost, type Host } from '../index';
import { isLoopbackHost, newToken } from './auth';
import { parseServeArgs, SERVE_USAGE, type ServeArgs } from './serve-args';
import { startServer, type RunningServer } from './server';
import { resolveToken, TOKEN_ENV, type TokenSource } from './token';
import { resolveUserDataDir } from './user-data';

/** How long running simulations get to stop before the process exits anyway. */
const STOP_GRACE_MS = 10_000;

export interface ServeHandle {
  server: RunningServer;
  host: Host;
  userDataDir: string;
  projectsRoots: string[];
  stop(): Promise<void>;
}

/** Starts serving; resolves once listening. Used by the command and by tests. */
export async function startServe(
  args: ServeArgs,
  env = process.env,
  token = newToken(),
): Promise<ServeHandle> {
  const rendererDir = findRendererDir();
  const userDataDir = resolveUserDataDir(args.userData, env);
  const projectsRoots = args.projectsRoots.length
    ? args.projectsRoots.map((dir) => resolve(dir))
    : [homedir()];
  for (const dir of projectsRoots) {
    if (!existsSync(dir)) throw new Error(`The projects folder ${dir} does not exist`);
  }
  const host = createHost({ userDataDir, env, projectsRoots });
  let server: RunningServer;
  try {
    server = await startServer({
      host,
      rendererDir,
      dataDir: dataDirFromProbe(host),
      token,
      bindHost: args.host,
      port: args.port,
      allowHosts: args.allowHosts,
    });
  } catch (err) {
    await host.dispose();
    throw err;
  }
  return {
    server,
    host,
    userDataDir,
    projectsRoots,
    async stop() {
      await server.close();
      await host.dispose();
    },
  };
}

/** The command: serves until SIGINT or SIGTERM. */
export async function runServeCommand(argv: string[]): Promise<void> {
  const args = parseServeArgs(argv);
  if (args.help) {
    console.log(SERVE_USAGE);
    return;
  }
  const { token, source } = resolveToken(args.tokenFile, process.env);
  // Read once, then gone from this process: nothing it starts can inherit it.
  delete process.env[TOKEN_ENV];
  const handle = await startServe(args, process.env, token);
  const { server } = handle;
  const bindHost = args.host;
  const shown = isLoopbackHost(bindHost)
    ? server.url
    : server.url.replace(server.origin, `http://${hostname()}:${server.port}`);
  console.log(`TwinForge is serving at ${shown}`);
  console.log(`Access token: ${describeSource(source, args.tokenFile)}`);
  console.log(`User data: ${handle.userDataDir}`);
  console.log(
    `Projects: ${handle.projectsRoots.join(', ')} (browsers open and save files on this machine only there)`,
  );
  if (!isLoopbackHost(bindHost)) {
    console.log(`Bound to ${bindHost}: anyone on the network who has the token can use it.`);
  }

  await new Promise<void>((done) => {
    const stop = () => {
      // A second Ctrl+C, or a stop that hangs, ends the process without waiting.
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      setTimeout(() => {
        console.error('serve: stopping took too long; exiting');
        process.exit(1);
      }, STOP_GRACE_MS).unref();
      handle.stop().then(done, (err: unknown) => {
        console.error('serve: error while stopping:', err);
        done();
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

function describeSource(source: TokenSource, file: string | null): string {
  if (source === 'TWINFORGE_TOKEN') return `from ${TOKEN_ENV}`;
  if (source === 'token file') return `from ${file}`;
  return `a new one for this session (set ${TOKEN_ENV} or use --token-file to keep one)`;
}

/** The data folder that `runtime.probe` reports; asked again while none is known. */
function dataDirFromProbe(host: Host): () => Promise<string | null> {
  let known: string | null = null;
  return async () => {
    if (known) return known;
    try {
      known = (await host.runtime.probe()).dataPath;
    } catch {
      known = null; // no runtime service or no pychrono: no data files to serve
    }
    return known;
  };
}

/** dist/renderer, found from the bundled CLI (dist/cli) or from the sources. */
function findRendererDir(): string {
  const candidates = [
    join(__dirname, '..', 'renderer'),
    resolve(__dirname, '..', '..', '..', 'dist', 'renderer'),
    resolve(process.cwd(), 'dist', 'renderer'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (!found) throw new Error('The renderer is not built: run `npm run build` first');
  return found;
}
