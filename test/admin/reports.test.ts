// The reports workspace: the pages and every download (content type, file name, no caching, a
// plausible body) for those who reach the unit or the instansi, 404 for everyone else (other units,
// other instansi), the audit of per-respondent downloads, 400 for a missing or bad period; and the
// import of paper forms through the workspace: the upload, the job page from running to done, the
// problems of a bad file, the refusal of a file imported before and the forced import, who may
// upload, CSRF, file types and the upload limit.
import { type ErrorHandler, Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addInstansi, addUnit } from '../../src/admin/org.ts';
import { streamDownload } from '../../src/admin/reports/download.ts';
import { importJobs } from '../../src/admin/reports/jobs.ts';
import { adminRoutes } from '../../src/admin/routes.tsx';
import type { AdminEnv } from '../../src/admin/web/env.ts';
import { addUser } from '../../src/admin/users.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { errorHandler } from '../../src/http/error-handler.tsx';
import type { AppEnv } from '../../src/http/middleware.ts';
import { publicViews, type PublicViews } from '../../src/publish/view.ts';
import type { ImportOutcome } from '../../src/reports/import/index.ts';
import { writeChunk } from '../../src/reports/responses-csv.ts';
import { Agent, TEST_PASSWORD } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { type PublishedWorld, seedPublishedWorld } from '../support/published.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(DATABASE_KINDS)('the reports workspace (%s)', (kind) => {
  let database: DatabaseHandle;
  let world: PublishedWorld;
  let views: PublicViews;
  let invalidate: ReturnType<typeof vi.spyOn>;
  let app: Hono<AppEnv>;
  let P: string;
  const agents = new Map<string, Agent>();

  /** one signed-in agent per user: each sign-in costs a password hash */
  async function agentOf(email: string): Promise<Agent> {
    let agent = agents.get(email);
    if (!agent) {
      agent = new Agent(app);
      expect((await agent.signIn(email)).status).toBe(303);
      agents.set(email, agent);
    }
    return agent;
  }

  async function download(agent: Agent, path: string) {
    const res = await agent.request(path);
    return { res, bytes: Buffer.from(await res.arrayBuffer()) };
  }

  /** the job page once the import has ended, followed through its status (as the page's script does) */
  async function finishedJob(agent: Agent, path: string): Promise<string> {
    for (let i = 0; i < 600; i++) {
      const status = await agent.request(`${path}/status.json`);
      expect(status.status).toBe(200);
      const job = (await status.json()) as { finished: boolean; phase: string; rows: string; done: number; total: number | null };
      expect(typeof job.phase).toBe('string');
      const { res, text } = await agent.page(path);
      expect(res.status).toBe(200);
      if (job.finished) {
        expect(text).not.toContain('data-job-status');
        return text;
      }
      await sleep(50);
    }
    throw new Error(`the import at ${path} did not end`);
  }

  /** the unit's template header, then one row per answer value given */
  async function paperCsv(agent: Agent, rows: { U1?: string; loket?: string }[]): Promise<string> {
    const template = await download(agent, '/admin/reports/dinkes/import/template.csv');
    const header = template.bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split(',');
    const day = new Date(Date.parse(`${world.period.from}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
    const lines = rows.map((row) =>
      header
        .map((column) => {
          if (column === 'tanggal') return day;
          if (column === 'loket') return row.loket ?? world.dinkes.loketCode;
          if (column === 'jenis_kelamin') return 'P';
          if (column === 'usia') return '35';
          if (column === 'U1' && row.U1 !== undefined) return row.U1;
          if (/^(U|A|P)\d/.test(column)) return '3';
          return '';
        })
        .join(','),
    );
    return `${header.join(',')}\n${lines.join('\n')}\n`;
  }

  function upload(agent: Agent, name: string, content: string | Uint8Array<ArrayBuffer>, extra: Record<string, string> = {}) {
    const form = new FormData();
    form.append('file', new File([content], name, { type: name.endsWith('.csv') ? 'text/csv' : 'application/octet-stream' }));
    for (const [k, v] of Object.entries(extra)) form.append(k, v);
    return agent.postMultipart('/admin/reports/dinkes/import', form, { from: '/admin/reports/dinkes/import' });
  }

  const paperResponses = async () => Number((await database.db.selectFrom('response').where('unit_id', '=', world.dinkes.id).where('channel', '=', 'paper').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    world = await seedPublishedWorld(database.db);
    P = world.period.code;
    await addInstansi(database.db, { name: 'Kota Lain', slug: 'kota-lain', timeZone: 'WITA' }, 'Asia/Jakarta');
    await addUnit(database.db, { instansi: 'kota-lain', name: 'Dinas Lain', slug: 'dinas-lain', instruments: ['skm'] });
    await addUser(database.db, { email: 'admin@lain.go.id', name: 'Admin Lain', role: 'admin', instansi: 'kota-lain', password: TEST_PASSWORD });
    const { config } = testApp(database);
    views = publicViews(database.db);
    invalidate = vi.spyOn(views, 'invalidate');
    app = new Hono<AppEnv>().onError(errorHandler(() => {})).route('/', adminRoutes({ db: database.db, config, publicViews: views }));
  });
  afterAll(async () => {
    await database?.close();
  });

  it('leads from the navigation to a picker of the units in reach and a period; the picker answers with the scope page', async () => {
    const admin = await agentOf('admin@uji.go.id');
    const { res, text } = await admin.page('/admin/reports');
    expect(res.status).toBe(200);
    expect(text).toContain('<a href="/admin/reports"');
    expect(text).toContain('Laporan dan impor');
    expect(text).toContain('<option value="_instansi"');
    expect(text).toContain('Seluruh instansi (Kabupaten Uji)');
    expect(text).toContain(`href="/admin/reports/dinkes?period=${P}"`);
    expect(text).toContain(`href="/admin/reports/disduk?period=${P}"`);
    // the last complete triwulan is the default
    expect(text).toMatch(new RegExp(`<option value="${P}" selected`));

    const picked = await admin.request(`/admin/reports?unit=disduk&period=${P.slice(0, 4)}`);
    expect(picked.status).toBe(303);
    expect(picked.headers.get('Location')).toBe(`/admin/reports/disduk?period=${P.slice(0, 4)}`);
    const stranger = await admin.page('/admin/reports?unit=dinas-lain&period=2026');
    expect(stranger.res.status).toBe(400);
    expect(stranger.text).toContain('unit: pilih salah satu unit');

    const unitAdmin = await agentOf('a@uji.go.id');
    const own = await unitAdmin.page('/admin/reports');
    expect(own.text).toContain('Dinas Kesehatan');
    expect(own.text).not.toContain('Dinas Kependudukan');
    expect(own.text).not.toContain('_instansi');
  });

  it("lists a unit's downloads for the period with a line each, and the instansi's for those who read all of it", async () => {
    const admin = await agentOf('admin@uji.go.id');
    const { res, text } = await admin.page(`/admin/reports/dinkes?period=${P}`);
    expect(res.status).toBe(200);
    for (const file of ['laporan.pdf', 'tabulasi.xlsx', 'jawaban.csv', 'scorecard.csv', 'data.json']) expect(text).toContain(`href="/admin/reports/dinkes/${file}?period=${P}"`);
    expect(text).toContain(`href="/admin/reports/dinkes/zi-bukti.pdf?year=${P.slice(0, 4)}"`);
    expect(text).toContain('href="/admin/reports/dinkes/import"');
    expect(text).toContain('Laporan Hasil SKM (PDF)');
    expect(text).toContain('dicatat di log audit');

    const instansi = await admin.page(`/admin/reports/_instansi?period=${P}`);
    expect(instansi.res.status).toBe(200);
    for (const file of ['rekap.pdf', 'rekap.xlsx', 'export.json', 'export.zip']) expect(instansi.text).toContain(`href="/admin/reports/_instansi/${file}?period=${P}"`);

    const dashboard = await admin.page(`/admin/dashboard/dinkes?period=${P}`);
    expect(dashboard.text).toContain(`href="/admin/reports/dinkes?period=${P}"`);
    expect((await admin.page(`/admin/dashboard?period=${P}`)).text).toContain(`href="/admin/reports/_instansi?period=${P}"`);

    const english = await admin.page(`/admin/reports/dinkes?period=${P}&lang=en`);
    expect(english.text).toContain('SKM results report (PDF)');
    expect(english.text).toContain('>Reports<');
    await admin.page('/admin/reports?lang=id');

    const bad = await admin.page('/admin/reports/dinkes?period=2026-Q5');
    expect(bad.res.status).toBe(400);
    expect(bad.text).toContain('period:');
  });

  it('answers every unit download with its type, file name and a plausible body, never cached', async () => {
    const unitAdmin = await agentOf('a@uji.go.id');
    const expected: [string, string, (bytes: Buffer) => void][] = [
      ['laporan.pdf', 'application/pdf', (b) => expect(b.subarray(0, 5).toString()).toBe('%PDF-')],
      ['tabulasi.xlsx', XLSX, (b) => expect(b.subarray(0, 2).toString()).toBe('PK')],
      [
        'jawaban.csv',
        'text/csv; charset=utf-8',
        (b) => {
          const lines = b.toString('utf8').trim().split(/\r?\n/);
          expect(lines[0]).toMatch(/^id,kanal,tanggal,jam,loket,layanan,jenis_kelamin,usia,pendidikan,pekerjaan,disabilitas,U1,/);
          expect(lines[0]).toMatch(/,saran$/);
          expect(lines).toHaveLength(11);
        },
      ],
      [
        'scorecard.csv',
        'text/csv; charset=utf-8',
        (b) => {
          const text = b.toString('utf8');
          expect(text).toMatch(/^unit,period,instrument,kind,unsur,/);
          expect(text).toContain(`dinkes,${P},skm,ikm,INDEX`);
        },
      ],
      [
        'data.json',
        'application/json; charset=utf-8',
        (b) => {
          const doc = JSON.parse(b.toString('utf8'));
          expect(doc.period.code).toBe(P);
          expect(doc.units.map((u: { slug: string }) => u.slug)).toEqual(['dinkes']);
          expect(doc.units[0].respondents).toBe(10);
        },
      ],
    ];
    for (const [file, type, check] of expected) {
      const { res, bytes } = await download(unitAdmin, `/admin/reports/dinkes/${file}?period=${P}`);
      expect(res.status, file).toBe(200);
      expect(res.headers.get('Content-Type')).toBe(type);
      expect(res.headers.get('Cache-Control')).toBe('private, no-store');
      const [stem, extension] = file.split('.');
      const names: Record<string, string> = { laporan: 'laporan-skm', tabulasi: 'tabulasi-skm', jawaban: 'jawaban', scorecard: 'scorecard', data: 'data' };
      expect(res.headers.get('Content-Disposition')).toBe(`attachment; filename="${names[stem!]}-dinkes-${P}.${extension}"`);
      check(bytes);
    }
    const year = P.slice(0, 4);
    const zi = await download(unitAdmin, `/admin/reports/dinkes/zi-bukti.pdf?year=${year}`);
    expect(zi.res.status).toBe(200);
    expect(zi.res.headers.get('Content-Disposition')).toBe(`attachment; filename="bukti-zi-dinkes-${year}.pdf"`);
    expect(zi.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('answers the instansi downloads to its admin and its viewer', async () => {
    for (const email of ['admin@uji.go.id', 'pimpinan@uji.go.id']) {
      const agent = await agentOf(email);
      const pdf = await download(agent, `/admin/reports/_instansi/rekap.pdf?period=${P}`);
      expect(pdf.res.status).toBe(200);
      expect(pdf.res.headers.get('Content-Type')).toBe('application/pdf');
      expect(pdf.res.headers.get('Content-Disposition')).toBe(`attachment; filename="rekapitulasi-kab-uji-${P}.pdf"`);
      expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const xlsx = await download(agent, `/admin/reports/_instansi/rekap.xlsx?period=${P}`);
      expect(xlsx.res.status).toBe(200);
      expect(xlsx.res.headers.get('Content-Type')).toBe(XLSX);
      expect(xlsx.bytes.subarray(0, 2).toString()).toBe('PK');
      const json = await download(agent, `/admin/reports/_instansi/export.json?period=${P}`);
      expect(json.res.status).toBe(200);
      expect(json.res.headers.get('Content-Disposition')).toBe(`attachment; filename="ekspor-kab-uji-${P}.json"`);
      const doc = JSON.parse(json.bytes.toString('utf8'));
      expect(doc.instansi.slug).toBe('kab-uji');
      expect(doc.units.map((u: { slug: string }) => u.slug).sort()).toEqual(['dinkes', 'disduk']);
      const zip = await download(agent, `/admin/reports/_instansi/export.zip?period=${P}`);
      expect(zip.res.status).toBe(200);
      expect(zip.res.headers.get('Content-Type')).toBe('application/zip');
      expect(zip.res.headers.get('Cache-Control')).toBe('private, no-store');
      expect(zip.bytes.subarray(0, 2).toString()).toBe('PK');
    }
  });

  it('audits the downloads that carry per-respondent data, and only those', async () => {
    const viewer = await agentOf('pimpinan@uji.go.id');
    const before = await database.db.selectFrom('audit_log').where('action', '=', 'report.export').selectAll().execute();
    expect((await download(viewer, `/admin/reports/disduk/tabulasi.xlsx?period=${P}`)).res.status).toBe(200);
    expect((await download(viewer, `/admin/reports/disduk/jawaban.csv?period=${P}`)).res.status).toBe(200);
    expect((await download(viewer, `/admin/reports/disduk/scorecard.csv?period=${P}`)).res.status).toBe(200);
    const after = await database.db.selectFrom('audit_log').where('action', '=', 'report.export').selectAll().orderBy('id').execute();
    const fresh = after.filter((a) => !before.some((b) => b.id === a.id));
    expect(fresh.map((a) => a.detail)).toEqual([
      { format: 'xlsx', period: P },
      { format: 'csv', period: P },
    ]);
    expect(fresh.every((a) => a.target_id === world.disduk.id && a.instansi_id === world.instansi.id && a.action === 'report.export')).toBe(true);
  });

  it('refuses a missing or bad period (and year) with 400 naming it', async () => {
    const admin = await agentOf('admin@uji.go.id');
    for (const path of ['/admin/reports/dinkes/laporan.pdf', `/admin/reports/dinkes/jawaban.csv?period=`, '/admin/reports/_instansi/export.zip']) {
      const res = await admin.request(path, { headers: { Accept: 'application/json' } });
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message).toMatch(/^period: wajib diisi/);
    }
    for (const period of ['2026-Q5', '26-Q1', '1999']) {
      const res = await admin.request(`/admin/reports/dinkes/tabulasi.xlsx?period=${period}`, { headers: { Accept: 'application/json' } });
      expect(res.status, period).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^period: /);
    }
    for (const year of ['', '26', '2026-Q1']) {
      const res = await admin.request(`/admin/reports/dinkes/zi-bukti.pdf?year=${year}`, { headers: { Accept: 'application/json' } });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^year: /);
    }
    const html = await admin.page('/admin/reports/dinkes/laporan.pdf?period=2026-Q9');
    expect(html.res.status).toBe(400);
    expect(html.text).toContain('period:');
  });

  it("answers 404 to a unit admin for another unit's and the instansi's reports", async () => {
    const unitAdmin = await agentOf('a@uji.go.id');
    const paths = [
      `/admin/reports/disduk?period=${P}`,
      ...['laporan.pdf', 'tabulasi.xlsx', 'jawaban.csv', 'scorecard.csv', 'data.json'].map((f) => `/admin/reports/disduk/${f}?period=${P}`),
      '/admin/reports/disduk/zi-bukti.pdf?year=2026',
      '/admin/reports/disduk/import',
      '/admin/reports/disduk/import/template.csv',
      `/admin/reports/_instansi?period=${P}`,
      ...['rekap.pdf', 'rekap.xlsx', 'export.json', 'export.zip'].map((f) => `/admin/reports/_instansi/${f}?period=${P}`),
    ];
    for (const path of paths) expect((await unitAdmin.request(path)).status, path).toBe(404);
    const audits = await database.db.selectFrom('audit_log').where('action', '=', 'report.export').where('target_id', '=', world.disduk.id).selectAll().execute();
    expect(audits.every((a) => a.user_id !== null)).toBe(true);
  });

  it("keeps instansi apart: another instansi's admin gets 404 on kab-uji's units, and its export holds only its own units", async () => {
    const other = await agentOf('admin@lain.go.id');
    for (const path of [`/admin/reports/dinkes?period=${P}`, `/admin/reports/dinkes/laporan.pdf?period=${P}`, `/admin/reports/dinkes/jawaban.csv?period=${P}`, `/admin/reports/disduk/data.json?period=${P}`, '/admin/reports/dinkes/import']) {
      expect((await other.request(path)).status, path).toBe(404);
    }
    const page = await other.page('/admin/reports');
    expect(page.text).toContain('Dinas Lain');
    expect(page.text).not.toContain('Dinas Kesehatan');
    const json = await download(other, `/admin/reports/_instansi/export.json?period=${P}`);
    expect(json.res.status).toBe(200);
    const doc = JSON.parse(json.bytes.toString('utf8'));
    expect(doc.instansi.slug).toBe('kota-lain');
    expect(doc.units.map((u: { slug: string }) => u.slug)).toEqual(['dinas-lain']);
  });

  it('lets the viewer read the import page and download the template, but not upload', async () => {
    const viewer = await agentOf('pimpinan@uji.go.id');
    const { res, text } = await viewer.page('/admin/reports/dinkes/import');
    expect(res.status).toBe(200);
    expect(text).toContain('Akun ini hanya dapat membaca');
    expect(text).not.toContain('type="file"');
    expect(text).toContain('href="/admin/reports/dinkes/import/template.xlsx"');
    const template = await download(viewer, '/admin/reports/dinkes/import/template.xlsx');
    expect(template.res.status).toBe(200);
    expect(template.res.headers.get('Content-Type')).toBe(XLSX);
    expect(template.res.headers.get('Content-Disposition')).toBe('attachment; filename="templat-impor-dinkes.xlsx"');
    expect(template.bytes.subarray(0, 2).toString()).toBe('PK');
    const refused = await upload(viewer, 'kertas.csv', await paperCsv(viewer, [{}]));
    expect(refused.status).toBe(403);
    expect(await paperResponses()).toBe(0);
  });

  it('refuses an upload without the CSRF token', async () => {
    const admin = await agentOf('a@uji.go.id');
    const form = new FormData();
    form.append('file', new File([await paperCsv(admin, [{}])], 'kertas.csv', { type: 'text/csv' }));
    const res = await admin.request('/admin/reports/dinkes/import', { method: 'POST', body: form });
    expect(res.status).toBe(403);
    expect(await paperResponses()).toBe(0);
  });

  it('imports a good file in the background: the job page shows the progress, then the rows imported', async () => {
    const unitAdmin = await agentOf('a@uji.go.id');
    const form = await unitAdmin.page('/admin/reports/dinkes/import');
    expect(form.text).toContain('enctype="multipart/form-data"');
    expect(form.text).toContain('accept=".csv,.xlsx');
    expect(form.text).not.toContain('name="force"');
    expect(form.text).toContain('Belum ada impor untuk unit ini.');
    invalidate.mockClear();
    const res = await upload(unitAdmin, 'kertas-juli.csv', await paperCsv(unitAdmin, [{}, {}, {}]));
    expect(res.status).toBe(303);
    const location = res.headers.get('Location')!;
    expect(location).toMatch(/^\/admin\/reports\/dinkes\/import\/[0-9a-f-]{36}$/);
    const running = await unitAdmin.page(location);
    expect(running.res.status).toBe(200);
    const done = await finishedJob(unitAdmin, location);
    expect(done).toContain('Selesai');
    expect(done).toContain('3 kuesioner diimpor');
    expect(done).toContain('href="/admin/dashboard/dinkes"');
    expect(done).toContain('kertas-juli.csv');
    expect(await paperResponses()).toBe(3);
    expect(invalidate).toHaveBeenCalled();

    const history = await unitAdmin.page('/admin/reports/dinkes/import');
    expect(history.text).toContain('kertas-juli.csv');
    expect(history.text).toContain('Admin Dinkes');

    // the job is the unit's: not for someone who does not reach it, nor under another unit
    expect((await (await agentOf('admin@lain.go.id')).request(location)).status).toBe(404);
    expect((await (await agentOf('admin@uji.go.id')).request(location.replace('/dinkes/', '/disduk/'))).status).toBe(404);
    expect((await (await agentOf('pimpinan@uji.go.id')).request(location)).status).toBe(200);
  });

  it('lists every problem of a bad file by row and column, and imports nothing', async () => {
    const unitAdmin = await agentOf('a@uji.go.id');
    const before = await paperResponses();
    const res = await upload(unitAdmin, 'salah.csv', await paperCsv(unitAdmin, [{}, { U1: '5' }, { loket: 'ZZZ-999' }]));
    expect(res.status).toBe(303);
    const page = await finishedJob(unitAdmin, res.headers.get('Location')!);
    expect(page).toContain('Tidak ada yang diimpor');
    expect(page).toContain('2 kesalahan');
    expect(page).toMatch(/<td class="num">3<\/td><td>U1<\/td><td>Jawaban harus 1, 2, 3 atau 4/);
    expect(page).toMatch(/<td class="num">4<\/td><td>loket<\/td><td>Tidak ada loket dengan kode ini/);
    expect(await paperResponses()).toBe(before);
  });

  it('refuses a file imported before, offering to force it; forced, it is imported again', async () => {
    const unitAdmin = await agentOf('a@uji.go.id');
    const csv = await paperCsv(unitAdmin, [{}, {}]);
    const first = await upload(unitAdmin, 'ulang.csv', csv);
    expect(await finishedJob(unitAdmin, first.headers.get('Location')!)).toContain('2 kuesioner diimpor');
    const before = await paperResponses();

    const again = await upload(unitAdmin, 'ulang-lagi.csv', csv);
    const refused = await finishedJob(unitAdmin, again.headers.get('Location')!);
    expect(refused).toContain('Berkas ini sudah pernah diimpor');
    expect(refused).toContain('oleh Admin Dinkes, 2 baris');
    expect(refused).toContain('name="force"');
    expect(await paperResponses()).toBe(before);

    const forced = await upload(unitAdmin, 'ulang-lagi.csv', csv, { force: '1' });
    expect(await finishedJob(unitAdmin, forced.headers.get('Location')!)).toContain('2 kuesioner diimpor');
    expect(await paperResponses()).toBe(before + 2);
    const history = await unitAdmin.page('/admin/reports/dinkes/import');
    expect(history.text).toMatch(/ulang-lagi\.csv<\/td>.*?<td>ya<\/td>/s);
  });

  it('takes only .csv and .xlsx, a chosen file, up to 20 MB (the rest of the workspace keeps its 2 MB)', async () => {
    const unitAdmin = await agentOf('a@uji.go.id');
    const text = await upload(unitAdmin, 'kertas.txt', 'tanggal\n2026-01-01\n');
    expect(text.status).toBe(415);
    expect(await text.text()).toContain('hanya berkas .xlsx atau .csv');
    const none = new FormData();
    none.append('file', new File([], '', { type: 'application/octet-stream' }));
    const empty = await unitAdmin.postMultipart('/admin/reports/dinkes/import', none, { from: '/admin/reports/dinkes/import' });
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain('file: pilih berkas XLSX atau CSV.');
    // 3 MB passes the import's limit (and is then refused for its type), not the workspace's
    const threeMb = new Uint8Array(3 * 1024 * 1024).fill(65);
    expect((await upload(unitAdmin, 'besar.txt', threeMb)).status).toBe(415);
    const elsewhere = new FormData();
    elsewhere.append('file', new File([threeMb], 'besar.csv'));
    expect((await unitAdmin.postMultipart('/admin/reports/dinkes', elsewhere)).status).toBe(413);
    const tooLarge = await upload(unitAdmin, 'besar.csv', new Uint8Array(21 * 1024 * 1024).fill(65));
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.text()).toContain('file: berkas paling besar 20 MB.');
  });
});

describe('a streamed download', () => {
  const appWith = (write: (sink: NodeJS.WritableStream) => Promise<void>) =>
    new Hono<AdminEnv>().onError(errorHandler(() => {}) as unknown as ErrorHandler<AdminEnv>).get('/file.csv', (c) => streamDownload(c, { type: 'text/csv; charset=utf-8', filename: 'file.csv' }, write));

  it('sends what the writer writes, and ends when it is done', async () => {
    const res = await appWith(async (sink) => {
      await writeChunk(sink, 'a,b\r\n');
      await writeChunk(sink, '1,2\r\n');
    }).request('/file.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Disposition')).toBe('attachment; filename="file.csv"');
    expect(await res.text()).toBe('a,b\r\n1,2\r\n');
  });

  it('answers an error page when the writer fails before the first byte', async () => {
    const res = await appWith(async () => {
      throw new Error('no data');
    }).request('/file.csv');
    expect(res.status).toBe(500);
  });

  it('logs and aborts the download when the writer fails after the first byte, instead of ending it as complete', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const res = await appWith(async (sink) => {
        await writeChunk(sink, 'a,b\r\n');
        await new Promise((resolve) => setTimeout(resolve, 10));
        throw new Error('the database went away');
      }).request('/file.csv');
      expect(res.status).toBe(200);
      await expect(res.text()).rejects.toThrow();
      expect(logged).toHaveBeenCalledWith(expect.stringMatching(/^\{.*"level":"error","msg":"download \/file\.csv aborted: the database went away"/));
    } finally {
      logged.mockRestore();
    }
  });

  it('stops a writer that waits for a reader who went away, instead of leaving it waiting', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      let writing: Promise<void> | undefined;
      const res = await appWith((sink) => {
        writing = (async () => {
          for (;;) await writeChunk(sink, 'x'.repeat(64 * 1024));
        })();
        return writing;
      }).request('/file.csv');
      const reader = res.body!.getReader();
      await reader.read();
      await reader.cancel();
      await expect(writing).rejects.toThrow(/closed before/);
    } finally {
      logged.mockRestore();
    }
  });
});

describe('the import jobs of a process', () => {
  const meta = (unitId: string) => ({ unitId, fileName: 'kertas.csv', startedBy: 'Admin' });

  it('runs one import per unit at a time, and forgets a finished job after the time kept', async () => {
    let now = 0;
    const jobs = importJobs({ keepMs: 1_000, now: () => now });
    let finish!: (outcome: ImportOutcome) => void;
    const always = vi.fn(async () => {});
    const job = jobs.start(
      meta('u1'),
      (progress) => {
        progress('validate', 5, null);
        return new Promise((resolve) => (finish = resolve));
      },
      { onError: () => {}, always },
    )!;
    expect(job).toMatchObject({ unitId: 'u1', phase: 'validate', done: 5, total: null, finishedAt: null });
    expect(jobs.running('u1')).toBe(job);
    expect(jobs.start(meta('u1'), async () => ({ ok: true, importId: 'x', rows: 1 }), { onError: () => {}, always })).toBeUndefined();
    const other = jobs.start(meta('u2'), async () => ({ ok: true, importId: 'y', rows: 1 }), { onError: () => {}, always });
    expect(other?.unitId).toBe('u2');

    finish({ ok: true, importId: 'z', rows: 5 });
    await vi.waitFor(() => expect(job.finishedAt).not.toBeNull());
    expect(job.outcome).toEqual({ ok: true, importId: 'z', rows: 5 });
    expect(always).toHaveBeenCalledTimes(2);
    expect(jobs.running('u1')).toBeUndefined();
    now = 1_000;
    expect(jobs.get(job.id)).toBe(job);
    now = 1_001;
    expect(jobs.get(job.id)).toBeUndefined();
  });

  it('marks an import that failed on our side as crashed, reports the error and still cleans up', async () => {
    const errors: unknown[] = [];
    const always = vi.fn(async () => {});
    const jobs = importJobs();
    const job = jobs.start(meta('u1'), async () => Promise.reject(new Error('disk full')), { onError: (e) => errors.push(e), always })!;
    await vi.waitFor(() => expect(job.finishedAt).not.toBeNull());
    expect(job.crashed).toBe(true);
    expect(job.outcome).toBeNull();
    expect(errors).toEqual([new Error('disk full')]);
    expect(always).toHaveBeenCalledOnce();
  });
});
