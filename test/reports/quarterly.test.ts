// The machine-readable export: a JSON document that passes its schema, round-trips through JSON,
// carries exactly the dashboard's ScoreCards and counts, and the same as CSV files in a ZIP.
import { unzipSync } from 'fflate';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReachedUnit } from '../../src/admin/access.ts';
import { loadDashboard } from '../../src/admin/dashboard/load.ts';
import { addUnit } from '../../src/admin/org.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { parseCsvStream } from '../../src/reports/csv.ts';
import { type QuarterlyExport, loadQuarterlyExport, quarterlyExportSchema, writeQuarterlyZip } from '../../src/reports/quarterly.ts';
import { SCORECARD_COLUMNS } from '../../src/reports/scorecards-csv.ts';
import { storeResponses } from '../../src/survey/store.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { IPAK, type PublishedWorld, SKM, seedPublishedWorld } from '../support/published.ts';
import { collectingSink, responseOf, unitVersions } from './responses-support.ts';

async function records(text: string): Promise<Record<string, string>[]> {
  const rows: string[][] = [];
  await parseCsvStream(Readable.from([text]), { record: (fields) => rows.push(fields) });
  const [header, ...body] = rows;
  return body.map((r) => Object.fromEntries(header!.map((name, i) => [name, r[i]!])));
}

