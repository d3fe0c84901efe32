// The instansi's rekapitulasi PDF and the unit's ZI evidence sheet, read back with poppler: built
// from hand-made data (every column checked), then once through the loaders on a real database.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { builtinInstruments } from '../../src/instruments/builtin.ts';
import type { ReportInstansi } from '../../src/reports/data.ts';
import type { RollupData, RollupUnit } from '../../src/reports/rollup-data.ts';
import { rollupPdf } from '../../src/reports/rollup-pdf.ts';
import { loadRollup } from '../../src/reports/rollup.ts';
import type { ZiEvidence } from '../../src/reports/zi-evidence.ts';
import { loadZiEvidence } from '../../src/reports/zi-evidence-load.ts';
import { ziEvidencePdf } from '../../src/reports/zi-evidence-pdf.ts';
import { parsePeriod } from '../../src/results/period.ts';
import { computeScoreCard, type Histogram, sampleAdequacy, type ScoreCard } from '../../src/scoring/index.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { type PublishedWorld, seedPublishedWorld } from '../support/published.ts';

const dir = mkdtempSync(join(tmpdir(), 'survei-rollup-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Page count and size, and the text laid out (`lines`: a table row's first line, "10 / 19" read as
 * "10/19" since poppler drops the spaces around a slash) and in reading order (`flat`).
 */
function readPdf(pdf: Buffer, name: string) {
  const path = join(dir, name);
  writeFileSync(path, pdf);
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  const layout = execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', path, '-'], { encoding: 'utf8' });
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  return {
    pages: Number(/^Pages:\s+(\d+)/m.exec(info)![1]),
    info,
    lines: layout.split('\n').map((line) => line.replace(/\s+/g, ' ').replace(/ ?\/ ?/g, '/').trim()),
    flat: text.replace(/\s+/g, ' '),
  };
}

/** A card of a built-in instrument whose every item got `n` answers with the histogram `h`. */
function cardOf(id: 'skm' | 'ipak' | 'ipkp', h: Histogram): ScoreCard {
  const instrument = builtinInstruments[id];
  const n = h[0] + h[1] + h[2] + h[3];
  return computeScoreCard(instrument, Object.fromEntries(instrument.unsur.flatMap((u) => u.items.map((item) => [item.code, h]))), n);
}

const instansi: ReportInstansi = { id: 'i', slug: 'kab-contoh', name: 'Kabupaten Contoh', timeZone: 'Asia/Jakarta', logo: null };
const period = parsePeriod('2026-Q3')!;
const createdAt = new Date('2026-10-05T03:00:00Z');

function unit(slug: string, name: string, rank: number | null, cards: { ikm?: ScoreCard; ipak?: ScoreCard; ipkp?: ScoreCard }, extra: Partial<RollupUnit> = {}): RollupUnit {
  const ipak = cards.ipak ?? null;
  const ipkp = cards.ipkp ?? null;
  return {
    unit: { id: slug, slug, name, active: true },
    ikm: cards.ikm ?? null,
    ipak,
    ipkp,
    population: null,
    sample: null,
    thresholds: { ipakWbk: ipak?.zi?.wbk.met ?? null, ipakWbbm: ipak?.zi?.wbbm.met ?? null, ipkpWbk: ipkp?.zi?.wbk.met ?? null, ipkpWbbm: ipkp?.zi?.wbbm.met ?? null },
    publication: null,
    followUp: { planned: 0, in_progress: 0, done: 0, total: 0 },
    rank,
    ...extra,
  };
}

describe('the rekapitulasi PDF', () => {
  // Puskesmas: IKM 3,8 (95,00 A), IPAK 3,8, IPKP 3,65 → WBK and WBBM; Disduk: 3,2 (80,00 B), IPAK 3,5 → neither; Bappeda: nothing
  const puskesmas = unit(
    'puskesmas',
    'UPT Puskesmas Sukamaju',
    1,
    { ikm: cardOf('skm', [0, 0, 2, 8]), ipak: cardOf('ipak', [0, 0, 2, 8]), ipkp: cardOf('ipkp', [0, 0, 7, 13]) },
    { population: 20, sample: sampleAdequacy(10, 20), publication: { revision: 2, publishedAt: new Date('2026-10-02T02:00:00Z') }, followUp: { planned: 1, in_progress: 0, done: 2, total: 3 } },
  );
  const disduk = unit('disduk', 'Dinas Kependudukan dan Pencatatan Sipil', 2, { ikm: cardOf('skm', [0, 0, 8, 2]), ipak: cardOf('ipak', [0, 0, 5, 5]), ipkp: cardOf('ipkp', [0, 0, 8, 2]) }, { population: 500, sample: sampleAdequacy(10, 500) });
  const bappeda = unit('bappeda', 'Bappeda', null, {});
  const total = [
    { card: cardOf('skm', [0, 0, 10, 10]), instrument: builtinInstruments.skm, versions: [1] },
    { card: cardOf('ipak', [0, 0, 7, 13]), instrument: builtinInstruments.ipak, versions: [1] },
    { card: cardOf('ipkp', [0, 0, 15, 15]), instrument: builtinInstruments.ipkp, versions: [1] },
  ];
  const data: RollupData = { instansi, period, units: [puskesmas, disduk, bappeda], total };
  let pdf: ReturnType<typeof readPdf>;

  beforeAll(async () => {
    pdf = readPdf(await rollupPdf(data, { createdAt }), 'rollup.pdf');
  });

  it('is one landscape A4 page with its title and period', () => {
    expect(pdf.pages).toBe(1);
    expect(pdf.info).toMatch(/^Page size:\s+841\.89 x 595\.28 pts \(A4\)$/m);
    expect(pdf.info).toMatch(/^Title:\s+Rekapitulasi Hasil SKM, IPAK dan IPKP Kabupaten Contoh Triwulan III Tahun 2026$/m);
    expect(pdf.flat).toContain('REKAPITULASI HASIL SKM, IPAK DAN IPKP Kabupaten Contoh Triwulan III Tahun 2026 (1 Juli 2026 – 30 September 2026)');
    expect(pdf.flat).toContain('Halaman 1 dari 1');
  });

  it('ranks the units with n against the minimum, mutu, IPAK and IPKP with their ZI values, the thresholds, publication and follow-up', () => {
    const rows = pdf.lines.filter((line) => /^(\d+|–) [A-Z]/.test(line));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toBe('1 UPT Puskesmas Sukamaju 10/19 95,00 A (Sangat Baik) 3,8000/16,63 3,6500/15,97 WBK dan Revisi 2, 2 Oktober 2/3');
    expect(rows[1]).toBe('2 Dinas Kependudukan dan 10/217 80,00 B (Baik) 3,5000/15,31 3,2000/14,00 Belum Belum –');
    expect(rows[2]).toBe('– Bappeda 0/– – – – – – Belum –');
    expect(pdf.flat).toContain('WBBM');
  });

  it('closes with the instansi total row and a summary in words', () => {
    // the total's minimum pools the populations of the units surveyed: 520 users → 221
    expect(pdf.lines).toContain('Kabupaten Contoh (seluruh unit) 20/221 87,50 B (Baik) 3,6500/15,97 3,5000/15,31 WBK 1 dari 3 unit 2/3');
    expect(pdf.flat).toContain('Pada Triwulan III Tahun 2026, 2 dari 3 unit di lingkungan Kabupaten Contoh telah melaksanakan SKM dengan 20 responden.');
    expect(pdf.flat).toContain('IKM Kabupaten Contoh secara keseluruhan adalah 87,50 dengan mutu B (Baik).');
    expect(pdf.flat).toContain('IKM tertinggi diperoleh UPT Puskesmas Sukamaju (95,00) dan terendah Dinas Kependudukan dan Pencatatan Sipil (80,00).');
    expect(pdf.flat).toContain('0 dari 2 unit yang mengisi populasi telah memenuhi jumlah minimum responden (Krejcie dan Morgan); 1 unit belum mengisi populasi.');
    expect(pdf.flat).toContain('Dari 2 unit yang mengukur IPAK dan IPKP, 1 unit memenuhi ambang komponen hasil Menuju WBK dan 1 unit memenuhi ambang Menuju WBBM.');
    expect(pdf.flat).toContain('Dari 3 kegiatan tindak lanjut, 2 telah selesai.');
  });
});

describe('the ZI evidence sheet PDF', () => {
  const ipak = cardOf('ipak', [0, 0, 2, 8]);
  const ipkp = cardOf('ipkp', [0, 0, 8, 2]);
  const evidence: ZiEvidence = {
    instansi,
    unit: { id: 'u', slug: 'puskesmas', name: 'UPT Puskesmas Sukamaju', headName: 'drg. Ahmad Fauzi', headNip: '198001012006041001', address: null },
    year: 2026,
    ikm: cardOf('skm', [0, 0, 8, 2]),
    ipak: { card: ipak, worksheetValue: ipak.zi!.worksheetValue, wbk: ipak.zi!.wbk.met, wbbm: ipak.zi!.wbbm.met },
    ipkp: { card: ipkp, worksheetValue: ipkp.zi!.worksheetValue, wbk: ipkp.zi!.wbk.met, wbbm: ipkp.zi!.wbbm.met },
    skmPeriods: [
      { code: '2026-Q1', respondents: 120, konversi: 78.5, mutu: 'B' },
      { code: '2026-Q2', respondents: 0, konversi: null, mutu: null },
      { code: '2026-Q3', respondents: 95, konversi: 81.25, mutu: 'B' },
      { code: '2026-Q4', respondents: 40, konversi: 88.31, mutu: 'A' },
    ],
    periodsRun: 3,
    publishedOnline: [{ period: '2026-Q3', revision: 1, publishedAt: new Date('2026-10-02T02:00:00Z') }],
    publishedAtServicePoint: [{ at: new Date('2026-10-03T02:00:00Z'), loket: 'abcd2345', period: '2026-Q3' }],
    followUp: { total: 4, done: 3, share: 0.75 },
  };
  let pdf: ReturnType<typeof readPdf>;

  beforeAll(async () => {
    pdf = readPdf(await ziEvidencePdf(evidence, { createdAt }), 'zi.pdf');
  });

  it('gives IPAK and IPKP with konversi, worksheet value and the WBK/WBBM verdicts', () => {
    expect(pdf.pages).toBeLessThanOrEqual(2);
    expect(pdf.info).toMatch(/^Title:\s+Lembar Bukti Komponen Hasil ZI UPT Puskesmas Sukamaju Tahun 2026$/m);
    // both within the margin of error with ten answers: the interval holds the threshold
    expect(pdf.lines).toContain('IPAK (IPK) 10 3,8000 95,00 16,63 Memenuhi* Memenuhi*');
    expect(pdf.lines).toContain('IPKP 10 3,2000 80,00 14,00 Memenuhi* Belum memenuhi');
    expect(pdf.flat).toContain('IPAK: ambang ada di dalam interval 95 % (3,5387 – 4,0000)');
  });

  it('counts the triwulan run, the publications online and at the service point, and the follow-up done', () => {
    expect(pdf.flat).toContain('SKM dilaksanakan pada 3 dari 4 triwulan tahun 2026.');
    expect(pdf.lines).toContain('Triwulan II Tahun 2026 0 – – Tidak ada jawaban');
    expect(pdf.lines).toContain('Triwulan IV Tahun 2026 40 88,31 A Dilaksanakan');
    expect(pdf.lines).toContain('Jumlah: 3 dari 4 triwulan 255 80,00 B');
    expect(pdf.flat).toContain('IKM tahun 2026 secara keseluruhan adalah 80,00 dengan mutu B (Baik), dari 10 responden.');
    expect(pdf.flat).toContain('dapat diakses secara daring (1 publikasi) dan di tempat pelayanan (1 kali poster hasil dicetak untuk loket)');
    expect(pdf.lines).toContain('Triwulan III Tahun 2026 1 2 Oktober 2026');
    expect(pdf.lines).toContain('3 Oktober 2026 abcd2345 Triwulan III Tahun 2026');
    expect(pdf.flat).toContain('3 dari 4 kegiatan rencana tindak lanjut tahun 2026 telah selesai (75,0 %).');
    expect(pdf.flat).toContain('Contoh, 5 Oktober 2026 Kepala UPT Puskesmas Sukamaju drg. Ahmad Fauzi NIP. 198001012006041001');
  });
});

describe.each(DATABASE_KINDS)('the rekapitulasi and the ZI evidence from the database (%s)', (kind) => {
  let database: DatabaseHandle;
  let world: PublishedWorld;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    world = await seedPublishedWorld(database.db);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('ranks Disduk (100,00) over Dinkes (78,89) under the instansi total', async () => {
    const pdf = readPdf(await rollupPdf(await loadRollup(database.db, world.instansi.id, world.period), { createdAt }), `rollup-${kind}.pdf`);
    const rows = pdf.lines.filter((line) => /^\d+ [A-Z]/.test(line));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^1 Dinas Kependudukan dan 10\/– 100,00 A \(Sangat Baik\) – – – Revisi 1, \d+ –$/);
    expect(rows[1]).toMatch(/^2 Dinas Kesehatan 10\/– 78,89 B \(Baik\) 3,5000\/15,31 3,2000\/14,00 Belum Revisi 1, \d+ –$/);
    expect(pdf.lines.some((line) => /^Kabupaten Uji \(seluruh unit\) 20\/– 89,44 A \(Sangat Baik\) 3,5000\/15,31 3,2000\/14,00 Belum 2 dari 2 unit –$/.test(line))).toBe(true);
  });

  it('gives Dinkes’s IPAK 3,50 (15,31) and IPKP 3,20 (14,00) for the year', async () => {
    const year = Number(world.period.code.slice(0, 4));
    const pdf = readPdf(await ziEvidencePdf(await loadZiEvidence(database.db, world.dinkes.id, year), { createdAt }), `zi-${kind}.pdf`);
    expect(pdf.lines).toContain('IPAK (IPK) 10 3,5000 87,50 15,31 Belum memenuhi* Belum memenuhi*');
    expect(pdf.lines).toContain('IPKP 10 3,2000 80,00 14,00 Memenuhi* Belum memenuhi');
    expect(pdf.flat).toContain(`SKM dilaksanakan pada 1 dari 4 triwulan tahun ${year}.`);
  });
});
