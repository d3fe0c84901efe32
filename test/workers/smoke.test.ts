// The app in the real Workers runtime (workerd through `wrangler dev`), its Hyperdrive binding on
// a real PostgreSQL database: every part a citizen, the Tim Survei and the public use answers
// there as it does on Node, and the parts Workers cannot run say so (501).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addApiKey } from '../../src/admin/api-keys.ts';
import { rotateLoketKeys, surveyUrl } from '../../src/admin/org.ts';
import { createDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { qrPng } from '../../src/survey/qr.ts';
import { clientHash } from '../../src/survey/token.ts';
import { Agent } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { createTestDatabaseUrl } from '../support/databases.ts';
import { type PublishedWorld, seedPublishedWorld } from '../support/published.ts';
import { fill, type RouteObjects, workspaceRoutes } from '../support/routes.ts';
import { formShape, radiosOf, submissionBody } from '../support/submission.ts';
import { type DevWorker, startDevWorker } from './wrangler.ts';

const SECRET = 'workers-smoke-test-secret-0123456789abcdef';

let database: DatabaseHandle;
let world: PublishedWorld;
let worker: DevWorker;
let agent: Agent;

beforeAll(async () => {
  const url = await createTestDatabaseUrl();
  database = await createDatabase({ url, poolSize: 2 });
  // the deploy step (`survei migrate` against the direct URL), never the Worker
  await migrateToLatest(database.db);
  world = await seedPublishedWorld(database.db);
  worker = await startDevWorker(url, { APP_SECRET: SECRET });
  // a browser-like client of the Worker: its requests go to wrangler dev's address
  agent = new Agent({ request: (input: string, init?: RequestInit) => fetch(String(input).replace('https://survei.test', worker.url), init) } as never);
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await database?.close();
});

const get = (path: string, init?: RequestInit) => fetch(`${worker.url}${path}`, { redirect: 'manual', ...init });
const stored = async (id: string) => database.db.selectFrom('response').where('id', '=', id).select(['unit_id', 'channel', 'tallied_at', 'ip_hash']).executeTakeFirst();

/** The cookies a response set, as a Cookie header for the next request. */
const cookiesOf = (res: Response) => res.headers.getSetCookie().map((line) => line.split(';')[0]).join('; ');

describe('the Workers runtime, with PostgreSQL through Hyperdrive', () => {
  it('answers /healthz from the database', async () => {
    const res = await get('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'up', kind: 'postgres' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('stores an answered questionnaire; the cron trigger folds it into the tallies', async () => {
    const page = await get(`/s/${world.disduk.loketCode}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Dinas Kependudukan dan Pencatatan Sipil');
    const form = await formShape(worker.url, world.disduk.loketCode);
    expect(form.radios.size).toBeGreaterThanOrEqual(9);
    const id = crypto.randomUUID();
    const res = await get(`/s/${world.disduk.loketCode}`, { method: 'POST', body: submissionBody(form, SECRET, id), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/s/${world.disduk.loketCode}/terima-kasih`);
    const row = await stored(id);
    expect(row).toMatchObject({ unit_id: world.disduk.id, channel: 'qr', tallied_at: null });
    // the address comes from CF-Connecting-IP, which Cloudflare sets (here wrangler dev); stored only hashed
    expect(row!.ip_hash).toEqual(clientHash(SECRET, 'ip', '127.0.0.1'));

    const cron = await get('/__scheduled?cron=*+*+*+*+*');
    expect(cron.status).toBe(200);
    await expect.poll(async () => (await stored(id))?.tallied_at, { timeout: 10_000 }).toBeInstanceOf(Date);
    await expect.poll(() => worker.output(), { timeout: 5_000 }).toMatch(/fold: folded fresh submissions/);
  });

  it('counts submissions per device in the rate-limiting binding: past 3 a minute, 429 with Retry-After', async () => {
    const form = await formShape(worker.url, world.disduk.loketCode);
    let cookie = '';
    const statuses: number[] = [];
    let last: Response | undefined;
    // the binding counts in fixed one-minute windows: a window that ends midway lets up to 3 more through
    for (let i = 0; i < 8 && last?.status !== 429; i++) {
      last = await get(`/s/${world.disduk.loketCode}`, { method: 'POST', body: submissionBody(form, SECRET), headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie && { Cookie: cookie }) } });
      cookie ||= cookiesOf(last);
      statuses.push(last.status);
      await last.arrayBuffer();
    }
    expect(cookie).toMatch(/^sv=/);
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((status) => status === 303)).toBe(true);
    expect(statuses.length).toBeGreaterThanOrEqual(4);
    expect(last!.headers.get('retry-after')).toBe('60');
  });

  it('serves the kiosk to a tablet holding the loket\'s kiosk key', async () => {
    const { kioskKey } = await rotateLoketKeys(database.db, world.dinkes.loketCode);
    const res = await get(`/k/${world.dinkes.loketCode}?key=${encodeURIComponent(kioskKey)}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('/static/kiosk.js');
    expect((await get(`/k/${world.dinkes.loketCode}?key=wrong`)).status).toBe(404);
  });

  it('creates invitations through the API and takes the invited citizen\'s answer once', async () => {
    const { key } = await addApiKey(database.db, { instansi: 'kab-uji', unit: 'disduk', name: 'Mesin antrean' });
    const res = await get('/api/v1/invitations', { method: 'POST', body: JSON.stringify({ loket: world.disduk.loketCode, count: 1 }), headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' } });
    expect(res.status).toBe(201);
    const { invitations } = (await res.json()) as { invitations: { url: string }[] };
    expect(invitations[0]!.url.startsWith(`${worker.url}/i/`)).toBe(true);
    const path = new URL(invitations[0]!.url).pathname;
    const html = await (await get(path)).text();
    const token = /name="token" value="([^"]+)"/.exec(html)![1]!;
    const body = new URLSearchParams({ token, website: '', age: '30' });
    for (const [name, values] of radiosOf(html)) body.set(name, values[0]!);
    // a human takes at least 3 s to answer
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    const sent = await get(`/s/${world.disduk.loketCode}`, { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(sent.status).toBe(303);
    const invitation = await database.db.selectFrom('invitation').where('unit_id', '=', world.disduk.id).select(['id', 'used_at']).executeTakeFirstOrThrow();
    expect(invitation.used_at).toBeInstanceOf(Date);
    const answer = await database.db.selectFrom('response').where('invitation_id', '=', invitation.id).select(['channel']).execute();
    expect(answer).toEqual([{ channel: 'invitation' }]);
    expect((await get(path)).status).toBe(410);
  });

  it('signs the Tim Survei in and shows the dashboard, the reports and the downloads', async () => {
    const signIn = await agent.signIn('admin@uji.go.id');
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('location')).toBe('/admin');
    const dashboard = await agent.page('/admin/dashboard/dinkes');
    expect(dashboard.res.status).toBe(200);
    // DOMAIN.md §5's ten citizens: IKM 78,89 (B)
    expect(dashboard.text).toContain('78,89');

    const period = world.period.code;
    const pdf = await agent.request(`/admin/reports/dinkes/laporan.pdf?period=${period}`);
    expect(pdf.status).toBe(200);
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
    const xlsx = await agent.request(`/admin/reports/dinkes/tabulasi.xlsx?period=${period}`);
    expect(xlsx.status).toBe(200);
    expect(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    const csv = await agent.request(`/admin/reports/dinkes/jawaban.csv?period=${period}`);
    expect(csv.status).toBe(200);
    expect((await csv.text()).split('\n').length).toBeGreaterThan(10);
    const poster = await agent.request(`/admin/publish/dinkes/poster.pdf?loket=${world.dinkes.loketCode}`);
    expect(poster.status).toBe(200);
    expect(poster.headers.get('content-type')).toBe('application/pdf');

    // the instansi's rekapitulasi and quarterly export, and a loket's QR code and counter poster
    const downloads: [string, string, number[]][] = [
      [`/admin/reports/_instansi/rekap.pdf?period=${period}`, 'application/pdf', [0x25, 0x50, 0x44, 0x46]],
      [`/admin/reports/_instansi/rekap.xlsx?period=${period}`, 'spreadsheetml', [0x50, 0x4b]],
      [`/admin/reports/_instansi/export.zip?period=${period}`, 'application/zip', [0x50, 0x4b]],
      [`/admin/units/dinkes/lokets/${world.dinkes.loketCode}/qr.png`, 'image/png', [0x89, 0x50, 0x4e, 0x47]],
      [`/admin/units/dinkes/lokets/${world.dinkes.loketCode}/poster.pdf`, 'application/pdf', [0x25, 0x50, 0x44, 0x46]],
    ];
    for (const [path, type, magic] of downloads) {
      const res = await agent.request(path);
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      expect(res.headers.get('content-type')).toContain(type);
      expect([...new Uint8Array(await res.arrayBuffer()).slice(0, magic.length)]).toEqual(magic);
    }
    // the same PNG, byte for byte, as the Node build writes
    const qr = await agent.request(`/admin/units/dinkes/lokets/${world.dinkes.loketCode}/qr.png`);
    expect(Buffer.from(await qr.arrayBuffer()).equals(await qrPng(surveyUrl(worker.url, world.dinkes.loketCode)))).toBe(true);
  });

  it('streams a download of several pages whole: the database stays open until its last byte', async () => {
    // three pages of the responses CSV, read after the headers have gone out
    await world.answer('disduk', 2_500, 4);
    const path = `/admin/reports/disduk/jawaban.csv?period=${world.period.code}`;
    const res = await agent.request(path);
    expect(res.status).toBe(200);
    const csv = await res.text();
    expect(csv.trimEnd().split('\n').length).toBeGreaterThan(2_500);
    // the same bytes as the Node server's
    const node = new Agent(testApp(database, { APP_SECRET: SECRET }).app);
    await node.signIn('admin@uji.go.id');
    expect(csv).toBe(await (await node.request(path)).text());
  });

  it('answers every workspace page without a server error', async () => {
    const db = database.db;
    const layanan = await db.selectFrom('layanan').where('unit_id', '=', world.dinkes.id).select('id').executeTakeFirstOrThrow();
    const response = await db.selectFrom('response').where('unit_id', '=', world.dinkes.id).select(['id', 'saran']).executeTakeFirstOrThrow();
    const followUp = await db.insertInto('follow_up').values({ unit_id: world.dinkes.id, period: world.period.code, unsur_code: 'U1', action: 'Papan informasi alur layanan' }).returning('id').executeTakeFirstOrThrow();
    const apiKey = await addApiKey(db, { instansi: 'kab-uji', unit: 'dinkes', name: 'Kunci uji' });
    const user = await db.selectFrom('app_user').where('email', '=', 'a@uji.go.id').select('id').executeTakeFirstOrThrow();
    const objects: RouteObjects = {
      ...{ instansi: 'kab-uji', unit: 'dinkes', unitName: 'Dinas Kesehatan', loket: world.dinkes.loketCode, layanan: layanan.id },
      ...{ response: response.id, saran: response.saran ?? '', followUp: followUp.id, apiKey: apiKey.id, user: user.id, instrument: 'skm' },
      // no import job can exist on Workers: its pages answer 404
      job: crypto.randomUUID(),
    };
    // the route table as the app registers it (the same app the Worker builds)
    const routes = workspaceRoutes(testApp(database).app).filter((r) => r.method === 'GET');
    expect(routes.length).toBeGreaterThan(30);
    const answers: string[] = [];
    for (const route of routes) {
      const path = fill(route.path, objects);
      const res = await agent.request(`${path}${path.includes('?') ? '&' : '?'}period=${world.period.code}&year=${world.period.code.slice(0, 4)}`);
      await res.arrayBuffer();
      answers.push(`${res.status} ${route.path}`);
    }
    expect(answers.filter((a) => a.startsWith('5'))).toEqual([]);
    expect(answers.filter((a) => a.startsWith('200')).length).toBeGreaterThan(routes.length * 0.7);
  });

  it('answers the import upload with 501 and says on its page how to import instead', async () => {
    const page = await agent.page('/admin/reports/dinkes/import');
    expect(page.res.status).toBe(200);
    expect(page.text).toContain('Cloudflare Workers');
    expect(page.text).toContain('survei import');
    expect(page.text).not.toContain('type="file"');
    const form = new FormData();
    form.append('file', new File(['id\n'], 'jawaban.csv', { type: 'text/csv' }));
    const res = await agent.postMultipart('/admin/reports/dinkes/import', form, { from: '/admin/reports/dinkes/import' });
    expect(res.status).toBe(501);
    expect(await res.text()).toContain('survei import');
  });

  it('shows the public page, its social image, the embed, the widget script and the badge', async () => {
    const page = await get('/p/kab-uji/dinkes');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('78,89');
    const image = await get(`/p/kab-uji/dinkes/${world.period.code}/card.png`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(new Uint8Array(await image.arrayBuffer()).slice(1, 4)).toEqual(new TextEncoder().encode('PNG'));

    const embed = await get('/embed/kab-uji/dinkes');
    expect(embed.status).toBe(200);
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors');
    expect(embed.headers.get('x-frame-options')).toBeNull();
    expect(await embed.text()).toContain('78,89');
    const widget = await get('/widget.js');
    expect(widget.status).toBe(200);
    expect(widget.headers.get('content-type')).toContain('javascript');

    const badge = await get('/badge/kab-uji/dinkes/ikm.svg');
    expect(badge.status).toBe(200);
    expect(badge.headers.get('content-type')).toContain('image/svg+xml');
    expect(await badge.text()).toContain('78,89');
  });

  it('answers a public page asked for again from the isolate\'s memory, with the same headers', async () => {
    const first = await get('/p/kab-uji/disduk');
    const body = await first.text();
    expect(first.status).toBe(200);
    const again = await get('/p/kab-uji/disduk');
    expect(again.status).toBe(200);
    expect(await again.text()).toBe(body);
    expect(again.headers.get('content-security-policy')).toBe(first.headers.get('content-security-policy'));
    expect(again.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    // the runtime's log reaches wrangler's output a moment later
    await expect.poll(() => worker.output(), { timeout: 5_000 }).toMatch(/"path":"\/p\/kab-uji\/disduk","status":200,"ms":[\d.]+,"cached":true/);
  });

  it('answers the open data API', async () => {
    const res = await get('/api/v1/public/instansi/kab-uji');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('"konversi":78.89');
    const body = JSON.parse(text) as { units: { slug: string; latest: { period: { code: string } } | null }[] };
    expect(body.units.find((u) => u.slug === 'dinkes')?.latest?.period.code).toBe(world.period.code);
    expect((await get('/api/v1/openapi.json')).status).toBe(200);
  });

  it('serves web/ from Workers assets under /static/ only, with the security headers', async () => {
    const css = await get('/static/style.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect(css.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await css.text()).length).toBeGreaterThan(100);
    expect((await get('/style.css')).status).toBe(404);
    expect((await get('/static/missing.css')).status).toBe(404);
  });

  it('never answers the embedded database\'s backup route', async () => {
    expect((await get('/internal/backup', { method: 'POST' })).status).toBe(404);
  });

  // last of the submissions: the address stays refused for the rest of the minute
  it('counts submissions per address in the rate-limiting binding: a flood from one address gets 429 past its 30 a minute', async () => {
    const form = await formShape(worker.url, world.disduk.loketCode);
    const statuses: number[] = [];
    // (fixed one-minute windows: one that ends midway lets up to 30 more through)
    for (let i = 0; i < 70 && !statuses.includes(429); i++) {
      // a new device each time: only the address is the same
      const res = await get(`/s/${world.disduk.loketCode}`, { method: 'POST', body: submissionBody(form, SECRET), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      statuses.push(res.status);
      await res.arrayBuffer();
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, -1).every((status) => status === 303)).toBe(true);
    // at most 30 in this minute's window and 30 in the next, earlier tests' submissions included
    expect(statuses.length).toBeLessThanOrEqual(61);
  });

  it('printed no unhandled error and no database warning while serving', () => {
    // on failure, the lines before each runtime error name the request it came from
    const lines = worker.output().split('\n');
    lines.forEach((line, i) => /Uncaught|unhandled error/.test(line) && console.log(lines.slice(Math.max(0, i - 6), i + 1).join('\n').slice(0, 3000)));
    expect(worker.output()).toMatch(/"msg":"request"/);
    expect(worker.output()).not.toMatch(/"msg":"(unhandled error|database[^"]*)"/);
    expect(worker.output()).not.toMatch(/Stream was cancelled|Uncaught/);
  });
});
