// The badge: the published index in both languages, the ZI status in short, "belum ada" when there
// is nothing to show, escaping, widths that follow the text, its headers, and numbers that wait for
// republishing.
import { ziDecimals } from '../../src/publish/badge.ts';
import { evaluateZi, type ScoreCard } from '../../src/scoring/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUnit } from '../../src/admin/org.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { BADGE_COLOURS, badgeSvg, textWidth } from '../../src/publish/badge-svg.ts';
import { SHARED_CACHE } from '../../src/publish/respond.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { type PublishedWorld, seedPublishedWorld } from '../support/published.ts';

type App = ReturnType<typeof testApp>['app'];

/** The badge's two texts (label, value), its title, its colour and its widths. */
function read(svg: string) {
  const texts = [...svg.matchAll(/<text x="([\d.]+)" textLength="([\d.]+)"[^>]*y="14">([^<]*)<\/text>/g)];
  const rects = [...svg.matchAll(/<rect (?:x="\d+" )?width="(\d+)" height="20" fill="(#[0-9a-f]{6})"\/>/g)];
  return {
    label: texts[0]![3],
    value: texts[1]![3],
    title: /<title>([^<]*)<\/title>/.exec(svg)![1],
    ariaLabel: /aria-label="([^"]*)"/.exec(svg)![1],
    width: Number(/^<svg [^>]*width="(\d+)"/.exec(svg)![1]),
    parts: rects.map((r) => Number(r[1])),
    textLengths: texts.map((t) => Number(t[2])),
    colour: rects[1]![2],
  };
}

describe('badge drawing', () => {
it('is as wide as its texts in Verdana 11px: a longer text makes a wider part', () => {
  expect(textWidth('i')).toBeLessThan(textWidth('m'));
  expect(textWidth('é')).toBe(textWidth('e'));
  expect(textWidth('78,89 · B')).toBeCloseTo(51.3, 1);
  const short = read(badgeSvg({ label: 'IKM', value: '1', colour: 'A', title: 'x' }));
  const long = read(badgeSvg({ label: 'IKM', value: '100,00 · A', colour: 'A', title: 'x' }));
  expect(long.width).toBeGreaterThan(short.width);
  expect(long.parts[0]).toBe(short.parts[0]);
  for (const b of [short, long, read(badgeSvg({ label: 'IPKP Dinas Kependudukan', value: 'WWWWW', colour: 'none', title: 'x' }))]) {
    expect(b.width).toBe(b.parts[0]! + b.parts[1]!);
    // each text fits its part with room on both sides
    expect(b.parts[0]!).toBeGreaterThanOrEqual(b.textLengths[0]! + 10);
    expect(b.parts[1]!).toBeGreaterThanOrEqual(b.textLengths[1]! + 10);
  }
});
});

