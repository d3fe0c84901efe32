// A small world with published results, for the tests of publications, public pages, embeds,
// badges, images and open data: "Kabupaten Uji" with two units, answers in the last triwulan
// (a complete period), and helpers to add more answers and to publish.
import type { Kysely } from 'kysely';
import { addInstansi, addLayanan, addLoket, addUnit } from '../../src/admin/org.ts';
import { addUser } from '../../src/admin/users.ts';
import type { Database } from '../../src/db/types.ts';
import { localDate, type Period, periodBefore, periodOf } from '../../src/results/period.ts';
import { type Publication, publish } from '../../src/results/publication.ts';
import { type NewResponse, storeResponses } from '../../src/survey/store.ts';
import { tenAnswersSumming } from '../scoring/helpers.ts';
import { TEST_PASSWORD } from './admin.ts';

export const SKM = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'];
export const IPAK = ['A1', 'A2', 'A3', 'A4', 'A5'];
export const IPKP = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8a', 'P8b', 'P9a', 'P9b'];

export interface PublishedWorld {
  db: Kysely<Database>;
  instansi: { id: string; slug: 'kab-uji' };
  /** Dinas Kesehatan: SKM, IPAK and IPKP; DOMAIN.md §5's ten citizens (IKM 78,89 B), IPAK 3,50, IPKP 3,20 */
  dinkes: { id: string; slug: 'dinkes'; loketCode: string; loketId: string };
  /** Dinas Kependudukan: SKM only; ten citizens answering 4 everywhere (IKM 100,00 A) */
  disduk: { id: string; slug: 'disduk'; loketCode: string; loketId: string };
  /** the last complete triwulan, in which the answers were given */
  period: Period;
  adminId: string;
  /** stores `count` more responses in the unit during `period`; every answer `value` */
  answer(unit: 'dinkes' | 'disduk', count: number, value: 1 | 2 | 3 | 4): Promise<string[]>;
  /** publishes the unit (or, with null, the whole instansi) for `period` as the admin */
  publish(unit: 'dinkes' | 'disduk' | null): Promise<Publication>;
}

/** Users: admin@uji.go.id (admin), a@uji.go.id (unit_admin of dinkes), pimpinan@uji.go.id (viewer); password TEST_PASSWORD. */
export async function seedPublishedWorld(db: Kysely<Database>, { publishNow = true } = {}): Promise<PublishedWorld> {
  const instansi = await addInstansi(db, { name: 'Kabupaten Uji', slug: 'kab-uji', timeZone: 'WIB' }, 'Asia/Jakarta');
  const dinkesId = (await addUnit(db, { instansi: 'kab-uji', name: 'Dinas Kesehatan', slug: 'dinkes', instruments: ['skm', 'ipak', 'ipkp'] })).id;
  const disdukId = (await addUnit(db, { instansi: 'kab-uji', name: 'Dinas Kependudukan dan Pencatatan Sipil', slug: 'disduk', instruments: ['skm'] })).id;
  await addLayanan(db, { instansi: 'kab-uji', unit: 'dinkes', name: 'Imunisasi' });
  const dinkesLoket = await addLoket(db, { instansi: 'kab-uji', unit: 'dinkes', name: 'Loket Imunisasi', layanan: 'Imunisasi' });
  const disdukLoket = await addLoket(db, { instansi: 'kab-uji', unit: 'disduk', name: 'Loket KTP' });
  const admin = await addUser(db, { email: 'admin@uji.go.id', name: 'Admin Uji', role: 'admin', instansi: 'kab-uji', password: TEST_PASSWORD });
  await addUser(db, { email: 'a@uji.go.id', name: 'Admin Dinkes', role: 'unit_admin', instansi: 'kab-uji', units: ['dinkes'], password: TEST_PASSWORD });
  await addUser(db, { email: 'pimpinan@uji.go.id', name: 'Pimpinan', role: 'viewer', instansi: 'kab-uji', password: TEST_PASSWORD });
  const period = periodBefore(periodOf(localDate(new Date(), 'Asia/Jakarta'), 'triwulan'));

  const loketIds = new Map(
    (await db.selectFrom('loket').where('code', 'in', [dinkesLoket.code, disdukLoket.code]).select(['id', 'code']).execute()).map((l) => [l.code, l.id]),
  );
  const versionsOf = async (unitId: string) =>
    new Map(
      (
        await db
          .selectFrom('unit_instrument as ui')
          .innerJoin('instrument as i', 'i.id', 'ui.instrument_id')
          .where('ui.unit_id', '=', unitId)
          .select(['i.code', 'ui.version_id'])
          .execute()
      ).map((r) => [r.code, r.version_id]),
    );
  const units = {
    dinkes: { id: dinkesId, slug: 'dinkes' as const, loketCode: dinkesLoket.code, loketId: loketIds.get(dinkesLoket.code)!, versions: await versionsOf(dinkesId) },
    disduk: { id: disdukId, slug: 'disduk' as const, loketCode: disdukLoket.code, loketId: loketIds.get(disdukLoket.code)!, versions: await versionsOf(disdukId) },
  };
  // mid-period, at noon WIB, a minute apart: every answer falls in `period`
  let minute = 0;
  const at = () => new Date(Date.parse(`${period.from}T05:00:00Z`) + 20 * 86_400_000 + minute++ * 60_000);
  const response = (unit: keyof typeof units, answers: Record<string, Record<string, number>>): NewResponse => {
    const u = units[unit];
    return {
      id: crypto.randomUUID(),
      unitId: u.id,
      loketId: u.loketId,
      layananId: null,
      channel: 'qr',
      trust: 'open',
      submittedAt: at(),
      answers: Object.entries(answers).flatMap(([instrument, values]) =>
        Object.entries(values).map(([itemCode, value]) => ({ versionId: u.versions.get(instrument)!, itemCode, value: value as 1 | 2 | 3 | 4 })),
      ),
    };
  };
  const skmColumns = [32, 30, 28, 40, 31, 33, 35, 26, 29].map(tenAnswersSumming);
  await storeResponses(
    db,
    Array.from({ length: 10 }, (_, r) =>
      response('dinkes', {
        skm: Object.fromEntries(SKM.map((code, u) => [code, skmColumns[u]![r]!])),
        ipak: Object.fromEntries(IPAK.map((code) => [code, r < 5 ? 4 : 3])),
        ipkp: Object.fromEntries(IPKP.map((code) => [code, r < 2 ? 4 : 3])),
      }),
    ),
  );
  await storeResponses(db, Array.from({ length: 10 }, () => response('disduk', { skm: Object.fromEntries(SKM.map((code) => [code, 4])) })));

  const world: PublishedWorld = {
    db,
    instansi: { id: instansi.id, slug: 'kab-uji' },
    dinkes: units.dinkes,
    disduk: units.disduk,
    period,
    adminId: admin.id,
    async answer(unit, count, value) {
      const responses = Array.from({ length: count }, () => response(unit, { skm: Object.fromEntries(SKM.map((code) => [code, value])) }));
      await storeResponses(db, responses);
      return responses.map((r) => r.id);
    },
    publish(unit) {
      return publish(db, { instansiId: instansi.id, unitId: unit ? units[unit].id : null, period: period.code, userId: admin.id });
    },
  };
  if (publishNow) {
    await world.publish('dinkes');
    await world.publish('disduk');
    await world.publish(null);
  }
  return world;
}
