import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InstrumentError, loadInstrumentFile, parseInstrument } from '../../src/instruments/schema.ts';

const LABELS = ['Sangat tidak setuju', 'Tidak setuju', 'Setuju', 'Sangat setuju'];

function valid(): Record<string, unknown> & { unsur: { code: string; name: string; items: Record<string, unknown>[] }[] } {
  return {
    id: 'ipkp-dinkes',
    name: 'IPKP Dinas Kesehatan',
    kind: 'ipkp',
    scale: 4,
    unsur: [
      { code: 'P1', name: 'Informasi', items: [{ code: 'P1', text: 'Informasi tersedia.', labels: [...LABELS] }] },
      {
        code: 'P8',
        name: 'Respon petugas',
        items: [
          { code: 'P8a', text: 'Merespon dengan baik.', labels: [...LABELS] },
          { code: 'P8b', text: 'Informasi jelas.', labels: [...LABELS] },
        ],
      },
      { code: 'P9', name: 'Pengaduan', items: [{ code: 'P9.a', text: 'Mudah diketahui.', labels: [...LABELS] }] },
    ],
    translations: { en: { name: 'Health office IPKP', unsur: { P8: 'Staff response' }, items: { P8a: { text: 'Respond well.' } } } },
  };
}

function problem(input: unknown, source = 'instrument.json'): InstrumentError {
  try {
    parseInstrument(input, source);
  } catch (err) {
    if (err instanceof InstrumentError) return err;
    throw err;
  }
  throw new Error('expected an InstrumentError');
}

function mutate(change: (d: ReturnType<typeof valid>) => void): ReturnType<typeof valid> {
  const d = valid();
  change(d);
  return d;
}