describe.each(DATABASE_KINDS)('quarterly export (%s)', (kind) => {
  let database: DatabaseHandle;
  let world: PublishedWorld;
  let doc: QuarterlyExport;
  let units: ReachedUnit[];

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const db = database.db;
    world = await seedPublishedWorld(db);
    // a UPT under Dinkes, and five paper forms at Dinkes' Imunisasi
    await addUnit(db, { instansi: 'kab-uji', name: 'Puskesmas Kota', slug: 'pkm-kota', parent: 'dinkes', instruments: ['skm'] });
    const versions = await unitVersions(db, world.dinkes.id);
    const layanan = await db.selectFrom('layanan').where('unit_id', '=', world.dinkes.id).select('id').executeTakeFirstOrThrow();
    const at = new Date(Date.parse(`${world.period.from}T02:00:00Z`) + 40 * 86_400_000);
    await storeResponses(
      db,
      Array.from({ length: 5 }, () =>
        responseOf(world.dinkes.id, versions, { skm: Object.fromEntries(SKM.map((c) => [c, 2])), ipak: Object.fromEntries(IPAK.map((c) => [c, 3])) }, { submittedAt: at, channel: 'paper', layananId: layanan.id }),
      ),
    );
    await db.insertInto('population').values({ unit_id: world.dinkes.id, period: world.period.code, users: 50 }).execute();
    await db.insertInto('follow_up').values({ unit_id: world.dinkes.id, period: world.period.code, unsur_code: 'U8', action: 'Kotak saran', status: 'done' }).execute();
    doc = await loadQuarterlyExport(db, world.instansi.id, world.period);
    units = (await db.selectFrom('unit').select(['id', 'instansi_id as instansiId', 'slug', 'name', 'parent_id as parentId', 'active']).execute()) as ReachedUnit[];
  });
  afterAll(async () => {
    await database?.close();
  });

  it('passes its schema and survives a JSON round trip unchanged', () => {
    expect(doc.schema).toBe('survei.quarterly-export/1');
    const json = JSON.parse(JSON.stringify(doc)) as unknown;
    expect(quarterlyExportSchema.parse(json)).toEqual(doc);
    expect(json).toEqual(doc);
    expect(() => quarterlyExportSchema.parse({ ...doc, units: [{ ...doc.units[0], respondents: -1 }] })).toThrow();
    expect(doc.period).toEqual(world.period);
    expect(doc.instansi).toEqual({ slug: 'kab-uji', name: 'Kabupaten Uji', timeZone: 'Asia/Jakarta' });
    expect(Date.parse(doc.generatedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('holds exactly the dashboard ScoreCards, per unit, per layanan and pooled', async () => {
    const range = { from: world.period.from, to: world.period.to };
    const dashboard = await loadDashboard(database.db, units, true, { range, period: world.period, trend: [world.period] });
    expect(doc.total.scorecards).toEqual(dashboard.cards.map((c) => c.card));
    expect(doc.units.map((u) => u.slug)).toEqual(['dinkes', 'disduk', 'pkm-kota']);
    for (const u of doc.units) {
      const id = units.find((x) => x.slug === u.slug)!.id;
      expect(u.scorecards).toEqual((dashboard.perUnit!.get(id) ?? []).map((c) => c.card));
    }
    const dinkes = doc.units[0]!;
    const layanan = await database.db.selectFrom('layanan').where('unit_id', '=', world.dinkes.id).select('id').executeTakeFirstOrThrow();
    expect(dinkes.perLayanan).toEqual([{ name: 'Imunisasi', scorecards: dashboard.perLayanan.get(layanan.id)!.map((c) => c.card) }]);
    expect(dinkes.perLayanan[0]!.scorecards[0]).toMatchObject({ respondents: 5, konversi: 50, mutu: 'D' });
    expect(dinkes.scorecards.map((c) => [c.instrument, c.respondents])).toEqual([['skm', 15], ['ipak', 15], ['ipkp', 10]]);
    expect(dinkes.scorecards[1]!.zi).toBeDefined();
    expect('zi' in dinkes.scorecards[0]!).toBe(false);
  });

  it('counts population, minimum, channels, publication and follow-up per unit', () => {
    const [dinkes, disduk, upt] = doc.units;
    expect(dinkes).toMatchObject({
      name: 'Dinas Kesehatan',
      parent: null,
      active: true,
      population: 50,
      minimumSample: 44,
      sampleMet: false,
      respondents: 15,
      channels: { qr: 10, kiosk: 0, invitation: 0, paper: 5 },
      followUp: { planned: 0, in_progress: 0, done: 1, total: 1 },
    });
    expect(dinkes!.publication?.revision).toBe(1);
    expect(disduk).toMatchObject({ population: null, minimumSample: null, sampleMet: null, respondents: 10, channels: { qr: 10, paper: 0 } });
    expect(upt).toMatchObject({ parent: 'dinkes', respondents: 0, publication: null, scorecards: [], perLayanan: [], channels: { qr: 0, kiosk: 0, invitation: 0, paper: 0 } });
    expect(doc.total).toMatchObject({ respondents: 25, channels: { qr: 20, kiosk: 0, invitation: 0, paper: 5 } });
  });

  it('exports one unit alone, its total being that unit', async () => {
    const one = await loadQuarterlyExport(database.db, world.instansi.id, world.period, { unitId: world.disduk.id });
    expect(one.units.map((u) => u.slug)).toEqual(['disduk']);
    expect(one.units[0]!.scorecards).toEqual(doc.units[1]!.scorecards);
    expect(one.total.scorecards).toEqual(one.units[0]!.scorecards);
    await expect(loadQuarterlyExport(database.db, world.instansi.id, world.period, { unitId: crypto.randomUUID() })).rejects.toThrow(/not a unit of instansi kab-uji/);
  });

  it('zips the same content as CSV files, with the JSON and a README', async () => {
    const { sink, bytes } = collectingSink({ slow: true });
    await writeQuarterlyZip(doc, sink);
    const files = unzipSync(new Uint8Array(bytes()));
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'export.json', 'layanan.csv', 'scorecards.csv', 'units.csv']);
    const text = (name: string) => new TextDecoder().decode(files[name]);
    expect(JSON.parse(text('export.json'))).toEqual(doc);
    expect(text('README.txt')).toContain('survei.quarterly-export/1');

    const unitRows = await records(text('units.csv'));
    expect(unitRows.map((r) => r.unit)).toEqual(['dinkes', 'disduk', 'pkm-kota']);
    expect(unitRows[0]).toMatchObject({ population: '50', minimum_sample: '44', sample_met: 'false', respondents: '15', kanal_qr: '10', kanal_paper: '5', publication_revision: '1', follow_up_done: '1', follow_up_total: '1' });
    expect(unitRows[2]).toMatchObject({ parent: 'dinkes', population: '', publication_revision: '', published_at: '' });

    const cardRows = await records(text('scorecards.csv'));
    const cards = [...doc.units.flatMap((u) => u.scorecards.map((card) => ({ unit: u.slug, card }))), ...doc.total.scorecards.map((card) => ({ unit: '', card }))];
    expect(cardRows).toHaveLength(cards.reduce((n, c) => n + c.card.unsur.length + 1, 0));
    for (const { unit, card } of cards) {
      const rows = cardRows.filter((r) => r.unit === unit && r.instrument === card.instrument);
      expect(rows.map((r) => r.unsur)).toEqual([...card.unsur.map((u) => u.code), 'INDEX']);
      card.unsur.forEach((u, i) => {
        expect(Number(rows[i]!.nrr)).toBe(u.nrr);
        expect(Number(rows[i]!.konversi)).toBe(u.konversi);
        expect(rows[i]!.answers).toBe(String(u.answers));
      });
      const index = rows.at(-1)!;
      expect(Number(index.index)).toBe(card.index);
      expect(index).toMatchObject({ period: world.period.code, respondents: String(card.respondents), konversi: String(card.konversi), mutu: card.mutu, kinerja: card.kinerja });
      expect([Number(index.ci95_low), Number(index.ci95_high)]).toEqual(card.ci95);
      expect(index.zi_worksheet_value).toBe(card.zi ? String(card.zi.worksheetValue) : '');
      expect(index.zi_wbk_met).toBe(card.zi ? String(card.zi.wbk.met) : '');
    }
    const dinkesIkm = cardRows.find((r) => r.unit === 'dinkes' && r.instrument === 'skm' && r.unsur === 'INDEX')!;
    expect(dinkesIkm.konversi).toBe(String(doc.units[0]!.scorecards[0]!.konversi));

    const layananRows = await records(text('layanan.csv'));
    expect(Object.keys(layananRows[0]!)).toEqual(['unit', 'layanan', 'period', ...SCORECARD_COLUMNS]);
    const perLayanan = doc.units[0]!.perLayanan[0]!.scorecards;
    expect(layananRows).toHaveLength(perLayanan.reduce((n, c) => n + c.unsur.length + 1, 0));
    expect(layananRows.every((r) => r.unit === 'dinkes' && r.layanan === 'Imunisasi')).toBe(true);
    expect(layananRows.find((r) => r.instrument === 'skm' && r.unsur === 'INDEX')).toMatchObject({ respondents: '5', konversi: '50', mutu: 'D' });
  });
});
