import type { Kysely } from 'kysely';
import type { TimeZone } from '../config.ts';
import type { Database, FlagPolicy, ServiceHours } from '../db/types.ts';
import type { Instrument } from '../instruments/schema.ts';

export interface LoketContext {
  loket: { id: string; code: string; name: string; layananId: string | null; displayKeyHash: string | null; kioskKeyHash: string | null };
  unit: { id: string; name: string; cooldownMinutes: number; flagPolicy: FlagPolicy };
  instansi: { name: string; slug: string; timeZone: TimeZone; serviceHours: ServiceHours | null };
  /** the layanan a citizen can pick (just the loket's own when it serves one) */
  layanan: { id: string; name: string }[];
  /** the unit's enabled instruments, in its order, at the version it runs */
  instruments: { versionId: string; definition: Instrument }[];
}

/** Everything the questionnaire of an active loket needs; undefined for an unknown or inactive one. */
export async function loadLoketContext(db: Kysely<Database>, code: string): Promise<LoketContext | undefined> {
  if (!/^[a-z0-9]{4,16}$/.test(code)) return undefined;
  const row = await db
    .selectFrom('loket as k')
    .innerJoin('unit as u', 'u.id', 'k.unit_id')
    .innerJoin('instansi as i', 'i.id', 'u.instansi_id')
    .where('k.code', '=', code)
    .where('k.active', '=', true)
    .where('u.active', '=', true)
    .select([
      'k.id as loketId',
      'k.code',
      'k.name as loketName',
      'k.layanan_id',
      'k.display_key_hash',
      'k.kiosk_key_hash',
      'u.id as unitId',
      'u.name as unitName',
      'u.cooldown_minutes',
      'u.flag_policy',
      'i.name as instansiName',
      'i.slug',
      'i.time_zone',
      'i.service_hours',
    ])
    .executeTakeFirst();
  if (!row) return undefined;
  const [layanan, instruments] = await Promise.all([
    db
      .selectFrom('layanan')
      .where('unit_id', '=', row.unitId)
      .where('active', '=', true)
      .$if(row.layanan_id !== null, (q) => q.where('id', '=', row.layanan_id!))
      .select(['id', 'name'])
      .orderBy('name')
      .execute(),
    db
      .selectFrom('unit_instrument as ui')
      .innerJoin('instrument_version as v', 'v.id', 'ui.version_id')
      .where('ui.unit_id', '=', row.unitId)
      .where('ui.enabled', '=', true)
      .select(['v.id as versionId', 'v.definition'])
      .orderBy('ui.position')
      .execute(),
  ]);
  return {
    loket: { id: row.loketId, code: row.code, name: row.loketName, layananId: row.layanan_id, displayKeyHash: row.display_key_hash, kioskKeyHash: row.kiosk_key_hash },
    unit: { id: row.unitId, name: row.unitName, cooldownMinutes: row.cooldown_minutes, flagPolicy: row.flag_policy },
    instansi: { name: row.instansiName, slug: row.slug, timeZone: row.time_zone as TimeZone, serviceHours: row.service_hours },
    layanan,
    instruments: instruments.map((i) => ({ versionId: i.versionId, definition: i.definition as Instrument })),
  };
}
