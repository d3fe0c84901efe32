// The results poster for the counter: an A4 page with the unit's last published results and the
// QR of the loket to answer today's survey; only for those who reach the unit and only for an
// active loket of it; still useful (the QR) before anything is published.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { dashboardMessages } from '../../src/i18n/admin-dashboard.ts';
import { periodName } from '../../src/i18n/format.ts';
import { PRIVACY_NOTE } from '../../src/reports/poster.ts';
import { unpublish } from '../../src/results/publication.ts';
import { Agent } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { type PublishedWorld, seedPublishedWorld } from '../support/published.ts';

const dir = mkdtempSync(join(tmpdir(), 'survei-results-poster-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Page count, page size and text (whitespace folded) of a PDF, read back with poppler. */
function readPdf(pdf: Uint8Array, name: string) {
  const path = join(dir, name);
  writeFileSync(path, pdf);
  const info = execFileSync('pdfinfo', [path], { encoding: 'utf8' });
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  return { pages: Number(/^Pages:\s+(\d+)/m.exec(info)![1]), pageSize: /^Page size:\s+(.*)$/m.exec(info)![1]!, flat: text.replace(/\s+/g, ' ') };
}

describe.each(DATABASE_KINDS)('results poster (%s)', (kind) => {
  let database: DatabaseHandle;
  let world: PublishedWorld;
  let admin: Agent;
  let unitAdmin: Agent;
  const poster = (unit: string, loket?: string) => `/admin/publish/${unit}/poster.pdf${loket === undefined ? '' : `?loket=${loket}`}`;

  /** A signed-in user of a new server: its public view cache has not seen the data yet. */
  async function signedIn(email: string): Promise<Agent> {
    const agent = new Agent(testApp(database).app);
    expect((await agent.signIn(email)).status).toBe(303);
    return agent;
  }

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    world = await seedPublishedWorld(database.db);
    admin = await signedIn('admin@uji.go.id');
    unitAdmin = await signedIn('a@uji.go.id');
  });
  afterAll(async () => {
    await database?.close();
  });

  it('is one A4 page with the last published results, the loket QR URL and the privacy note', async () => {
    const res = await unitAdmin.request(poster('dinkes', world.dinkes.loketCode));
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/pdf');
    expect(res.headers.get('Content-Disposition')).toBe(`attachment; filename="hasil-survei-dinkes-${world.dinkes.loketCode}.pdf"`);
    const { pages, pageSize, flat } = readPdf(new Uint8Array(await res.arrayBuffer()), 'dinkes.pdf');
    expect(pages).toBe(1);
    expect(pageSize).toContain('(A4)');
    for (const text of [
      'KABUPATEN UJI',
      'Dinas Kesehatan',
      `Hasil survei ${periodName(world.period, dashboardMessages('id'), 'id')}`,
      'Indeks Kepuasan Masyarakat (IKM)',
      '78,89',
      'Mutu B · Baik',
      '10 responden',
      'IPAK',
      '3,5000',
      'IPKP',
      '3,2000',
      'Menuju WBK',
      'Belum memenuhi',
      'U1 Persyaratan',
      '80,00',
      'Isi survei hari ini',
      `survei.test/s/${world.dinkes.loketCode}`,
      'Loket Imunisasi',
      PRIVACY_NOTE,
    ]) {
      expect(flat).toContain(text);
    }
    expect(flat).not.toContain('revisi');
    expect(flat).not.toContain('Belum ada hasil');
  });

  it('names the revision after a republication', async () => {
    await world.answer('disduk', 10, 1);
    await world.publish('disduk');
    const res = await (await signedIn('admin@uji.go.id')).request(poster('disduk', world.disduk.loketCode));
    expect(res.status).toBe(200);
    const { flat } = readPdf(new Uint8Array(await res.arrayBuffer()), 'disduk.pdf');
    expect(flat).toContain('revisi 2');
    expect(flat).toContain('Loket KTP');
    // disduk runs the SKM only: no ZI verdicts
    expect(flat).not.toContain('IPAK');
  });

  it('answers 404 for a unit out of reach and for a loket that is not an active loket of the unit, 400 without a loket', async () => {
    expect((await unitAdmin.request(poster('disduk', world.disduk.loketCode))).status).toBe(404);
    expect((await unitAdmin.request(poster('nounit', world.dinkes.loketCode))).status).toBe(404);
    expect((await admin.request(poster('dinkes', world.disduk.loketCode))).status).toBe(404);
    expect((await admin.request(poster('dinkes', 'zzzzzzzz'))).status).toBe(404);
    expect((await admin.request(poster('dinkes', '../../etc'))).status).toBe(404);
    const missing = await admin.request(poster('dinkes'), { headers: { Accept: 'application/json' } });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/^loket:/);
    expect((await admin.request(poster('dinkes', ''))).status).toBe(400);

    await database.db.updateTable('loket').set({ active: false }).where('id', '=', world.disduk.loketId).execute();
    expect((await admin.request(poster('disduk', world.disduk.loketCode))).status).toBe(404);
    await database.db.updateTable('loket').set({ active: true }).where('id', '=', world.disduk.loketId).execute();
  });

  it('carries the instansi logo when pdfkit can draw it, and does without one it cannot read', async () => {
    const png = new PNG({ width: 40, height: 20 });
    png.data.fill(0x80);
    const logo = (bytes: Buffer) => database.db.updateTable('instansi').set({ logo: bytes, logo_type: 'image/png' }).where('id', '=', world.instansi.id).execute();
    const images = async (name: string) => {
      const res = await (await signedIn('admin@uji.go.id')).request(poster('dinkes', world.dinkes.loketCode));
      expect(res.status).toBe(200);
      const path = join(dir, name);
      writeFileSync(path, new Uint8Array(await res.arrayBuffer()));
      return execFileSync('pdfimages', ['-list', path], { encoding: 'utf8' }).trim().split('\n').slice(2);
    };
    await logo(PNG.sync.write(png));
    const drawn = (await images('logo.pdf')).map((line) => line.trim().split(/\s+/)).filter((cols) => cols[2] === 'image');
    expect(drawn.map((cols) => `${cols[3]}x${cols[4]}`)).toEqual(['40x20']);
    // the signature of a PNG and nothing after it: accepted on upload, unreadable to pdfkit
    await logo(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]));
    expect(await images('broken-logo.pdf')).toEqual([]);
    await database.db.updateTable('instansi').set({ logo: null, logo_type: null }).where('id', '=', world.instansi.id).execute();
  });

  it('needs a signed-in user', async () => {
    const { app } = testApp(database);
    const res = await new Agent(app).request(poster('dinkes', world.dinkes.loketCode));
    expect([302, 303, 401]).toContain(res.status);
  });

  it('says so when nothing is published, and still carries the QR', async () => {
    await unpublish(database.db, { instansiId: world.instansi.id, unitId: world.dinkes.id, period: world.period.code, userId: world.adminId });
    const res = await (await signedIn('a@uji.go.id')).request(poster('dinkes', world.dinkes.loketCode));
    expect(res.status).toBe(200);
    const { pages, flat } = readPdf(new Uint8Array(await res.arrayBuffer()), 'empty.pdf');
    expect(pages).toBe(1);
    expect(flat).toContain('Belum ada hasil survei yang diterbitkan untuk unit ini.');
    expect(flat).toContain('Isi survei hari ini');
    expect(flat).toContain(`survei.test/s/${world.dinkes.loketCode}`);
    expect(flat).not.toContain('78,89');
  });
});
