import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinInstruments } from '../../src/instruments/builtin.ts';
import { loadInstrumentFile } from '../../src/instruments/schema.ts';
import { computeScoreCard } from '../../src/scoring/index.ts';
import { tenAnswersSumming } from '../scoring/helpers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'survei-score-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function survei(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A bad input: exit 2, nothing on stdout, one line on stderr. */
function expectOneLineError(run: Run, pattern: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.endsWith('\n')).toBe(true);
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(/^survei: /);
  expect(run.stderr).toMatch(pattern);
}

// DOMAIN.md §5: sums 32, 30, 28, 40, 31, 33, 35, 26, 29 over ten respondents.
const sums = [32, 30, 28, 40, 31, 33, 35, 26, 29];
const columns = sums.map(tenAnswersSumming);
const SKM_CSV = `U1,U2,U3,U4,U5,U6,U7,U8,U9\n${Array.from({ length: 10 }, (_, r) => columns.map((c) => c[r]).join(',')).join('\n')}\n`;
const skmFile = file('skm.csv', SKM_CSV);
// IPAK 3.59 on every unsur: 41 threes and 59 fours
const ipakFile = file('ipak.csv', `A1,A2,A3,A4,A5\n${[...Array(41).fill('3,3,3,3,3'), ...Array(59).fill('4,4,4,4,4')].join('\n')}\n`);
// IPKP 3.20 on every item: four threes and one four
const ipkpFile = file('ipkp.csv', `P1,P2,P3,P4,P5,P6,P7,P8a,P8b,P9a,P9b\n${[...Array(4).fill(Array(11).fill('3').join(',')), Array(11).fill('4').join(',')].join('\n')}\n`);
const customFile = file(
  'custom.json',
  JSON.stringify({
    id: 'ipkp-puskesmas',
    name: 'IPKP Puskesmas',
    kind: 'ipkp',
    scale: 4,
    unsur: [
      { code: 'R', name: 'Respon', items: ['Ra', 'Rb'].map((code) => ({ code, text: `Pernyataan ${code}`, labels: ['STS', 'TS', 'S', 'SS'] })) },
      { code: 'T', name: 'Tarif', items: [{ code: 'T', text: 'Biaya sesuai', labels: ['STS', 'TS', 'S', 'SS'] }] },
    ],
  }),
);
const customCsv = file('custom.csv', 'Ra,Rb,T\n4,1,3\n4,,3\n4,,\n');

