// Follow-up (Rencana Tindak Lanjut): the three weakest unsur proposed, actions recorded and
// changed with an audit trail, evidence uploads, the previous period's realisation, and the reach
// of each role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInstansi, addUnit } from '../../src/admin/org.ts';
import { addUser } from '../../src/admin/users.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { type NewAnswer, storeResponses } from '../../src/survey/store.ts';
import { Agent, TEST_PASSWORD } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

// DOMAIN.md §5: ten respondents, sums per unsur U1…U9 → NRR 3.2, 3.0, 2.8, 4.0, 3.1, 3.3, 3.5, 2.6, 2.9
const SUMS = [32, 30, 28, 40, 31, 33, 35, 26, 29];

const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

/** The part of a page between two headings' ids. */
function section(html: string, id: string): string {
  const start = html.indexOf(`id="${id}"`);
  expect(start).toBeGreaterThan(-1);
  const end = html.indexOf('<section', start);
  return html.slice(start, end === -1 ? undefined : end);
}

describe.each(DATABASE_KINDS)('follow-up plan (%s)', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  let unitA: string;
  let unitB: string;
  const agents: Record<string, Agent> = {};

  const count = async () => Number((await database.db.selectFrom('follow_up').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const form = (fields: Record<string, string>, file?: { bytes: Uint8Array<ArrayBuffer>; name: string; type?: string }) => {
    const data = new FormData();
    for (const [k, v] of Object.entries(fields)) data.append(k, v);
    if (file) data.append('evidence_file', new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }), file.name);
    return data;
  };

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ({ app } = testApp(database, { TRUST_PROXY: '1' }));
    const db = database.db;
    await addInstansi(db, { name: 'Kabupaten Uji', slug: 'kab-uji', timeZone: 'WIB' }, 'Asia/Jakarta');
    await addInstansi(db, { name: 'Kota Lain', slug: 'kota-lain', timeZone: 'WITA' }, 'Asia/Jakarta');
    unitA = (await addUnit(db, { instansi: 'kab-uji', name: 'Dinas Kesehatan', slug: 'dinkes', instruments: [] })).id;
    unitB = (await addUnit(db, { instansi: 'kab-uji', name: 'Dinas Kependudukan', slug: 'disduk', instruments: [] })).id;
    await addUnit(db, { instansi: 'kota-lain', name: 'Dinas Lain', slug: 'dinkes-lain', instruments: [] });
    const users: [string, Parameters<typeof addUser>[1]][] = [
      ['admin', { email: 'admin@uji.go.id', name: 'Admin Uji', role: 'admin', instansi: 'kab-uji', password: TEST_PASSWORD }],
      ['unitA', { email: 'a@uji.go.id', name: 'Admin Dinkes', role: 'unit_admin', instansi: 'kab-uji', units: ['dinkes'], password: TEST_PASSWORD }],
      ['unitB', { email: 'b@uji.go.id', name: 'Admin Disduk', role: 'unit_admin', instansi: 'kab-uji', units: ['disduk'], password: TEST_PASSWORD }],
      ['viewerA', { email: 'v@uji.go.id', name: 'Pimpinan Dinkes', role: 'viewer', instansi: 'kab-uji', units: ['dinkes'], password: TEST_PASSWORD }],
      ['otherAdmin', { email: 'admin@lain.go.id', name: 'Admin Lain', role: 'admin', instansi: 'kota-lain', password: TEST_PASSWORD }],
    ];
    for (const [key, input] of users) {
      await addUser(db, input);
      agents[key] = new Agent(app, { 'X-Forwarded-For': '10.1.2.3' });
      expect((await agents[key]!.signIn(input.email)).status).toBe(303);
    }
    const { version_id: skm } = await db.selectFrom('unit_instrument').where('unit_id', '=', unitA).select('version_id').executeTakeFirstOrThrow();
    const responses = Array.from({ length: 10 }, (_, r) => ({
      id: crypto.randomUUID(),
      unitId: unitA,
      loketId: null,
      layananId: null,
      channel: 'paper' as const,
      submittedAt: new Date('2026-05-10T03:00:00Z'),
      // respondent r gives base+1 where the sum needs it, so each unsur's answers add up to its sum
      answers: SUMS.map((sum, i): NewAnswer => ({ versionId: skm, itemCode: `U${i + 1}`, value: (Math.floor(sum / 10) + (r < sum % 10 ? 1 : 0)) as NewAnswer['value'] })),
    }));
    await storeResponses(db, responses);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('proposes the three unsur with the lowest NRR, with their NRR, konversi and mutu', async () => {
    const { res, text } = await agents.admin!.page('/admin/follow-up/dinkes?period=2026-Q2');
    expect(res.status).toBe(200);
    const proposals = section(text, 'weakest');
    const codes = [...proposals.matchAll(/<th scope="row">(U\d)<\/th>/g)].map((m) => m[1]);
    expect(codes).toEqual(['U8', 'U3', 'U9']);
    expect(proposals).toContain('Penanganan Pengaduan, Saran dan Masukan');
    expect(proposals).toMatch(/U8<\/th><td>[^<]+<\/td><td class="num">10<\/td><td class="num">2,600<\/td><td class="num">65,00<\/td><td>C<\/td>/);
    expect(proposals).toMatch(/U9<\/th><td>[^<]+<\/td><td class="num">10<\/td><td class="num">2,900<\/td><td class="num">72,50<\/td><td>C<\/td>/);
    // the form picks the weakest first and marks the proposals
    expect(text).toMatch(/<option value="U8" selected="">U8 Penanganan Pengaduan, Saran dan Masukan \(usulan\)<\/option>/);
    expect(text).toMatch(/<option value="U4">U4 Biaya\/Tarif<\/option>/);
    // in English, with the English names and decimal point
    const en = await agents.admin!.page('/admin/follow-up/dinkes?period=2026-Q2&lang=en');
    expect(section(en.text, 'weakest')).toMatch(/U3<\/th><td>[^<]+<\/td><td class="num">10<\/td><td class="num">2.800<\/td><td class="num">70.00<\/td>/);
    await agents.admin!.page('/admin/follow-up?lang=id');
  });

  it('proposes nothing for a period without answers, and refuses a malformed period', async () => {
    const { res, text } = await agents.admin!.page('/admin/follow-up/dinkes?period=2026-Q3');
    expect(res.status).toBe(200);
    expect(section(text, 'weakest')).toContain('Belum ada jawaban IKM');
    const bad = await agents.admin!.request('/admin/follow-up/dinkes?period=2026-Q5');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('period');
    const before = await count();
    const unsent = await agents.admin!.postMultipart('/admin/follow-up/dinkes', form({ unsur_code: 'U1', action: 'Tanpa periode' }), { from: '/admin/follow-up/dinkes?period=2026-Q2' });
    expect(unsent.status).toBe(400);
    expect(await unsent.text()).toContain('period: Periode harus');
    expect(await count()).toBe(before);
  });

  it('defaults to the current triwulan and lists the units in reach', async () => {
    const { text } = await agents.unitA!.page('/admin/follow-up');
    const now = new Date(Date.now() + 7 * 3_600_000);
    const current = `${now.getUTCFullYear()}-Q${Math.ceil((now.getUTCMonth() + 1) / 3)}`;
    expect(text).toContain(`value="${current}"`);
    expect(text).toContain(`/admin/follow-up/dinkes?period=${current}`);
    expect(text).not.toContain('/admin/follow-up/disduk');
    const all = await agents.admin!.page('/admin/follow-up?period=2026-S1');
    expect(all.text).toContain('/admin/follow-up/disduk?period=2026-S1');
    expect(all.text).not.toContain('dinkes-lain');
  });

  it('records an action with an evidence file, audited with who and from where', async () => {
    const before = await count();
    const res = await agents.unitA!.postMultipart(
      '/admin/follow-up/dinkes',
      form({ period: '2026-Q2', unsur_code: 'U8', action: 'Kotak pengaduan & <QR> di setiap loket', due: '2026-08-31', owner: 'Kasubag Umum', status: 'planned', evidence: '', published: '1' }, { bytes: PDF, name: 'C:\\fakepath\\notulen rapat.pdf', type: 'text/html' }),
      { from: '/admin/follow-up/dinkes?period=2026-Q2' },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/follow-up/dinkes?period=2026-Q2&done=created');
    expect(await count()).toBe(before + 1);
    const row = await database.db.selectFrom('follow_up').selectAll().where('action', 'like', 'Kotak pengaduan%').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ unit_id: unitA, period: '2026-Q2', unsur_code: 'U8', owner: 'Kasubag Umum', due: '2026-08-31', status: 'planned', published: true, evidence_file_type: 'application/pdf', evidence_file_name: 'notulen rapat.pdf' });
    expect(Buffer.from(row.evidence_file!).equals(Buffer.from(PDF))).toBe(true);
    const audited = await database.db.selectFrom('audit_log').where('action', '=', 'follow_up.create').where('target_id', '=', row.id).selectAll().executeTakeFirstOrThrow();
    const user = await database.db.selectFrom('app_user').where('email', '=', 'a@uji.go.id').select('id').executeTakeFirstOrThrow();
    expect(audited).toMatchObject({ user_id: user.id, address: '10.1.2.3', target_type: 'follow_up' });
    expect(audited.detail).toMatchObject({ unit: 'dinkes', period: '2026-Q2', unsur: 'U8', status: 'planned', evidence_file: 'notulen rapat.pdf' });
    const { text } = await agents.unitA!.page('/admin/follow-up/dinkes?period=2026-Q2&done=created');
    const plan = section(text, 'plan');
    expect(plan).toContain('Kotak pengaduan &amp; &lt;QR&gt; di setiap loket');
    expect(plan).toContain('U8 Penanganan Pengaduan, Saran dan Masukan');
    expect(plan).toContain(`/admin/follow-up/dinkes/${row.id}/evidence`);
    expect(text).toContain('Tindakan dicatat.');
  });

  it('changes the status alone and edits an action, each audited with old and new values', async () => {
    const created = await agents.admin!.postMultipart('/admin/follow-up/dinkes', form({ period: '2026-Q2', unsur_code: 'U3', action: 'Standar waktu layanan dipasang', status: 'planned' }), { from: '/admin/follow-up/dinkes?period=2026-Q2' });
    expect(created.status).toBe(303);
    const row = await database.db.selectFrom('follow_up').where('action', '=', 'Standar waktu layanan dipasang').select(['id', 'published']).executeTakeFirstOrThrow();
    expect(row.published).toBe(false);
    const status = await agents.admin!.post(`/admin/follow-up/dinkes/${row.id}`, { status: 'in_progress' }, { from: '/admin/follow-up/dinkes?period=2026-Q2' });
    expect(status.status).toBe(303);
    expect(status.headers.get('location')).toBe('/admin/follow-up/dinkes?period=2026-Q2&done=updated');
    const afterStatus = await database.db.selectFrom('follow_up').where('id', '=', row.id).selectAll().executeTakeFirstOrThrow();
    expect(afterStatus).toMatchObject({ status: 'in_progress', action: 'Standar waktu layanan dipasang', unsur_code: 'U3' });
    const statusAudit = await database.db.selectFrom('audit_log').where('target_id', '=', row.id).where('action', '=', 'follow_up.status').select('detail').executeTakeFirstOrThrow();
    expect(statusAudit.detail).toEqual({ unit: 'dinkes', period: '2026-Q2', status: 'planned → in_progress' });

    const edit = await agents.admin!.page(`/admin/follow-up/dinkes/${row.id}`);
    expect(edit.res.status).toBe(200);
    expect(edit.text).toContain('Standar waktu layanan dipasang</textarea>');
    const saved = await agents.admin!.postMultipart(
      `/admin/follow-up/dinkes/${row.id}`,
      form({ unsur_code: 'U9', action: 'Standar waktu layanan dipasang di ruang tunggu', due: '2026-07-15', owner: 'Sekretaris', status: 'done', evidence: 'https://dinkes.uji.go.id/berita/standar-waktu', published: '1' }, { bytes: PNG, name: 'foto.jpeg' }),
    );
    expect(saved.status).toBe(303);
    const afterEdit = await database.db.selectFrom('follow_up').where('id', '=', row.id).selectAll().executeTakeFirstOrThrow();
    expect(afterEdit).toMatchObject({ unsur_code: 'U9', status: 'done', owner: 'Sekretaris', due: '2026-07-15', published: true, evidence: 'https://dinkes.uji.go.id/berita/standar-waktu', evidence_file_type: 'image/png', evidence_file_name: 'foto.png' });
    const editAudit = await database.db.selectFrom('audit_log').where('target_id', '=', row.id).where('action', '=', 'follow_up.update').select('detail').executeTakeFirstOrThrow();
    expect(editAudit.detail).toMatchObject({ unsur: 'U3 → U9', status: 'in_progress → done', published: 'false → true', owner: '— → Sekretaris', evidence_file: '— → foto.png' });
  });

  it.each([
    ['no action', { unsur_code: 'U1', action: '   ' }, 'Program/Kegiatan wajib diisi'],
    ['an unsur of another instrument', { unsur_code: 'A1', action: 'Sosialisasi' }, 'Prioritas unsur harus'],
    ['a day that does not exist', { unsur_code: 'U1', action: 'Sosialisasi', due: '2026-02-30' }, 'Waktu harus berupa tanggal'],
    ['a link that is not http(s)', { unsur_code: 'U1', action: 'Sosialisasi', evidence: 'javascript:alert(1)' }, 'Tautan bukti harus'],
    ['an unknown status', { unsur_code: 'U1', action: 'Sosialisasi', status: 'cancelled' }, 'Status harus'],
    ['an owner over 200 characters', { unsur_code: 'U1', action: 'Sosialisasi', owner: 'x'.repeat(201) }, 'Penanggung jawab paling banyak'],
  ])('refuses %s with 400 naming the field, storing nothing', async (_, fields, message) => {
    const before = await count();
    const audits = await database.db.selectFrom('audit_log').where('action', 'like', 'follow_up.%').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const res = await agents.unitA!.postMultipart('/admin/follow-up/dinkes', form({ period: '2026-Q2', ...fields }), { from: '/admin/follow-up/dinkes?period=2026-Q2' });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain(message);
    expect(text).toContain('aria-invalid="true"');
    // the form comes back as it was typed
    if (fields.action.trim()) expect(text).toContain(`>${fields.action}</textarea>`);
    expect(await count()).toBe(before);
    const after = await database.db.selectFrom('audit_log').where('action', 'like', 'follow_up.%').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(audits.n));
  });

  it('refuses a bad status on an edit and keeps the action as it was', async () => {
    const row = await database.db.selectFrom('follow_up').where('unit_id', '=', unitA).select(['id', 'status']).executeTakeFirstOrThrow();
    const res = await agents.unitA!.post(`/admin/follow-up/dinkes/${row.id}`, { status: 'finished' }, { from: '/admin/follow-up/dinkes?period=2026-Q2' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Status harus');
    expect((await database.db.selectFrom('follow_up').where('id', '=', row.id).select('status').executeTakeFirstOrThrow()).status).toBe(row.status);
  });

  it('accepts only PDF, PNG or JPEG evidence of at most 2 MB, judged by its bytes', async () => {
    const before = await count();
    const fake = await agents.unitA!.postMultipart(
      '/admin/follow-up/dinkes',
      form({ period: '2026-Q2', unsur_code: 'U1', action: 'Bukti palsu' }, { bytes: new TextEncoder().encode('<html><script>alert(1)</script></html>'), name: 'bukti.pdf', type: 'application/pdf' }),
      { from: '/admin/follow-up/dinkes?period=2026-Q2' },
    );
    expect(fake.status).toBe(400);
    expect(await fake.text()).toContain('Berkas bukti harus PDF, PNG atau JPEG');
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set(PDF);
    const tooBig = await agents.unitA!.postMultipart('/admin/follow-up/dinkes', form({ period: '2026-Q2', unsur_code: 'U1', action: 'Bukti besar' }, { bytes: big, name: 'besar.pdf' }), {
      from: '/admin/follow-up/dinkes?period=2026-Q2',
    });
    expect([400, 413]).toContain(tooBig.status);
    expect(await count()).toBe(before);
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
    const ok = await agents.unitA!.postMultipart('/admin/follow-up/dinkes', form({ period: '2026-Q2', unsur_code: 'U1', action: 'Foto kegiatan' }, { bytes: jpeg, name: 'kegiatan.exe' }), {
      from: '/admin/follow-up/dinkes?period=2026-Q2',
    });
    expect(ok.status).toBe(303);
    const row = await database.db.selectFrom('follow_up').where('action', '=', 'Foto kegiatan').select(['evidence_file_name', 'evidence_file_type']).executeTakeFirstOrThrow();
    expect(row).toEqual({ evidence_file_name: 'kegiatan.exe.jpg', evidence_file_type: 'image/jpeg' });
  });

  it('lets the evidence be downloaded as an attachment, only within reach', async () => {
    const row = await database.db.selectFrom('follow_up').where('evidence_file_name', '=', 'notulen rapat.pdf').select('id').executeTakeFirstOrThrow();
    const path = `/admin/follow-up/dinkes/${row.id}/evidence`;
    for (const who of ['admin', 'unitA', 'viewerA']) {
      const res = await agents[who]!.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="notulen rapat.pdf"; filename*=UTF-8''notulen%20rapat.pdf`);
      expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(PDF))).toBe(true);
    }
    for (const who of ['unitB', 'otherAdmin']) expect((await agents[who]!.request(path)).status).toBe(404);
    expect((await agents.unitB!.request(`/admin/follow-up/disduk/${row.id}/evidence`)).status).toBe(404);
    await agents.admin!.postMultipart('/admin/follow-up/dinkes', form({ period: '2026-Q2', unsur_code: 'U2', action: 'Tanpa berkas' }), { from: '/admin/follow-up/dinkes?period=2026-Q2' });
    const noFile = await database.db.selectFrom('follow_up').where('action', '=', 'Tanpa berkas').select('id').executeTakeFirstOrThrow();
    expect((await agents.admin!.request(`/admin/follow-up/dinkes/${noFile.id}/evidence`)).status).toBe(404);
  });

  it("shows the previous period's plan with its realisation", async () => {
    const res = await agents.admin!.postMultipart(
      '/admin/follow-up/dinkes',
      form({ period: '2026-Q1', unsur_code: 'U4', action: 'Papan informasi biaya layanan gratis', status: 'done', evidence: 'https://dinkes.uji.go.id/foto/papan' }),
      { from: '/admin/follow-up/dinkes?period=2026-Q1' },
    );
    expect(res.status).toBe(303);
    await agents.admin!.postMultipart('/admin/follow-up/dinkes', form({ period: '2025-Q4', unsur_code: 'U5', action: 'Rencana tahun lalu' }), { from: '/admin/follow-up/dinkes?period=2025-Q4' });
    const { text } = await agents.admin!.page('/admin/follow-up/dinkes?period=2026-Q2');
    const previous = section(text, 'previous');
    expect(previous).toContain('Realisasi rencana periode sebelumnya (2026-Q1)');
    expect(previous).toContain('Papan informasi biaya layanan gratis');
    expect(previous).toContain('<span class="badge ok">Selesai</span>');
    expect(previous).toContain('href="https://dinkes.uji.go.id/foto/papan"');
    expect(previous).not.toContain('Rencana tahun lalu');
    expect(section(text, 'plan')).not.toContain('Papan informasi biaya layanan gratis');
    // Q1's own page looks back to the previous year's Q4
    const q1 = await agents.admin!.page('/admin/follow-up/dinkes?period=2026-Q1');
    expect(section(q1.text, 'previous')).toContain('Rencana tahun lalu');
    const s1 = await agents.admin!.page('/admin/follow-up/dinkes?period=2026-S1');
    expect(section(s1.text, 'previous')).toContain('Tidak ada rencana tindak lanjut pada periode 2025-S2.');
  });

  it("answers 404 for another unit's pages and actions, exactly as for ones that do not exist", async () => {
    await agents.unitB!.postMultipart('/admin/follow-up/disduk', form({ period: '2026-Q2', unsur_code: 'U2', action: 'Aksi unit B' }, { bytes: PDF, name: 'b.pdf' }), { from: '/admin/follow-up/disduk?period=2026-Q2' });
    const foreign = await database.db.selectFrom('follow_up').where('unit_id', '=', unitB).select('id').executeTakeFirstOrThrow();
    const own = await database.db.selectFrom('follow_up').where('unit_id', '=', unitA).select('id').executeTakeFirstOrThrow();
    const a = agents.unitA!;
    expect((await a.request('/admin/follow-up/disduk?period=2026-Q2')).status).toBe(404);
    expect((await a.request('/admin/follow-up/tidak-ada')).status).toBe(404);
    expect((await a.request(`/admin/follow-up/disduk/${foreign.id}`)).status).toBe(404);
    expect((await a.request(`/admin/follow-up/dinkes/${foreign.id}`)).status).toBe(404);
    expect((await a.request(`/admin/follow-up/dinkes/${foreign.id}/evidence`)).status).toBe(404);
    expect((await a.request(`/admin/follow-up/dinkes/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await a.request('/admin/follow-up/dinkes/not-a-uuid')).status).toBe(404);
    const from = { from: '/admin/follow-up/dinkes?period=2026-Q2' };
    expect((await a.postMultipart('/admin/follow-up/disduk', form({ period: '2026-Q2', unsur_code: 'U1', action: 'Menyusup' }), from)).status).toBe(404);
    expect((await a.post(`/admin/follow-up/dinkes/${foreign.id}`, { status: 'done' }, from)).status).toBe(404);
    expect((await a.post(`/admin/follow-up/disduk/${foreign.id}`, { status: 'done' }, from)).status).toBe(404);
    // another instansi's admin reaches neither unit
    expect((await agents.otherAdmin!.request('/admin/follow-up/dinkes?period=2026-Q2')).status).toBe(404);
    expect((await agents.otherAdmin!.request(`/admin/follow-up/dinkes/${own.id}`)).status).toBe(404);
    const untouched = await database.db.selectFrom('follow_up').where('id', '=', foreign.id).select('status').executeTakeFirstOrThrow();
    expect(untouched.status).toBe('planned');
    expect(await database.db.selectFrom('follow_up').where('action', '=', 'Menyusup').select('id').execute()).toEqual([]);
  });

  it('lets a viewer read the plan but change nothing (403)', async () => {
    const v = agents.viewerA!;
    const { res, text } = await v.page('/admin/follow-up/dinkes?period=2026-Q2');
    expect(res.status).toBe(200);
    expect(text).toContain('Kotak pengaduan');
    expect(text).toContain('Akun Anda hanya dapat membaca rencana ini.');
    expect(text).not.toContain('name="unsur_code"');
    const row = await database.db.selectFrom('follow_up').where('unit_id', '=', unitA).select(['id', 'status']).executeTakeFirstOrThrow();
    const before = await count();
    expect((await v.postMultipart('/admin/follow-up/dinkes', form({ period: '2026-Q2', unsur_code: 'U1', action: 'Pembaca mencoba' }))).status).toBe(403);
    expect((await v.post(`/admin/follow-up/dinkes/${row.id}`, { status: 'done' })).status).toBe(403);
    expect(await count()).toBe(before);
    expect((await database.db.selectFrom('follow_up').where('id', '=', row.id).select('status').executeTakeFirstOrThrow()).status).toBe(row.status);
    // and a viewer's 404 outside its units comes before the 403
    expect((await v.post(`/admin/follow-up/disduk/${row.id}`, { status: 'done' })).status).toBe(404);
  });
});
