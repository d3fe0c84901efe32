// A unit's instruments in the workspace: order and on/off, custom wording saved as a new version of
// the instansi's instrument; the citizen's form follows at once, responses keep their version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInstansi, addLoket, addUnit } from '../../src/admin/org.ts';
import { addUser } from '../../src/admin/users.ts';
import { wordingValues } from '../../src/admin/settings/wording.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { builtinInstruments } from '../../src/instruments/builtin.ts';
import { loadScoreCards } from '../../src/results/scorecard.ts';
import { signFormToken } from '../../src/survey/token.ts';
import { Agent, TEST_PASSWORD } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

const SECRET = 'test-secret-'.padEnd(40, 'x');
const SKM_U1 = builtinInstruments.skm.unsur[0]!.items[0]!.text;
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (html: string) => html.replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);

describe.each(DATABASE_KINDS)("a unit's instruments (%s)", (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  let dinkesLoket: string;
  let disdukLoket: string;
  let unitAdmin: Agent;

  const citizenForm = async (code: string) => {
    const res = await app.request(`https://survei.test/s/${code}`, { headers: { Accept: 'text/html' } });
    expect(res.status).toBe(200);
    return res.text();
  };
  const questionFields = (html: string) => [...html.matchAll(/type="radio" name="([^"]+)" value="1"/g)].map((m) => m[1]);
  const unitInstruments = async (slug: string) =>
    database.db
      .selectFrom('unit_instrument as ui')
      .innerJoin('unit as u', 'u.id', 'ui.unit_id')
      .innerJoin('instrument as i', 'i.id', 'ui.instrument_id')
      .innerJoin('instrument_version as v', 'v.id', 'ui.version_id')
      .where('u.slug', '=', slug)
      .select(['i.code', 'i.instansi_id', 'v.id as versionId', 'v.version', 'ui.position', 'ui.enabled'])
      .orderBy('ui.position')
      .execute();
  const versionCount = async () => Number((await database.db.selectFrom('instrument_version').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const wordingFields = (changes: Record<string, string> = {}) => ({ ...wordingValues(builtinInstruments.skm), ...changes });

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ({ app } = testApp(database));
    await addInstansi(database.db, { name: 'Kabupaten A', slug: 'kab-a', timeZone: 'WIB' }, 'Asia/Jakarta');
    await addUnit(database.db, { instansi: 'kab-a', name: 'Dinas Kesehatan', slug: 'dinkes', instruments: ['skm', 'ipak'] });
    await addUnit(database.db, { instansi: 'kab-a', name: 'Dinas Kependudukan', slug: 'disduk', instruments: ['skm'] });
    dinkesLoket = (await addLoket(database.db, { instansi: 'kab-a', unit: 'dinkes', name: 'Loket 1' })).code;
    disdukLoket = (await addLoket(database.db, { instansi: 'kab-a', unit: 'disduk', name: 'Loket A' })).code;
    await addUser(database.db, { email: 'admin@a.go.id', name: 'Admin A', role: 'admin', instansi: 'kab-a', password: TEST_PASSWORD });
    await addUser(database.db, { email: 'unit@a.go.id', name: 'Unit Dinkes', role: 'unit_admin', instansi: 'kab-a', units: ['dinkes'], password: TEST_PASSWORD });
    await addUser(database.db, { email: 'viewer@a.go.id', name: 'Pimpinan Dinkes', role: 'viewer', instansi: 'kab-a', units: ['dinkes'], password: TEST_PASSWORD });
    await addUser(database.db, { email: 'other@a.go.id', name: 'Unit Disduk', role: 'unit_admin', instansi: 'kab-a', units: ['disduk'], password: TEST_PASSWORD });
    unitAdmin = new Agent(app);
    await unitAdmin.signIn('unit@a.go.id');
  });
  afterAll(async () => {
    await database?.close();
  });

  it('shows the instruments in order at their version; a viewer reads and changes nothing (403)', async () => {
    const viewer = new Agent(app);
    await viewer.signIn('viewer@a.go.id');
    const { res, text } = await viewer.page('/admin/units/dinkes/instruments');
    expect(res.status).toBe(200);
    expect(text.indexOf('Survei Kepuasan Masyarakat')).toBeGreaterThan(0);
    expect(text.indexOf('Survei Kepuasan Masyarakat')).toBeLessThan(text.indexOf('(ipak)'));
    expect(text).toContain('<td>v1</td><td>baku</td>');
    expect(text).not.toContain('name="action"');
    const before = await unitInstruments('dinkes');
    expect((await viewer.post('/admin/units/dinkes/instruments', { instrument: 'ipak', action: 'up' })).status).toBe(403);
    expect((await viewer.page('/admin/units/dinkes/instruments/skm/edit')).res.status).toBe(403);
    expect((await viewer.post('/admin/units/dinkes/instruments/skm/edit', wordingFields({ 'text:U1': 'Diubah pembaca?' }))).status).toBe(403);
    expect(await unitInstruments('dinkes')).toEqual(before);
  });

  it("answers 404 to a unit_admin of another unit, for the page, the changes and the wording", async () => {
    const other = new Agent(app);
    await other.signIn('other@a.go.id');
    expect((await other.page('/admin/units/disduk/instruments')).res.status).toBe(200);
    const before = await unitInstruments('dinkes');
    expect((await other.page('/admin/units/dinkes/instruments')).res.status).toBe(404);
    expect((await other.post('/admin/units/dinkes/instruments', { instrument: 'ipak', action: 'up' }, { from: '/admin/units/disduk/instruments' })).status).toBe(404);
    expect((await other.page('/admin/units/dinkes/instruments/skm/edit')).res.status).toBe(404);
    expect((await other.post('/admin/units/dinkes/instruments/skm/edit', wordingFields({ 'text:U1': 'Lintas unit' }), { from: '/admin/units/disduk/instruments' })).status).toBe(404);
    expect((await other.page('/admin/units/tidak-ada/instruments')).res.status).toBe(404);
    expect(await unitInstruments('dinkes')).toEqual(before);
  });

  it("reorders and turns instruments on and off, and the citizen's form follows at once", async () => {
    // read once so the questionnaire's loket cache holds the old order
    expect(questionFields(await citizenForm(dinkesLoket))[0]).toBe('skm:U1');
    const up = await unitAdmin.post('/admin/units/dinkes/instruments', { instrument: 'ipak', action: 'up' }, { from: '/admin/units/dinkes/instruments' });
    expect(up.status).toBe(303);
    expect(up.headers.get('location')).toBe('/admin/units/dinkes/instruments?done=saved');
    expect((await unitInstruments('dinkes')).map((r) => [r.code, r.position])).toEqual([
      ['ipak', 0],
      ['skm', 1],
    ]);
    const fields = questionFields(await citizenForm(dinkesLoket));
    expect(fields[0]).toBe('ipak:A1');
    expect(fields.indexOf('skm:U1')).toBe(5);
    // the top one cannot go higher: nothing moves, nothing is logged
    expect((await unitAdmin.post('/admin/units/dinkes/instruments', { instrument: 'ipak', action: 'up' }, { from: '/admin/units/dinkes/instruments' })).status).toBe(303);
    expect((await unitInstruments('dinkes')).map((r) => r.code)).toEqual(['ipak', 'skm']);

    expect((await unitAdmin.post('/admin/units/dinkes/instruments', { instrument: 'ipak', action: 'disable' }, { from: '/admin/units/dinkes/instruments' })).status).toBe(303);
    expect(questionFields(await citizenForm(dinkesLoket)).some((f) => f!.startsWith('ipak:'))).toBe(false);
    expect((await unitAdmin.page('/admin/units/dinkes/instruments')).text).toContain('<span class="badge">Tidak</span>');

    // the IKM instrument cannot stop being asked
    const last = await unitAdmin.post('/admin/units/dinkes/instruments', { instrument: 'skm', action: 'disable' }, { from: '/admin/units/dinkes/instruments' });
    expect(last.status).toBe(400);
    expect(await last.text()).toContain('Unit selalu menanyakan satu instrumen IKM');
    const bad = await unitAdmin.post('/admin/units/dinkes/instruments', { instrument: 'skm', action: 'delete' }, { from: '/admin/units/dinkes/instruments' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Tindakan: tindakan tidak dikenal');
    expect((await unitAdmin.post('/admin/units/dinkes/instruments', { instrument: 'ipkp', action: 'enable' }, { from: '/admin/units/dinkes/instruments' })).status).toBe(404);
    expect((await unitInstruments('dinkes')).map((r) => [r.code, r.enabled])).toEqual([
      ['ipak', false],
      ['skm', true],
    ]);

    expect((await unitAdmin.post('/admin/units/dinkes/instruments', { instrument: 'ipak', action: 'enable' }, { from: '/admin/units/dinkes/instruments' })).status).toBe(303);
    expect((await unitAdmin.post('/admin/units/dinkes/instruments', { instrument: 'ipak', action: 'down' }, { from: '/admin/units/dinkes/instruments' })).status).toBe(303);
    expect((await unitInstruments('dinkes')).map((r) => [r.code, r.enabled])).toEqual([
      ['skm', true],
      ['ipak', true],
    ]);
    const audits = await database.db.selectFrom('audit_log').where('action', 'like', 'unit.instrument.%').select('action').orderBy('id').execute();
    // the move that changed nothing is not in the log
    expect(audits.map((a) => a.action)).toEqual(['unit.instrument.up', 'unit.instrument.disable', 'unit.instrument.enable', 'unit.instrument.down']);
  });

  it("saves custom wording as a new instansi version the unit runs: the citizen's form shows it at once, answered responses keep their version", async () => {
    // a citizen answers the built-in wording first
    const page = await citizenForm(dinkesLoket);
    expect(page).toContain(SKM_U1);
    const answers = Object.fromEntries(questionFields(page).map((f, i) => [f!, String((i % 4) + 1)]));
    const token = signFormToken(SECRET, { s: crypto.randomUUID(), l: dinkesLoket, t: Date.now() - 60_000, tr: 'open' });
    const submitted = await app.request(`https://survei.test/s/${dinkesLoket}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
      body: new URLSearchParams({ token, ...answers }).toString(),
    });
    expect(submitted.status).toBe(303);
    const builtinVersion = (await unitInstruments('dinkes')).find((r) => r.code === 'skm')!.versionId;

    const form = await unitAdmin.page('/admin/units/dinkes/instruments/skm/edit');
    expect(form.res.status).toBe(200);
    expect(form.text).toContain('<label for="f-text-U1">Pertanyaan U1</label>');
    expect(form.text).toContain(SKM_U1);
    const saved = await unitAdmin.post(
      '/admin/units/dinkes/instruments/skm/edit',
      wordingFields({ 'text:U1': '  Apakah persyaratan <layanan> di Dinkes sesuai?  ', 'label:U1:4': 'Sangat sesuai sekali', 'en-text:U1': 'Are the requirements at Dinkes right?' }),
      { from: '/admin/units/dinkes/instruments/skm/edit' },
    );
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/admin/units/dinkes/instruments?done=reworded&version=1');

    const runs = (await unitInstruments('dinkes')).find((r) => r.code === 'skm')!;
    expect(runs.instansi_id).not.toBeNull();
    expect(runs.version).toBe(1);
    expect(runs.versionId).not.toBe(builtinVersion);
    const stored = await database.db.selectFrom('instrument_version').where('id', '=', runs.versionId).select('definition').executeTakeFirstOrThrow();
    const definition = stored.definition as typeof builtinInstruments.skm;
    expect(definition.unsur[0]!.items[0]).toEqual({ code: 'U1', text: 'Apakah persyaratan <layanan> di Dinkes sesuai?', labels: ['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai sekali'] });
    expect(definition.unsur.map((u) => [u.code, u.items.map((i) => i.code)])).toEqual(builtinInstruments.skm.unsur.map((u) => [u.code, u.items.map((i) => i.code)]));
    expect(definition.translations?.en?.items?.U1?.text).toBe('Are the requirements at Dinkes right?');
    const items = await database.db.selectFrom('instrument_item').where('version_id', '=', runs.versionId).select(['code', 'unsur_code']).orderBy('position').execute();
    expect(items.map((i) => i.code)).toEqual(['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9']);

    // the citizen's form shows it at once (the loket cache was cleared), escaped
    const after = await citizenForm(dinkesLoket);
    expect(after).toContain('Apakah persyaratan &lt;layanan&gt; di Dinkes sesuai?');
    expect(after).toContain('Sangat sesuai sekali');
    expect(after).not.toContain(SKM_U1);
    expect(questionFields(after)).toEqual(questionFields(page));
    // another unit keeps the standard wording
    expect(await citizenForm(disdukLoket)).toContain(SKM_U1);
    expect((await unitInstruments('disduk'))[0]!.instansi_id).toBeNull();
    // the answered response still points at the version it answered
    const response = await database.db.selectFrom('response').select('answers').executeTakeFirstOrThrow();
    expect(Object.keys(response.answers)).toContain(builtinVersion);
    expect(Object.keys(response.answers)).not.toContain(runs.versionId);

    // an answer to the new wording pools with the one before: one IKM for the period, not two
    const token2 = signFormToken(SECRET, { s: crypto.randomUUID(), l: dinkesLoket, t: Date.now() - 60_000, tr: 'open' });
    const second = await app.request(`https://survei.test/s/${dinkesLoket}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
      body: new URLSearchParams({ token: token2, ...answers }).toString(),
    });
    expect(second.status).toBe(303);
    const unitRow = await database.db.selectFrom('unit').select('id').where('slug', '=', 'dinkes').executeTakeFirstOrThrow();
    const cards = await loadScoreCards(database.db, { unitIds: [unitRow.id] }, { from: '2000-01-01', to: '2100-12-31' });
    expect(cards.filter((card) => card.kind === 'ikm').map((card) => card.respondents)).toEqual([2]);

    const list = await unitAdmin.page('/admin/units/dinkes/instruments?done=reworded&version=1');
    expect(list.text).toContain('Kata-kata disimpan sebagai versi 1');
    expect(list.text).toContain('<td>v1</td><td>milik instansi</td>');

    // the same wording again stores nothing; a further change is version 2
    const versions = await versionCount();
    const same = await unitAdmin.post('/admin/units/dinkes/instruments/skm/edit', { ...wordingValues(definition) }, { from: '/admin/units/dinkes/instruments/skm/edit' });
    expect(same.headers.get('location')).toBe('/admin/units/dinkes/instruments?done=unchanged');
    expect(await versionCount()).toBe(versions);
    const again = await unitAdmin.post('/admin/units/dinkes/instruments/skm/edit', { ...wordingValues(definition), 'label:U9:1': 'Sangat buruk' }, { from: '/admin/units/dinkes/instruments/skm/edit' });
    expect(again.headers.get('location')).toBe('/admin/units/dinkes/instruments?done=reworded&version=2');
    expect(await citizenForm(dinkesLoket)).toContain('Sangat buruk');

    const audits = await database.db.selectFrom('audit_log').where('action', '=', 'unit.instrument.reword').select(['detail', 'user_id']).orderBy('id').execute();
    expect(audits.map((a) => a.detail)).toEqual([
      { unit: 'dinkes', code: 'skm', from: 1, version: 1, builtinBefore: true },
      { unit: 'dinkes', code: 'skm', from: 1, version: 2, builtinBefore: false },
    ]);
  });

  it.each([
    [{ 'text:U3': '   ' }, 'Pertanyaan U3: wajib diisi'],
    [{ 'label:U2:4': '' }, 'Jawaban bernilai 4 pada U2: wajib diisi'],
    [{ 'label:U5:1': 'x'.repeat(121) }, 'Jawaban bernilai 1 pada U5: maksimal 120 karakter'],
    [{ 'en-label:U7:3': '' }, 'Jawaban bernilai 3 pada U7 (Inggris): isi keempat label bahasa Inggris, atau kosongkan semuanya'],
  ])('refuses wording %o with the field named, storing nothing', async (change, message) => {
    const before = await versionCount();
    const running = await unitInstruments('dinkes');
    const current = await unitAdmin.page('/admin/units/dinkes/instruments/skm/edit');
    // the form as the page fills it in
    const values = Object.fromEntries([...current.text.matchAll(/name="((?:en-)?label:[^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1]!, unescape(m[2]!)]));
    const texts = Object.fromEntries([...current.text.matchAll(/name="((?:en-)?text:[^"]+)"[^>]*>([^<]*)<\/textarea>/g)].map((m) => [m[1]!, unescape(m[2]!)]));
    expect(Object.keys(values)).toHaveLength(9 * 8);
    expect(Object.keys(texts)).toHaveLength(9 * 2);
    const res = await unitAdmin.post('/admin/units/dinkes/instruments/skm/edit', { ...values, ...texts, ...change }, { from: '/admin/units/dinkes/instruments/skm/edit' });
    expect(res.status).toBe(400);
    const text = await res.text();
    expect(text).toContain(message);
    expect(await versionCount()).toBe(before);
    expect(await unitInstruments('dinkes')).toEqual(running);
  });
});