describe('parseInstrument', () => {
  it('accepts a valid definition, trims texts, keeps codes and order', () => {
    const d = valid();
    d.name = '  IPKP Dinas Kesehatan  ';
    const inst = parseInstrument(d);
    expect(inst.name).toBe('IPKP Dinas Kesehatan');
    expect(inst.unsur.flatMap((u) => u.items.map((i) => i.code))).toEqual(['P1', 'P8a', 'P8b', 'P9.a']);
    expect(inst.translations?.en?.unsur?.P8).toBe('Staff response');
  });

  it('names the path of a bad item code in plain words', () => {
    const d = mutate((d) => {
      d.unsur.push({ code: 'P10', name: 'Lain', items: [{ code: '9x', text: 'Teks', labels: [...LABELS] }] });
    });
    const err = problem(d);
    expect(err.message).toBe('instrument.json: unsur[3].items[0].code "9x" must start with a letter and use only letters, digits, _ . -');
    expect(err.path).toBe('unsur[3].items[0].code');
    expect(err.source).toBe('instrument.json');
  });

  const cases: [string, (d: ReturnType<typeof valid>) => void, string][] = [
    ['id with capitals', (d) => { d.id = 'IPKP'; }, 'instrument.json: id "IPKP" must be 1–63 characters of lowercase letters, digits, _ or -, starting with a letter or digit'],
    ['id starting with -', (d) => { d.id = '-x'; }, 'instrument.json: id "-x" must be'],
    ['id too long', (d) => { d.id = 'a'.repeat(64); }, 'instrument.json: id "aaaa'],
    ['empty id', (d) => { d.id = ''; }, 'instrument.json: id "" must be'],
    ['missing name', (d) => { delete d.name; }, 'instrument.json: name is missing'],
    ['blank name', (d) => { d.name = '   '; }, 'instrument.json: name must not be empty'],
    ['name not a string', (d) => { d.name = 42; }, 'instrument.json: name must be a string (got number 42)'],
    ['unknown kind', (d) => { d.kind = 'ipk'; }, 'instrument.json: kind must be one of "ikm", "ipak", "ipkp" (got "ipk")'],
    ['scale 5', (d) => { d.scale = 5; }, 'instrument.json: scale must be 4 (got 5)'],
    ['no unsur', (d) => { d.unsur = []; }, 'instrument.json: unsur must list at least one unsur'],
    ['unsur not a list', (d) => { (d as Record<string, unknown>).unsur = {}; }, 'instrument.json: unsur must be an array (got an object)'],
    ['unsur without items', (d) => { d.unsur[1]!.items = []; }, 'instrument.json: unsur[1].items must list at least one item'],
    ['blank unsur name', (d) => { d.unsur[0]!.name = ''; }, 'instrument.json: unsur[0].name must not be empty'],
    ['bad unsur code', (d) => { d.unsur[0]!.code = 'P 1'; }, 'instrument.json: unsur[0].code "P 1" must start with a letter'],
    ['duplicate unsur code', (d) => { d.unsur[2]!.code = 'P1'; }, 'instrument.json: unsur[2].code "P1" is already used by unsur[0]'],
    [
      'item code used in another unsur',
      (d) => { d.unsur[2]!.items[0]!.code = 'P8b'; },
      'instrument.json: unsur[2].items[0].code "P8b" is already used by unsur[1].items[1] (item codes must be unique in the whole instrument)',
    ],
    ['item code too long', (d) => { d.unsur[0]!.items[0]!.code = `P${'x'.repeat(32)}`; }, 'instrument.json: unsur[0].items[0].code "Pxxx'],
    ['missing item text', (d) => { delete d.unsur[0]!.items[0]!.text; }, 'instrument.json: unsur[0].items[0].text is missing'],
    ['three labels', (d) => { d.unsur[1]!.items[1]!.labels = LABELS.slice(0, 3); }, 'instrument.json: unsur[1].items[1].labels must have exactly 4 labels, for the values 1 to 4 (got 3)'],
    ['five labels', (d) => { d.unsur[1]!.items[1]!.labels = [...LABELS, 'x']; }, 'instrument.json: unsur[1].items[1].labels must have exactly 4 labels, for the values 1 to 4 (got 5)'],
    ['blank label', (d) => { d.unsur[0]!.items[0]!.labels = ['a', 'b', ' ', 'd']; }, 'instrument.json: unsur[0].items[0].labels[2] must not be empty'],
    ['labels not a list', (d) => { d.unsur[0]!.items[0]!.labels = 'a/b/c/d'; }, 'instrument.json: unsur[0].items[0].labels must be an array (got string "a/b/c/d")'],
    ['misspelt key', (d) => { d.unsur[0]!.items[0]!.label = LABELS; }, 'instrument.json: unsur[0].items[0] has unknown key "label"'],
    ['unknown top-level key', (d) => { d.version = 2; }, 'instrument.json: has unknown key "version"'],
    ['translation of an unknown unsur', (d) => { d.translations = { en: { unsur: { P7: 'x' } } }; }, 'instrument.json: translations.en.unsur.P7 refers to no unsur code of this instrument'],
    ['translation of an unknown item', (d) => { d.translations = { en: { items: { 'P9.b': { text: 'x' } } } }; }, 'instrument.json: translations.en.items["P9.b"] refers to no item code of this instrument'],
    ['translation with 2 labels', (d) => { d.translations = { en: { items: { P1: { labels: ['a', 'b'] } } } }; }, 'instrument.json: translations.en.items.P1.labels must have exactly 4 labels'],
    ['translation in an unsupported language', (d) => { d.translations = { fr: {} }; }, 'instrument.json: translations has unknown key "fr"'],
  ];
  it.each(cases)('rejects %s, naming the path', (_, change, message) => {
    expect(problem(mutate(change)).message.startsWith(message)).toBe(true);
  });

  it('rejects input that is not an object', () => {
    expect(problem([]).message).toBe('instrument.json: must be a JSON object (got an array)');
    expect(problem(null).message).toBe('instrument.json: must be a JSON object (got null)');
    expect(problem('skm', 'x').message).toBe('x: must be a JSON object (got string "skm")');
  });

  it('uses "instrument" as the source when none is given', () => {
    expect(() => parseInstrument({})).toThrow(/^instrument: /);
  });

  // found by test/fuzz/instrument.test.ts: a 10,000-character id was echoed whole into the error line
  it('cuts a long value, key or path named in the message', () => {
    const long = 'x'.repeat(10_000);
    expect(problem({ ...valid(), id: long }).message).toMatch(/^instrument\.json: id "x{76}… must be 1–63 characters/);
    expect(problem({ ...valid(), [long]: 1 }).message.length).toBeLessThan(150);
    expect(problem({ ...valid(), translations: { en: { items: { [long]: { text: '' } } } } }).message.length).toBeLessThan(200);
  });
});

describe('loadInstrumentFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'survei-instrument-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('reads a valid file, with or without a byte-order mark', async () => {
    const text = JSON.stringify(valid(), null, 2);
    expect((await loadInstrumentFile(file('ok.json', text))).id).toBe('ipkp-dinkes');
    expect((await loadInstrumentFile(file('bom.json', `\uFEFF${text}`))).id).toBe('ipkp-dinkes');
  });

  it('names file, line and column of malformed JSON', async () => {
    const cases: [string, string][] = [
      ['{\n  "id": "x",\n  "name": "y",\n}\n', 'line 4, column 1: a trailing comma is not allowed'],
      ['{\n  "id": "x"\n  "name": "y"\n}', `line 3, column 3: expected ',' or '}' but found "\\""`],
      ['{\n  "id": \n}', 'line 3, column 1: a value is missing before "}"'],
      ['{"id": "x', 'line 1, column 8: this string is never closed'],
      ['{"id": [1, 2', 'line 1, column 13: the file ends too early'],
      ['', 'line 1, column 1: the file ends too early'],
      ["{'id': 1}", `line 1, column 2: expected a double-quoted property name but found "'"`],
      ['{"a": tru}', 'line 1, column 7: unexpected "t" where a value was expected'],
      ['{"a": 1} x', 'line 1, column 10: unexpected "x" after the end of the JSON value'],
      ['{"a": 01}', `line 1, column 8: expected ',' or '}' but found "1"`],
    ];
    for (const [content, where] of cases) {
      const path = file('bad.json', content);
      const err = await loadInstrumentFile(path).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InstrumentError);
      expect((err as Error).message).toContain(`${path}: invalid JSON at ${where}`);
    }
  });

  it('names the file when it fails validation or cannot be read', async () => {
    const path = file('invalid.json', JSON.stringify({ ...valid(), scale: 5 }));
    await expect(loadInstrumentFile(path)).rejects.toThrow(`${path}: scale must be 4 (got 5)`);
    await expect(loadInstrumentFile(join(dir, 'missing.json'))).rejects.toThrow(/missing\.json: cannot read the instrument file \(no such file\)/);
    await expect(loadInstrumentFile(dir)).rejects.toThrow(/cannot read the instrument file \(it is a directory\)/);
  });
});
