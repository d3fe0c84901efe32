// The Workers bundle as `wrangler deploy` would upload it, built with `--dry-run` for each
// environment of wrangler.toml: it builds without a warning, carries every binding, leaves the
// embedded database out, and stays under the free plan's 3 MiB compressed.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { OFFLINE_ENV, ROOT, WRANGLER } from './wrangler.ts';

/** Cloudflare's limit for a Worker on the free plan, after compression. */
const BUDGET_KIB = 3 * 1024;

const outDirs: string[] = [];
afterAll(() => {
  for (const dir of outDirs) rmSync(dir, { recursive: true, force: true });
});

async function dryRun(env: string) {
  const outDir = mkdtempSync(join(tmpdir(), 'survei-worker-'));
  outDirs.push(outDir);
  const { stdout, stderr } = await promisify(execFile)(WRANGLER, ['deploy', '--dry-run', '--outdir', outDir, `--env=${env}`], {
    cwd: ROOT,
    env: { ...process.env, ...OFFLINE_ENV },
    maxBuffer: 16 * 1024 * 1024,
  });
  const output = stdout + stderr;
  const sizes = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(output);
  if (!sizes) throw new Error(`no size in wrangler's output:\n${output}`);
  // the same measure taken here: every module wrangler would upload, each gzip'd
  const modules = readdirSync(outDir).filter((f) => !f.endsWith('.map') && f !== 'README.md');
  const gzipKib = modules.reduce((sum, f) => sum + gzipSync(readFileSync(join(outDir, f))).byteLength, 0) / 1024;
  return { output, outDir, modules, totalKib: Number(sizes[1]), wranglerGzipKib: Number(sizes[2]), gzipKib };
}

describe.each(['', 'staging', 'production'])('wrangler deploy --dry-run --env=%j', (env) => {
  it('builds without a warning, with every binding, under 3 MiB compressed', async () => {
    const build = await dryRun(env);
    console.log(
      `worker bundle (${env || 'top level'}): ${build.totalKib.toFixed(0)} KiB, ${build.wranglerGzipKib.toFixed(0)} KiB compressed by wrangler's count, ` +
        `${build.gzipKib.toFixed(0)} KiB by gzip here, budget ${BUDGET_KIB} KiB (${((build.wranglerGzipKib / BUDGET_KIB) * 100).toFixed(0)} %); modules: ${build.modules.join(', ')}`,
    );
    expect(build.wranglerGzipKib).toBeLessThan(BUDGET_KIB);
    expect(build.gzipKib).toBeLessThan(BUDGET_KIB);
    expect(build.output).not.toMatch(/WARNING|ERROR/);
    for (const binding of ['HYPERDRIVE', 'ASSETS', 'SUBMIT_PER_ADDRESS', 'SUBMIT_PER_DEVICE', 'INVITATION_API', 'PUBLIC_BASE_URL', 'DEFAULT_TIME_ZONE', 'REQUEST_TIMEOUT_MS', 'RATE_LIMIT_PER_ADDRESS']) expect(build.output).toContain(`env.${binding}`);
    // the image renderer's WebAssembly and fonts travel as modules; PGlite's stays out
    expect(build.modules.some((f) => f.endsWith('.wasm'))).toBe(true);
    expect(build.modules.filter((f) => f.endsWith('.ttf'))).toHaveLength(2);
    const code = readFileSync(join(build.outDir, 'worker.js'), 'utf8');
    expect(code).not.toContain('pglite.wasm');
    if (env) expect(build.output).toContain(`https://survei${env === 'staging' ? '-staging' : ''}.example.go.id`);
  });
});
