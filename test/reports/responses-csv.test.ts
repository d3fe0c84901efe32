// The open responses CSV: RFC 4180 with the shared column names, one row per counted response, the
// saran masked and neutralised, streamed under back-pressure; fed back to `survei score` it gives
// exactly the unit's ScoreCards.
import { execFile } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { builtinInstruments } from '../../src/instruments/builtin.ts';
import { parseCsvStream } from '../../src/reports/csv.ts';
import { loadUnitReport, type UnitReportData } from '../../src/reports/data.ts';
import { writeResponsesCsv } from '../../src/reports/responses-csv.ts';
import { ScoreCsvError, scoreCsv } from '../../src/reports/score-csv.ts';
import { storeResponses } from '../../src/survey/store.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { IPAK, IPKP, type PublishedWorld, SKM, seedPublishedWorld } from '../support/published.ts';
import { collectingSink, responseOf, unitVersions } from './responses-support.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'survei-responses-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function records(text: string): Promise<string[][]> {
  const rows: string[][] = [];
  await parseCsvStream(Readable.from([text]), { record: (fields) => rows.push(fields) });
  return rows;
}

const LEAD = ['id', 'kanal', 'tanggal', 'jam', 'loket', 'layanan', 'jenis_kelamin', 'usia', 'pendidikan', 'pekerjaan', 'disabilitas'];

