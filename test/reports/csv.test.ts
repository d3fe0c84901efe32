import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvError, type CsvOptions, CsvParser, parseCsvStream, quoteText } from '../../src/reports/csv.ts';

interface CsvRecord {
  line: number;
  fields: string[];
}

/** The input as a stream of byte chunks of the given sizes (cycled), e.g. [1] for one byte at a time. */
function chunked(text: string, sizes: readonly number[] = [text.length + 1]): Readable {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const size = Math.max(1, sizes[k % sizes.length]!);
    chunks.push(bytes.subarray(i, i + size));
    i += size;
  }
  return Readable.from(chunks, { objectMode: true });
}

/** Every record through the plain `record` callback (no fast path): the parser's own splitting. */
async function parse(text: string, sizes?: readonly number[], options: CsvOptions = {}): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  await parseCsvStream(chunked(text, sizes), { record: (fields, line) => out.push({ line, fields }) }, options);
  return out;
}

/** The same, with the zero-copy fast path splitting quote-free lines the way a consumer would. */
async function parseFast(text: string, sizes?: readonly number[], options: CsvOptions = {}): Promise<CsvRecord[]> {
  const out: CsvRecord[] = [];
  let delimiter = typeof options.delimiter === 'string' ? options.delimiter : ',';
  const chosen: CsvOptions =
    typeof options.delimiter === 'function'
      ? { ...options, delimiter: (first) => (delimiter = (options.delimiter as (f: string) => string)(first)) }
      : options;
  await parseCsvStream(
    chunked(text, sizes),
    {
      record: (fields, line) => out.push({ line, fields }),
      unquotedLine: (t, start, end, line) => out.push({ line, fields: t.slice(start, end).split(delimiter) }),
    },
    chosen,
  );
  return out;
}

async function failure(text: string, sizes?: readonly number[], options?: CsvOptions): Promise<CsvError> {
  const err = await parse(text, sizes, options).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(CsvError);
  return err as CsvError;
}

