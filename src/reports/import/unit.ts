// What an import checks its rows against: the unit's lokets (active or not: paper forms may be
// older than a closed counter), its layanan, and the items of the instruments it runs now.
import type { Kysely } from 'kysely';
import type { TimeZone } from '../../config.ts';
import type { Database } from '../../db/types.ts';
import { notFound } from '../../http/errors.ts';
import type { Instrument } from '../../instruments/schema.ts';

export interface ImportUnit {
  id: string;
  slug: string;
  name: string;
  instansiId: string;
  timeZone: TimeZone;
  /** by code, lower case */
  lokets: Map<string, { id: string; code: string; name: string; layananId: string | null }>;
  /** by `nameKey(name)` */
  layanan: Map<string, { id: string; name: string }>;
  layananNames: Map<string, string>;
  /** the unit's instruments in its order, at the version it runs */
  instruments: { versionId: string; definition: Instrument }[];
  /** by item code in lower case: the item's own code and its instrument version */
  items: Map<string, { code: string; versionId: string }>;
}

/** Layanan names compare without case and extra spaces. */
export function nameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

export async function loadImportUnit(db: Kysely<Database>, unitId: string): Promise<ImportUnit> {
  const unit = await db
    .selectFrom('unit as u')
    .innerJoin('instansi as i', 'i.id', 'u.instansi_id')
    .where('u.id', '=', unitId)
    .select(['u.id', 'u.slug', 'u.name', 'u.instansi_id', 'i.time_zone'])
    .executeTakeFirst();
  if (!unit) throw notFound('no such unit');
  const [lokets, layanan, instruments] = await Promise.all([
    db.selectFrom('loket').where('unit_id', '=', unitId).select(['id', 'code', 'name', 'layanan_id']).orderBy('code').execute(),
    db.selectFrom('layanan').where('unit_id', '=', unitId).select(['id', 'name']).orderBy('name').execute(),
    db
      .selectFrom('unit_instrument as ui')
      .innerJoin('instrument_version as v', 'v.id', 'ui.version_id')
      .where('ui.unit_id', '=', unitId)
      .where('ui.enabled', '=', true)
      .select(['v.id as versionId', 'v.definition'])
      .orderBy('ui.position')
      .execute(),
  ]);
  const items = new Map<string, { code: string; versionId: string }>();
  const runs = instruments.map((i) => ({ versionId: i.versionId, definition: i.definition as Instrument }));
  for (const { versionId, definition } of runs) {
    for (const u of definition.unsur) for (const item of u.items) if (!items.has(item.code.toLowerCase())) items.set(item.code.toLowerCase(), { code: item.code, versionId });
  }
  return {
    id: unit.id,
    slug: unit.slug,
    name: unit.name,
    instansiId: unit.instansi_id,
    timeZone: unit.time_zone as TimeZone,
    lokets: new Map(lokets.map((l) => [l.code.toLowerCase(), { id: l.id, code: l.code, name: l.name, layananId: l.layanan_id }])),
    layanan: new Map(layanan.map((l) => [nameKey(l.name), l])),
    layananNames: new Map(layanan.map((l) => [l.id, l.name])),
    instruments: runs,
    items,
  };
}
