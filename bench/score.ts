/**
 * `npm run bench:score`: is `survei score` fast and lean on a large file?
 *
 * Generates a 1,000,000-row SKM CSV (U1…U9, values 1–4, ~2 % blanks) in a temporary directory, then
 * times two child processes on it, each after one warm-up run, best wall time of 3:
 *   baseline  plain Node reading the file and splitting it into lines (readline), counting them;
 *   score     the real CLI: node --import tsx src/cli.ts score --instrument skm --responses <file> --json
 *   score ;   the same on a copy of the file with `;` for `,`, as Indonesian-locale spreadsheets export
 * Both times include process start-up (for score: tsx and the TypeScript sources), as a user sees it.
 *
 * Peak RSS: each child loads a small preload (--import) that writes process.resourceUsage().maxRSS to a
 * file on exit. That is the child's own peak resident set (getrusage RUSAGE_SELF), needs no external
 * tool, and works on any OS Node runs on; the parent's resourceUsage cannot be used since it does not
 * separate children. (esbuild, which tsx starts only when a source is not in its cache, would be a
 * separate process; after the warm-up every source is cached.)
 *
 * Targets: score (both delimiters) ≤ 3 × baseline wall time, and peak RSS < 150 MB. Exits 1 when one
 * is missed.
 * The JSON printed by the CLI is checked against the engine run on counts tallied while generating.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { builtinInstruments } from '../src/instruments/builtin.ts';
import { computeScoreCard, type Histogram } from '../src/scoring/index.ts';

const ROWS = 1_000_000;
const RUNS = 3;
const MAX_RATIO = 3;
const MAX_RSS_MB = 150;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CODES = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'];

/** mulberry32: a seeded generator, so every run benchmarks the same file. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Generated {
  path: string;
  histograms: Map<string, Histogram>;
  respondents: number;
  bytes: number;
}

async function generate(path: string): Promise<Generated> {
  const next = random(20260101);
  // Plausible answers: mostly 3, then 4, some 2, few 1; each unsur shifted a little.
  const cumulative = CODES.map((_, u) => {
    const shift = (u - 4) * 0.01;
    const p = [0.04 - shift / 2, 0.12 - shift / 2, 0.52, 0.32 + shift];
    return [p[0]!, p[0]! + p[1]!, p[0]! + p[1]! + p[2]!];
  });
  const counts = CODES.map(() => [0, 0, 0, 0]);
  let respondents = 0;
  let bytes = 0;
  const out = createWriteStream(path);
  const write = (text: string) =>
    new Promise<void>((resolve, reject) => out.write(text, (err) => (err ? reject(err) : resolve())));
  let buffer = `${CODES.join(',')}\n`;
  for (let r = 0; r < ROWS; r++) {
    let line = '';
    let answered = false;
    for (let u = 0; u < CODES.length; u++) {
      if (u > 0) line += ',';
      if (next() < 0.02) continue;
      const x = next();
      const c = cumulative[u]!;
      const v = x < c[0]! ? 1 : x < c[1]! ? 2 : x < c[2]! ? 3 : 4;
      counts[u]![v - 1]! += 1;
      answered = true;
      line += v;
    }
    if (answered) respondents++;
    buffer += `${line}\n`;
    if (buffer.length > 1 << 20) {
      bytes += buffer.length;
      await write(buffer);
      buffer = '';
    }
  }
  bytes += buffer.length;
  await write(buffer);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  const histograms = new Map<string, Histogram>(CODES.map((c, u) => [c, counts[u] as unknown as Histogram]));
  return { path, histograms, respondents, bytes };
}

interface Measurement {
  ms: number;
  rssKb: number;
  stdout: string;
}

function measure(args: string[], rssFile: string): Promise<Measurement> {
  rmSync(rssFile, { force: true }); // a stale figure from the previous run must not pass for this one
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - started;
      if (code !== 0) {
        reject(new Error(`${args.join(' ')} exited ${code}: ${Buffer.concat(err).toString()}`));
        return;
      }
      resolve({ ms, rssKb: Number(readFileSync(rssFile, 'utf8')), stdout: Buffer.concat(out).toString() });
    });
  });
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'survei-bench-'));
  try {
    const csv = join(dir, 'skm-1m.csv');
    const rssFile = join(dir, 'rss.txt');
    const preload = join(dir, 'rss.mjs');
    writeFileSync(
      preload,
      `import { writeFileSync } from 'node:fs';\n` +
        `process.on('exit', () => writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS)));\n`,
    );
    const baselineScript = join(dir, 'baseline.mjs');
    writeFileSync(
      baselineScript,
      `import { createReadStream } from 'node:fs';\nimport { createInterface } from 'node:readline';\n` +
        `let lines = 0;\nfor await (const _ of createInterface({ input: createReadStream(process.argv[2]), crlfDelay: Infinity })) lines++;\n` +
        `console.log(lines);\n`,
    );

    process.stdout.write(`generating ${ROWS.toLocaleString('en')} rows… `);
    const t0 = performance.now();
    const data = await generate(csv);
    process.stdout.write(`${(data.bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    const semicolonCsv = join(dir, 'skm-1m-semicolon.csv');
    writeFileSync(semicolonCsv, readFileSync(csv, 'utf8').replaceAll(',', ';'));

    const preloadUrl = pathToFileURL(preload).href;
    const baselineArgs = ['--import', preloadUrl, baselineScript, csv];
    const scoreArgs = ['--import', 'tsx', '--import', preloadUrl, 'src/cli.ts', 'score', '--instrument', 'skm', '--responses', csv, '--json'];
    const semicolonArgs = scoreArgs.map((a) => (a === csv ? semicolonCsv : a));

    const expected = `${JSON.stringify(computeScoreCard(builtinInstruments.skm, data.histograms, data.respondents), null, 2)}\n`;
    const check = (m: Measurement, kind: 'baseline' | 'score') => {
      if (kind === 'baseline' && m.stdout.trim() !== String(ROWS + 1)) throw new Error(`baseline counted ${m.stdout.trim()} lines`);
      if (kind === 'score' && m.stdout !== expected) throw new Error('survei score printed a ScoreCard that differs from the engine on the generated counts');
    };

    check(await measure(baselineArgs, rssFile), 'baseline'); // warm-up: page cache
    check(await measure(scoreArgs, rssFile), 'score'); // warm-up: page cache and tsx's transform cache
    check(await measure(semicolonArgs, rssFile), 'score');
    const baseline: Measurement[] = [];
    const score: Measurement[] = [];
    const semicolon: Measurement[] = [];
    for (let i = 0; i < RUNS; i++) {
      const b = await measure(baselineArgs, rssFile);
      check(b, 'baseline');
      baseline.push(b);
      const s = await measure(scoreArgs, rssFile);
      check(s, 'score');
      score.push(s);
      const sc = await measure(semicolonArgs, rssFile);
      check(sc, 'score');
      semicolon.push(sc);
    }

    const best = (ms: Measurement[]) => Math.min(...ms.map((m) => m.ms));
    const peak = (ms: Measurement[]) => Math.max(...ms.map((m) => m.rssKb)) / 1024;
    const ratio = best(score) / best(baseline);
    const semicolonRatio = best(semicolon) / best(baseline);
    const rows: [string, string, string, string][] = [
      ['', 'best of 3', 'all runs', 'peak RSS'],
      ['baseline (readline)', `${best(baseline).toFixed(0)} ms`, baseline.map((m) => m.ms.toFixed(0)).join(' / '), `${peak(baseline).toFixed(1)} MB`],
      ['survei score --json', `${best(score).toFixed(0)} ms`, score.map((m) => m.ms.toFixed(0)).join(' / '), `${peak(score).toFixed(1)} MB`],
      ['  same, ";" file', `${best(semicolon).toFixed(0)} ms`, semicolon.map((m) => m.ms.toFixed(0)).join(' / '), `${peak(semicolon).toFixed(1)} MB`],
    ];
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]!.length)));
    console.log('');
    for (const r of rows) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('   '));
    console.log('');
    const ratioOk = ratio <= MAX_RATIO && semicolonRatio <= MAX_RATIO;
    const rssOk = Math.max(peak(score), peak(semicolon)) < MAX_RSS_MB;
    console.log(`ratio score/baseline: ${ratio.toFixed(2)} (";" file: ${semicolonRatio.toFixed(2)})`);
    console.log(`ratio ≤ ${MAX_RATIO}: ${ratioOk ? 'yes' : 'no'}`);
    console.log(`peak RSS < ${MAX_RSS_MB} MB: ${rssOk ? 'yes' : 'no'}`);
    return ratioOk && rssOk ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
