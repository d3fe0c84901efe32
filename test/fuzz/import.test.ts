// Fuzzing the import of paper questionnaires through importResponses, the function the command line
// and the workspace run: random bytes, mutated CSVs, XLSX workbooks with random cells (from the
// template's header) and damaged XLSX archives, under random file names. The outcome is stored rows
// or a list of problems (a FileProblem for an unreadable file), never a throw or an unhandled
// rejection; a refused file stores nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { type ImportOutcome, importResponses, importTemplate } from '../../src/reports/import/index.ts';
import { localDate } from '../../src/results/period.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { type PublishedWorld, seedPublishedWorld, SKM } from '../support/published.ts';
import { anyText, changes, type Fingerprint, fingerprinter, rowsIn, FUZZ_RUNS, fuzzParams, fuzzTimeout, watchRejections } from './support.ts';

const dir = mkdtempSync(join(tmpdir(), 'survei-fuzz-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = ['tanggal', 'jam', 'loket', 'layanan', 'jenis_kelamin', 'usia', 'pendidikan', 'pekerjaan', 'disabilitas', ...SKM, 'saran'];

type Cell = string | number | boolean | Date | null | { formula: string; result?: number | string } | { richText: { text: string }[] } | { error: '#N/A' | '#REF!' };

type FileCase =
  | { kind: 'bytes'; bytes: Uint8Array; name: string }
  | { kind: 'csv'; rows: string[][]; filler: number; delimiter: string; bom: boolean; edits: [number, string][]; name: string }
  | { kind: 'xlsx'; rows: Cell[][]; guideFirst: boolean; damage: [number, number][]; name: string };

// the parser is the work here and the database is touched the same way on both kinds: one kind keeps
// the suite inside its time budget (the HTTP targets run on both)
describe.each(DATABASE_KINDS.slice(0, 1))('fuzzing the import (%s)', (kind) => {
  let database: DatabaseHandle;
  let world: PublishedWorld;
  let day: string;
  let templateCsv: string;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    world = await seedPublishedWorld(database.db, { publishNow: false });
    day = localDate(new Date(Date.now() - 5 * 86_400_000), 'Asia/Jakarta');
    templateCsv = (await importTemplate(database.db, world.disduk.id, 'csv')).toString('utf8');
    expect(templateCsv.replace(/^\uFEFF/, '').trim().split(',')).toEqual(HEADER);
  });
  afterAll(async () => {
    await database?.close();
  });

  /** A cell of a column: mostly what the template asks for, now and then something wrong or anything. */
  const cellText = (column: string): fc.Arbitrary<string> => {
    const valid: Record<string, fc.Arbitrary<string>> = {
      tanggal: fc.constantFrom(day, `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`),
      jam: fc.constantFrom('09:30', ''),
      loket: fc.constantFrom(world.disduk.loketCode, ''),
      jenis_kelamin: fc.constantFrom('L', 'P', 'perempuan', ''),
      usia: fc.constantFrom('34', ''),
      pendidikan: fc.constantFrom('sma', 'SMA/SMK', ''),
      saran: fc.oneof(fc.constant(''), fc.string({ unit: 'grapheme', maxLength: 30 })),
    };
    const wrong = fc.constantFrom('2099-01-01', '1999-12-31', '2026-02-30', '24:00', '9:5', 'zzzz', world.dinkes.loketCode, 'Imunisasi', 'X', '9', '121', '3.5', 'phd', 'pns', 'netra', '0', '5', '=1+1', 'x'.repeat(1001));
    const fitting = valid[column] ?? (SKM.includes(column) ? fc.constantFrom('1', '2', '3', '4') : fc.constant(''));
    return fc.oneof({ weight: 40, arbitrary: fitting }, { weight: 1, arbitrary: wrong }, { weight: 1, arbitrary: anyText() });
  };
  /** mostly the name that fits the content, now and then any */
  const nameArb = (fits: string) => fc.oneof({ weight: 8, arbitrary: fc.constant(fits) }, fc.constantFrom('kertas.csv', 'kertas.xlsx', 'kertas.xls', 'KERTAS.XLSM', 'tanpa-nama', '../../x.csv'), anyText());

  const cellArb = (column: string): fc.Arbitrary<Cell> =>
    fc.oneof(
      { weight: 120, arbitrary: cellText(column) },
      { weight: 1, arbitrary: fc.oneof(fc.integer({ min: -5, max: 50_000 }), fc.double(), fc.boolean(), fc.constant(null)) },
      { weight: 1, arbitrary: fc.date({ min: new Date('1899-12-31T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }) },
      { weight: 1, arbitrary: fc.constantFrom<Cell>({ formula: 'A1+1' }, { formula: '1+1', result: 2 }, { formula: 'B2', result: 'x' }, { richText: [{ text: '3' }] }, { error: '#N/A' }, { error: '#REF!' }) },
    );

  /** made in the test: the cells need the seeded world */
  const cases = (): fc.Arbitrary<FileCase> => fc.oneof(
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('bytes' as const), bytes: fc.uint8Array({ maxLength: 2048 }), name: nameArb('kertas.csv') }) },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('csv' as const),
        rows: fc.array(fc.tuple(...HEADER.map(cellText)), { maxLength: 4 }),
        // valid rows in front, so an edit may land past the first KB (where the encoding sniffing ends)
        filler: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, fc.integer({ min: 1, max: 30 })),
        delimiter: fc.constantFrom(',', ',', ';', '\t'),
        bom: fc.boolean(),
        edits: fc.oneof({ weight: 3, arbitrary: fc.constant([] as [number, string][]) }, fc.array(fc.tuple(fc.nat(), fc.constantFrom('"', ',', ';', '\n', '\r', '""', '\uFFFD', '\u0000', '\xff')), { minLength: 1, maxLength: 3 })),
        name: nameArb('kertas.csv'),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('xlsx' as const),
        rows: fc.array(fc.tuple(...HEADER.map(cellArb)), { maxLength: 3 }),
        guideFirst: fc.boolean(),
        damage: fc.oneof({ weight: 3, arbitrary: fc.constant([] as [number, number][]) }, fc.array(fc.tuple(fc.nat(), fc.nat(255)), { minLength: 1, maxLength: 4 })),
        name: nameArb('kertas.xlsx'),
      }),
    },
  );

  async function contents(c: FileCase): Promise<Buffer> {
    if (c.kind === 'bytes') return Buffer.from(c.bytes);
    if (c.kind === 'csv') {
      const quote = (s: string) => (/["\n\r,;\t]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
      const filler = HEADER.map((h) => (h === 'tanggal' ? day : SKM.includes(h) ? '3' : ''));
      let text = [HEADER, ...Array.from({ length: c.filler }, () => filler), ...c.rows].map((r) => r.map(quote).join(c.delimiter)).join('\r\n');
      for (const [at, piece] of c.edits) {
        const i = at % (text.length + 1);
        text = text.slice(0, i) + piece + text.slice(i);
      }
      return Buffer.from(`${c.bom ? '\uFEFF' : ''}${text}`, 'utf8');
    }
    const workbook = new ExcelJS.Workbook();
    if (c.guideFirst) workbook.addWorksheet('Petunjuk').addRow(['isi di sheet berikutnya']);
    const sheet = workbook.addWorksheet('Responden');
    sheet.addRow(HEADER);
    for (const row of c.rows) sheet.addRow(row as ExcelJS.CellValue[]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    // damage past the zip's first header, so it is still taken for an XLSX
    for (const [at, value] of c.damage) bytes[4 + (at % (bytes.length - 4))] = value;
    return bytes;
  }

  let files = 0;
  it(
    `imports ${FUZZ_RUNS} random files into problems or rows, never a throw, storing nothing when refused`,
    async () => {
      const fingerprint = await fingerprinter(database.db);
      const rejections = watchRejections();
      let last: Fingerprint = await fingerprint();
      const seen = new Map<string, number>();
      rejections.start();
      try {
        await fc.assert(
          fc.asyncProperty(cases(), async (c) => {
            const path = join(dir, `${++files}.bin`);
            writeFileSync(path, await contents(c));
            let outcome: ImportOutcome;
            try {
              outcome = await importResponses(database.db, { unitId: world.disduk.id, file: { path, name: c.name }, by: { userId: null, address: null } });
            } finally {
              rmSync(path, { force: true });
            }
            const label = outcome.ok ? `${c.kind} ok` : outcome.kind === 'invalid' ? `${c.kind} ${outcome.problems[0]!.reason}` : `${c.kind} duplicate`;
            seen.set(label, (seen.get(label) ?? 0) + 1);
            const now = await fingerprint();
            const changed = changes(last, now);
            if (outcome.ok) {
              expect(rowsIn(now, 'response') - rowsIn(last, 'response')).toBe(outcome.rows);
              expect(rowsIn(now, 'response_import') - rowsIn(last, 'response_import')).toBe(1);
            } else {
              if (outcome.kind === 'invalid') expect(outcome.problems.length).toBeGreaterThan(0);
              expect(changed, `a refused file (${label}) changed the database`).toEqual([]);
            }
            last = now;
            rejections.check();
          }),
          fuzzParams(`import (${kind})`),
        );
      } finally {
        rejections.stop();
      }
      console.log(`fuzz import (${kind}): outcomes ${JSON.stringify(Object.fromEntries([...seen].sort()))}`);
      if (FUZZ_RUNS >= 200) for (const outcome of ['csv ok', 'xlsx ok']) expect(seen.get(outcome) ?? 0, outcome).toBeGreaterThan(0);
    },
    fuzzTimeout(100),
  );
});