describe.each(DATABASE_KINDS)('badge (%s)', (kind) => {
  let database: DatabaseHandle;
  let world: PublishedWorld;
  let app: App;
  const badge = async (path: string, client: App = app) => {
    const res = await client.request(path);
    return { res, svg: await res.text() };
  };

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    world = await seedPublishedWorld(database.db);
    await addUnit(world.db, { instansi: 'kab-uji', name: `Bagian <Umum> & "Tata" 'Usaha'`, slug: 'umum' });
    app = testApp(database).app;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('shows each index with its status, in Indonesian and with ?lang=en in English', async () => {
    const cases: [string, string, string, string][] = [
      ['ikm.svg', 'IKM', '78,89 · B', BADGE_COLOURS.B],
      ['ikm.svg?lang=en', 'IKM', '78.89 · B', BADGE_COLOURS.B],
      ['ipak.svg', 'IPAK', '3,50 · belum WBK', BADGE_COLOURS.C],
      ['ipak.svg?lang=en', 'IPAK', '3.50 · not yet WBK', BADGE_COLOURS.C],
      ['ipkp.svg', 'IPKP', '3,20 · WBK', BADGE_COLOURS.B],
      ['ipkp.svg?lang=en', 'IPKP', '3.20 · WBK', BADGE_COLOURS.B],
    ];
    for (const [file, label, value, colour] of cases) {
      const { res, svg } = await badge(`/badge/kab-uji/dinkes/${file}`);
      expect(res.status, file).toBe(200);
      expect(read(svg), file).toMatchObject({ label, value, colour });
    }
    const ikm = read((await badge('/badge/kab-uji/dinkes/ikm.svg')).svg);
    expect(ikm.title).toMatch(/^IKM Dinas Kesehatan \(Triwulan I{1,3}V? \d{4}\): 78,89 · mutu B \(Baik\)$/);
    expect(ikm.ariaLabel).toBe(ikm.title);
    expect(read((await badge('/badge/kab-uji/dinkes/ipak.svg')).svg).title).toMatch(/: 3,50 · Belum memenuhi WBK \(dalam batas margin of error\)$/);
    expect(read((await badge('/badge/kab-uji/dinkes/ipkp.svg?lang=en')).svg).title).toMatch(/: 3\.20 · Meets WBK \(within the margin of error\)$/);
    expect(read((await badge('/badge/kab-uji/disduk/ikm.svg')).svg)).toMatchObject({ value: '100,00 · A', colour: BADGE_COLOURS.A });
    // "ipk" is what units still call the IPAK: the same badge
    expect((await badge('/badge/kab-uji/dinkes/ipk.svg')).svg).toBe((await badge('/badge/kab-uji/dinkes/ipak.svg')).svg);
  });

  it('says "belum ada" in grey when the instrument is not in the publication or nothing is published', async () => {
    for (const path of ['/badge/kab-uji/disduk/ipak.svg', '/badge/kab-uji/umum/ikm.svg']) {
      const { res, svg } = await badge(path);
      expect(res.status, path).toBe(200);
      expect(read(svg), path).toMatchObject({ value: 'belum ada', colour: BADGE_COLOURS.none });
    }
    expect(read((await badge('/badge/kab-uji/umum/ipkp.svg?lang=en')).svg).value).toBe('none yet');
  });

  it('escapes every text: a unit named with < & " \' > stays well-formed XML', async () => {
    const { svg } = await badge('/badge/kab-uji/umum/ikm.svg');
    expect(read(svg).title).toBe('IKM Bagian &lt;Umum&gt; &amp; &quot;Tata&quot; &#39;Usaha&#39;: belum ada hasil yang diterbitkan');
    expect(svg).not.toContain('<Umum>');
    // every & starts an entity, and no text or attribute holds a raw < or "
    expect(svg.match(/&(?!(?:amp|lt|gt|quot|#39);)/g)).toBeNull();
    expect(svg.replace(/<\/?[a-zA-Z][^<>"]*(?:"[^"<]*"[^<>"]*)*\/?>/g, '')).not.toMatch(/[<>"]/);
  });

  it('sends SVG with its own policy, cross-origin, shared caching, an ETag and 304; no X-Frame-Options', async () => {
    const { res } = await badge('/badge/kab-uji/dinkes/ikm.svg');
    expect(res.headers.get('Content-Type')).toBe('image/svg+xml; charset=utf-8');
    expect(res.headers.get('Content-Security-Policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    expect(res.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
    expect(res.headers.get('X-Frame-Options')).toBeNull();
    expect(res.headers.get('Cache-Control')).toBe(SHARED_CACHE);
    const etag = res.headers.get('ETag')!;
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    expect((await app.request('/badge/kab-uji/dinkes/ikm.svg', { headers: { 'If-None-Match': etag } })).status).toBe(304);
    expect((await app.request('/badge/kab-uji/dinkes/ikm.svg?lang=en')).headers.get('ETag')).not.toBe(etag);
    // the badge's language is ?lang alone: a cookie changes nothing
    expect((await app.request('/badge/kab-uji/dinkes/ikm.svg', { headers: { Cookie: 'lang=en' } })).headers.get('ETag')).toBe(etag);
  });

  it('answers an unknown unit or instansi with a 404 badge and a bad index or lang with a 400 badge naming it', async () => {
    for (const path of ['/badge/kab-uji/tidak-ada/ikm.svg', '/badge/kab-lain/dinkes/ipkp.svg']) {
      const { res, svg } = await badge(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('Content-Type')).toBe('image/svg+xml; charset=utf-8');
      expect(read(svg).value).toBe('tidak ditemukan');
    }
    const index = await badge('/badge/kab-uji/dinkes/ikp.svg');
    expect(index.res.status).toBe(400);
    expect(read(index.svg)).toMatchObject({ label: 'index', value: 'ikm, ipak, ipk, ipkp' });
    const lang = await badge('/badge/kab-uji/dinkes/ikm.svg?lang=fr');
    expect(lang.res.status).toBe(400);
    expect(read(lang.svg).title).toBe('Lencana tidak valid: lang: harus salah satu dari id, en.');
    expect((await badge('/badge/kab-uji/dinkes/ikm.png')).res.status).toBe(400);
  });

  it('keeps the published number while answers arrive; republishing changes it', async () => {
    await world.answer('dinkes', 10, 1);
    expect(read((await badge('/badge/kab-uji/dinkes/ikm.svg', testApp(database).app)).svg).value).toBe('78,89 · B');
    await world.publish('dinkes');
    expect(read((await badge('/badge/kab-uji/dinkes/ikm.svg', testApp(database).app)).svg)).toMatchObject({ value: '51,94 · D', colour: BADGE_COLOURS.D });
    // IPAK had no new answers: the same number in the new revision
    expect(read((await badge('/badge/kab-uji/dinkes/ipak.svg', testApp(database).app)).svg).value).toBe('3,50 · belum WBK');
  });
});

describe('the badge’s decimals', () => {
  const card = (kind: 'ipak' | 'ipkp', index: number) => computeLike(kind, index);
  it('shows 2 decimals, and 4 where 2 would seem to contradict the verdict', () => {
    expect(ziDecimals(card('ipak', 3.5985))).toBe(4);
    expect(ziDecimals(card('ipak', 3.5))).toBe(2);
    expect(ziDecimals(card('ipak', 3.6))).toBe(2);
    expect(ziDecimals(card('ipkp', 3.1985))).toBe(4);
    expect(ziDecimals(card('ipkp', 3.2))).toBe(2);
  });
});

/** The parts of a ScoreCard the decimals depend on: the index and its ZI verdicts. */
function computeLike(kind: 'ipak' | 'ipkp', index: number): ScoreCard {
  return { instrument: kind, kind, respondents: 10, unsur: [], index, konversi: null, mutu: null, kinerja: null, ci95: null, zi: evaluateZi(kind, index) };
}
