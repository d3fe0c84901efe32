// The dashboard: the numbers of `survei score` for the same answers, who may see which unit,
// the instansi view pooling every unit, the period picker and its 400s, the minimum sample, the
// trend, and the breakdowns per loket, layanan, channel, trust level and profile.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInstansi, addLayanan, addLoket, addUnit } from '../../src/admin/org.ts';
import { addUser } from '../../src/admin/users.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { localDate, periodOf } from '../../src/results/period.ts';
import { loadScoreCards } from '../../src/results/scorecard.ts';
import { periodBefore } from '../../src/results/period.ts';
import type { ScoreCard } from '../../src/scoring/index.ts';
import { storeResponses } from '../../src/survey/store.ts';
import { signFormToken } from '../../src/survey/token.ts';
import { Agent, TEST_PASSWORD } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { tenAnswersSumming } from '../scoring/helpers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = 'test-secret-'.padEnd(40, 'x');

// Ten citizens. SKM: DOMAIN.md §5 (sums 32, 30, 28, 40, 31, 33, 35, 26, 29 → 78,89, B).
// IPAK: five answer 4 everywhere, five 3 (index 3,50: below 3,60, but within the margin of error).
// IPKP: two answer 4 everywhere, eight 3 (index 3,20: meets WBK at exactly 14,00, within the margin).
const SKM = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'];
const IPAK = ['A1', 'A2', 'A3', 'A4', 'A5'];
const IPKP = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8a', 'P8b', 'P9a', 'P9b'];
const skmColumns = [32, 30, 28, 40, 31, 33, 35, 26, 29].map(tenAnswersSumming);
const citizens = Array.from({ length: 10 }, (_, r) => ({
  skm: Object.fromEntries(SKM.map((code, u) => [code, skmColumns[u]![r]!])),
  ipak: Object.fromEntries(IPAK.map((code) => [code, r < 5 ? 4 : 3])),
  ipkp: Object.fromEntries(IPKP.map((code) => [code, r < 2 ? 4 : 3])),
  // profile: 6 P and 4 L; ages 19, 25, 34, 45, 61 twice each; education for the first three only
  gender: r < 6 ? 'P' : 'L',
  age: [19, 25, 34, 45, 61][r % 5]!,
  education: r < 3 ? 'd4_s1' : undefined,
}));
const csv = (codes: string[], pick: (c: (typeof citizens)[number]) => Record<string, number>) => `${codes.join(',')}\n${citizens.map((c) => codes.map((code) => pick(c)[code]).join(',')).join('\n')}\n`;

