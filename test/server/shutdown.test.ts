// Graceful shutdown, at the process level: a request in flight when SIGTERM arrives (its body half
// sent) is still read, handled, stored and answered whole; the port refuses new connections at once;
// the process then closes the database and exits 0 with its shutdown line — every line JSON.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { Agent, type ClientRequest, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../support/admin.ts';
import { runCli, startServer } from '../support/process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'survei-shutdown-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('stopping the server with SIGTERM', () => {
  it('answers the request in flight whole, refuses new connections, and exits 0 with its shutdown line', async () => {
    const server = await startServer({ DATA_DIR: dataDir });
    const agent = new Agent({ keepAlive: true });
    const lines = () =>
      server
        .output()
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>);
    try {
      // the first-account form: its link from the log, its CSRF cookie and field
      const setup = lines()
        .map((l) => /create the first account at (\S+)/.exec(String(l.msg))?.[1])
        .find(Boolean)!;
      const path = new URL(setup).pathname + new URL(setup).search;
      const form = await fetch(`${server.url}${path}`);
      const cookie = form.headers.get('set-cookie')!.split(';')[0]!;
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
      const body = new URLSearchParams({
        _csrf: csrf,
        role: 'admin',
        name: 'Admin Terakhir',
        email: 'terakhir@uji.go.id',
        password: TEST_PASSWORD,
        instansiName: 'Kota Tutup',
        instansiSlug: 'kota-tutup',
        timeZone: 'WIB',
      }).toString();

      // half the body on a keep-alive connection, then SIGTERM while the server waits for the rest
      let answered!: (answer: Answer) => void;
      let failed!: (error: Error) => void;
      const answer = new Promise<Answer>((resolve, reject) => ((answered = resolve), (failed = reject)));
      const post = request(`${server.url}${path}`, { method: 'POST', agent, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body), Cookie: cookie, Expect: '100-continue' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => answered({ status: res.statusCode!, headers: res.headers, body: text }));
        res.on('aborted', () => failed(new Error('the response was cut off')));
        res.on('error', failed);
      });
      post.on('error', failed);
      // "100 Continue" comes once the server has taken the request and started on it (a
      // connection still waiting to be accepted when the port closes would be refused)
      await inFlight(post);
      const half = Math.floor(body.length / 2);
      post.write(body.slice(0, half));
      server.child.kill('SIGTERM');
      await expect.poll(() => server.output(), { timeout: 5_000 }).toContain('SIGTERM received: closing');

      // the port is closed to new connections while the old one is still served
      await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
      expect(server.child.exitCode).toBeNull();

      post.end(body.slice(half));
      const { status, headers, body: page } = await answer;
      expect(status).toBe(303);
      expect(headers.location).toBe('/admin/login?done=setup');
      // a keep-alive client is told the connection ends with this answer, so it does not hold the stop
      expect(headers.connection).toBe('close');
      expect(Number(headers['content-length'] ?? page.length)).toBe(Buffer.byteLength(page));

      const started = performance.now();
      expect(await server.exited).toBe(0);
      // not held up by the 10 s cap: the drained connection closes with its answer
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      agent.destroy();
      await server.stop('SIGKILL');
    }
    const logged = lines();
    const id = logged.find((l) => l.method === 'POST' && l.path === '/admin/setup')?.request_id;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const order = ['SIGTERM received: closing', 'request', 'survei stopped'].map((msg) => logged.findIndex((l) => l.msg === msg && (msg !== 'request' || l.request_id === id)));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(logged.at(-1)).toMatchObject({ level: 'info', msg: 'survei stopped', exit_code: 0 });
    expect(logged.every((l) => typeof l.time === 'string' && typeof l.level === 'string' && typeof l.msg === 'string')).toBe(true);
    expect(server.output()).not.toContain(TEST_PASSWORD);

    // what it answered was stored, and the database was closed cleanly (the lock is gone)
    expect(existsSync(join(dataDir, 'survei.lock'))).toBe(false);
    const list = await runCli(['instansi', 'list', '--json'], { DATA_DIR: dataDir });
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ slug: 'kota-tutup' })]);
  });

  it('stops at once, with exit code 1, on a second signal while a request still holds it', async () => {
    const server = await startServer({ DATA_DIR: dataDir });
    const post = request(`${server.url}/admin/login`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': 1000, Expect: '100-continue' } });
    post.on('error', () => {});
    try {
      await inFlight(post);
      post.write('email=');
      server.child.kill('SIGTERM');
      await expect.poll(() => server.output(), { timeout: 5_000 }).toContain('SIGTERM received: closing');
      // the body never comes: the first signal alone would wait for it (up to 10 s)
      const started = performance.now();
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(1);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(server.output()).toContain('SIGTERM received again: stopping now');
    } finally {
      post.destroy();
      await server.stop('SIGKILL');
    }
  });
});

/** Resolves once the server answered "100 Continue": it has taken the request and runs its handler. */
function inFlight(post: ClientRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    post.once('continue', () => resolve());
    post.once('error', reject);
    post.flushHeaders();
  });
}
