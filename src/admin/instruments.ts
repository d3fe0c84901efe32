// Instruments an instansi adds (its own wording, its own IPAK/IPKP statements). Each change is a
// new version; a response keeps pointing at the version it answered, so old answers keep meaning.
import { isDeepStrictEqual } from 'node:util';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/types.ts';
import { isBuiltinInstrumentId } from '../instruments/builtin.ts';
import type { Instrument } from '../instruments/schema.ts';
import { AppError } from '../http/errors.ts';
import { audit } from './audit.ts';
import { findInstansi } from './org.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** Stores a version's items so every answer can reference an item that exists. */
async function insertVersion(db: Db, instrumentId: string, version: number, definition: Instrument, userId: string | null) {
  const row = await db
    .insertInto('instrument_version')
    .values({ instrument_id: instrumentId, version, definition: JSON.stringify(definition), created_by: userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  let position = 0;
  const items = definition.unsur.flatMap((u) => u.items.map((item) => ({ version_id: row.id, code: item.code, unsur_code: u.code, position: position++ })));
  await db.insertInto('instrument_item').values(items).execute();
  return row.id;
}

export interface SavedInstrument {
  code: string;
  kind: string;
  version: number;
  /** false when the definition equals the newest version: nothing was stored */
  changed: boolean;
}

/** Adds a custom instrument to an instansi, or a new version of it when the definition changed. */
export async function saveInstrument(db: Kysely<Database>, instansiSlug: string, definition: Instrument, userId: string | null = null): Promise<SavedInstrument> {
  if (isBuiltinInstrumentId(definition.id)) {
    throw new AppError(400, 'invalid', `id "${definition.id}" is reserved for the built-in instrument; give the custom instrument its own id (e.g. "${definition.id}-${instansiSlug}")`);
  }
  const instansi = await findInstansi(db, instansiSlug);
  return db.transaction().execute(async (tx) => {
    const existing = await tx
      .selectFrom('instrument')
      .where('instansi_id', '=', instansi.id)
      .where('code', '=', definition.id)
      .select(['id', 'kind'])
      .forUpdate()
      .executeTakeFirst();
    if (!existing) {
      const created = await tx
        .insertInto('instrument')
        .values({ instansi_id: instansi.id, code: definition.id, kind: definition.kind, name: definition.name })
        .returning('id')
        .executeTakeFirstOrThrow();
      await insertVersion(tx, created.id, 1, definition, userId);
      await audit(tx, { instansiId: instansi.id, userId, action: 'instrument.create', targetType: 'instrument', targetId: created.id, detail: { code: definition.id, version: 1 } });
      return { code: definition.id, kind: definition.kind, version: 1, changed: true };
    }
    if (existing.kind !== definition.kind) {
      throw new AppError(409, 'kind_mismatch', `instrument "${definition.id}" is of kind ${existing.kind}; a new version cannot change it to ${definition.kind}`);
    }
    const newest = await tx
      .selectFrom('instrument_version')
      .where('instrument_id', '=', existing.id)
      .select(['version', 'definition'])
      .orderBy('version', 'desc')
      .executeTakeFirstOrThrow();
    // jsonb does not keep key order: compare values, not text
    if (isDeepStrictEqual(newest.definition, JSON.parse(JSON.stringify(definition)))) {
      return { code: definition.id, kind: definition.kind, version: newest.version, changed: false };
    }
    const version = newest.version + 1;
    await insertVersion(tx, existing.id, version, definition, userId);
    await tx.updateTable('instrument').set({ name: definition.name }).where('id', '=', existing.id).execute();
    await audit(tx, { instansiId: instansi.id, userId, action: 'instrument.version', targetType: 'instrument', targetId: existing.id, detail: { code: definition.id, version } });
    return { code: definition.id, kind: definition.kind, version, changed: true };
  });
}

/** The built-in instruments and, with an instansi, its own; each at its newest version. */
export async function listInstruments(db: Kysely<Database>, instansiSlug?: string) {
  const instansi = instansiSlug ? await findInstansi(db, instansiSlug) : undefined;
  const rows = await db
    .selectFrom('instrument as i')
    .innerJoin('instrument_version as v', 'v.instrument_id', 'i.id')
    .where((eb) => (instansi ? eb.or([eb('i.instansi_id', 'is', null), eb('i.instansi_id', '=', instansi.id)]) : eb('i.instansi_id', 'is', null)))
    .where('v.version', '=', (eb) => eb.selectFrom('instrument_version as w').whereRef('w.instrument_id', '=', 'i.id').select((e) => e.fn.max('w.version').as('m')))
    .select((eb) => [
      'i.code',
      'i.kind',
      'i.name',
      'v.version',
      eb.selectFrom('instrument_item as it').whereRef('it.version_id', '=', 'v.id').select((e) => e.fn.countAll<number>().as('n')).as('items'),
      eb.case().when('i.instansi_id', 'is', null).then(true).else(false).end().as('builtin'),
    ])
    .orderBy('builtin', 'desc')
    .orderBy('i.code')
    .execute();
  return rows.map((r) => ({ ...r, items: Number(r.items) }));
}

/**
 * The instruments a unit runs, by code, resolved to their newest versions: the instansi's own
 * first, then the built-ins. A unit always runs an IKM instrument: SKM unless it names its own.
 */
export async function resolveUnitInstruments(db: Db, instansiId: string, codes: readonly string[]) {
  const wanted = codes.length === 0 ? ['skm'] : [...new Set(codes)];
  const rows = await db
    .selectFrom('instrument as i')
    .innerJoin('instrument_version as v', 'v.instrument_id', 'i.id')
    .where((eb) => eb.or([eb('i.instansi_id', 'is', null), eb('i.instansi_id', '=', instansiId)]))
    .where('i.code', 'in', [...wanted, 'skm'])
    .select(['i.id as instrumentId', 'i.code', 'i.kind', 'i.instansi_id', 'v.id as versionId', 'v.version'])
    .orderBy('v.version', 'desc')
    .execute();
  const pick = (code: string) => rows.find((r) => r.code === code && r.instansi_id !== null) ?? rows.find((r) => r.code === code);
  const chosen = wanted.map((code) => {
    const row = pick(code);
    if (!row) throw new AppError(400, 'invalid', `instruments: no instrument "${code}" (built-in: skm, ipak, ipkp; or one added with \`survei instrument add\`)`);
    return row;
  });
  if (!chosen.some((r) => r.kind === 'ikm')) chosen.unshift(pick('skm')!);
  return chosen;
}