describe('CSV reader', () => {
  it('reads plain records with their line numbers', async () => {
    expect(await parse('a,b,c\n1,2,3\n')).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '2', '3'] },
    ]);
  });

  it('accepts CRLF, a byte-order mark and a last line without newline', async () => {
    const expected = [
      { line: 1, fields: ['U1', 'U2'] },
      { line: 2, fields: ['3', ''] },
      { line: 3, fields: ['', '4'] },
    ];
    expect(await parse('\uFEFFU1,U2\r\n3,\r\n,4')).toEqual(expected);
    expect(await parse('U1,U2\n3,\n,4\n')).toEqual(expected);
    expect(await parse('\uFEFFU1,U2\r\n3,\r\n,4', [1])).toEqual(expected);
    // only a leading BOM is dropped
    expect(await parse('a\n\uFEFFb')).toEqual([{ line: 1, fields: ['a'] }, { line: 2, fields: ['\uFEFFb'] }]);
  });

  it('reports empty lines as one empty field and keeps counting lines', async () => {
    expect(await parse('a\n\n\nb\n')).toEqual([
      { line: 1, fields: ['a'] },
      { line: 2, fields: [''] },
      { line: 3, fields: [''] },
      { line: 4, fields: ['b'] },
    ]);
    expect(await parse(',,\n')).toEqual([{ line: 1, fields: ['', '', ''] }]);
    expect(await parse('')).toEqual([]);
    expect(await parse('\uFEFF')).toEqual([]);
  });

  it('handles quoted fields: delimiters, doubled quotes, line breaks', async () => {
    const text = 'name,note\n"Dinas, Kab.","kata ""baik"""\n"baris\nkedua\r\nketiga",x\r\n"",""\nlast,"q"';
    expect(await parse(text)).toEqual([
      { line: 1, fields: ['name', 'note'] },
      { line: 2, fields: ['Dinas, Kab.', 'kata "baik"'] },
      { line: 3, fields: ['baris\nkedua\r\nketiga', 'x'] },
      { line: 6, fields: ['', ''] },
      { line: 7, fields: ['last', 'q'] },
    ]);
    expect(await parse(text, [1])).toEqual(await parse(text));
    expect(await parse(text, [2, 3, 5, 7])).toEqual(await parse(text));
  });

  it('decodes UTF-8 split across chunks', async () => {
    const text = 'nama,kota\nBapak Ñoño — “baik”,Tanjung Pinang 😀\n';
    expect(await parse(text, [1])).toEqual([
      { line: 1, fields: ['nama', 'kota'] },
      { line: 2, fields: ['Bapak Ñoño — “baik”', 'Tanjung Pinang 😀'] },
    ]);
  });

  it('supports another delimiter', async () => {
    expect(await parse('a;"b;c"\n1;2\n', undefined, { delimiter: ';' })).toEqual([
      { line: 1, fields: ['a', 'b;c'] },
      { line: 2, fields: ['1', '2'] },
    ]);
    expect(() => new CsvParser({ delimiter: '"' })).toThrow(RangeError);
    expect(() => new CsvParser({ delimiter: ';;' })).toThrow(RangeError);
  });

  it('names the line of malformed quoting', async () => {
    expect((await failure('a,b\n1,2"3\n')).line).toBe(2);
    expect((await failure('a,b\n1,2"3\n')).message).toMatch(/^line 2: a quote inside an unquoted field/);
    expect((await failure('a\n"x"y,1\n')).message).toBe('line 2: unexpected "y" after a closing quote');
    expect((await failure('a\n"x" ,1\n')).line).toBe(2);
    expect((await failure('a\n"x"\rb\n')).line).toBe(2);
    expect((await failure(' "a",b\n')).line).toBe(1);
    const unclosed = await failure('a,b\n1,2\n3,"open\nmore\nlines\n');
    expect(unclosed.message).toBe('line 3: a quoted field opened here is never closed');
    expect((await failure('a,b\n1,2\n3,"open\nmore\nlines\n', [1])).line).toBe(3);
    expect((await failure('x\n\n"a""b', [1])).line).toBe(3);
  });

  it('chooses the delimiter from the first non-blank record when given a function', async () => {
    const seen: string[] = [];
    const choose = (first: string) => {
      seen.push(first);
      return first.includes(';') ? ';' : ',';
    };
    const text = '\uFEFF\r\n  \n"a;x""y";b\r\n1;"2;3"\n4;5';
    const expected = [
      { line: 1, fields: [''] },
      { line: 2, fields: ['  '] },
      { line: 3, fields: ['a;x"y', 'b'] },
      { line: 4, fields: ['1', '2;3'] },
      { line: 5, fields: ['4', '5'] },
    ];
    for (const sizes of [undefined, [1], [2, 5]]) {
      seen.length = 0;
      expect(await parse(text, sizes, { delimiter: choose })).toEqual(expected);
      expect(await parseFast(text, sizes, { delimiter: choose })).toEqual(expected);
      // raw text of the record: BOM and line break dropped, quotes kept; asked once per parse
      expect(seen).toEqual(['"a;x""y";b', '"a;x""y";b']);
    }
    // a header whose quoted field spans lines, and one without a final newline
    expect(await parse('"a\nb";c\n1;2\n', [1], { delimiter: choose })).toEqual([
      { line: 1, fields: ['a\nb', 'c'] },
      { line: 3, fields: ['1', '2'] },
    ]);
    expect(await parse('a;b', [1], { delimiter: choose })).toEqual([{ line: 1, fields: ['a', 'b'] }]);
    // no non-blank record: the chooser is never asked
    seen.length = 0;
    expect(await parse('\n \n', undefined, { delimiter: choose })).toEqual([
      { line: 1, fields: [''] },
      { line: 2, fields: [' '] },
    ]);
    expect(await parse('', undefined, { delimiter: choose })).toEqual([]);
    expect(seen).toEqual([]);
    // an unclosed quote in the first record is still reported, with its line
    expect((await failure('\n"a;b\n1;2\n', [3], { delimiter: choose })).message).toBe(
      'line 2: a quoted field opened here is never closed',
    );
    // the choice is validated like a given delimiter
    await expect(parse('a\n', undefined, { delimiter: () => '"' })).rejects.toThrow(RangeError);
  });

  it('stops a runaway quoted field instead of reading the whole file into it', async () => {
    const text = `a\n"${'x'.repeat(5000)}`;
    const err = await failure(text, [100], { maxRecordLength: 1000 });
    expect(err.line).toBe(2);
    // also while the first record is still being read to choose the delimiter
    const header = await failure(`\n\n"${'x'.repeat(5000)}`, [100], { maxRecordLength: 1000, delimiter: () => ',' });
    expect(header.line).toBe(3);
  });

  it('offers the zero-copy line fast path', async () => {
    const text = 'a,b\n1,"2"\n3,4\r\n';
    const seen: string[] = [];
    await parseCsvStream(chunked(text, [3]), {
      record: (fields, line) => seen.push(`record ${line}: ${fields.join('|')}`),
      unquotedLine: (t, start, end, line) => seen.push(`line ${line}: ${t.slice(start, end)}`),
    });
    expect(seen).toEqual(['line 1: a,b', 'record 2: 1|2', 'line 3: 3,4']);
    expect(await parseFast(text)).toEqual(await parse(text));
  });

  it('quotes file content for messages with every control character escaped', () => {
    expect(quoteText('U1')).toBe('"U1"');
    expect(quoteText('U\r1')).toBe('"U\\r1"');
    expect(quoteText('\x1b[31mX\x00\t')).toBe('"\\u001b[31mX\\u0000\\t"');
    expect(quoteText('a\x7fb\x9bc\u2028d\u202ee')).toBe('"a\\u007fb\\u009bc\\u2028d\\u202ee"');
    expect(quoteText('say "hi" — é')).toBe('"say \\"hi\\" — é"');
  });

  it('escapes the character it names after a closing quote', async () => {
    expect((await failure('a\n"x"\x1b,1\n')).message).toBe('line 2: unexpected "\\u001b" after a closing quote');
  });

  it('reads any valid RFC 4180 text the same whatever the chunking and delimiter (fast-check)', async () => {
    const field = fc.oneof(
      fc.constantFrom('', '1', '4', ' 3 ', 'a,b', 'a;b', 'say "hi"', 'x\ny', 'r\r\nn', '"', '—é😀'),
      fc.string({ maxLength: 6 }),
    );
    const records = fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(
        records,
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom(',', ';'),
        fc.boolean(),
        async (rows, crlf, finalNewline, sizes, delimiter, chosen) => {
          const quote = (f: string) => (/["\r\n]/.test(f) || f.includes(delimiter) ? `"${f.replaceAll('"', '""')}"` : f);
          const eol = crlf ? '\r\n' : '\n';
          // a lone empty record at the very end would be indistinguishable from a final newline
          fc.pre(!(rows.length > 0 && !finalNewline && rows[rows.length - 1]!.length === 1 && rows[rows.length - 1]![0] === ''));
          fc.pre(!rows.some((r) => r.length === 1 && r[0]!.startsWith('\uFEFF')));
          const text = rows.map((r) => r.map(quote).join(delimiter)).join(eol) + (finalNewline ? eol : '');
          fc.pre(!text.startsWith('\uFEFF'));
          // chosen: the delimiter is known only once the first non-blank record has been read ahead
          const options: CsvOptions = { delimiter: chosen ? () => delimiter : delimiter };
          const parsed = await parse(text, sizes, options);
          expect(parsed.map((r) => r.fields)).toEqual(rows);
          expect(await parseFast(text, sizes, options)).toEqual(parsed);
          // line numbers: each record starts after the line breaks of the records before it
          let line = 1;
          rows.forEach((r, i) => {
            expect(parsed[i]!.line).toBe(line);
            line += 1 + r.map(quote).join(delimiter).split('\n').length - 1;
          });
        },
      ),
      { numRuns: 1000 },
    );
  });
});
