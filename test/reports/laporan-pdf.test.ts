import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFollowUp } from '../../src/admin/follow-up/store.ts';
import { addUnit } from '../../src/admin/org.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { periodBefore, parsePeriod } from '../../src/results/period.ts';
import { loadUnitReport } from '../../src/reports/data.ts';
import { laporanPdf } from '../../src/reports/laporan-pdf.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { type PublishedWorld, seedPublishedWorld } from '../support/published.ts';

const dir = mkdtempSync(join(tmpdir(), 'survei-laporan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Page count, metadata and text of a PDF, read back with poppler: `flat` in reading order (a wrapped
 * cell reads whole, but a table row's cells may come apart), `lines` laid out (a one-line table row
 * reads as one line), `page(n)` one page.
 */
function readPdf(pdf: Buffer, name: string) {
  const path = join(dir, name);
  writeFileSync(path, pdf);
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  const layout = execFileSync('pdftotext', ['-enc', 'UTF-8', '-layout', path, '-'], { encoding: 'utf8' });
  const page = (n: number) => execFileSync('pdftotext', ['-enc', 'UTF-8', '-f', String(n), '-l', String(n), path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  const lines = layout.split('\n').map((line) => line.replace(/\s+/g, ' ').trim());
  return { pages: Number(/^Pages:\s+(\d+)/m.exec(info)![1]), raw: pdf.toString('latin1'), info, layout, lines, flat: text.replace(/\s+/g, ' '), page };
}

const createdAt = new Date('2026-11-21T03:00:00Z');
const CHAPTERS: [label: string, title: string][] = [
  ['BAB I', 'Pendahuluan'],
  ['BAB II', 'Pengumpulan Data'],
  ['BAB III', 'Hasil Pengolahan Data'],
  ['BAB IV', 'Analisis'],
  ['BAB V', 'Kesimpulan'],
  ['LAMPIRAN 1', 'Kuesioner'],
  ['LAMPIRAN 2', 'Tabulasi Data'],
];
/** "BAB III Hasil Pengolahan Data" as a pattern that allows any spacing */
const tocPattern = (label: string, title: string) => `${label} ${title}`.replace(/ /g, '\\s+');

describe.each(DATABASE_KINDS)('the Laporan SKM PDF (%s)', (kind) => {
  let database: DatabaseHandle;
  let world: PublishedWorld;
  let report: ReturnType<typeof readPdf>;
  const progress: [number, number][] = [];

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    world = await seedPublishedWorld(database.db);
    const db = database.db;
    await db.updateTable('unit').set({ head_name: 'dr. Siti Rahmawati, M.Kes.', head_nip: '197805122005012003' }).where('id', '=', world.dinkes.id).execute();
    await db.insertInto('population').values({ unit_id: world.dinkes.id, period: world.period.code, users: 500 }).execute();
    const unit = { id: world.dinkes.id, instansiId: world.instansi.id, slug: 'dinkes', name: 'Dinas Kesehatan', parentId: null, active: true };
    const by = { userId: world.adminId, address: null };
    await createFollowUp(db, unit, world.period.code, { unsurCode: 'U8', action: 'Membuka kanal pengaduan WhatsApp yang dipantau setiap hari', owner: 'Kepala Subbagian Umum', due: '2026-12-15', status: 'planned', evidence: null, published: true }, by);
    // typed text outside Helvetica's characters: spelled out or reduced to its letters, never garbage
    await createFollowUp(db, unit, world.period.code, { unsurCode: 'U3', action: 'Antrean daring di Loket Yoğyakarta, waktu tunggu ≤ 15 menit', owner: null, due: null, status: 'in_progress', evidence: null, published: true }, by);
    await createFollowUp(db, unit, periodBefore(world.period).code, { unsurCode: 'U3', action: 'Menambah petugas loket pada jam sibuk', owner: 'Sekretaris Dinas', due: null, status: 'done', evidence: 'SK penugasan Nomor 800/123', published: true }, by);
    const data = await loadUnitReport(db, world.dinkes.id, world.period);
    report = readPdf(await laporanPdf(db, data, { createdAt, onProgress: (done, total) => progress.push([done, total]) }), `dinkes-${kind}.pdf`);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('is an A4 document with its title, every chapter, and a Daftar Isi pointing at the right pages', () => {
    expect(report.info).toMatch(/^Title:\s+Laporan Hasil Survei Kepuasan Masyarakat Dinas Kesehatan Triwulan [IV]+ Tahun \d{4}$/m);
    expect(report.info).toMatch(/^Page size:.*\(A4\)$/m);
    expect(report.info).toMatch(/^Subject:\s+Survei Kepuasan Masyarakat \(PermenPANRB 14\/2017\) Dinas Kesehatan, Kabupaten Uji, Triwulan/m);
    expect(report.raw).toContain('/Lang (id-ID)');
    expect(report.flat).toContain('DAFTAR ISI');
    // every TOC entry is a link, and the chapters and sections are bookmarks
    const entries = report.layout.split('\n').filter((line) => /\.{5,}\s*\d+\s*$/.test(line)).length;
    expect(entries).toBeGreaterThan(25);
    expect(report.raw.match(/\/S \/GoTo/g)).toHaveLength(entries);
    for (const title of ['BAB III Hasil Pengolahan Data', '3.2 Nilai Unsur Pelayanan', 'LAMPIRAN 2 Tabulasi Data']) expect(report.raw).toContain(`/Title (${title})`);
    for (const [label, title] of CHAPTERS) {
      const entry = new RegExp(`${tocPattern(label, title)}\\s*\\.{5,}\\s*(\\d+)`).exec(report.layout);
      expect(entry, label).not.toBeNull();
      // the chapter's heading opens the page the TOC names ("BAB III" over its title in capitals)
      expect(report.page(Number(entry![1]))).toContain(`${label} ${title.toUpperCase()}`);
    }
  });

  it('numbers every page but the cover, "Halaman X dari Y", under a running header', () => {
    expect(report.pages).toBeGreaterThan(10);
    expect(report.page(1)).not.toContain('Halaman');
    for (const n of [2, Math.ceil(report.pages / 2), report.pages]) {
      expect(report.page(n)).toContain(`Halaman ${n} dari ${report.pages}`);
      expect(report.page(n)).toContain('Kabupaten Uji Dinas Kesehatan · Laporan SKM');
    }
  });

  it('prints the ScoreCard: IKM 78,89 mutu B (Baik) and every unsur NRR', () => {
    const { lines, flat } = report;
    expect(lines).toContain('IKM (jumlah NRR tertimbang) 3,1556 78,89 B');
    expect(flat).toContain('mutu pelayanan B dengan kinerja unit pelayanan Baik');
    const nrr = ['3,2000', '3,0000', '2,8000', '4,0000', '3,1000', '3,3000', '3,5000', '2,6000', '2,9000'];
    for (const [i, value] of nrr.entries()) expect(lines.some((line) => new RegExp(`^${i + 1} U${i + 1} \\D+ ${value} 0,\\d{4} \\d+,\\d\\d [A-D]$`).test(line)), `U${i + 1}`).toBe(true);
    expect(lines).toContain('1 U1 Persyaratan 3,2000 0,3556 80,00 B');
    expect(flat).toContain('Unsur dengan nilai terendah adalah U8 Penanganan Pengaduan, Saran dan Masukan (NRR 2,6000; konversi 65,00; mutu C)');
  });

  it('states the minimum sample for the entered population', () => {
    const { lines, flat } = report;
    expect(lines.some((line) => /^Populasi pengguna layanan Triwulan [IV]+ Tahun \d{4} \(N\) 500$/.test(line))).toBe(true);
    expect(lines).toContain('Jumlah minimum responden (S) 217');
    expect(lines).toContain('Keterangan Belum sesuai');
    expect(flat).toContain('Jumlah responden IKM sebanyak 10 orang belum memenuhi jumlah minimum tersebut (belum sesuai)');
  });

  it('carries the Rencana Tindak Lanjut and the previous period’s realisation', () => {
    const { flat } = report;
    expect(flat).toMatch(/Rencana tindak lanjut Triwulan [IV]+ Tahun \d{4} No Prioritas unsur Program\/Kegiatan Waktu Penanggung jawab/);
    for (const cell of ['U8 Penanganan Pengaduan, Saran dan Masukan', 'Membuka kanal pengaduan WhatsApp yang dipantau setiap hari', '15 Desember 2026', 'Kepala Subbagian Umum']) expect(flat).toContain(cell);
    for (const cell of ['Antrean daring di Loket Yogyakarta, waktu tunggu <= 15 menit', 'Belum ditetapkan']) expect(flat).toContain(cell);
    expect(flat).toMatch(/Realisasi rencana tindak lanjut Triwulan [IV]+ Tahun \d{4}/);
    expect(flat).toContain('Dari 1 kegiatan dalam rencana tindak lanjut');
    for (const cell of ['U3 Waktu Penyelesaian', 'Menambah petugas loket pada jam sibuk', 'Sekretaris Dinas', 'Selesai', 'SK penugasan Nomor 800/123']) expect(flat).toContain(cell);
  });

  it('gives IPAK 3,50 (15,31) and IPKP 3,20 (14,00) with their WBK/WBBM verdicts', () => {
    const { lines, flat } = report;
    expect(lines).toContain('IPAK 10 3,5000 87,50 15,31 Belum memenuhi* Belum memenuhi*');
    expect(lines).toContain('IPKP 10 3,2000 80,00 14,00 Memenuhi* Belum memenuhi');
    expect(flat).toContain('IPAK sebesar 3,5000 (nilai lembar kerja ZI 15,31) belum memenuhi ambang Menuju WBK (3,60) maupun ambang Menuju WBBM (3,60)');
    expect(flat).toContain('IPKP sebesar 3,2000 (nilai lembar kerja ZI 14,00) memenuhi ambang Menuju WBK (3,20) tetapi belum memenuhi ambang Menuju WBBM (3,60)');
    // IPKP sits exactly on the WBK threshold: the verdict holds only within the margin of error
    expect(flat).toContain('IPKP, Menuju WBK: Memenuhi, tetapi hanya dalam batas margin of error: ambang 3,20');
  });

  it('is signed by the head of unit, and annexes the questionnaire and the tabulation', () => {
    const { lines, flat } = report;
    expect(flat).toContain('Uji, 21 November 2026 Kepala Dinas Kesehatan dr. Siti Rahmawati, M.Kes. NIP. 197805122005012003');
    expect(flat).toContain('Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?');
    expect(flat).toContain('1 Tidak sesuai 2 Kurang sesuai 3 Sesuai 4 Sangat sesuai');
    // the answer distribution of U1 (sum 32 from ten answers), then one row per respondent with the totals under them
    expect(lines).toContain('U1 0 0 8 2 10 32 3,2000 3,2000 0,3556');
    expect(lines).toContain('IKM (jumlah NRR tertimbang) 3,1556');
    expect(lines.filter((line) => /^\d+ \d\d\/\d\d\/\d{4}( [1-4]){9}$/.test(line))).toHaveLength(10);
    expect(lines).toContain('Jumlah nilai 32 30 28 40 31 33 35 26 29');
    expect(lines).toContain('NRR 3,2000 3,0000 2,8000 4,0000 3,1000 3,3000 3,5000 2,6000 2,9000');
    expect(lines).toContain('IKM 3,1556; konversi 78,89; mutu B (Baik)');
  });

  it('reports progress up to its total', () => {
    expect(progress.length).toBeGreaterThan(5);
    const [last] = progress.slice(-1);
    expect(last![0]).toBe(last![1]);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);
  });

  it('still gives a whole report for a unit without responses', async () => {
    const { id } = await addUnit(database.db, { instansi: 'kab-uji', name: 'Dinas Pendidikan', slug: 'disdik', instruments: ['skm'] });
    const empty = readPdf(await laporanPdf(database.db, await loadUnitReport(database.db, id, world.period), { createdAt }), `empty-${kind}.pdf`);
    for (const [label, title] of CHAPTERS) expect(empty.layout).toMatch(new RegExp(tocPattern(label, title)));
    expect(empty.flat).toContain('Belum ada respons yang dihitung pada');
    expect(empty.flat).toContain('Populasi pengguna layanan Triwulan');
    expect(empty.flat).toContain('tidak melaksanakan survei IPAK (IPK) maupun IPKP');
    expect(empty.flat).toContain('NIP. ....');
    expect(empty.page(empty.pages)).toContain(`Halaman ${empty.pages} dari ${empty.pages}`);
  });

  it('covers a semester', async () => {
    const semester = parsePeriod(`${world.period.code.slice(0, 4)}-S${world.period.code.endsWith('Q1') || world.period.code.endsWith('Q2') ? 1 : 2}`)!;
    const pdf = readPdf(await laporanPdf(database.db, await loadUnitReport(database.db, world.dinkes.id, semester), { createdAt }), `semester-${kind}.pdf`);
    expect(pdf.flat).toMatch(/SEMESTER I{1,2} TAHUN \d{4}/);
    expect(pdf.lines).toContain('IKM (jumlah NRR tertimbang) 3,1556 78,89 B');
    expect(pdf.flat).toMatch(/Realisasi Rencana Tindak Lanjut Semester I{1,2} Tahun \d{4}/);
  });
});