describe('survei score on a responses file', () => {
  const skm = builtinInstruments.skm;
  const header = [...LEAD, ...SKM, ...IPAK, 'saran'].join(',');
  const row = (skmValue: string, saran: string) => `x,qr,2026-07-01,08:00,L1,Imunisasi,P,30,sma,pns,none,${Array(9).fill(skmValue).join(',')},4,4,4,4,4,${saran}`;

  it('skips the export columns and the other instruments items, and names them', async () => {
    const { card, ignoredColumns, missingUnsur } = await scoreCsv(Readable.from([`${header}\r\n${row('3', '"a, b"')}\r\n${row('4', "'=1+1")}\r\n`]), skm);
    expect(card.respondents).toBe(2);
    expect(card.index).toBe(3.5);
    expect(missingUnsur).toEqual([]);
    expect(ignoredColumns).toEqual([...LEAD, ...IPAK, 'saran']);
  });

  it('counts no respondent for a row without answers to the instrument', async () => {
    const { card } = await scoreCsv(Readable.from([`${header}\n${row('3', '')}\n${row('', 'ipak only')}\n`]), skm);
    expect(card.respondents).toBe(1);
  });

  it('still refuses a typo in a plain answers file, and a non-code column in a responses file', async () => {
    const failure = (text: string) => scoreCsv(Readable.from([text]), skm).then(() => undefined, (err: unknown) => err as ScoreCsvError);
    expect((await failure('U1,A1\n1,2\n'))?.message).toMatch(/column B \(2\) "A1" is not an item code of instrument skm \(expected/);
    // a known export column is skipped even in a plain file; typos are not
    const plain = await scoreCsv(Readable.from(['id,U1\nx,3\n']), skm);
    expect(plain.ignoredColumns).toEqual(['id']);
    const odd = await failure('tanggal,U1,Nama Petugas\n2026-07-01,3,Ani\n');
    expect(odd).toBeInstanceOf(ScoreCsvError);
    expect(odd?.message).toMatch(/"Nama Petugas" is not an item code of instrument skm nor a column of a responses file/);
    expect((await failure('tanggal,U1,U1\n2026-07-01,3,3\n'))?.message).toMatch(/repeats column B/);
  });
});

describe.each(DATABASE_KINDS)('responses CSV (%s)', (kind) => {
  let database: DatabaseHandle;
  let world: PublishedWorld;
  let data: UnitReportData;
  let csv: string;
  let paperId: string;
  let lateId: string;
  let excludedId: string;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const db = database.db;
    world = await seedPublishedWorld(db, { publishNow: false });
    const versions = await unitVersions(db, world.dinkes.id);
    const layanan = await db.selectFrom('layanan').where('unit_id', '=', world.dinkes.id).select('id').executeTakeFirstOrThrow();
    const day = (n: number, time: string) => new Date(Date.parse(`${world.period.from}T${time}Z`) + n * 86_400_000);
    const paper = responseOf(world.dinkes.id, versions, { skm: Object.fromEntries(SKM.map((c) => [c, 3])), ipak: Object.fromEntries(IPAK.map((c) => [c, 4])) }, {
      submittedAt: day(30, '01:30:00'),
      channel: 'paper',
      loketId: world.dinkes.loketId,
      layananId: layanan.id,
      gender: 'P',
      age: 34,
      education: 'd4_s1',
      occupation: 'pns',
      disability: 'none',
      saran: '=HYPERLINK("http://x") hubungi 0812-3456-7890, "cepat"\r\nbaris dua',
    });
    // 18:30 UTC is 01:30 of the next day in WIB: the local day and time
    const late = responseOf(world.dinkes.id, versions, { skm: Object.fromEntries(SKM.slice(0, 8).map((c) => [c, 2])) }, { submittedAt: day(31, '18:30:00'), channel: 'kiosk' });
    const excluded = responseOf(world.dinkes.id, versions, { skm: Object.fromEntries(SKM.map((c) => [c, 1])) }, { submittedAt: day(33, '03:00:00'), excludedReason: 'uji' });
    await storeResponses(db, [paper, late, excluded]);
    [paperId, lateId, excludedId] = [paper.id, late.id, excluded.id];
    data = await loadUnitReport(db, world.dinkes.id, world.period);
    const { sink, bytes } = collectingSink();
    await writeResponsesCsv(db, data, sink);
    csv = bytes().toString('utf8');
  });
  afterAll(async () => {
    await database?.close();
  });

  it('has the shared header, one CRLF-ended row per counted response and no byte-order mark', async () => {
    expect(csv.charCodeAt(0)).toBe('i'.charCodeAt(0));
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = await records(csv);
    expect(rows[0]).toEqual([...LEAD, ...SKM, ...IPAK, ...IPKP, 'saran']);
    expect(rows).toHaveLength(1 + 12);
    expect(rows.slice(1).every((r) => r.length === rows[0]!.length)).toBe(true);
    const ids = rows.slice(1).map((r) => r[0]);
    expect(ids).toContain(paperId);
    expect(ids).not.toContain(excludedId);
    // oldest first: the seeded ten, then the two added
    expect(ids.slice(-2)).toEqual([paperId, lateId]);
    // no bare LF outside the quoted saran: every record ends with CRLF
    expect(csv.replace(/"(?:[^"]|"")*"/g, '').match(/(?<!\r)\n/)).toBeNull();
  });

  it('writes codes as stored, the local day and time, and the saran masked and neutralised', async () => {
    const rows = await records(csv);
    const byId = new Map(rows.slice(1).map((r) => [r[0], Object.fromEntries(rows[0]!.map((name, i) => [name, r[i]]))]));
    const paper = byId.get(paperId)!;
    expect(paper).toMatchObject({
      kanal: 'paper',
      jam: '08:30',
      loket: world.dinkes.loketCode,
      layanan: 'Imunisasi',
      jenis_kelamin: 'P',
      usia: '34',
      pendidikan: 'd4_s1',
      pekerjaan: 'pns',
      disabilitas: 'none',
      U1: '3',
      A5: '4',
      P1: '',
      saran: `'=HYPERLINK("http://x") hubungi [nomor telepon], "cepat"\r\nbaris dua`,
    });
    expect(paper.tanggal).toBe(new Date(Date.parse(`${world.period.from}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10));
    const late = byId.get(lateId)!;
    expect(late).toMatchObject({ kanal: 'kiosk', jam: '01:30', loket: '', layanan: '', jenis_kelamin: '', usia: '', U8: '2', U9: '', A1: '', saran: '' });
    expect(late.tanggal).toBe(new Date(Date.parse(`${world.period.from}T00:00:00Z`) + 32 * 86_400_000).toISOString().slice(0, 10));
    // the seeded answers, a minute apart from noon WIB
    expect(rows.slice(1, 11).map((r) => r[3]).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `12:0${i}`));
  });

  it('waits for a slow sink and reports its progress', async () => {
    const slow = collectingSink({ slow: true });
    const progress: [number, number][] = [];
    await writeResponsesCsv(database.db, data, slow.sink, { onProgress: (done, total) => progress.push([done, total]) });
    expect(slow.bytes().toString('utf8')).toBe(csv);
    expect(slow.waits()).toBeGreaterThan(0);
    expect(slow.sink.writableFinished).toBe(true);
    expect(progress[0]).toEqual([0, 12]);
    expect(progress.at(-1)).toEqual([12, 12]);
  });

  it('scores back to exactly the unit ScoreCard for skm, ipak and ipkp', async () => {
    const path = join(dir, `dinkes-${kind}.csv`);
    writeFileSync(path, csv);
    expect(data.cards.map((c) => c.card.instrument)).toEqual(['skm', 'ipak', 'ipkp']);
    for (const scored of data.cards) {
      const id = scored.card.instrument as 'skm' | 'ipak' | 'ipkp';
      const { card, missingUnsur } = await scoreCsv(createReadStream(path), builtinInstruments[id]);
      expect(missingUnsur).toEqual([]);
      expect(JSON.stringify(card)).toBe(JSON.stringify(scored.card));
    }
    expect(data.cards[0]!.card.respondents).toBe(12);
    expect(data.cards[1]!.card.respondents).toBe(11);
    expect(data.cards[2]!.card.respondents).toBe(10);
  });

  it('goes through `survei score --json` with a note naming the skipped columns', async () => {
    const path = join(dir, `cli-${kind}.csv`);
    writeFileSync(path, csv);
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'score', '--instrument', 'ipak', '--responses', path, '--json'], { cwd: ROOT }, (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
      );
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(`${JSON.stringify(data.cards[1]!.card, null, 2)}\n`);
    expect(run.stderr).toBe(`survei: note: skipped columns that are not items of ipak: ${[...LEAD, ...SKM, ...IPKP, 'saran'].join(', ')}\n`);
  });
});
