// Instruments an instansi adds (its own wording, its own IPAK/IPKP statements). Each change is a
// new version; a response keeps pointing at the version it answered, so old answers keep meaning.
import { isDeepStrictEqual } from 'node:util';
import type { Kysely, Transaction } from 'kysely';
import { isUniqueViolation } from '../db/errors.ts';
import type { Database } from '../db/types.ts';
import { isBuiltinInstrumentId } from '../instruments/builtin.ts';
import type { Instrument } from '../instruments/schema.ts';
import { AppError, notFound } from '../http/errors.ts';
import { audit } from './audit.ts';
import { type Actor, findInstansi, type UnitRef } from './org.ts';

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

// ---- the instruments one unit runs (the workspace's unit settings) ---------------------------

export interface UnitInstrument {
  instrumentId: string;
  code: string;
  kind: string;
  /** the name in the version the unit runs */
  name: string;
  versionId: string;
  version: number;
  /** true while the unit runs the shared built-in wording (not one of its instansi) */
  builtin: boolean;
  position: number;
  enabled: boolean;
  definition: Instrument;
}

/** The instruments of a unit in the order its questionnaire asks them, each at the version it runs. */
export async function listUnitInstruments(db: Db, unitId: string): Promise<UnitInstrument[]> {
  const rows = await db
    .selectFrom('unit_instrument as ui')
    .innerJoin('instrument as i', 'i.id', 'ui.instrument_id')
    .innerJoin('instrument_version as v', 'v.id', 'ui.version_id')
    .where('ui.unit_id', '=', unitId)
    .select(['i.id', 'i.code', 'i.kind', 'i.instansi_id', 'v.id as versionId', 'v.version', 'v.definition', 'ui.position', 'ui.enabled'])
    .orderBy('ui.position')
    .orderBy('i.code')
    .execute();
  return rows.map((r) => {
    const definition = r.definition as Instrument;
    return {
      instrumentId: r.id,
      code: r.code,
      kind: r.kind,
      name: definition.name,
      versionId: r.versionId,
      version: r.version,
      builtin: r.instansi_id === null,
      position: r.position,
      enabled: r.enabled,
      definition,
    };
  });
}

export type UnitInstrumentAction = 'up' | 'down' | 'enable' | 'disable';

/**
 * Moves one of a unit's instruments up or down its questionnaire, or turns it on or off. A unit
 * always asks an IKM instrument, so its last enabled one cannot be turned off.
 */
export async function changeUnitInstrument(db: Kysely<Database>, unit: UnitRef, code: string, action: UnitInstrumentAction, by: Actor) {
  await db.transaction().execute(async (tx) => {
    // locked: two admins reordering at once must not interleave their position writes
    const rows = await tx
      .selectFrom('unit_instrument as ui')
      .innerJoin('instrument as i', 'i.id', 'ui.instrument_id')
      .where('ui.unit_id', '=', unit.id)
      .select(['ui.instrument_id', 'i.code', 'i.kind', 'ui.enabled'])
      .orderBy('ui.position')
      .orderBy('i.code')
      .forUpdate('ui')
      .execute();
    const at = rows.findIndex((r) => r.code === code);
    if (at < 0) throw notFound(`unit ${unit.slug} runs no instrument "${code}"`);
    const row = rows[at]!;
    if (action === 'enable' || action === 'disable') {
      const enabled = action === 'enable';
      if (row.enabled === enabled) return;
      if (!enabled && row.kind === 'ikm' && !rows.some((r) => r !== row && r.kind === 'ikm' && r.enabled)) {
        throw new AppError(400, 'last_ikm', `instrument: ${code} is the unit's only IKM instrument; a unit always asks one`);
      }
      await tx.updateTable('unit_instrument').set({ enabled }).where('unit_id', '=', unit.id).where('instrument_id', '=', row.instrument_id).execute();
    } else {
      const to = action === 'up' ? at - 1 : at + 1;
      if (to < 0 || to >= rows.length) return;
      const order = [...rows];
      [order[at], order[to]] = [order[to]!, order[at]!];
      // renumbered from 0: positions made elsewhere may tie
      for (const [position, r] of order.entries()) {
        await tx.updateTable('unit_instrument').set({ position }).where('unit_id', '=', unit.id).where('instrument_id', '=', r.instrument_id).execute();
      }
    }
    await audit(tx, { instansiId: unit.instansiId, userId: by.userId, action: `unit.instrument.${action}`, targetType: 'unit', targetId: unit.id, detail: { unit: unit.slug, code }, address: by.address });
  });
}

