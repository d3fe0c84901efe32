// Runs the real server and the real `survei` command as child processes, as a user would.
import { type ChildProcess, spawn } from 'node:child_process';
import { freePort } from './postgres-server.ts';

const ROOT = new URL('../..', import.meta.url).pathname;

/** Environment for children: ours without the database settings, plus what the test gives. */
function childEnv(env: Record<string, string | undefined>) {
  const { DATABASE_URL: _, DATA_DIR: __, APP_SECRET: ___, PORT: ____, ...rest } = process.env;
  return { ...rest, ...env };
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A command lives a second or two: V8's optimising recompilation of the embedded database's
 * WebAssembly, done on a background thread, would only take CPU from the other suites (about a
 * fifth of each command's CPU), so the test commands run on V8's baseline WebAssembly compiler.
 */
const CLI_NODE_FLAGS = ['--liftoff-only'];

export function runCli(args: string[], env: Record<string, string | undefined> = {}, stdin?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI_NODE_FLAGS, '--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env: childEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** resolves with the exit code */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startServer(env: Record<string, string | undefined>, { waitReady = true } = {}): Promise<ServerProcess> {
  // a free port can be taken by another test's server between finding it and listening on it:
  // then this server stops at once ("cannot listen on port …") and starts again on another port
  for (let attempt = 1; ; attempt++) {
    const server = launch(await freePort(), env);
    if (!waitReady) return server;
    const ready = await untilReady(server);
    if (ready === 'ready') return server;
    if (attempt === 3 || !server.output().includes('cannot listen on port')) throw new Error(`server exited with ${server.child.exitCode}:\n${server.output()}`);
  }
}

function launch(port: number, env: Record<string, string | undefined>): ServerProcess {
  // the server's links (QR targets, snippets) name the address the tests reach it at, unless a test says otherwise
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: childEnv({ PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}`, ...env }) });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** 'ready' once this process says it listens and /healthz answers; 'exited' when it stopped first. */
async function untilReady(server: ServerProcess): Promise<'ready' | 'exited'> {
  const port = new URL(server.url).port;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.child.exitCode !== null) return 'exited';
    // its own line first: another process on the same port would answer /healthz too
    if (server.output().includes(`listening on port ${port} `)) {
      try {
        if ((await fetch(`${server.url}/healthz`)).ok) return 'ready';
      } catch {
        // not listening yet
      }
    }
    if (Date.now() > deadline) {
      await server.stop('SIGKILL');
      throw new Error(`server did not become ready:\n${server.output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
