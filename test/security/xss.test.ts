// Stored XSS and formula injection: names (instansi, unit, layanan, loket, a follow-up action) and
// a saran carrying every classic payload are stored through the real paths (org.ts as the command
// line does, the questionnaire post, the follow-up form), then every page, card, badge, image
// source and export that shows them is read back: no element, handler or javascript: URL comes
// out of them, the escaped text is there, the PDFs open and show the text literally, and no
// spreadsheet cell made from them is a formula.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInstansi, addLayanan, addLoket, addUnit, rotateLoketKeys } from '../../src/admin/org.ts';
import { addUser } from '../../src/admin/users.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { cardSvg } from '../../src/publish/card-image.ts';
import { foldPending } from '../../src/results/fold.ts';
import { localDate, periodBefore, periodOf } from '../../src/results/period.ts';
import { publish } from '../../src/results/publication.ts';
import { createInvitations } from '../../src/survey/invitations.ts';
import { storeResponses } from '../../src/survey/store.ts';
import { signFormToken } from '../../src/survey/token.ts';
import { Agent, TEST_PASSWORD } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { csvRecords, ESCAPED_SCRIPT, FORMULA_MARKERS, formulaLike, NAMES, unsafeMarkup } from './markup.ts';

const SECRET = 'test-secret-'.padEnd(40, 'x');
const SKM = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'];
/** downloads and images: read as files below, not as pages */
const NOT_A_PAGE = /\.(pdf|xlsx|csv|json|zip|png|svg)$|\/evidence$|\/logo$|:job/;