/**
 * A unit's own wording of one of its instruments: stored as a new version of the instansi's
 * instrument of that code (made from the built-in one the first time, keeping its code, so answers
 * stay keyed the same), and the unit runs that version from now on. Responses keep pointing at the
 * version they answered. Only texts and labels may differ from the version the unit runs.
 */
export async function rewordUnitInstrument(db: Kysely<Database>, unit: UnitRef, code: string, definition: Instrument, by: Actor): Promise<{ version: number; changed: boolean }> {
  try {
    return await storeWording(db, unit, code, definition, by);
  } catch (error) {
    // two units of the instansi saving the first (or next) version at the same moment
    if (isUniqueViolation(error)) throw new AppError(409, 'concurrent', `instrument "${code}": another version was saved at the same moment; open the form again and retry`);
    throw error;
  }
}

function storeWording(db: Kysely<Database>, unit: UnitRef, code: string, definition: Instrument, by: Actor): Promise<{ version: number; changed: boolean }> {
  return db.transaction().execute(async (tx) => {
    const current = await tx
      .selectFrom('unit_instrument as ui')
      .innerJoin('instrument as i', 'i.id', 'ui.instrument_id')
      .innerJoin('instrument_version as v', 'v.id', 'ui.version_id')
      .where('ui.unit_id', '=', unit.id)
      .where('i.code', '=', code)
      .select(['ui.instrument_id', 'i.instansi_id', 'i.kind', 'v.version', 'v.definition'])
      .forUpdate('ui')
      .executeTakeFirst();
    if (!current) throw notFound(`unit ${unit.slug} runs no instrument "${code}"`);
    const before = current.definition as Instrument;
    if (!sameShape(before, definition)) throw new AppError(400, 'invalid', 'definition: only the texts and labels of a version may change, not its codes, unsur or kind');
    if (isDeepStrictEqual(current.definition, JSON.parse(JSON.stringify(definition)))) return { version: current.version, changed: false };

    let instrumentId = current.instrument_id;
    if (current.instansi_id === null) {
      const own = await tx.selectFrom('instrument').where('instansi_id', '=', unit.instansiId).where('code', '=', code).select(['id', 'kind']).forUpdate().executeTakeFirst();
      if (own && own.kind !== current.kind) throw new AppError(409, 'kind_mismatch', `instrument "${code}" of the instansi is of kind ${own.kind}, not ${current.kind}`);
      instrumentId =
        own?.id ??
        (await tx.insertInto('instrument').values({ instansi_id: unit.instansiId, code, kind: current.kind, name: definition.name }).returning('id').executeTakeFirstOrThrow()).id;
    }
    const versions = await tx.selectFrom('instrument_version').where('instrument_id', '=', instrumentId).select(['id', 'version', 'definition']).orderBy('version', 'desc').execute();
    // another unit may already run exactly this wording: share its version rather than copy it
    const same = versions.find((v) => isDeepStrictEqual(v.definition, JSON.parse(JSON.stringify(definition))));
    const version = same?.version ?? (versions[0]?.version ?? 0) + 1;
    const versionId = same?.id ?? (await insertVersion(tx, instrumentId, version, definition, by.userId));
    await tx
      .updateTable('unit_instrument')
      .set({ instrument_id: instrumentId, version_id: versionId })
      .where('unit_id', '=', unit.id)
      .where('instrument_id', '=', current.instrument_id)
      .execute();
    await audit(tx, {
      instansiId: unit.instansiId,
      userId: by.userId,
      action: 'unit.instrument.reword',
      targetType: 'instrument',
      targetId: instrumentId,
      detail: { unit: unit.slug, code, from: current.version, version, builtinBefore: current.instansi_id === null },
      address: by.address,
    });
    return { version, changed: true };
  });
}

/** The same instrument apart from wording: id, kind, scale, unsur and item codes, in order. */
function sameShape(a: Instrument, b: Instrument): boolean {
  const shape = (d: Instrument) => [d.id, d.kind, d.scale, d.unsur.map((u) => [u.code, u.items.map((i) => i.code)])];
  return isDeepStrictEqual(shape(a), shape(b));
}
