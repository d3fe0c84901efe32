import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInstansi, addLayanan, addLoket, addUnit, rotateLoketKeys } from '../../src/admin/org.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { sql } from 'kysely';
import { foldPending } from '../../src/results/fold.ts';
import { BURST_LIMIT } from '../../src/survey/flags.ts';
import { createInvitations } from '../../src/survey/invitations.ts';
import { presenceToken, signFormToken } from '../../src/survey/token.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };
const SKM = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'];
const IPAK = ['A1', 'A2', 'A3', 'A4', 'A5'];

describe.each(DATABASE_KINDS)('the questionnaire on %s', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  let secret: string;
  let bound: { code: string };
  let open: { code: string };
  let kioskKey: string;
  let displayKey: string;
  let layananIds: string[];

  const count = async (table: 'response' = 'response') => Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const token = (code: string, extra: Record<string, unknown> = {}) => signFormToken(secret, { s: crypto.randomUUID(), l: code, t: Date.now() - 60_000, tr: 'open', ...extra });
  // answers that vary, so the straight-line flag stays off unless a test wants it
  const answers = (value?: number) => Object.fromEntries([...SKM.map((c, i) => [`skm:${c}`, String(value ?? (i % 4) + 1)]), ...IPAK.map((c, i) => [`ipak:${c}`, String(value ?? ((i + 1) % 4) + 1)])]);
  const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    app.request(`https://survei.test${path}`, { method: 'POST', headers: { ...FORM, Accept: 'text/html', ...headers }, body: new URLSearchParams(fields).toString() });
  const html = async (path: string, headers: Record<string, string> = {}) => {
    const res = await app.request(`https://survei.test${path}`, { headers: { Accept: 'text/html', ...headers } });
    return { res, text: await res.text() };
  };
  const formToken = (page: string) => /name="token" value="([^"]+)"/.exec(page)![1]!;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ({ app } = testApp(database, { TRUST_PROXY: '1' }));
    secret = 'test-secret-'.padEnd(40, 'x');
    const instansi = await addInstansi(database.db, { name: 'Kabupaten Uji', slug: 'kab-uji', timeZone: 'WITA' }, 'Asia/Jakarta');
    await addUnit(database.db, { instansi: instansi.slug, name: 'Dinas <Dukcapil>', slug: 'dukcapil', instruments: ['ipak'] });
    layananIds = [
      (await addLayanan(database.db, { instansi: 'kab-uji', unit: 'dukcapil', name: 'Perekaman KTP-el' })).id,
      (await addLayanan(database.db, { instansi: 'kab-uji', unit: 'dukcapil', name: 'Kartu Keluarga' })).id,
    ];
    bound = await addLoket(database.db, { instansi: 'kab-uji', unit: 'dukcapil', name: 'Loket 1 KTP-el', layanan: 'Perekaman KTP-el' });
    open = await addLoket(database.db, { instansi: 'kab-uji', unit: 'dukcapil', name: 'Loket Informasi' });
    ({ kioskKey, displayKey } = await rotateLoketKeys(database.db, open.code));
  });
  afterAll(async () => {
    await database?.close();
  });

  it('shows the unit, the loket, every question in order, the privacy notice, in Bahasa Indonesia', async () => {
    const { res, text } = await html(`/s/${bound.code}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-cache');
    expect(text).toContain('Dinas &lt;Dukcapil&gt;');
    expect(text).toContain('Loket 1 KTP-el');
    expect(text).toContain('tidak ada nama, NIK atau nomor telepon yang ditanyakan');
    const fields = [...text.matchAll(/type="radio" name="([^"]+)" value="1"/g)].map((m) => m[1]);
    expect(fields).toEqual([...SKM.map((c) => `skm:${c}`), ...IPAK.map((c) => `ipak:${c}`)]);
    expect(text).toContain('Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?');
    // a loket serving one layanan does not ask which
    expect(text).toContain(`<input type="hidden" name="layanan" value="${layananIds[0]}"/>`);
    const other = await html(`/s/${open.code}?lang=en`);
    expect(other.text).toContain('<html lang="en">');
    expect(other.text).toContain('Perekaman KTP-el');
    expect(other.text).toContain('Kartu Keluarga');
  });

  it('stores a submission once, answers included, and shows the thank-you page with SP4N-LAPOR!', async () => {
    const before = await count();
    const page = await html(`/s/${bound.code}`);
    const fields = { token: signFormToken(secret, { ...JSON.parse(Buffer.from(formToken(page.text).split('.')[0]!, 'base64url').toString()), t: Date.now() - 20_000 }), ...answers(), saran: '  Antrean <b>lama</b>  ', gender: 'P', age: '34', education: 'sma' };
    const first = await post(`/s/${bound.code}`, fields, { 'X-Forwarded-For': '10.0.0.1' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe(`/s/${bound.code}/terima-kasih`);
    expect(first.headers.get('set-cookie')).toMatch(/^__Host-sv=[A-Za-z0-9_-]{22}; Max-Age=31536000; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
    const again = await post(`/s/${bound.code}`, fields, { 'X-Forwarded-For': '10.0.0.1' });
    expect(again.status).toBe(303);
    expect(await count()).toBe(before + 1);
    expect(await foldPending(database.db)).toBe(1);
    const stored = await database.db.selectFrom('response').selectAll().orderBy('submitted_at', 'desc').executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ channel: 'qr', trust: 'open', layanan_id: layananIds[0], gender: 'P', age: 34, education: 'sma', saran: 'Antrean <b>lama</b>', excluded_at: null });
    expect(stored.ip_hash).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(stored.ip_hash).not.toContain('10.0.0.1');
    expect(Object.values(stored.answers).flatMap((items) => Object.values(items))).toHaveLength(14);
    const thanks = await html(first.headers.get('location')!);
    expect(thanks.text).toContain('Terima kasih!');
    expect(thanks.text).toContain('SP4N-LAPOR!');
    expect(thanks.text).toContain('href="https://www.lapor.go.id"');
  });

  it('sends an incomplete form back with the answers kept and the missing question marked, storing nothing', async () => {
    const before = await count();
    const given = answers();
    delete given['skm:U3'];
    const res = await post(`/s/${open.code}`, { token: token(open.code), ...given, layanan: layananIds[1]!, saran: 'tetap ada' });
    expect(res.status).toBe(422);
    const text = await res.text();
    expect(text).toContain('id="q-skm-U3" class="q err" aria-describedby="q-skm-U3-e"');
    expect(text).toContain('Pertanyaan ini wajib dijawab.');
    expect(text).toContain('<input type="radio" name="skm:U1" value="1" required="" checked=""/>');
    expect(text).toContain(`<input type="radio" name="layanan" value="${layananIds[1]}" required="" checked=""/>`);
    expect(text).toContain('>tetap ada</textarea>');
    expect(await count()).toBe(before);
  });

  it.each([
    ['a value outside 1–4', (t: string) => ({ token: t, ...answers(), 'skm:U1': '5' }), 400, 'Jawaban &quot;skm:U1&quot; tidak sah.'],
    ['an unknown item', (t: string) => ({ token: t, ...answers(), 'skm:U10': '3' }), 400, 'Isian &quot;skm:U10&quot; tidak dikenal.'],
    ['a layanan of another loket or unit', (t: string) => ({ token: t, ...answers(), layanan: crypto.randomUUID() }), 400, 'Jawaban &quot;layanan&quot; tidak sah.'],
    ['a bad profile value', (t: string) => ({ token: t, ...answers(), age: '7' }), 400, 'Jawaban &quot;age&quot; tidak sah.'],
    ['a saran over 1,000 characters', (t: string) => ({ token: t, ...answers(), saran: 'x'.repeat(1001) }), 400, 'Jawaban &quot;saran&quot; tidak sah.'],
    // found by test/fuzz/submission.test.ts: PostgreSQL cannot store a NUL in text, so it was a 500
    ['a NUL character in the saran', (t: string) => ({ token: t, ...answers(), saran: 'Antrean\u0000lama' }), 400, 'Jawaban &quot;saran&quot; tidak sah.'],
    ['a forged token', () => ({ token: signFormToken('another-secret-'.padEnd(40, 'y'), { s: crypto.randomUUID(), l: 'x', t: Date.now() - 20_000, tr: 'open' }), ...answers() }), 400, 'Isian formulir tidak sah.'],
    ['a tampered token', (t: string) => ({ token: `${Buffer.from(JSON.stringify({ v: 1, s: crypto.randomUUID(), l: 'x', t: 1, tr: 'invited' })).toString('base64url')}.${t.split('.')[1]}`, ...answers() }), 400, 'Isian formulir tidak sah.'],
    ['a token of another loket', () => ({ token: token('zzzzzzzz'), ...answers() }), 400, 'Isian formulir tidak sah.'],
    ['a form open for days', () => ({ token: signFormToken(secret, { s: crypto.randomUUID(), l: bound.code, t: Date.now() - 13 * 3_600_000, tr: 'open' }), ...answers() }), 400, 'Formulir ini sudah terlalu lama dibuka.'],
  ])('refuses %s with a clear message and stores nothing', async (_, fields, status, message) => {
    const before = await count();
    const res = await post(`/s/${bound.code}`, fields(token(bound.code)));
    expect(res.status).toBe(status);
    expect(await res.text()).toContain(message);
    expect(await count()).toBe(before);
  });

  it('answers 404 for an unknown or inactive loket, 413 for a large body, 415 for another content type', async () => {
    const before = await count();
    const unknown = await html('/s/tidakada');
    expect(unknown.res.status).toBe(404);
    expect(unknown.text).toContain('Halaman tidak ditemukan');
    const inactive = await addLoket(database.db, { instansi: 'kab-uji', unit: 'dukcapil', name: 'Loket Tutup' });
    await database.db.updateTable('loket').set({ active: false }).where('code', '=', inactive.code).execute();
    expect((await html(`/s/${inactive.code}`)).res.status).toBe(404);
    expect((await post(`/s/${inactive.code}`, { token: token(inactive.code), ...answers() })).status).toBe(404);

    const large = await post(`/s/${bound.code}`, { token: token(bound.code), ...answers(), saran: 'x'.repeat(17 * 1024) });
    expect(large.status).toBe(413);
    expect(await large.text()).toContain('Isian terlalu besar.');
    const json = await app.request(`https://survei.test/s/${bound.code}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token: token(bound.code) }) });
    expect(json.status).toBe(415);
    expect(await json.json()).toEqual({ error: { code: 'unsupported_media_type', message: 'Formulir harus dikirim sebagai formulir web biasa.' } });
    expect(await count()).toBe(before);
  });

  it('gives bots a thank-you page and stores nothing: honeypot filled, or submitted inhumanly fast', async () => {
    const before = await count();
    const honeypot = await post(`/s/${bound.code}`, { token: token(bound.code), ...answers(), website: 'http://spam.example' });
    expect(honeypot.status).toBe(303);
    const fast = await post(`/s/${bound.code}`, { token: signFormToken(secret, { s: crypto.randomUUID(), l: bound.code, t: Date.now() - 500, tr: 'open' }), ...answers() });
    expect(fast.status).toBe(303);
    expect(fast.headers.get('location')).toBe(`/s/${bound.code}/terima-kasih`);
    expect(await count()).toBe(before);
  });

  it('flags a second answer from the same device, a straight line and a fast fill, but still counts them', async () => {
    const first = await post(`/s/${bound.code}`, { token: token(bound.code), ...answers() }, { 'X-Forwarded-For': '10.0.0.2' });
    const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
    const second = await post(`/s/${bound.code}`, { token: signFormToken(secret, { s: crypto.randomUUID(), l: bound.code, t: Date.now() - 5_000, tr: 'open' }), ...answers(4) }, { Cookie: cookie, 'X-Forwarded-For': '10.0.0.2' });
    expect(second.status).toBe(303);
    await foldPending(database.db);
    const latest = await database.db.selectFrom('response').select(['flags', 'excluded_at']).orderBy('submitted_at', 'desc').executeTakeFirstOrThrow();
    expect(latest).toEqual({ flags: ['too_fast', 'straight_line', 'repeat_device'], excluded_at: null });
  });

  it('flags answers outside service hours and excludes flagged answers where the unit says so, restorably', async () => {
    await database.db.updateTable('instansi').set({ service_hours: JSON.stringify({ days: [], open: '08:00', close: '16:00' }) }).execute();
    await database.db.updateTable('unit').set({ flag_policy: 'exclude' }).execute();
    try {
      // a new app: the running one keeps a loket's settings for 30 s
      const fresh = testApp(database).app;
      const res = await fresh.request(`https://survei.test/s/${bound.code}`, { method: 'POST', headers: FORM, body: new URLSearchParams({ token: token(bound.code), ...answers() }).toString() });
      expect(res.status).toBe(303);
      await foldPending(database.db);
      const latest = await database.db.selectFrom('response').select(['id', 'flags', 'excluded_at', 'excluded_reason', 'answers']).orderBy('submitted_at', 'desc').executeTakeFirstOrThrow();
      expect(latest.flags).toEqual(['outside_hours']);
      expect(latest.excluded_reason).toBe('unit policy: outside_hours');
      expect(Object.values(latest.answers).flatMap((items) => Object.values(items))).toHaveLength(14);
    } finally {
      await database.db.updateTable('instansi').set({ service_hours: null }).execute();
      await database.db.updateTable('unit').set({ flag_policy: 'count' }).execute();
    }
  });

  it('flags a burst of answers from one address when they are folded in', async () => {
    const unlimited = testApp(database, { TRUST_PROXY: '1', RATE_LIMIT_PER_ADDRESS: '0' }).app;
    for (let i = 0; i <= BURST_LIMIT; i++) {
      const res = await unlimited.request(`https://survei.test/s/${bound.code}`, { method: 'POST', headers: { ...FORM, 'X-Forwarded-For': '10.8.8.8' }, body: new URLSearchParams({ token: token(bound.code), ...answers() }).toString() });
      expect(res.status).toBe(303);
    }
    await foldPending(database.db);
    const burst = await database.db.selectFrom('response').select('flags').where(sql<boolean>`'burst' = any(flags)`).execute();
    expect(burst).toHaveLength(1); // the 21st from that address within 10 minutes
  });

  it('answers 429 with Retry-After past the per-address limit, storing nothing', async () => {
    const limited = testApp(database, { TRUST_PROXY: '1', RATE_LIMIT_PER_ADDRESS: '3' }).app;
    const send = () =>
      limited.request(`https://survei.test/s/${bound.code}`, { method: 'POST', headers: { ...FORM, 'X-Forwarded-For': '10.9.9.9' }, body: new URLSearchParams({ token: token(bound.code), ...answers() }).toString() });
    for (let i = 0; i < 3; i++) expect((await send()).status).toBe(303);
    const before = await count();
    const refused = await send();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await refused.json()).error.code).toBe('rate_limited');
    expect(await count()).toBe(before);
  });

  it('marks answers through the rotating QR at the loket as given in presence', async () => {
    const display = await html(`/d/${open.code}?key=${displayKey}`);
    expect(display.res.status).toBe(200);
    expect(display.text).toContain('<svg');
    expect(display.text).toContain('<meta http-equiv="refresh" content="60"/>');
    expect((await html(`/d/${open.code}?key=wrong`)).res.status).toBe(404);
    const page = await html(`/s/${open.code}?p=${presenceToken(secret, open.code)}`);
    const payload = JSON.parse(Buffer.from(formToken(page.text).split('.')[0]!, 'base64url').toString());
    expect(payload.tr).toBe('presence');
    // an old presence code is no longer accepted: the form is an open one
    const stale = await html(`/s/${open.code}?p=${presenceToken(secret, open.code, Date.now() - 10 * 60_000)}`);
    expect(JSON.parse(Buffer.from(formToken(stale.text).split('.')[0]!, 'base64url').toString()).tr).toBe('open');
    const res = await post(`/s/${open.code}`, { token: signFormToken(secret, { ...payload, t: Date.now() - 20_000 }), ...answers(), layanan: layananIds[0]! });
    expect(res.status).toBe(303);
    expect(await database.db.selectFrom('response').select(['trust', 'channel']).where('id', '=', payload.s).executeTakeFirstOrThrow()).toEqual({ trust: 'presence', channel: 'qr' });
  });

  it('runs a kiosk: its own submission ids, no device cookie, a thank-you that returns to a fresh form', async () => {
    const page = await html(`/k/${open.code}?key=${kioskKey}`);
    expect(page.res.status).toBe(200);
    expect(page.text).toContain('<script src="/static/kiosk.js" defer=""></script>');
    const sid = /name="sid" value="([^"]+)"/.exec(page.text)![1]!;
    expect((await html(`/k/${open.code}?key=nope`)).res.status).toBe(404);
    const fields = { token: formToken(page.text), sid, ...answers(), layanan: layananIds[1]! };
    // a kiosk token is not accepted by the open form, and the open form's is not accepted by the kiosk
    expect((await post(`/s/${open.code}`, fields)).status).toBe(400);
    expect((await post(`/k/${open.code}?key=${kioskKey}`, { ...fields, token: token(open.code) })).status).toBe(400);
    await new Promise((r) => setTimeout(r, 3_100 - (Date.now() - Number(JSON.parse(Buffer.from(fields.token.split('.')[0]!, 'base64url').toString()).t))));
    const res = await post(`/k/${open.code}?key=${kioskKey}`, fields);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/k/${open.code}/selesai?key=${kioskKey}`);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect((await post(`/k/${open.code}?key=${kioskKey}`, fields)).status).toBe(303); // the queue's retry
    expect(await database.db.selectFrom('response').select(['channel', 'trust', 'client_hash']).where('id', '=', sid).execute()).toEqual([{ channel: 'kiosk', trust: 'presence', client_hash: null }]);
    const next = await post(`/k/${open.code}?key=${kioskKey}`, { ...fields, sid: crypto.randomUUID() });
    expect(next.status).toBe(303);
    const thanks = await html(res.headers.get('location')!);
    expect(thanks.text).toContain(`<meta http-equiv="refresh" content="5;url=/k/${open.code}?key=${kioskKey}"/>`);
  });

  it('accepts a single-use invitation once, even when two answers race for it', async () => {
    const { invitations } = await createInvitations(database.db, { loketCode: bound.code, count: 1 });
    const link = `/i/${invitations[0]!.token}`;
    const page = await html(link);
    expect(page.res.status).toBe(200);
    const payload = JSON.parse(Buffer.from(formToken(page.text).split('.')[0]!, 'base64url').toString());
    expect(payload).toMatchObject({ tr: 'invited', i: expect.any(String) });
    const racing = [0, 1].map(() => signFormToken(secret, { ...payload, s: crypto.randomUUID(), t: Date.now() - 20_000 }));
    const before = await count();
    const results = await Promise.all(racing.map((t) => post(`/s/${bound.code}`, { token: t, ...answers() })));
    expect(results.map((r) => r.status).sort()).toEqual([303, 409]);
    expect(await count()).toBe(before + 1);
    const stored = await database.db.selectFrom('response').select(['channel', 'trust']).where('invitation_id', '=', payload.i).execute();
    expect(stored).toEqual([{ channel: 'invitation', trust: 'invited' }]);
    const second = await html(link);
    expect(second.res.status).toBe(410);
    expect(second.text).toContain('Sudah diisi');
  });

  // found by test/fuzz/submission.test.ts: the missing invitation row was a foreign-key error, a 500
  it('answers 410 and stores nothing for a signed form of an invitation the database does not have', async () => {
    const before = await count();
    const res = await post(`/s/${bound.code}`, { token: token(bound.code, { tr: 'invited', i: crypto.randomUUID() }), ...answers() });
    expect(res.status).toBe(410);
    expect(await res.text()).toContain('Tautan kedaluwarsa');
    expect(await count()).toBe(before);
  });
});