describe.each(DATABASE_KINDS)('stored payloads stay text (%s)', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  let admin: Agent;
  let loketCode: string;
  let kioskKey: string;
  let displayKey: string;
  let responseId: string;
  let followUpId: string;
  let userId: string;
  let invitation: string;
  let publication: Awaited<ReturnType<typeof publish>>;
  const now = new Date();
  const current = periodOf(localDate(now, 'Asia/Jakarta'), 'triwulan');
  const past = periodBefore(current);
  let dir: string;

  const get = async (path: string) => {
    const res = await app.request(`https://survei.test${path}`, { headers: { Accept: 'text/html' } });
    return { res, text: await res.text() };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'survei-xss-'));
    database = await openTestDatabase(kind);
    ({ app } = testApp(database));
    const db = database.db;
    const instansi = await addInstansi(db, { name: NAMES.instansi, slug: 'kab-xss', timeZone: 'WIB' }, 'Asia/Jakarta');
    const unit = await addUnit(db, { instansi: 'kab-xss', name: NAMES.unit, slug: 'dinas-xss', instruments: ['skm'] });
    const layanan = await addLayanan(db, { instansi: 'kab-xss', unit: 'dinas-xss', name: NAMES.layanan });
    const loket = await addLoket(db, { instansi: 'kab-xss', unit: 'dinas-xss', name: NAMES.loket });
    loketCode = loket.code;
    ({ kioskKey, displayKey } = await rotateLoketKeys(db, loketCode));
    const user = await addUser(db, { email: 'admin@xss.go.id', name: 'Admin XSS', role: 'admin', instansi: 'kab-xss', password: TEST_PASSWORD });
    userId = user.id;
    invitation = (await createInvitations(db, { loketCode, count: 1 })).invitations[0]!.token;

    // the last triwulan: answers to publish (the public side shows the names)
    const loketId = (await db.selectFrom('loket').where('code', '=', loketCode).select('id').executeTakeFirstOrThrow()).id;
    const version = (await sql<{ id: string }>`select v.id from instrument_version v join instrument i on i.id = v.instrument_id where i.code = 'skm' order by v.version desc limit 1`.execute(db)).rows[0]!.id;
    const at = (i: number) => new Date(Date.parse(`${past.from}T05:00:00Z`) + 20 * 86_400_000 + i * 60_000);
    await storeResponses(
      db,
      Array.from({ length: 6 }, (_, i) => ({
        id: crypto.randomUUID(),
        unitId: unit.id,
        loketId,
        layananId: layanan.id,
        channel: 'qr' as const,
        submittedAt: at(i),
        saran: NAMES.saran,
        answers: SKM.map((itemCode, u) => ({ versionId: version, itemCode, value: (((i + u) % 4) + 1) as 1 | 2 | 3 | 4 })),
      })),
    );

    // this triwulan: a citizen's saran through the real questionnaire post
    const form = await get(`/s/${loketCode}`);
    const token = /name="token" value="([^"]+)"/.exec(form.text)![1]!;
    const payload = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
    const fields = { token: signFormToken(SECRET, { ...payload, t: Date.now() - 20_000 }), layanan: layanan.id, saran: NAMES.saran, ...Object.fromEntries(SKM.map((c, i) => [`skm:${c}`, String((i % 4) + 1)])) };
    const posted = await app.request(`https://survei.test/s/${loketCode}`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    expect(posted.status).toBe(303);
    responseId = payload.s;
    await foldPending(db);

    admin = new Agent(app);
    expect((await admin.signIn('admin@xss.go.id')).status).toBe(303);
    // a published follow-up action through the workspace form; a javascript: evidence link is refused
    const refused = await admin.post('/admin/follow-up/dinas-xss', { period: past.code, unsur_code: 'U1', action: NAMES.action, evidence: 'javascript:alert(1)', published: '1' }, { from: `/admin/follow-up/dinas-xss?period=${past.code}` });
    expect(refused.status).toBe(400);
    const added = await admin.post('/admin/follow-up/dinas-xss', { period: past.code, unsur_code: 'U1', action: NAMES.action, published: '1' }, { from: `/admin/follow-up/dinas-xss?period=${past.code}` });
    expect(added.status).toBe(303);
    followUpId = (await db.selectFrom('follow_up').select('id').executeTakeFirstOrThrow()).id;
    expect(await db.selectFrom('follow_up').select('evidence').where('evidence', 'is not', null).execute()).toEqual([]);

    publication = await publish(db, { instansiId: instansi.id, unitId: unit.id, period: past.code, userId });
    await publish(db, { instansiId: instansi.id, unitId: null, period: past.code, userId });
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await database?.close();
  });

  /** Fills a workspace route's parameters with this world's objects. */
  function fill(path: string): string {
    return path.replace(/:(\w+)/g, (_, name: string, offset: number) => {
      const before = path.slice(0, offset);
      if (name === 'unit') return 'dinas-xss';
      if (name === 'instansi') return 'kab-xss';
      if (name === 'code') return /\/instruments\/$/.test(before) ? 'skm' : loketCode;
      if (/\/(responses|saran)\/$/.test(before)) return responseId;
      if (/\/follow-up\/[^/]+\/$/.test(before)) return followUpId;
      if (/\/users\/$/.test(before)) return userId;
      throw new Error(`xss test: no value for :${name} in ${path}`);
    });
  }

  /** A cell holding a stored name or saran: never formula-like; one that was is kept with the apostrophe in front. */
  function checkCell(where: string, cell: string, found: Set<string>) {
    if (!cell.includes('alert(1)')) return;
    expect(formulaLike(cell), `${where}: ${cell}`).toBe(false);
    for (const [key, name] of Object.entries(NAMES)) {
      if (cell === name || cell === `'${name}`) {
        found.add(key);
        expect(cell, where).toBe(`'${name}`);
      }
    }
  }

  it('renders every workspace page with the payloads as text', async () => {
    const paths = app.routes
      .filter((r) => r.method === 'GET' && r.path.startsWith('/admin') && !r.path.includes('*') && !NOT_A_PAGE.test(r.path) && r.path !== '/admin/setup')
      .map((r) => fill(r.path))
      .filter((p, i, all) => all.indexOf(p) === i);
    expect(paths.length).toBeGreaterThan(20);
    const problems: string[] = [];
    const showing = new Set<string>();
    for (const base of paths) {
      // every page once as it opens, once for the published triwulan; the saran also revealed
      const variants = [base, `${base}?period=${past.code}`, ...(base.startsWith('/admin/saran/') ? [`${base}?reveal=1`] : [])];
      for (const path of variants) {
        const { res, text } = await admin.page(path);
        if (res.status !== 200) problems.push(`${path} answered ${res.status}`);
        for (const p of unsafeMarkup(text)) problems.push(`${path}: ${p}`);
        if (text.includes(ESCAPED_SCRIPT)) showing.add(base);
      }
    }
    expect(problems).toEqual([]);
    // the pages that name the unit, its lokets, layanan, saran and actions show them escaped
    for (const page of ['/admin', '/admin/dashboard', '/admin/dashboard/dinas-xss', '/admin/units', '/admin/units/dinas-xss', '/admin/responses', `/admin/responses/${responseId}`, '/admin/saran', `/admin/saran/${responseId}`, '/admin/reports/dinas-xss', '/admin/publish', '/admin/publish/dinas-xss', '/admin/follow-up/dinas-xss', `/admin/follow-up/dinas-xss/${followUpId}`, '/admin/instansi']) {
      expect(showing, page).toContain(page);
    }
    const saran = await admin.page(`/admin/saran/${responseId}`);
    expect(saran.text).toContain('Saran &lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(1)&gt; javascript:alert(1) &lt;/style&gt;&lt;svg onload=alert(1)&gt; {{7*7}} &#39;--');
    const lokets = await admin.page('/admin/units/dinas-xss');
    expect(lokets.text).toContain('Loket &lt;script&gt;');
    expect(lokets.text).toContain('Layanan &lt;script&gt;');
  });

  it('renders the citizen pages (questionnaire, kiosk, loket screen, invitation, thank-you) with the payloads as text', async () => {
    const problems: string[] = [];
    for (const path of [`/s/${loketCode}`, `/s/${loketCode}?lang=en`, `/k/${loketCode}?key=${kioskKey}`, `/d/${loketCode}?key=${displayKey}`, `/i/${invitation}`, `/s/${loketCode}/terima-kasih`, `/k/${loketCode}/selesai?key=${kioskKey}`]) {
      const { res, text } = await get(path);
      expect(res.status, path).toBe(200);
      for (const p of unsafeMarkup(text)) problems.push(`${path}: ${p}`);
      expect(text, path).toContain(ESCAPED_SCRIPT);
    }
    expect(problems).toEqual([]);
    const form = (await get(`/s/${loketCode}`)).text;
    expect(form).toContain('Dinas &lt;script&gt;');
    expect(form).toContain('Loket &lt;script&gt;');
    expect(form).not.toContain('>49<');
  });

  it('renders the public pages, the embed card and the API page with the payloads as text', async () => {
    const problems: string[] = [];
    for (const path of ['/', '/p/kab-xss', '/p/kab-xss/dinas-xss', `/p/kab-xss/dinas-xss/${past.code}`, '/embed/kab-xss/dinas-xss', '/embed/kab-xss/dinas-xss?lang=en']) {
      const { res, text } = await get(path);
      expect(res.status, path).toBe(200);
      for (const p of unsafeMarkup(text)) problems.push(`${path}: ${p}`);
      expect(text, path).toContain(ESCAPED_SCRIPT);
    }
    expect(problems).toEqual([]);
    // the published follow-up action is on the unit page, escaped
    expect((await get(`/p/kab-xss/dinas-xss/${past.code}`)).text).toContain('Tindakan &lt;script&gt;');
    const api = await get('/api');
    expect(unsafeMarkup(api.text)).toEqual([]);
  });

  it('escapes the names in the badge SVG and in the social image\'s SVG source', async () => {
    const badge = await get('/badge/kab-xss/dinas-xss/ikm.svg');
    expect(badge.res.status).toBe(200);
    expect(badge.res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(unsafeMarkup(badge.text)).toEqual([]);
    expect(badge.text).toContain(ESCAPED_SCRIPT);
    expect(badge.text).not.toMatch(/<(script|img|style|foreignObject)\b/i);

    const svg = await cardSvg({ size: 'card', lang: 'id', instansiName: NAMES.instansi, unitName: NAMES.unit, snapshot: publication.snapshot, revision: publication.revision, url: 'https://survei.test/p/kab-xss/dinas-xss' });
    expect(unsafeMarkup(svg)).toEqual([]);
    expect(svg).not.toMatch(/<(script|img|foreignObject)\b/i);
    expect(svg).toContain('&lt;script&gt;');
    const png = await app.request(`https://survei.test/p/kab-xss/dinas-xss/${past.code}/card.png`);
    expect(png.status).toBe(200);
    expect(png.headers.get('content-type')).toBe('image/png');
  });

  it('writes the PDFs with the payloads as literal text and nothing that runs', async () => {
    const pdfs = [
      `/admin/reports/dinas-xss/laporan.pdf?period=${past.code}`,
      `/admin/reports/dinas-xss/zi-bukti.pdf?year=${past.code.slice(0, 4)}`,
      `/admin/reports/_instansi/rekap.pdf?period=${past.code}`,
      `/admin/units/dinas-xss/lokets/${loketCode}/poster.pdf`,
    ];
    for (const [i, path] of pdfs.entries()) {
      const res = await admin.request(path);
      expect(res.status, path).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      // no action or script object in the document: text never becomes PDF structure
      expect(bytes.toString('latin1'), path).not.toMatch(/\/(JavaScript|JS|OpenAction|Launch|URI)\b/);
      const file = join(dir, `${i}.pdf`);
      writeFileSync(file, bytes);
      expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' }), path).toMatch(/Pages:\s+[1-9]/);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      expect(text, path).toContain('<script>alert(1)</script>');
    }
  });

  it('neutralises formula-like names and saran in every CSV and XLSX export', async () => {
    const csvs = [`/admin/reports/dinas-xss/jawaban.csv?period=${current.code}`, `/admin/reports/dinas-xss/jawaban.csv?period=${past.code}`, `/admin/reports/dinas-xss/scorecard.csv?period=${past.code}`, '/admin/audit.csv', '/admin/reports/dinas-xss/import/template.csv'];
    const found = new Set<string>();
    for (const path of csvs) {
      const res = await admin.request(path);
      expect(res.status, path).toBe(200);
      for (const cell of csvRecords(await res.text()).flat()) checkCell(path, cell, found);
    }
    // the responses name the loket by its code and the unit by the file
    expect([...found].sort(), 'names and saran in the CSVs').toEqual(['layanan', 'saran']);

    const xlsxs = [`/admin/reports/dinas-xss/tabulasi.xlsx?period=${current.code}`, `/admin/reports/dinas-xss/tabulasi.xlsx?period=${past.code}`, `/admin/reports/_instansi/rekap.xlsx?period=${past.code}`, '/admin/reports/dinas-xss/import/template.xlsx'];
    found.clear();
    for (const path of xlsxs) {
      const res = await admin.request(path);
      expect(res.status, path).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
      book.eachSheet((sheet) =>
        sheet.eachRow((row) =>
          row.eachCell((cell) => {
            const where = `${path} ${sheet.name}!${cell.address}`;
            const value = cell.value as unknown;
            if (value && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value)) {
              // formulas are the workbook's own sums; none carries user text
              const formula = String((value as { formula?: string }).formula ?? (value as { sharedFormula?: string }).sharedFormula);
              for (const marker of FORMULA_MARKERS) expect(formula, where).not.toContain(marker);
              return;
            }
            const text = typeof value === 'string' ? value : value && typeof value === 'object' && 'richText' in value ? (value as { richText: { text: string }[] }).richText.map((r) => r.text).join('') : '';
            checkCell(where, text, found);
          }),
        ),
      );
    }
    expect([...found].sort(), 'names and saran in the workbooks').toEqual(expect.arrayContaining(['layanan', 'loket', 'saran', 'unit']));
  });
});