const dir = mkdtempSync(join(tmpdir(), 'survei-dashboard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The ScoreCard `survei score --json` prints for the same answers, as a Tim Survei would compute it. */
function surveiScore(instrument: string, content: string): Promise<ScoreCard> {
  const file = join(dir, `${instrument}.csv`);
  writeFileSync(file, content);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'score', '--instrument', instrument, '--responses', file, '--json'], { cwd: ROOT }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}: ${stderr}`)) : resolve(JSON.parse(stdout) as ScoreCard),
    );
  });
}
const expected = Promise.all([surveiScore('skm', csv(SKM, (c) => c.skm)), surveiScore('ipak', csv(IPAK, (c) => c.ipak)), surveiScore('ipkp', csv(IPKP, (c) => c.ipkp))]);

const id = (n: number | null, decimals: number) => n!.toFixed(decimals).replace('.', ',');
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each(DATABASE_KINDS)('the dashboard (%s)', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  let unitA: string;
  let unitB: string;
  let layananA: string;
  let loket1: { code: string };
  const today = () => localDate(new Date(), 'Asia/Jakarta');
  const current = () => periodOf(today(), 'triwulan');

  // one signed-in agent per user: each sign-in costs a password hash
  const agents = new Map<string, Agent>();
  const agentOf = async (email: string) => {
    let agent = agents.get(email);
    if (!agent) {
      agent = new Agent(app);
      expect((await agent.signIn(email)).status).toBe(303);
      agents.set(email, agent);
    }
    return agent;
  };

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ({ app } = testApp(database));
    const { db } = database;
    await addInstansi(db, { name: 'Kabupaten Uji', slug: 'kab-uji', timeZone: 'WIB' }, 'Asia/Jakarta');
    unitA = (await addUnit(db, { instansi: 'kab-uji', name: 'Dinas Kesehatan', slug: 'dinkes', instruments: ['skm', 'ipak', 'ipkp'] })).id;
    unitB = (await addUnit(db, { instansi: 'kab-uji', name: 'Dinas Kependudukan', slug: 'disduk', instruments: ['skm'] })).id;
    layananA = (await addLayanan(db, { instansi: 'kab-uji', unit: 'dinkes', name: 'Imunisasi' })).id;
    await addLayanan(db, { instansi: 'kab-uji', unit: 'dinkes', name: 'Surat Keterangan Sehat' });
    loket1 = await addLoket(db, { instansi: 'kab-uji', unit: 'dinkes', name: 'Loket Imunisasi', layanan: 'Imunisasi' });
    await addLoket(db, { instansi: 'kab-uji', unit: 'dinkes', name: 'Loket Informasi' });
    await addUser(db, { email: 'admin@uji.go.id', name: 'Admin', role: 'admin', instansi: 'kab-uji', password: TEST_PASSWORD });
    await addUser(db, { email: 'a@uji.go.id', name: 'Admin Dinkes', role: 'unit_admin', instansi: 'kab-uji', units: ['dinkes'], password: TEST_PASSWORD });
    await addUser(db, { email: 'pimpinan@uji.go.id', name: 'Pimpinan', role: 'viewer', instansi: 'kab-uji', password: TEST_PASSWORD });
    await addUser(db, { email: 'lihat-a@uji.go.id', name: 'Pembaca Dinkes', role: 'viewer', instansi: 'kab-uji', units: ['dinkes'], password: TEST_PASSWORD });

    // the ten citizens answer at the loket's QR, as on their phones
    for (const [r, c] of citizens.entries()) {
      const fields = new URLSearchParams({ token: signFormToken(SECRET, { s: crypto.randomUUID(), l: loket1.code, t: Date.now() - 60_000, tr: 'open' }), website: '', gender: c.gender, age: String(c.age) });
      if (c.education) fields.set('education', c.education);
      for (const [instrument, answers] of [['skm', c.skm], ['ipak', c.ipak], ['ipkp', c.ipkp]] as const) for (const [code, value] of Object.entries(answers)) fields.set(`${instrument}:${code}`, String(value));
      const res = await app.request(`https://survei.test/s/${loket1.code}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html', 'X-Forwarded-For': `10.0.0.${r}` }, body: fields.toString() });
      expect(res.status).toBe(303);
    }
  });
  afterAll(async () => {
    await database?.close();
  });

  it('shows exactly the numbers survei score gives for the same answers, with the decimal comma', async () => {
    const [skm, ipak, ipkp] = await expected;
    expect(skm.konversi).toBe(78.89);
    const agent = await agentOf('a@uji.go.id');
    const { res, text } = await agent.page('/admin/dashboard/dinkes');
    expect(res.status).toBe(200);
    expect(text).toContain('Dasbor Dinas Kesehatan');
    for (const card of [skm, ipak, ipkp]) {
      for (const u of card.unsur) {
        const row = `<tr><th scope="row">${u.code}</th><td>${escapeRe(u.name)}</td><td class="num">${u.answers}</td><td class="num">${id(u.nrr, 4)}</td><td class="num">${id(u.konversi, 2)}</td><td>${u.mutu}</td></tr>`;
        expect(text).toMatch(new RegExp(row));
      }
      expect(text).toContain(`<dt>Indeks (skala 1–4)</dt><dd class="value">${id(card.index, 4)}</dd>`);
      expect(text).toContain(`<dt>Konversi (25–100)</dt><dd class="value">${id(card.konversi, 2)}</dd>`);
      expect(text).toContain(`<dt>Mutu pelayanan</dt><dd class="value">${card.mutu}</dd>`);
      expect(text).toContain(`${id(card.ci95![0], 4)} – ${id(card.ci95![1], 4)}`);
    }
    expect(text).toContain('<dd class="value">3,1556</dd>');
    expect(text).toContain('<dd>Kinerja unit: Baik</dd>');
    // the ZI worksheet values and the verdicts, said plainly when they hold only within the margin
    expect(text).toContain(`<strong>${id(ipak.zi!.worksheetValue, 2)}</strong>`);
    expect(text).toContain(`<strong>${id(ipkp.zi!.worksheetValue, 2)}</strong>`);
    expect(ipkp.zi!.worksheetValue).toBe(14);
    expect(text).toContain('Memenuhi, tetapi hanya dalam batas margin of error: ambang 3,20 ada di dalam interval 95 %');
    expect(text).toContain('Belum memenuhi, tetapi selisihnya masih dalam margin of error: ambang 3,60 ada di dalam interval 95 %');
    // the weakest and strongest unsur of the IKM
    expect(text).toMatch(/Unsur terlemah:<\/strong> U8 Penanganan Pengaduan, Saran dan Masukan \(NRR 2,6000, konversi 65,00\)/);
    expect(text).toMatch(/Unsur terkuat:<\/strong> U4 Biaya\/Tarif \(NRR 4,0000, konversi 100,00\)/);
    // the bar chart and its table alternative
    expect(text).toMatch(/<svg class="chart" viewBox="[^"]+" role="img" aria-labelledby="card-0-chart-t card-0-chart-d"><title id="card-0-chart-t">Konversi per unsur: Survei Kepuasan Masyarakat/);
  });

  it('writes the numbers the English way in English', async () => {
    const [skm] = await expected;
    // its own agent: the language is remembered in a cookie
    const agent = new Agent(app);
    await agent.signIn('a@uji.go.id');
    const { text } = await agent.page('/admin/dashboard/dinkes?lang=en');
    expect(text).toContain(`<dt>Index (scale 1–4)</dt><dd class="value">${skm.index!.toFixed(4)}</dd>`);
    expect(text).toContain(`<dd class="value">78.89</dd>`);
    expect(text).toMatch(/<th scope="row">U1<\/th><td>Requirements<\/td><td class="num">10<\/td><td class="num">3.2000<\/td><td class="num">80.00<\/td>/);
    expect(text).toContain('Met, but only within the margin of error');
  });

  it('counts respondents per loket, layanan, channel, trust level and profile', async () => {
    const agent = await agentOf('a@uji.go.id');
    const { text } = await agent.page('/admin/dashboard/dinkes');
    const row = (label: string, ...cells: string[]) => new RegExp(`<th scope="row">${escapeRe(label)}</th>${cells.map((c) => `<td class="num">${escapeRe(c)}</td>`).join('')}`);
    expect(text).toMatch(row('Loket Imunisasi', '10', '78,89 (B)', '87,50 (B)', '80,00 (B)'));
    expect(text).toMatch(row('Loket Informasi', '0', '–', '–', '–'));
    expect(text).toMatch(row('Imunisasi', '10', '78,89 (B)', '87,50 (B)', '80,00 (B)'));
    expect(text).toMatch(row('Surat Keterangan Sehat', '0', '–', '–', '–'));
    expect(text).toMatch(row('QR di loket', '10', '100,0 %'));
    expect(text).toMatch(row('Kios (tablet di loket)', '0', '0,0 %'));
    expect(text).toMatch(row('Terbuka (QR cetak)', '10', '100,0 %'));
    expect(text).toMatch(row('Perempuan', '6', '60,0 %'));
    expect(text).toMatch(row('Laki-laki', '4', '40,0 %'));
    expect(text).toMatch(row('di bawah 20 tahun', '2', '20,0 %'));
    expect(text).toMatch(row('60 tahun ke atas', '2', '20,0 %'));
    expect(text).toMatch(row('D4/S1', '3', '30,0 %'));
    // education was optional: seven left it blank
    expect(text).toMatch(new RegExp(`<caption>Pendidikan</caption>[\\s\\S]*?${row('Tidak diisi', '7', '70,0 %').source}`));
  });

  it('compares the respondents with the minimum sample of the period\'s population', async () => {
    const agent = await agentOf('a@uji.go.id');
    const none = await agent.page('/admin/dashboard/dinkes');
    expect(none.text).toContain('belum diisi, jadi jumlah minimum responden belum dapat dihitung');
    expect(none.text).not.toContain('<progress');
    await database.db.insertInto('population').values({ unit_id: unitA, period: current().code, users: 100 }).execute();
    const { text } = await agent.page('/admin/dashboard/dinkes');
    expect(text).toContain('10 dari minimum 80 responden (12,5 %)');
    expect(text).toContain('<progress id="sample-progress" max="80" value="10"></progress>');
    expect(text).toContain('Belum sesuai');
    expect(text).toContain('100 pengguna layanan; minimum responden menurut Krejcie &amp; Morgan: 80.');
    // a date range has no population, and says so
    const range = await agent.page(`/admin/dashboard/dinkes?from=${current().from}&to=${today()}`);
    expect(range.res.status).toBe(200);
    expect(range.text).toContain('untuk rentang tanggal tidak ada populasi');
    expect(range.text).toContain('<dd class="value">78,89</dd>');
  });

  it('shows the trend over the last eight periods of the same kind', async () => {
    const previous = periodBefore(current());
    const version = await database.db
      .selectFrom('instrument_version as v')
      .innerJoin('instrument as i', 'i.id', 'v.instrument_id')
      .where('i.code', '=', 'skm')
      .select('v.id')
      .executeTakeFirstOrThrow();
    // two respondents last triwulan: all 4 and all 2 → 3,00 → konversi 75,00
    await storeResponses(
      database.db,
      [4, 2].map((value) => ({
        id: crypto.randomUUID(),
        unitId: unitA,
        loketId: null,
        layananId: layananA,
        channel: 'paper' as const,
        submittedAt: new Date(`${previous.from}T03:00:00Z`),
        answers: SKM.map((itemCode) => ({ versionId: version.id, itemCode, value: value as 2 | 4 })),
      })),
    );
    const agent = await agentOf('a@uji.go.id');
    const { text } = await agent.page(`/admin/dashboard/dinkes?period=${current().code}`);
    const rows = [...text.matchAll(/<tr><th scope="row">((?:Triwulan|Semester|Tahun)[^<]*)<\/th><td class="num">(\d+)<\/td>((?:<td class="num">[^<]*<\/td>)*)<\/tr>/g)];
    expect(rows).toHaveLength(8);
    expect(rows.at(-1)![2]).toBe('10');
    expect(rows.at(-1)![3]).toBe('<td class="num">78,89</td><td class="num">87,50</td><td class="num">80,00</td>');
    expect(rows.at(-2)![2]).toBe('2');
    expect(rows.at(-2)![3]).toBe('<td class="num">75,00</td><td class="num">–</td><td class="num">–</td>');
    expect(rows[0]![3]).toBe('<td class="num">–</td><td class="num">–</td><td class="num">–</td>');
    expect(text).toContain('aria-labelledby="trend-chart-t trend-chart-d"');
    // the previous period itself, by its code
    const before = await agent.page(`/admin/dashboard/dinkes?period=${previous.code}`);
    expect(before.text).toContain('<dd class="value">75,00</dd>');
    expect(before.text).toMatch(/<th scope="row">Formulir kertas<\/th><td class="num">2<\/td>/);
    expect(before.text).toMatch(/<th scope="row">Tanpa loket<\/th><td class="num">2<\/td>/);
  });

  it('pools every unit in the instansi view, for an admin and for a viewer without units', async () => {
    const version = await database.db
      .selectFrom('instrument_version as v')
      .innerJoin('instrument as i', 'i.id', 'v.instrument_id')
      .where('i.code', '=', 'skm')
      .select('v.id')
      .executeTakeFirstOrThrow();
    await storeResponses(
      database.db,
      [1, 2, 3].map((value) => ({
        id: crypto.randomUUID(),
        unitId: unitB,
        loketId: null,
        layananId: null,
        channel: 'paper' as const,
        gender: 'L' as const,
        submittedAt: new Date(),
        answers: SKM.map((itemCode) => ({ versionId: version.id, itemCode, value: value as 1 | 2 | 3 })),
      })),
    );
    const pooled = (await loadScoreCards(database.db, { unitIds: [unitA, unitB] }, current())).find((c) => c.kind === 'ikm')!;
    const onlyA = (await loadScoreCards(database.db, { unitIds: [unitA] }, current())).find((c) => c.kind === 'ikm')!;
    expect(pooled.respondents).toBe(13);
    expect(pooled.konversi).not.toBe(onlyA.konversi);
    for (const email of ['admin@uji.go.id', 'pimpinan@uji.go.id']) {
      const agent = await agentOf(email);
      const { res, text } = await agent.page('/admin/dashboard');
      expect(res.status).toBe(200);
      expect(text).toContain('Dasbor Kabupaten Uji');
      expect(text).toContain('Seluruh unit Kabupaten Uji');
      expect(text).toContain(`<dt>Konversi (25–100)</dt><dd class="value">${id(pooled.konversi, 2)}</dd>`);
      expect(text).toContain(`<dt>Indeks (skala 1–4)</dt><dd class="value">${id(pooled.index, 4)}</dd>`);
      expect(text).toMatch(/<th scope="row">QR di loket<\/th><td class="num">10<\/td><td class="num">76,9 %<\/td>/);
      expect(text).toMatch(/<th scope="row">Formulir kertas<\/th><td class="num">3<\/td>/);
      // per unit, each linking to its own dashboard
      expect(text).toMatch(new RegExp(`<th scope="row"><a href="/admin/dashboard/dinkes">Dinas Kesehatan</a></th><td class="num">10</td><td class="num">${id(onlyA.konversi, 2)} \\(B\\)</td>`));
      expect(text).toMatch(/<th scope="row"><a href="\/admin\/dashboard\/disduk">Dinas Kependudukan<\/a><\/th><td class="num">3<\/td>/);
      // the population of one unit of two, said plainly
      expect(text).toContain('100 pengguna layanan, yaitu jumlah populasi yang diisi 1 dari 2 unit');
      expect(text).toContain('1 unit belum mengisi populasinya');
    }
  });

  it('shows an instansi without units yet, with nothing counted', async () => {
    await addInstansi(database.db, { name: 'Kota Baru', slug: 'kota-baru', timeZone: 'WIT' }, 'Asia/Jakarta');
    await addUser(database.db, { email: 'admin@kotabaru.go.id', name: 'Admin Kota Baru', role: 'admin', instansi: 'kota-baru', password: TEST_PASSWORD });
    const agent = await agentOf('admin@kotabaru.go.id');
    const { res, text } = await agent.page('/admin/dashboard');
    expect(res.status).toBe(200);
    expect(text).toContain('Dasbor Kota Baru');
    expect(text).toContain('Belum ada respons yang dihitung pada periode ini.');
    expect(text).not.toContain('Dinas Kesehatan');
  });

  it('gives a unit_admin and a unit viewer their units only: another unit answers 404', async () => {
    for (const email of ['a@uji.go.id', 'lihat-a@uji.go.id']) {
      const agent = await agentOf(email);
      const list = await agent.page('/admin/dashboard?period=2026-Q1');
      expect(list.res.status).toBe(200);
      expect(list.text).toContain('<a href="/admin/dashboard/dinkes?period=2026-Q1">Dinas Kesehatan</a>');
      expect(list.text).not.toContain('Dinas Kependudukan');
      expect((await agent.page('/admin/dashboard/dinkes')).res.status).toBe(200);
      const foreign = await agent.page('/admin/dashboard/disduk');
      const missing = await agent.page('/admin/dashboard/tidak-ada');
      expect(foreign.res.status).toBe(404);
      expect(missing.res.status).toBe(404);
      expect(foreign.text).not.toContain('Dinas Kependudukan');
    }
    // a viewer without units reads every unit
    const viewer = await agentOf('pimpinan@uji.go.id');
    expect((await viewer.page('/admin/dashboard/disduk')).res.status).toBe(200);
  });

  it.each([
    ['period=2026-Q5', 'period: harus berupa triwulan'],
    ['period=kemarin', 'period: harus berupa triwulan'],
    ['period=1999', 'period: harus berupa triwulan'],
    ['from=2026-02-30&to=2026-03-31', 'from: harus berupa tanggal YYYY-MM-DD'],
    ['from=2026-07-01&to=31-07-2026', 'to: harus berupa tanggal YYYY-MM-DD'],
    ['from=2026-07-01', 'to: wajib diisi bersama from'],
    ['to=2026-07-01', 'from: wajib diisi bersama to'],
    ['from=2026-07-31&to=2026-07-01', 'to: tidak boleh sebelum tanggal from'],
    ['period=2026-Q3&from=2026-07-01&to=2026-07-31', 'period: pilih periode atau rentang tanggal'],
  ])('answers 400 naming the field for %s', async (query, message) => {
    const agent = await agentOf('a@uji.go.id');
    const { res, text } = await agent.page(`/admin/dashboard/dinkes?${query}`);
    expect(res.status).toBe(400);
    expect(text).toContain(message);
    expect(text).toContain('<select id="period" name="period">');
  });

  it('offers the periods in a GET form, the chosen one selected', async () => {
    const agent = await agentOf('a@uji.go.id');
    const { text } = await agent.page('/admin/dashboard/dinkes?period=2026');
    expect(text).toContain('<form method="get" action="/admin/dashboard/dinkes"');
    expect(text).toContain('<label for="period">');
    expect(text).toContain('<option value="2026" selected="">Tahun 2026 (2026)</option>');
    expect(text).toContain('Menampilkan Tahun 2026 (1 Januari 2026 – 31 Desember 2026)');
  });
});
