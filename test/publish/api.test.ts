// Open data: every answer parses with the zod schema it is documented by and carries the published
// numbers as plain JSON numbers; nothing changes until the team republishes; CSV is RFC 4180 with
// formulas neutralised; CORS, caching, ETag and the error envelope hold on every public route; the
// OpenAPI document lists every route of the table and each of them answers.
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addApiKey } from '../../src/admin/api-keys.ts';
import { addInstansi, addUnit } from '../../src/admin/org.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import type { AppEnv } from '../../src/http/middleware.ts';
import { ENDPOINT_IDS, ENDPOINTS, fillPath, type PathParam } from '../../src/publish/api-endpoints.ts';
import {
  errorSchema,
  instansiListSchema,
  instansiSchema,
  invitationAnswerSchema,
  openApiSchema,
  publicationListSchema,
  publicationSchema,
} from '../../src/publish/api-schemas.ts';
import { currentPublication, snapshotSchema } from '../../src/results/publication.ts';
import { invitationRequest } from '../../src/survey/api.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { type PublishedWorld, seedPublishedWorld } from '../support/published.ts';

const BASE = 'https://survei.test';
const API = '/api/v1/public/instansi';
const FORMULA_NAME = '=HYPERLINK("http://evil.example","klik")';

describe.each(DATABASE_KINDS)('open data (%s)', (kind) => {
  let database: DatabaseHandle;
  let world: PublishedWorld;
  let app: Hono<AppEnv>;
  let period: string;

  /** a new app: its public views are read afresh (the workspace invalidates them after publishing) */
  const freshApp = () => (app = testApp(database).app);
  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers });
  async function json<T>(path: string, schema: { parse(value: unknown): T }): Promise<T> {
    const res = await get(path);
    expect(res.status, path).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    return schema.parse(await res.json());
  }

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    world = await seedPublishedWorld(database.db);
    period = world.period.code;
    // an instansi with nothing public, and a unit whose name a spreadsheet would run as a formula
    await addInstansi(database.db, { name: 'Kabupaten Kosong', slug: 'kab-kosong' }, 'Asia/Jakarta');
    await addUnit(database.db, { instansi: 'kab-uji', name: FORMULA_NAME, slug: 'jahat', instruments: ['skm'] });
    await database.db
      .insertInto('follow_up')
      .values([
        { unit_id: world.dinkes.id, period, unsur_code: 'U8', action: 'Kotak pengaduan di setiap loket', owner: 'Kasubag Umum', due: '2030-01-31', status: 'in_progress', evidence: null, published: true },
        { unit_id: world.dinkes.id, period, unsur_code: 'U3', action: 'Rencana internal', owner: null, due: null, status: 'planned', evidence: null, published: false },
      ])
      .execute();
    freshApp();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('lists the instansi that have published something, with absolute links', async () => {
    const body = await json(API, instansiListSchema);
    expect(body.instansi).toEqual([{ slug: 'kab-uji', name: 'Kabupaten Uji', links: { self: `${BASE}${API}/kab-uji`, page: `${BASE}/p/kab-uji` } }]);
  });

  it('gives the instansi with every unit\'s newest publication and the instansi-wide one, numbers as published', async () => {
    const res = await get(`${API}/kab-uji`);
    const text = await res.text();
    // plain JSON numbers, never "78,89"
    expect(text).toContain('"konversi":78.89');
    const body = instansiSchema.parse(JSON.parse(text));
    expect(body.instansi).toEqual({ slug: 'kab-uji', name: 'Kabupaten Uji' });
    expect(body.units.map((u) => u.slug).sort()).toEqual(['dinkes', 'disduk', 'jahat']);
    const dinkes = body.units.find((u) => u.slug === 'dinkes')!.latest!;
    expect(dinkes.period.code).toBe(period);
    expect(dinkes.revision).toBe(1);
    expect(dinkes.ikm).toMatchObject({ instrument: 'skm', konversi: 78.89, mutu: 'B', kinerja: 'Baik', respondents: 10 });
    expect(dinkes.ipak!.index).toBe(3.5);
    expect(dinkes.ipkp!.index).toBe(3.2);
    expect(dinkes.ipkp!.zi!.wbk.met).toBe(true);
    // IPAK 3,50 is under the WBK threshold (3,60): the unit does not meet WBK
    expect(dinkes.zi!.level).toBe('none');
    expect(dinkes.links.self).toBe(`${BASE}${API}/kab-uji/units/dinkes/publications/${period}?revision=1`);
    expect(dinkes.links.page).toBe(`${BASE}/p/kab-uji/dinkes/${period}?revision=1`);
    const disduk = body.units.find((u) => u.slug === 'disduk')!.latest!;
    expect(disduk.ikm).toMatchObject({ konversi: 100, mutu: 'A' });
    expect([disduk.ipak, disduk.ipkp, disduk.zi]).toEqual([null, null, null]);
    expect(body.units.find((u) => u.slug === 'jahat')).toMatchObject({ name: FORMULA_NAME, latest: null });
    expect(body.wide!.respondents).toBe(20);
    expect(body.links).toEqual({ self: `${BASE}${API}/kab-uji`, csv: `${BASE}${API}/kab-uji?format=csv`, page: `${BASE}/p/kab-uji`, publications: `${BASE}${API}/kab-uji/publications` });
  });

  it('lists the revisions of a unit and of the instansi as a whole', async () => {
    const unit = await json(`${API}/kab-uji/units/dinkes/publications`, publicationListSchema);
    expect(unit.unit).toEqual({ slug: 'dinkes', name: 'Dinas Kesehatan' });
    expect(unit.publications).toHaveLength(1);
    expect(unit.publications[0]).toMatchObject({ period, kind: 'triwulan', revision: 1, newest: true });
    expect(unit.publications[0]!.links.csv).toBe(`${BASE}${API}/kab-uji/units/dinkes/publications/${period}?revision=1&format=csv`);
    const wide = await json(`${API}/kab-uji/publications`, publicationListSchema);
    expect(wide.unit).toBeNull();
    expect(wide.publications.map((p) => [p.period, p.revision])).toEqual([[period, 1]]);
    expect(wide.publications[0]!.links.self).toBe(`${BASE}${API}/kab-uji/publications/${period}?revision=1`);
    const none = await json(`${API}/kab-uji/units/jahat/publications`, publicationListSchema);
    expect(none.publications).toEqual([]);
  });

  it('gives one publication in full: the frozen snapshot and the published follow-up actions of its period', async () => {
    const body = await json(`${API}/kab-uji/units/dinkes/publications/${period}`, publicationSchema);
    const stored = (await currentPublication(database.db, { instansiId: world.instansi.id, unitId: world.dinkes.id }, period))!;
    expect(body.snapshot).toEqual(snapshotSchema.parse(stored.snapshot));
    expect(body.snapshot.instruments.map((i) => [i.card.kind, i.card.konversi])).toEqual([
      ['ikm', 78.89],
      ['ipak', 87.5],
      ['ipkp', 80],
    ]);
    expect(body).toMatchObject({ period, revision: 1, revisions: [1], publishedAt: stored.publishedAt.toISOString() });
    expect(body.followUps).toEqual([
      { unsur: 'U8', action: 'Kotak pengaduan di setiap loket', owner: 'Kasubag Umum', due: '2030-01-31', status: 'in_progress', evidence: null, updatedAt: expect.any(String) },
    ]);
    expect(body.links.image).toBe(`${BASE}/p/kab-uji/dinkes/${period}/card.png?revision=1`);
    expect(body.links.newest).toBe(body.links.self);
    const wide = await json(`${API}/kab-uji/publications/${period}?revision=1`, publicationSchema);
    expect(wide.unit).toBeNull();
    expect(wide.snapshot.respondents).toBe(20);
    expect(wide.followUps).toEqual([]);
    expect(wide.links.image).toBeUndefined();
    expect(wide.links.page).toBe(`${BASE}/p/kab-uji`);
  });

  it('downloads the units table as CSV, a formula in a unit name neutralised', async () => {
    const res = await get(`${API}/kab-uji?format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/csv; charset=utf-8; header=present');
    expect(res.headers.get('Content-Disposition')).toBe('attachment; filename="kab-uji-units.csv"');
    const text = await res.text();
    const lines = text.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines[0]).toBe(
      'unit,unit_name,period,revision,published_at,respondents,ikm_index,ikm_konversi,ikm_mutu,ipak_index,ipak_zi_value,ipkp_index,ipkp_zi_value,zi_status,zi_within_margin',
    );
    expect(lines).toHaveLength(4);
    const dinkes = lines.find((l) => l.startsWith('dinkes,'))!.split(',');
    expect(dinkes.slice(0, 4)).toEqual(['dinkes', 'Dinas Kesehatan', period, '1']);
    // the same values as the JSON, written as JSON writes numbers
    const latest = (await json(`${API}/kab-uji`, instansiSchema)).units.find((u) => u.slug === 'dinkes')!.latest!;
    expect(latest.ikm!.index).toBeCloseTo(3.1556, 4);
    expect(dinkes.slice(4)).toEqual([latest.publishedAt, '10', String(latest.ikm!.index), '78.89', 'B', '3.5', '15.31', '3.2', '14', 'none', String(latest.zi!.withinMargin)]);
    expect(lines.find((l) => l.startsWith('disduk,'))!.split(',').slice(6, 9)).toEqual(['4', '100', 'A']);
    // the apostrophe keeps the spreadsheet from running it; the quotes are RFC 4180's
    expect(lines.find((l) => l.startsWith('jahat,'))).toBe(`jahat,"'=HYPERLINK(""http://evil.example"",""klik"")"${','.repeat(13)}`);
  });

  it('downloads one publication per unsur as CSV', async () => {
    const res = await get(`${API}/kab-uji/units/dinkes/publications/${period}?format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Disposition')).toBe(`attachment; filename="kab-uji-dinkes-${period}-r1.csv"`);
    const lines = (await res.text()).split('\r\n').slice(0, -1);
    expect(lines[0]).toBe('instrument,unsur,name,name_en,answers,nrr,konversi,mutu');
    const body = await json(`${API}/kab-uji/units/dinkes/publications/${period}`, publicationSchema);
    const unsur = body.snapshot.instruments.flatMap((i) => i.card.unsur.map((u) => ({ instrument: i.card.instrument, ...u })));
    expect(lines).toHaveLength(1 + unsur.length);
    expect(unsur.length).toBe(9 + 5 + 9);
    expect(lines[1]).toMatch(/^skm,U1,Persyaratan,[^,]*,10,3\.2,80,B$/);
    expect(lines.slice(1).map((l) => l.split(',')[1])).toEqual(unsur.map((u) => u.code));
    const wide = await get(`${API}/kab-uji/publications/${period}?format=csv&revision=1`);
    expect(wide.headers.get('Content-Disposition')).toBe(`attachment; filename="kab-uji-instansi-${period}-r1.csv"`);
  });

  it('is open to every origin: CORS on answers and errors, and the preflight', async () => {
    const origin = { Origin: 'https://dinkes.example.go.id' };
    for (const path of [API, `${API}/kab-uji?format=csv`, `${API}/nope`, '/api/v1/openapi.json']) {
      const res = await get(path, origin);
      expect(res.headers.get('Access-Control-Allow-Origin'), path).toBe('*');
      expect(res.headers.get('X-Frame-Options'), path).toBeNull();
      expect(res.headers.get('Cross-Origin-Resource-Policy'), path).toBe('cross-origin');
    }
    const preflight = await app.request(`${API}/kab-uji`, { method: 'OPTIONS', headers: { ...origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'If-None-Match' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(preflight.headers.get('Access-Control-Allow-Methods')).toContain('GET');
    expect(preflight.headers.get('Access-Control-Allow-Headers')).toBe('If-None-Match');
    expect((await get(`${API}/kab-uji`, origin)).headers.get('Access-Control-Expose-Headers')).toContain('ETag');
  });

  it('is cacheable: Cache-Control, an ETag per answer and 304 when the client has it', async () => {
    const paths = [API, `${API}/kab-uji`, `${API}/kab-uji?format=csv`, `${API}/kab-uji/units/dinkes/publications`, `${API}/kab-uji/units/dinkes/publications/${period}?format=csv`, '/api/v1/openapi.json'];
    const etags = new Set<string>();
    for (const path of paths) {
      const first = await get(path);
      expect(first.status, path).toBe(200);
      expect(first.headers.get('Cache-Control'), path).toBe('public, max-age=300');
      const etag = first.headers.get('ETag')!;
      expect(etag, path).toMatch(/^"[\w-]+"$/);
      etags.add(etag);
      const again = await get(path, { 'If-None-Match': etag });
      expect(again.status, path).toBe(304);
      expect(await again.text()).toBe('');
      expect((await get(path, { 'If-None-Match': `W/${etag}` })).status).toBe(304);
      expect((await get(path, { 'If-None-Match': '"other"' })).status).toBe(200);
      const head = await app.request(path, { method: 'HEAD' });
      expect([head.status, head.headers.get('ETag'), await head.text()]).toEqual([200, etag, '']);
    }
    expect(etags.size).toBe(paths.length);
  });

  it('answers bad parameters with 400 naming them and unknown things with 404, as the JSON envelope', async () => {
    const cases: [string, number, RegExp][] = [
      [`${API}/kab-uji/units/dinkes/publications/${period}?revision=abc`, 400, /^revision: /],
      [`${API}/kab-uji/units/dinkes/publications/${period}?revision=0`, 400, /^revision: /],
      [`${API}/kab-uji/publications/${period}?format=xml`, 400, /^format: /],
      [`${API}/kab-uji?format=`, 400, /^format: /],
      [`${API}/kab-uji/units/dinkes/publications?format=csv`, 400, /^format: .*no CSV/],
      [`${API}?format=csv`, 400, /^format: /],
      [`${API}/kab-uji/units/dinkes/publications/2026-Q5`, 400, /^period: /],
      [`${API}/kab-nope`, 404, /kab-nope/],
      // found by test/fuzz/public-api.test.ts: PostgreSQL refused the NUL byte in its query, a 500
      [`${API}/kab%00uji/publications/${period}`, 404, /no instansi/],
      [`${API}/kab-kosong/units/x/publications`, 404, /"x"/],
      [`${API}/kab-uji/units/nope/publications/${period}`, 404, /"nope"/],
      [`${API}/kab-uji/units/dinkes/publications/2001-Q1`, 404, /2001-Q1 is not published/],
      [`${API}/kab-uji/units/dinkes/publications/${period}?revision=9`, 404, /revision 9/],
      [`${API}/kab-uji/units/jahat/publications/${period}`, 404, /not published/],
      ['/api/v1/public/nothing-here', 404, /no such open-data resource/],
    ];
    for (const [path, status, message] of cases) {
      // a browser asking for HTML still gets the envelope: these are read by scripts
      const res = await get(path, { Accept: 'text/html' });
      expect(res.status, path).toBe(status);
      expect(res.headers.get('Cache-Control'), path).toBe('no-store');
      const body = errorSchema.parse(await res.json());
      expect(body.error.message, path).toMatch(message);
      expect(body.error.code, path).toBe(status === 400 ? 'invalid' : 'not_found');
    }
  });

  it('serves an OpenAPI 3.1 document of every route in the table, generated from the schemas', async () => {
    const doc = await json('/api/v1/openapi.json', openApiSchema);
    expect(doc.openapi).toBe('3.1.0');
    const components = (doc.components as { schemas: Record<string, Record<string, unknown>>; securitySchemes: Record<string, unknown> }).schemas;
    const resolve = (schema: Record<string, unknown>) => (typeof schema.$ref === 'string' ? components[schema.$ref.replace('#/components/schemas/', '')]! : schema);
    type Operation = {
      operationId: string;
      parameters?: { name: string; in: string; schema: Record<string, unknown> }[];
      requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
      responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
      security?: unknown[];
    };
    const paths = doc.paths as Record<string, Record<string, Operation>>;
    expect(Object.keys(paths).sort()).toEqual([...new Set(ENDPOINT_IDS.map((id) => ENDPOINTS[id].path))].sort());
    for (const id of ENDPOINT_IDS) {
      const endpoint = ENDPOINTS[id];
      const operation = paths[endpoint.path]![endpoint.method]!;
      expect(operation.operationId).toBe(id);
      expect(Object.keys(operation.responses).map(Number)).toEqual(endpoint.statuses);
      for (const name of endpoint.path.match(/\{(\w+)\}/g)?.map((p) => p.slice(1, -1)) ?? []) {
        expect(operation.parameters!.find((p) => p.name === name), `${id} ${name}`).toMatchObject({ in: 'path', required: true });
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (status === '304') {
          expect(response.content).toBeUndefined();
          continue;
        }
        const schema = resolve(response.content!['application/json']!.schema);
        expect(schema.type, `${id} ${status}`).toBe('object');
        expect(schema.properties, `${id} ${status}`).toBeTypeOf('object');
        if (Number(status) >= 400) expect(response.content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/Error' });
      }
      if (endpoint.csv) expect(operation.responses['200']!.content!['text/csv']).toBeDefined();
    }
    // the snapshot's own schema is documented, with its numbers as numbers
    const snapshot = components.Snapshot as { properties: Record<string, Record<string, unknown>> };
    expect(Object.keys(snapshot.properties)).toEqual(Object.keys(snapshotSchema.shape));
    expect(resolve((components.Publication as { properties: Record<string, Record<string, unknown>> }).properties.snapshot!)).toBe(snapshot);
    expect((components.ScoreCard as { properties: Record<string, Record<string, unknown>> }).properties.konversi).toEqual(expect.objectContaining({ type: ['number', 'null'] }));
    // the invitations API: its request schema, its answer and its key
    const invitations = paths['/api/v1/invitations']!.post!;
    expect(Object.keys(invitations.requestBody!.content['application/json']!.schema.properties as object)).toEqual(['loket', 'count', 'ttlHours']);
    expect(invitations.security).toEqual([{ unitApiKey: [] }]);
    expect((doc.components as { securitySchemes: Record<string, unknown> }).securitySchemes.unitApiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    const revision = paths[ENDPOINTS.unitPublication.path]!.get!.parameters!.find((p) => p.name === 'revision')!;
    expect(revision).toMatchObject({ in: 'query', schema: { type: 'string', pattern: expect.any(String) } });
  });

  it('answers every path of the OpenAPI document for the seeded world', async () => {
    const doc = openApiSchema.parse(await (await get('/api/v1/openapi.json')).json());
    const values: Record<PathParam, string> = { instansi: 'kab-uji', unit: 'dinkes', period };
    for (const [template, operations] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      const path = template.replace(/\{(\w+)\}/g, (_, name: PathParam) => values[name]);
      for (const method of Object.keys(operations)) {
        const res = await app.request(path, { method: method.toUpperCase() });
        expect(res.status, `${method} ${path}`).not.toBe(404);
        // the invitations API wants its key
        expect(res.status, `${method} ${path}`).toBe(method === 'post' ? 401 : 200);
      }
    }
    // with its key, the invitations API answers what the document says it does
    const { key } = await addApiKey(database.db, { instansi: 'kab-uji', unit: 'dinkes', name: 'antrean' });
    const created = await app.request('/api/v1/invitations', {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(invitationRequest.parse({ loket: world.dinkes.loketCode, count: 2 })),
    });
    expect(created.status).toBe(201);
    expect(invitationAnswerSchema.parse(await created.json()).invitations).toHaveLength(2);
  });

  it('explains the API on a readable page, with every endpoint and working examples', async () => {
    const res = await get('/api');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html><html lang="id">/);
    expect(html).toContain('<h1>Data terbuka</h1>');
    expect(html).toContain(`href="${BASE}/api/v1/openapi.json"`);
    for (const id of ENDPOINT_IDS) {
      const endpoint = ENDPOINTS[id];
      expect(html, id).toContain(`${endpoint.method.toUpperCase()} ${endpoint.path}`);
    }
    // the examples name what is published here, so they answer when copied
    const examples = [...html.matchAll(/curl -s (?:-o data\.csv )?&#39;https:\/\/survei\.test([^&]+?(?:&amp;[^&]+?)*)&#39;<\/code>/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    expect(examples).toHaveLength(ENDPOINT_IDS.filter((id) => ENDPOINTS[id].method === 'get').length + ENDPOINT_IDS.filter((id) => ENDPOINTS[id].csv).length);
    expect(examples).toContain(fillPath(ENDPOINTS.unitPublication, { instansi: 'kab-uji', unit: 'disduk', period }));
    for (const example of examples) expect((await get(example)).status, example).toBe(200);
    const en = await (await get('/api?lang=en')).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('<h1>Open data</h1>');
    expect(en).toContain('<th scope="col">Meaning</th>');
  });

  it('keeps its numbers while answers arrive, until the team republishes; revision 2 says what changed', async () => {
    const paths = [`${API}/kab-uji`, `${API}/kab-uji?format=csv`, `${API}/kab-uji/units/dinkes/publications`, `${API}/kab-uji/units/dinkes/publications/${period}`];
    const before = await Promise.all(paths.map(async (p) => (await get(p)).text()));
    await world.answer('dinkes', 10, 1);
    freshApp();
    expect(await Promise.all(paths.map(async (p) => (await get(p)).text()))).toEqual(before);

    await world.publish('dinkes');
    freshApp();
    const list = await json(`${API}/kab-uji/units/dinkes/publications`, publicationListSchema);
    expect(list.publications.map((p) => [p.revision, p.newest])).toEqual([
      [2, true],
      [1, false],
    ]);
    const second = await json(`${API}/kab-uji/units/dinkes/publications/${period}`, publicationSchema);
    expect(second.revision).toBe(2);
    expect(second.revisions).toEqual([2, 1]);
    expect(second.snapshot.respondents).toBe(20);
    expect(second.snapshot.changes).toContainEqual({ instrument: 'skm', kind: 'ikm', unsur: null, field: 'konversi', from: 78.89, to: second.snapshot.instruments[0]!.card.konversi });
    expect(second.snapshot.changes).toContainEqual(expect.objectContaining({ field: 'respondents', from: 10, to: 20 }));
    const first = await json(`${API}/kab-uji/units/dinkes/publications/${period}?revision=1`, publicationSchema);
    expect(first.snapshot.changes).toEqual([]);
    expect(first.links.newest).toBe(second.links.self);
    const overview = await json(`${API}/kab-uji`, instansiSchema);
    expect(overview.units.find((u) => u.slug === 'dinkes')!.latest!.revision).toBe(2);
    // the instansi-wide figure was not republished: it keeps revision 1
    expect(overview.wide!.revision).toBe(1);
    expect(overview.wide!.respondents).toBe(20);
  });
});
