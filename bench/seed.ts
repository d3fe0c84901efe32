// What the benchmarks that need stored responses share: responses made with a seeded random
// generator and written in batches with their tallies (as storeResponses counts them), and a
// server started as its own child process on a free port.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Channel, Trust } from '../src/db/types.ts';
import { addInstansi, addLayanan, addLoket, addUnit } from '../src/admin/org.ts';
import { addUser } from '../src/admin/users.ts';
import type { DatabaseHandle } from '../src/db/database.ts';
import { localDate, type Period } from '../src/results/period.ts';
import { addToTallies, type TallyInput } from '../src/results/tally.ts';
import { freePort } from '../test/support/postgres-server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BATCH = 20_000;

/** mulberry32: a small seeded generator, so every run stores the same responses */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface UnitShape {
  id: string;
  /** loket id → its layanan (null: the citizen picks one of the unit's layanan) */
  lokets: { id: string; layananId: string | null }[];
  layananIds: string[];
  /** instrument version id → its item codes */
  versions: { id: string; items: string[] }[];
}

const CHANNELS: Channel[] = ['qr', 'qr', 'qr', 'kiosk', 'paper'];
const TRUST_OF: Record<Channel, Trust> = { qr: 'open', kiosk: 'presence', paper: 'open', invitation: 'invited' };
const EDUCATION = ['tidak_sekolah', 'sd', 'smp', 'sma', 'd1_d3', 'd4_s1', 's2', 's3', null];
const OCCUPATION = ['pns', 'tni', 'polri', 'swasta', 'wirausaha', 'pelajar', 'irt', 'petani', 'pensiunan', 'lainnya', null];
const DISABILITY = ['none', 'none', 'none', 'fisik', 'intelektual', 'mental', 'sensorik', null];

/** Stores `count` responses of a unit spread over the period's days, with their tallies, in batches. */
export async function seedResponses(handle: DatabaseHandle, unit: UnitShape, period: Period, count: number, seed: number, progress: (batch: number) => void) {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  // answers lean to 3 and 4, as real ones do
  const answer = () => [1, 2, 2, 3, 3, 3, 3, 4, 4, 4][Math.floor(next() * 10)]!;
  const start = Date.parse(`${period.from}T00:00:00+07:00`);
  const span = Date.parse(`${period.to}T23:59:59+07:00`) - start;
  // two batches in flight (the pool's two connections): the next is made while the database writes
  const inFlight = new Set<Promise<void>>();
  for (let done = 0; done < count; done += BATCH) {
    const size = Math.min(BATCH, count - done);
    const rows: TallyInput[] = [];
    const ids: string[] = [];
    const submitted: string[] = [];
    for (let i = 0; i < size; i++) {
      const at = new Date(start + Math.floor(((done + i + next()) / count) * span));
      const loket = pick(unit.lokets);
      const channel = pick(CHANNELS);
      const answers: Record<string, Record<string, number>> = {};
      for (const v of unit.versions) answers[v.id] = Object.fromEntries(v.items.map((code) => [code, answer()]));
      ids.push(crypto.randomUUID());
      submitted.push(at.toISOString());
      rows.push({
        unitId: unit.id,
        loketId: loket.id,
        layananId: loket.layananId ?? pick(unit.layananIds),
        localDate: localDate(at, 'Asia/Jakarta'),
        answers,
        respondent: {
          channel,
          trust: TRUST_OF[channel],
          gender: next() < 0.1 ? null : next() < 0.5 ? 'L' : 'P',
          age: next() < 0.1 ? null : 17 + Math.floor(next() * 55),
          education: pick(EDUCATION),
          occupation: pick(OCCUPATION),
          disability: pick(DISABILITY),
        },
      });
    }
    // one JSON document per batch: PostgreSQL parses it in one go (an array parameter per column
    // costs several times more to escape and parse)
    const batch = JSON.stringify(
      rows.map((r, i) => ({
        id: ids[i],
        unit_id: r.unitId,
        loket_id: r.loketId,
        layanan_id: r.layananId,
        channel: r.respondent.channel,
        trust: r.respondent.trust,
        submitted_at: submitted[i],
        local_date: r.localDate,
        gender: r.respondent.gender,
        age: r.respondent.age,
        education: r.respondent.education,
        occupation: r.respondent.occupation,
        disability: r.respondent.disability,
        answers: r.answers,
      })),
    );
    if (inFlight.size >= 2) await Promise.race(inFlight);
    const writing = handle.db.transaction().execute(async (tx) => {
      await sql`
        insert into response (id, unit_id, loket_id, layanan_id, channel, trust, submitted_at, local_date, gender, age, education, occupation, disability, answers, tallied_at)
        select *, now() from jsonb_to_recordset(${batch}::jsonb) as x(id uuid, unit_id uuid, loket_id uuid, layanan_id uuid, channel text, trust text,
          submitted_at timestamptz, local_date date, gender text, age smallint, education text, occupation text, disability text, answers jsonb)`.execute(tx);
      await addToTallies(tx, rows, 1);
    });
    const written = writing.then(() => {
      inFlight.delete(written);
      progress(size);
    });
    inFlight.add(written);
  }
  await Promise.all(inFlight);
}

