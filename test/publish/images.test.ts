// The social images: PNGs of the declared size that are not blank, the same bytes for the same
// revision, cached for good when asked by revision, shareable across origins; the SVG they are
// rendered from writes numbers in the page's language and escapes what the unit typed.
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { cardSvg, type CardInput } from '../../src/publish/card-image.ts';
import { fontMetrics } from '../../src/publish/font-metrics.ts';
import { IMMUTABLE_CACHE } from '../../src/publish/images.ts';
import { loadRenderAssets } from '../../src/publish/render-assets.ts';
import { SHARED_CACHE } from '../../src/publish/respond.ts';
import { currentPublication } from '../../src/results/publication.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { type PublishedWorld, seedPublishedWorld } from '../support/published.ts';

type App = ReturnType<typeof testApp>['app'];

/** Width and height from the PNG's IHDR chunk, which must come first. */
function ihdr(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  expect(new TextDecoder().decode(png.subarray(12, 16))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** How many distinct colours, and the share of pixels that are not the white background. */
function inked(png: Uint8Array): { colours: number; share: number } {
  const { data, width, height } = PNG.sync.read(Buffer.from(png));
  const colours = new Set<number>();
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) {
    const rgba = data.readUInt32BE(i);
    colours.add(rgba);
    if (rgba !== 0xffffffff) ink++;
  }
  return { colours: colours.size, share: ink / (width * height) };
}

async function image(app: App, path: string, headers: Record<string, string> = {}) {
  const res = await app.request(`https://survei.test${path}`, { headers });
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe('font metrics', () => {
  it('measure DejaVu Sans as wider for wider letters and proportionally to the size', async () => {
    const { fonts } = await loadRenderAssets();
    const bold = fontMetrics(fonts.bold);
    expect(bold.width('i', 100)).toBeLessThan(bold.width('m', 100));
    expect(bold.width('78,89', 200)).toBeCloseTo(bold.width('78,89', 100) * 2, 6);
    // DejaVu Sans Bold's digits are 0.696 em wide
    expect(bold.width('0', 1000)).toBeCloseTo(696, 0);
    expect(fontMetrics(fonts.regular).width('Mutu B · Baik', 30)).toBeLessThan(bold.width('Mutu B · Baik', 30));
  });
});

describe.each(DATABASE_KINDS)('social images (%s)', (kind) => {
  let database: DatabaseHandle;
  let world: PublishedWorld;
  let app: App;
  let base: string;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    world = await seedPublishedWorld(database.db);
    // disduk gets a revision 2; revision 1 stays visible in the archive
    await world.answer('disduk', 10, 1);
    await world.publish('disduk');
    app = testApp(database).app;
    base = `/p/kab-uji/dinkes/${world.period.code}`;
  });
  afterAll(async () => {
    await database?.close();
  });

  it.each([
    ['card', 1200, 630],
    ['square', 1080, 1080],
  ])('%s.png is a %i×%i PNG with the results drawn on it', async (size, width, height) => {
    const { res, bytes } = await image(app, `${base}/${size}.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('image/png');
    expect(ihdr(bytes)).toEqual({ width, height });
    const { colours, share } = inked(bytes);
    // text is anti-aliased and the figures coloured: a blank or one-colour image has a handful
    expect(colours).toBeGreaterThan(200);
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.9);
  });

  it('are the same bytes for the same revision, rendered anew by another server', async () => {
    const first = await image(app, `${base}/card.png`);
    const other = await image(testApp(database).app, `${base}/card.png`);
    expect(Buffer.from(other.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(other.res.headers.get('ETag')).toBe(first.res.headers.get('ETag'));
    const english = await image(app, `${base}/card.png?lang=en`);
    expect(Buffer.from(english.bytes).equals(Buffer.from(first.bytes))).toBe(false);
  });

  it('answer 304 to a known ETag; cache for good when asked by revision', async () => {
    const { res } = await image(app, `${base}/square.png`);
    const etag = res.headers.get('ETag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(res.headers.get('Cache-Control')).toBe(SHARED_CACHE);
    const again = await image(app, `${base}/square.png`, { 'If-None-Match': etag });
    expect(again.res.status).toBe(304);
    expect(again.bytes.length).toBe(0);

    const byRevision = await image(app, `${base}/square.png?revision=1`);
    expect(byRevision.res.status).toBe(200);
    expect(byRevision.res.headers.get('Cache-Control')).toBe(IMMUTABLE_CACHE);
    expect(byRevision.res.headers.get('ETag')).toBe(etag);
  });

  it('show the revision asked for, the newest by default', async () => {
    const disduk = `/p/kab-uji/disduk/${world.period.code}/card.png`;
    const newest = await image(app, disduk);
    const second = await image(app, `${disduk}?revision=2`);
    const first = await image(app, `${disduk}?revision=1`);
    expect(Buffer.from(second.bytes).equals(Buffer.from(newest.bytes))).toBe(true);
    expect(Buffer.from(first.bytes).equals(Buffer.from(newest.bytes))).toBe(false);
    expect(first.res.headers.get('Cache-Control')).toBe(IMMUTABLE_CACHE);
  });

  it('may be loaded by other origins', async () => {
    const { res } = await image(app, `${base}/card.png`);
    expect(res.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
    expect(res.headers.get('X-Frame-Options')).toBeNull();
  });

  it.each([
    ['/p/nowhere/dinkes/{period}/card.png', 404],
    ['/p/kab-uji/nounit/{period}/card.png', 404],
    ['/p/kab-uji/dinkes/2001-Q1/card.png', 404],
    ['/p/kab-uji/dinkes/{period}/card.png?revision=9', 404],
    ['/p/kab-uji/dinkes/2026-Q5/card.png', 400],
    ['/p/kab-uji/dinkes/kemarin/square.png', 400],
    ['/p/kab-uji/dinkes/{period}/card.png?revision=0', 400],
    ['/p/kab-uji/dinkes/{period}/card.png?revision=satu', 400],
    ['/p/kab-uji/dinkes/{period}/card.png?lang=fr', 400],
  ])('%s answers %i', async (path, status) => {
    const res = await app.request(`https://survei.test${path.replace('{period}', world.period.code)}`, { headers: { Accept: 'application/json' } });
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.message).toMatch(status === 400 ? /^(period|revision|lang):/ : /./);
  });

  it('carry the instansi logo once it has one', async () => {
    const before = await image(testApp(database).app, `${base}/card.png`);
    const logo = await image(app, `/p/kab-uji/disduk/${world.period.code}/square.png`);
    await database.db.updateTable('instansi').set({ logo: Buffer.from(logo.bytes), logo_type: 'image/png' }).where('id', '=', world.instansi.id).execute();
    const after = await image(testApp(database).app, `${base}/card.png`);
    expect(after.res.status).toBe(200);
    expect(Buffer.from(after.bytes).equals(Buffer.from(before.bytes))).toBe(false);
    expect(inked(after.bytes).colours).toBeGreaterThan(inked(before.bytes).colours);
  });

  describe('the SVG they are rendered from', () => {
    let input: CardInput;
    beforeAll(async () => {
      const publication = (await currentPublication(world.db, { instansiId: world.instansi.id, unitId: world.dinkes.id }, world.period.code))!;
      input = {
        size: 'card',
        lang: 'id',
        instansiName: 'Kabupaten Uji',
        unitName: 'Dinas Kesehatan',
        snapshot: publication.snapshot,
        revision: 2,
        url: 'https://survei.test/p/kab-uji/dinkes',
      };
    });

    it('writes numbers with a decimal comma in id, a point in en, and the verdicts in the dashboard words', async () => {
      const id = await cardSvg(input);
      expect(id).toContain('>78,89<');
      expect(id).toContain('>Mutu B · Baik<');
      expect(id).toContain('>3,5000<');
      expect(id).toContain('>Belum memenuhi*<');
      expect(id).toContain('>10 responden<');
      expect(id).toContain('revisi 2');
      expect(id).toContain('>survei.test/p/kab-uji/dinkes<');
      expect(id).not.toContain('78.89');
      const en = await cardSvg({ ...input, lang: 'en', size: 'square' });
      expect(en).toContain('>78.89<');
      expect(en).toContain('>3.5000<');
      expect(en).toContain('revision 2');
      expect(en).not.toContain('78,89');
      expect(await cardSvg({ ...input, revision: 1 })).not.toContain('revisi');
    });

    it('escapes what the unit and instansi typed', async () => {
      const svg = await cardSvg({ ...input, unitName: 'Unit <&> "Uji"', instansiName: "Kab <script>'x'" });
      expect(svg).toContain('Unit &lt;&amp;&gt; &quot;Uji&quot;');
      expect(svg).toContain('Kab &lt;script&gt;&#39;x&#39;');
      expect(svg).not.toContain('<&>');
      expect(svg).not.toContain('<script>');
    });

    it('wraps a long unit name onto two lines and cuts the rest with an ellipsis', async () => {
      const long = 'UPT Pusat Kesehatan Masyarakat Kecamatan Sukamaju Kabupaten Contoh Provinsi Jawa Barat Wilayah Selatan Bagian Timur';
      for (const size of ['card', 'square'] as const) {
        const svg = await cardSvg({ ...input, size, unitName: long });
        const lines = [...svg.matchAll(/<text [^>]*font-weight="bold" fill="#1b2430">([^<]*)<\/text>/g)].map((m) => m[1]!);
        // the unit's name comes first among the bold dark texts
        expect(lines[0]).toMatch(/^UPT Pusat Kesehatan/);
        expect(lines[1]).toMatch(/…$/);
        expect(long.startsWith(`${lines[0]} ${lines[1]!.slice(0, -1)}`)).toBe(true);
        expect(svg).not.toContain('Timur');
      }
      const short = await cardSvg({ ...input, unitName: 'Dinas Kesehatan' });
      expect(short).not.toContain('…');
    });

    it('embeds the logo as a data URI', async () => {
      const svg = await cardSvg({ ...input, logo: { bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]), type: 'image/png' } });
      expect(svg).toContain('href="data:image/png;base64,iVBORw=="');
    });
  });
});
