// The app in the real Workers runtime for the tests: `wrangler dev` (workerd, from the npm
// registry) on a free port, with the Hyperdrive binding pointed at a test PostgreSQL database
// through its local connection string. Nothing is fetched from Cloudflare: no account, no
// telemetry, no Request.cf download.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../support/postgres-server.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const WRANGLER = `${ROOT}node_modules/.bin/wrangler`;

/** Keeps wrangler from calling home during tests and CI (the machine has no network but the registries). */
export const OFFLINE_ENV = {
  WRANGLER_SEND_METRICS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  CI: 'true',
};

export interface DevWorker {
  url: string;
  /** everything wrangler and the Worker printed so far */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Hyperdrive's local mode insists on a password in the URL; the test server trusts local
 * connections and ignores it.
 */
function withPassword(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (!url.password) url.password = 'unused';
  return url.toString();
}

/** Starts `wrangler dev` for the top-level environment of wrangler.toml; resolves once it answers. */
export async function startDevWorker(databaseUrl: string, vars: Record<string, string>): Promise<DevWorker> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const args = ['dev', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(await freePort()), '--test-scheduled', '--show-interactive-dev-session=false'];
  for (const [name, value] of Object.entries({ PUBLIC_BASE_URL: url, ...vars })) args.push('--var', `${name}:${value}`);
  const child: ChildProcess = spawn(WRANGLER, args, {
    cwd: ROOT,
    // its own process group: workerd goes down with it
    detached: true,
    env: { ...process.env, ...OFFLINE_ENV, CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: withPassword(databaseUrl) },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.on('error', (error) => (output += `\nspawn failed: ${error.message}`));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  // the whole group: wrangler and the workerd it started, even when wrangler itself is gone
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  // a test process that dies leaves no runtime behind
  const onExit = () => signalGroup('SIGKILL');
  process.once('exit', onExit);
  const stop = async () => {
    process.off('exit', onExit);
    signalGroup('SIGTERM');
    const timer = setTimeout(() => signalGroup('SIGKILL'), 5_000);
    if (!ended() && child.pid !== undefined) await exited;
    clearTimeout(timer);
    signalGroup('SIGKILL');
  };
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (ended() || child.pid === undefined) {
      await stop();
      throw new Error(`wrangler dev ended (${child.exitCode ?? child.signalCode ?? 'not started'}):\n${output}`);
    }
    if (/Ready on http/.test(output)) {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
      if (res) {
        await res.arrayBuffer();
        break;
      }
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`wrangler dev did not answer within 90 s:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, output: () => output, stop };
}
