import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { builtinInstruments } from '../../src/instruments/builtin.ts';
import type { Instrument } from '../../src/instruments/schema.ts';
import { columnLetter, detectDelimiter, ScoreCsvError, scoreCsv } from '../../src/reports/score-csv.ts';
import { computeScoreCard, type Histogram, type ScoreCard } from '../../src/scoring/index.ts';
import { tenAnswersSumming } from '../scoring/helpers.ts';

const { skm, ipkp } = builtinInstruments;

function stream(text: string, chunk = 0): Readable {
  const bytes = Buffer.from(text, 'utf8');
  if (chunk <= 0) return Readable.from([bytes]);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  return Readable.from(parts);
}

async function score(text: string, instrument: Instrument = skm, chunk = 0): Promise<ScoreCard> {
  return (await scoreCsv(stream(text, chunk), instrument)).card;
}

async function failure(text: string, instrument = skm): Promise<ScoreCsvError> {
  const err = await scoreCsv(stream(text), instrument).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ScoreCsvError);
  return err as ScoreCsvError;
}

const SKM_HEADER = 'U1,U2,U3,U4,U5,U6,U7,U8,U9';

describe('scoreCsv', () => {
  it('reproduces DOMAIN.md §5 from a CSV: 78.89, B', async () => {
    const sums = [32, 30, 28, 40, 31, 33, 35, 26, 29];
    const columns = sums.map(tenAnswersSumming);
    const rows = Array.from({ length: 10 }, (_, r) => columns.map((c) => c[r]).join(','));
    const card = await score(`${SKM_HEADER}\n${rows.join('\n')}\n`);
    expect(card.respondents).toBe(10);
    expect(card.index).toBeCloseTo(28.4 / 9, 12);
    expect(card.konversi).toBe(78.89);
    expect(card.mutu).toBe('B');
  });

  it('takes columns in any order, a subset of items, spaces, quotes, CRLF and a BOM', async () => {
    const text = '\uFEFF U9 ,U1\r\n 4 ,3\r\n"2",\r\n\r\n ,\r\n,,\n1, 1';
    await expect(scoreCsv(stream(text), skm)).rejects.toThrow(/row 6: has 3 fields, the header has 2/);
    const ok = '\uFEFF U9 ,U1\r\n 4 ,3\r\n"2",\r\n\r\n ,\r\n1, 1';
    const card = await score(ok);
    expect(card.respondents).toBe(3); // the row " ," has no answer; the blank line is skipped
    expect(card.unsur.find((u) => u.code === 'U9')).toMatchObject({ answers: 3, nrr: 7 / 3 });
    expect(card.unsur.find((u) => u.code === 'U1')).toMatchObject({ answers: 2, nrr: 2 });
    expect(card.unsur.find((u) => u.code === 'U5')).toMatchObject({ answers: 0, nrr: null });
    expect(await score(ok, skm, 1)).toEqual(card);
  });

  it('scores sub-items of IPKP by item code', async () => {
    const card = await score('P8a,P8b,P1\n4,1,3\n4,,3\n4,,\n', ipkp);
    expect(card.unsur.find((u) => u.code === 'P8')).toMatchObject({ answers: 4, nrr: 2.5 });
    expect(card.index).toBe(2.75);
    expect(card.zi).toBeDefined();
  });

  it('rejects a value that is not 1–4, naming row (line number) and column', async () => {
    for (const bad of ['5', '0', 'x', '3.0', '-1', '44', '3 4', '"3,4"']) {
      const err = await failure(`U1,U2\n3,4\n\n2,${bad}\n`);
      expect(err.row).toBe(4);
      expect(err.column).toBe('U2');
      const shown = bad.startsWith('"') ? JSON.stringify(bad.slice(1, -1)) : JSON.stringify(bad);
      expect(err.message).toBe(`row 4, column U2: ${shown} is not a value 1–4`);
    }
  });

  it('rejects an unknown, lower-case, empty or repeated header column', async () => {
    const unknown = await failure('U1,U10\n1,2\n');
    expect(unknown.message).toMatch(/^header row \(line 1\), column B \(2\) "U10" is not an item code of instrument skm \(expected U1, U2/);
    expect(unknown.column).toBe('U10');
    expect((await failure('u1\n1\n')).message).toContain('column A (1) "u1" is not an item code');
    expect((await failure('P8\n1\n', ipkp)).message).toContain('"P8" is not an item code of instrument ipkp');
    expect((await failure('U1,,U2\n1,2,3\n')).message).toContain('column B (2) is empty');
    const dup = await failure('U1,U2,U3,U2\n1,2,3,4\n');
    expect(dup.message).toBe('header row (line 1), column D (4) "U2" repeats column B (2)');
    expect(dup.row).toBe(1);
  });

  it('shows header names escaped, so a stray CR or control character cannot garble the message', async () => {
    const cr = await failure('U1,"U\r2"\n1,2\n');
    expect(cr.message).toMatch(/^header row \(line 1\), column B \(2\) "U\\r2" is not an item code/);
    expect(cr.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(cr.column).toBe('U\r2'); // the property keeps the raw name for programs
    // a lone CR is not a line break: it stays inside the field
    expect((await failure('U1,U2\rU3\n1,2\n')).message).toContain('column B (2) "U2\\rU3" is not an item code');
    expect((await failure('\x1b[31mU1\n1\n')).message).toContain('column A (1) "\\u001b[31mU1" is not an item code');
    expect((await failure('U1,"U1\x9b"\n1,2\n')).message).toContain('"U1\\u009b" is not an item code');
    const dup = await failure('U1,U2,"U2\u0007"\n1,2,3\n');
    expect(dup.message).toContain('column C (3) "U2\\u0007" is not an item code');
    expect((await failure('U1,U2\n1,"3\r4"\n')).message).toBe('row 2, column U2: "3\\r4" is not a value 1–4');
    expect((await failure('U1,U2\n1,\x9b\n')).message).toBe('row 2, column U2: "\\u009b" is not a value 1–4');
  });

  it('rejects a row with a wrong number of fields', async () => {
    const short = await failure('U1,U2,U3\n1,2,3\n1,2\n');
    expect(short.message).toBe('row 3: has 2 fields, the header has 3');
    expect(short.row).toBe(3);
    expect((await failure('U1,U2\n1,2,\n')).message).toBe('row 2: has 3 fields, the header has 2');
    expect((await failure('U1,U2\n1\n')).message).toBe('row 2: has 1 field, the header has 2');
  });

  it('rejects an empty file and a file without respondents', async () => {
    expect((await failure('')).message).toMatch(/^the file is empty/);
    expect((await failure('\n\n')).message).toMatch(/^the file is empty/);
    expect((await failure(`${SKM_HEADER}\n`)).message).toMatch(/^no respondents/);
    expect((await failure(`${SKM_HEADER}\n,,,,,,,,\n\n ,,,,,,,,\n`)).message).toMatch(/^no respondents/);
  });

  it('turns malformed quoting into an error naming the row', async () => {
    const err = await failure('U1,U2\n1,2\n3,"4\n');
    expect(err.message).toBe('row 3: a quoted field opened here is never closed');
    expect(err.row).toBe(3);
    expect((await failure('U1,U2\n1,2"\n')).row).toBe(2);
  });

  it('detects the delimiter from the header: ";" only when it has ";" and no "," outside quotes', () => {
    expect(detectDelimiter('U1;U2;U3')).toBe(';');
    expect(detectDelimiter('U1,U2,U3')).toBe(',');
    expect(detectDelimiter('U1')).toBe(',');
    expect(detectDelimiter('')).toBe(',');
    expect(detectDelimiter('U1;U2,U3')).toBe(',');
    expect(detectDelimiter('"U1,x";U2')).toBe(';');
    expect(detectDelimiter('"U1;x",U2')).toBe(',');
    expect(detectDelimiter('"U1;x"')).toBe(',');
    expect(detectDelimiter('"a""," ; U2')).toBe(';');
  });

  it('reads a semicolon CSV (Indonesian-locale spreadsheet): quotes, CRLF, BOM, any chunking', async () => {
    const sums = [32, 30, 28, 40, 31, 33, 35, 26, 29];
    const columns = sums.map(tenAnswersSumming);
    const rows = Array.from({ length: 10 }, (_, r) => columns.map((c) => c[r]).join(';'));
    const semicolon = `${SKM_HEADER.replaceAll(',', ';')}\r\n${rows.join('\r\n')}\r\n`;
    const comma = `${SKM_HEADER}\n${rows.map((r) => r.replaceAll(';', ',')).join('\n')}\n`;
    const expected = await score(comma);
    expect(expected.konversi).toBe(78.89);
    expect(await score(semicolon)).toEqual(expected);
    expect(await score(`\uFEFF${semicolon}`, skm, 1)).toEqual(expected);

    // quoted header and cells, a blank, a last line without newline, the slow path on odd rows
    const quoted = '\uFEFF"U9";U1;"U2"\r\n4;3;"2"\r\n 1 ;;4\r\n\r\n"3";2;1';
    const card = await score(quoted);
    expect(card.respondents).toBe(3);
    expect(card.unsur.find((u) => u.code === 'U9')).toMatchObject({ answers: 3, nrr: 8 / 3 });
    expect(card.unsur.find((u) => u.code === 'U1')).toMatchObject({ answers: 2, nrr: 2.5 });
    expect(card.unsur.find((u) => u.code === 'U2')).toMatchObject({ answers: 3, nrr: 7 / 3 });
    for (const chunk of [1, 2, 3, 7]) expect(await score(quoted, skm, chunk)).toEqual(card);
    expect(card).toEqual(await score('U9,U1,U2\n4,3,2\n1,,4\n3,2,1\n'));

    // a header with both: comma wins, and the ";" stays part of a name
    expect((await failure('U1;U2,U3\n1;2,3\n')).message).toContain('column A (1) "U1;U2" is not an item code');
    // rows are split on the header's delimiter: commas in a ";" file are cell content
    const mixed = await failure('U1;U2\n1;2\n3,4;1\n');
    expect(mixed.message).toBe('row 3, column U1: "3,4" is not a value 1–4');
    expect((await failure('U1;U2\n1;2;3\n')).message).toBe('row 2: has 3 fields, the header has 2');
  });

  it('lists the unsur that have no column, and only those', async () => {
    const { card, missingUnsur } = await scoreCsv(stream('U1,U2,U3,U4,U5,U6,U7\n3,3,3,3,3,3,\n'), skm);
    expect(missingUnsur).toEqual([
      { code: 'U8', name: 'Penanganan Pengaduan, Saran dan Masukan' },
      { code: 'U9', name: 'Sarana dan Prasarana' },
    ]);
    // U7 has a column but no answer: that is data, not a missing column
    expect(card.unsur.find((u) => u.code === 'U7')!.answers).toBe(0);
    expect((await scoreCsv(stream(`${SKM_HEADER}\n3,,,,,,,,\n`), skm)).missingUnsur).toEqual([]);
    // an unsur with several items counts as present when any of its items has a column
    const partial = await scoreCsv(stream('P8a,P1\n4,3\n'), ipkp);
    expect(partial.missingUnsur.map((u) => u.code)).toEqual(['P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P9']);
  });

  it('names columns like a spreadsheet', () => {
    expect([1, 2, 26, 27, 52, 53, 702, 703].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('agrees with the engine on naive tallies, whatever the formatting and chunking (fast-check)', async () => {
    const codes = ['P1', 'P2', 'P8a', 'P8b', 'P9a'];
    const cell = fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 4 }));
    const row = fc.tuple(...codes.map(() => cell));
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { minLength: 1, maxLength: 40 }),
        fc.array(fc.constantFrom('plain', 'spaced', 'quoted'), { minLength: 1, maxLength: 7 }),
        fc.boolean(),
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(',', ';'),
        async (rows, styles, crlf, chunk, delimiter) => {
          const respondents = rows.filter((r) => r.some((v) => v !== null)).length;
          fc.pre(respondents > 0);
          let k = 0;
          const fmt = (v: number | null) => {
            const s = v === null ? '' : String(v);
            const style = styles[k++ % styles.length];
            return style === 'spaced' ? ` ${s} ` : style === 'quoted' ? `"${s}"` : s;
          };
          const eol = crlf ? '\r\n' : '\n';
          const text = [codes.join(delimiter), ...rows.map((r) => r.map(fmt).join(delimiter))].join(eol);
          const histograms = new Map<string, Histogram>();
          codes.forEach((code, i) => {
            const h: [number, number, number, number] = [0, 0, 0, 0];
            for (const r of rows) if (r[i] !== null) h[r[i]! - 1]! += 1;
            histograms.set(code, h);
          });
          expect(await score(text, ipkp, chunk)).toEqual(computeScoreCard(ipkp, histograms, respondents));
        },
      ),
      { numRuns: 1000 },
    );
  });
});