describe.concurrent('survei score', () => {
  it('scores the DOMAIN.md §5 example: 78,89, B (Baik)', async () => {
    const run = await survei('score', '--instrument', 'skm', '--responses', skmFile);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^Unsur\s+Nama\s+Jawaban\s+NRR\s+Konversi\s+Mutu$/m);
    expect(run.stdout).toMatch(/^U1\s+Persyaratan\s+10\s+3,2000\s+80,00\s+B$/m);
    expect(run.stdout).toMatch(/^U8\s+Penanganan Pengaduan, Saran dan Masukan\s+10\s+2,6000\s+65,00\s+C$/m);
    expect(run.stdout).toMatch(/^Responden\s+10$/m);
    expect(run.stdout).toMatch(/^IKM \(skala 1–4\)\s+3,1556$/m);
    expect(run.stdout).toMatch(/^IKM konversi\s+78,89$/m);
    expect(run.stdout).toMatch(/^Mutu pelayanan\s+B$/m);
    expect(run.stdout).toMatch(/^Kinerja unit\s+Baik$/m);
    expect(run.stdout).toMatch(/^Interval 95%\s+\d,\d{4} – \d,\d{4} \(konversi/m);
    expect(run.stdout).not.toMatch(/lembar kerja ZI/);
  });

  it('prints exactly the ScoreCard JSON with --json', async () => {
    const run = await survei('score', '--json', '--instrument', 'skm', '--responses', skmFile);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const expected = computeScoreCard(
      builtinInstruments.skm,
      new Map(columns.map((c, i) => [`U${i + 1}`, [0, 1, 2, 3].map((v) => c.filter((x) => x === v + 1).length) as [number, number, number, number]])),
      10,
    );
    expect(run.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    const parsed = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['instrument', 'kind', 'respondents', 'unsur', 'index', 'konversi', 'mutu', 'kinerja', 'ci95']);
    expect(parsed).toMatchObject({ instrument: 'skm', kind: 'ikm', respondents: 10, konversi: 78.89, mutu: 'B', kinerja: 'Baik' });
  });

  it('reports the ZI worksheet for IPAK 3.59: 15,71, meets neither', async () => {
    const run = await survei('score', '--instrument', 'ipak', '--responses', ipakFile);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Nilai lembar kerja ZI\s+15,71/m);
    // 3.60 lies inside the interval (≈ 3.49 – 3.69): missed, but only within the margin of error
    expect(run.stdout).toMatch(/^Menuju WBK\s+belum memenuhi .*selisihnya masih dalam margin of error/m);
    expect(run.stdout).toMatch(/^Menuju WBBM\s+belum memenuhi .*selisihnya masih dalam margin of error/m);
    const json = JSON.parse((await survei('score', '--instrument', 'ipak', '--responses', ipakFile, '--json')).stdout);
    expect(json.zi).toEqual({ worksheetValue: 15.71, wbk: { threshold: 3.6, met: false }, wbbm: { threshold: 3.6, met: false } });
  });

  it('reports the ZI worksheet for IPKP 3.20: 14,00, WBK met only within the margin, WBBM not', async () => {
    const run = await survei('score', '--instrument', 'ipkp', '--responses', ipkpFile);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Nilai lembar kerja ZI\s+14,00/m);
    expect(run.stdout).toMatch(/^Menuju WBK\s+memenuhi .*hanya dalam margin of error/m);
    // 3.60 is above the interval (≈ 2.81 – 3.59): a plain miss
    expect(run.stdout).toMatch(/^Menuju WBBM\s+belum memenuhi \(ambang indeks 3,60 = nilai 15,75\)$/m);
    const json = JSON.parse((await survei('score', '--json', '--instrument', 'ipkp', '--responses', ipkpFile)).stdout);
    expect(Object.keys(json.zi)).toEqual(['worksheetValue', 'wbk', 'wbbm']);
    expect(Object.keys(json.zi.wbk)).toEqual(['threshold', 'met']);
    expect(Object.keys(json.zi.wbbm)).toEqual(['threshold', 'met']);
    expect(json.zi).toEqual({ worksheetValue: 14, wbk: { threshold: 3.2, met: true }, wbbm: { threshold: 3.6, met: false } });
  });

  it('scores a custom instrument with sub-items (NRR = mean of item means)', async () => {
    const run = await survei('score', '--instrument', customFile, '--responses', customCsv, '--json');
    expect(run.code).toBe(0);
    const card = JSON.parse(run.stdout);
    expect(card.instrument).toBe('ipkp-puskesmas');
    expect(card.unsur[0]).toEqual({ code: 'R', name: 'Respon', answers: 4, nrr: 2.5, konversi: 62.5, mutu: 'D' });
    expect(card.index).toBe(2.75);
    expect(card).toEqual(computeScoreCard(await loadInstrumentFile(customFile), { Ra: [0, 0, 0, 3], Rb: [1, 0, 0, 0], T: [0, 0, 2, 0] }, 3));
    const table = await survei('score', '--instrument', customFile, '--responses', customCsv);
    expect(table.stdout).toMatch(/^R\s+Respon\s+4\s+2,5000\s+62,50\s+D$/m);
  });

  it('reads a semicolon-separated CSV (quoted field, CRLF) exactly like the comma one', async () => {
    const lines = SKM_CSV.trimEnd().split('\n').map((l) => l.replaceAll(',', ';'));
    lines[0] = lines[0]!.replace('U5', '"U5"'); // spreadsheets quote some fields
    lines[1] = lines[1]!.replace(/^(\d)/, '"$1"');
    const path = file('skm-semicolon.csv', `${lines.join('\r\n')}\r\n`);
    const comma = await survei('score', '--json', '--instrument', 'skm', '--responses', skmFile);
    const semicolon = await survei('score', '--json', '--instrument', 'skm', '--responses', path);
    expect(semicolon).toEqual({ code: 0, stdout: comma.stdout, stderr: '' });
    expect(JSON.parse(semicolon.stdout)).toMatchObject({ respondents: 10, konversi: 78.89, mutu: 'B' });
    const table = await survei('score', '--instrument', 'skm', '--responses', path);
    expect(table.stdout).toMatch(/^IKM konversi\s+78,89$/m);
    // the help says so
    expect((await survei('score', '--help')).stdout).toMatch(/semicolon/);
  });

  it('warns once on stderr about unsur without a column, and still scores', async () => {
    // U8 and U9 left out: the index is the mean of the other 7 unsur
    const cut = SKM_CSV.trimEnd().split('\n').map((l) => l.split(',').slice(0, 7).join(','));
    const path = file('skm-no-u8-u9.csv', `${cut.join('\n')}\n`);
    const json = await survei('score', '--json', '--instrument', 'skm', '--responses', path);
    expect(json.code).toBe(0);
    const expected = computeScoreCard(
      builtinInstruments.skm,
      new Map(columns.slice(0, 7).map((c, i) => [`U${i + 1}`, [0, 1, 2, 3].map((v) => c.filter((x) => x === v + 1).length) as [number, number, number, number]])),
      10,
    );
    expect(json.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    expect(json.stderr).toBe(
      'survei: warning: no column for unsur U8 (Penanganan Pengaduan, Saran dan Masukan), U9 (Sarana dan Prasarana): the index is the mean of 7 of 9 unsur\n',
    );
    const table = await survei('score', '--instrument', 'skm', '--responses', path);
    expect(table.code).toBe(0);
    expect(table.stderr).toBe(json.stderr);
    expect(table.stdout).toMatch(/^U9\s+Sarana dan Prasarana\s+0\s+–\s+–\s+–$/m);
    expect(table.stdout).not.toMatch(/warning/);
    // one unsur missing: the wording of the issue
    const noU9 = file('skm-no-u9.csv', `${SKM_CSV.trimEnd().split('\n').map((l) => l.split(',').slice(0, 8).join(',')).join('\n')}\n`);
    expect((await survei('score', '--json', '--instrument', 'skm', '--responses', noU9)).stderr).toBe(
      'survei: warning: no column for unsur U9 (Sarana dan Prasarana): the index is the mean of 8 of 9 unsur\n',
    );
  });

  it('says nothing extra when an unsur has a column but no answers', async () => {
    const path = file('skm-empty-u9.csv', `${SKM_CSV.trimEnd().split('\n').map((l, i) => (i === 0 ? l : l.replace(/,\d$/, ','))).join('\n')}\n`);
    const run = await survei('score', '--json', '--instrument', 'skm', '--responses', path);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).unsur[8]).toMatchObject({ code: 'U9', answers: 0, nrr: null });
  });

  it('escapes a header name with a stray CR or control character in the one-line error', async () => {
    const cr = file('header-cr.csv', 'U1,U2\rU3\n1,2\n');
    const run = await survei('score', '--instrument', 'skm', '--responses', cr);
    expectOneLineError(run, /header-cr\.csv: header row \(line 1\), column B \(2\) "U2\\rU3" is not an item code of instrument skm/);
    expect(run.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    const esc = file('header-esc.csv', '"U1\x1b[2J",U2\n1,2\n');
    const run2 = await survei('score', '--instrument', 'skm', '--responses', esc);
    expectOneLineError(run2, /column A \(1\) "U1\\u001b\[2J" is not an item code/);
    expect(run2.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  const header = 'U1,U2,U3,U4,U5,U6,U7,U8,U9';
  const bad: [string, string, RegExp][] = [
    ['value 5', `${header}\n3,3,3,3,3,3,3,3,3\n3,3,3,5,3,3,3,3,3\n`, /value5\.csv: row 3, column U4: "5" is not a value 1–4$/m],
    ['value x', `${header}\n3,3,3,3,3,3,3,3,x\n`, /valuex\.csv: row 2, column U9: "x" is not a value 1–4$/m],
    ['unknown column', 'U1,U2,U10\n1,2,3\n', /unknowncolumn\.csv: header row \(line 1\), column C \(3\) "U10" is not an item code of instrument skm/],
    ['duplicate column', 'U1,U2,U1\n1,2,3\n', /duplicatecolumn\.csv: header row \(line 1\), column C \(3\) "U1" repeats column A \(1\)$/m],
    ['wrong field count', `${header}\n3,3,3,3,3,3,3,3,3\n\n3,3,3\n`, /wrongfieldcount\.csv: row 4: has 3 fields, the header has 9$/m],
    ['empty file', '', /emptyfile\.csv: the file is empty/],
    ['header only', `${header}\n`, /headeronly\.csv: no respondents/],
    ['malformed quote', `${header}\n3,3,3,3,"3,3,3,3,3\n`, /malformedquote\.csv: row 2: a quoted field opened here is never closed$/m],
  ];
  it.each(bad)('rejects a file with %s: exit 2, one line naming row and column', async (name, content, pattern) => {
    const path = file(`${name.replaceAll(' ', '')}.csv`, content);
    expectOneLineError(await survei('score', '--instrument', 'skm', '--responses', path), pattern);
  });

  it('rejects a malformed instrument JSON, naming file, line and column', async () => {
    const path = file('broken.json', '{\n  "id": "x",\n  "kind": "ikm"\n  "scale": 4\n}\n');
    expectOneLineError(await survei('score', '--instrument', path, '--responses', skmFile), /broken\.json: invalid JSON at line 4, column 3: /);
  });

  it('rejects an instrument JSON that fails validation, naming the path', async () => {
    const path = file('invalid.json', JSON.stringify({ id: 'x', name: 'X', kind: 'ikm', scale: 4, unsur: [{ code: 'A', name: 'A', items: [{ code: '9x', text: 't', labels: ['a', 'b', 'c', 'd'] }] }] }));
    expectOneLineError(
      await survei('score', '--instrument', path, '--responses', skmFile),
      /invalid\.json: unsur\[0\]\.items\[0\]\.code "9x" must start with a letter and use only letters, digits, _ \. -$/m,
    );
  });

  it('rejects missing files and a directory', async () => {
    expectOneLineError(await survei('score', '--instrument', 'skm', '--responses', join(dir, 'nope.csv')), /nope\.csv: cannot read the responses file \(no such file\)$/m);
    expectOneLineError(await survei('score', '--instrument', join(dir, 'nope.json'), '--responses', skmFile), /nope\.json: cannot read the instrument file \(no such file\)$/m);
    expectOneLineError(await survei('score', '--instrument', 'skm', '--responses', dir), /cannot read the responses file \(not a file\)$/m);
  });

  it('rejects bad usage with a hint', async () => {
    expectOneLineError(await survei('score', '--instrument', 'skm'), /missing --responses; usage: survei score/);
    expectOneLineError(await survei('score', '--responses', skmFile), /missing --instrument; usage: survei score/);
    expectOneLineError(await survei('score', '--instrument', 'skm', '--responses', skmFile, '--verbose'), /--verbose.*usage: survei score/);
    expectOneLineError(await survei('score', '--instrument', 'skm', '--responses', skmFile, 'extra'), /unexpected argument "extra"/);
  });

  it('prints its help with exit 0', async () => {
    const run = await survei('score', '--help');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: survei score --instrument/);
    expect(run.stdout).toMatch(/Exit codes:/);
  });
});

describe.concurrent('survei sample-size', () => {
  it('prints the Krejcie & Morgan minimum', async () => {
    const run = await survei('sample-size', '--population', '500');
    expect(run).toEqual({ code: 0, stdout: 'Populasi 500 → minimum 217 responden (Krejcie & Morgan)\n', stderr: '' });
    const json = await survei('sample-size', '--population', '1000', '--json');
    expect(JSON.parse(json.stdout)).toEqual({ population: 1000, minimum: 278 });
  });

  it('rejects a bad population', async () => {
    for (const n of ['0', '-3', '2.5', 'abc', '']) {
      expectOneLineError(await survei('sample-size', `--population=${n}`), /population/);
    }
    expectOneLineError(await survei('sample-size'), /missing --population/);
  });
});