/**
 * "Kabupaten Bench" (slug kab-bench) with an admin (admin@bench.go.id) and two units of the same shape,
 * "kecil" and "besar" (SKM, IPAK and IPKP; two layanan; four lokets), with the given numbers of
 * responses in the period. Returns the unit ids and shapes (to add more responses later).
 */
export async function seedBenchInstansi(handle: DatabaseHandle, period: Period, counts: { kecil: number; besar: number }, password: string): Promise<{ small: string; large: string; shapes: Record<'kecil' | 'besar', UnitShape> }> {
  const { db } = handle;
  await addInstansi(db, { name: 'Kabupaten Bench', slug: 'kab-bench', timeZone: 'WIB' }, 'Asia/Jakarta');
  await addUser(db, { email: 'admin@bench.go.id', name: 'Admin Bench', role: 'admin', instansi: 'kab-bench', password });
  const versions = await db
    .selectFrom('instrument_version as v')
    .innerJoin('instrument as i', 'i.id', 'v.instrument_id')
    .innerJoin('instrument_item as it', 'it.version_id', 'v.id')
    .where('i.code', 'in', ['skm', 'ipak', 'ipkp'])
    .where('i.instansi_id', 'is', null)
    .select(['v.id', 'it.code'])
    .orderBy('it.position')
    .execute();
  const byVersion = new Map<string, string[]>();
  for (const v of versions) byVersion.set(v.id, [...(byVersion.get(v.id) ?? []), v.code]);
  const shapes: Record<string, UnitShape> = {};
  for (const slug of ['kecil', 'besar']) {
    const unit = await addUnit(db, { instansi: 'kab-bench', name: `Dinas ${slug}`, slug, instruments: ['skm', 'ipak', 'ipkp'] });
    const layanan = [await addLayanan(db, { instansi: 'kab-bench', unit: slug, name: 'Perekaman KTP-el' }), await addLayanan(db, { instansi: 'kab-bench', unit: slug, name: 'Kartu Keluarga' })];
    const lokets = [];
    for (const [name, bound] of [['Loket 1', 'Perekaman KTP-el'], ['Loket 2', 'Kartu Keluarga'], ['Loket 3', undefined], ['Loket 4', undefined]] as const) {
      const loket = await addLoket(db, { instansi: 'kab-bench', unit: slug, name, layanan: bound });
      lokets.push({ id: loket.id, layananId: bound ? layanan.find((l) => l.name === bound)!.id : null });
    }
    shapes[slug] = { id: unit.id, lokets, layananIds: layanan.map((l) => l.id), versions: [...byVersion].map(([id, items]) => ({ id, items })) };
  }
  const started = performance.now();
  let shown = 0;
  const progress = (label: string, total: number) => {
    let done = 0;
    return (batch: number) => {
      done += batch;
      if (done - shown < 100_000 && done !== total) return;
      shown = done === total ? 0 : done;
      console.log(`  ${label}: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} responses stored and tallied (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    };
  };
  await seedResponses(handle, shapes.kecil!, period, counts.kecil, 1, progress('Dinas kecil', counts.kecil));
  await seedResponses(handle, shapes.besar!, period, counts.besar, 2, progress('Dinas besar', counts.besar));
  return { small: shapes.kecil!.id, large: shapes.besar!.id, shapes: shapes as Record<'kecil' | 'besar', UnitShape> };
}

export interface Child {
  process: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string>, logDir: string, script = 'src/main.ts'): Promise<Child> {
  const port = await freePort();
  const log = join(logDir, `${script.replace(/\W+/g, '-')}.log`);
  const fd = openSync(log, 'w');
  const { DATABASE_URL: _, DATA_DIR: __, APP_SECRET: ___, PORT: ____, PUBLIC_BASE_URL: _____, ...rest } = process.env;
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: { ...rest, ...env, PORT: String(port), PUBLIC_BASE_URL: url }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${readFileSync(log, 'utf8')}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not become ready:\n${readFileSync(log, 'utf8')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    process: child,
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

