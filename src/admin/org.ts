// Instansi, units, layanan and lokets: the organisation a survey runs in. Used by the
// `survei` command now and by the admin screens; every write is validated and audited.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { parseTimeZone, type TimeZone } from '../config.ts';
import { isUniqueViolation } from '../db/errors.ts';
import type { Database } from '../db/types.ts';
import { AppError, notFound } from '../http/errors.ts';
import { audit } from './audit.ts';
import { resolveUnitInstruments } from './instruments.ts';
import { SLUG, slugify } from './slug.ts';
import { keyHash } from '../survey/token.ts';

type Db = Kysely<Database>;

/** Who made a change, for the audit log: a signed-in user and their address, or nobody (the command line). */
export interface Actor {
  userId: string | null;
  address?: string | null;
}
const COMMAND_LINE: Actor = { userId: null };

const slug = z.string().regex(SLUG, 'must be 2–63 lowercase letters, digits or dashes');
const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const layananIdField = z.string().regex(UUID, 'must be the id of a layanan');

/** Why a field was refused: the workspace words it in the user's language, the CLI prints the message. */
export type FieldProblem = 'required' | 'too_long' | 'format' | 'range' | 'exists' | 'unknown' | 'cycle';

/** A refused input field (400/409), named so a form can mark it. */
export class FieldError extends AppError {
  constructor(
    status: 400 | 409,
    readonly field: string,
    readonly problem: FieldProblem,
    message: string,
    /** the length limit of a too_long field */
    readonly limit?: number,
  ) {
    super(status, status === 409 ? 'exists' : 'invalid', message);
  }
}

function problemOf(issue: z.core.$ZodIssue): { problem: FieldProblem; limit?: number } {
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1) return { problem: 'required' };
  if (issue.code === 'too_big' && issue.origin === 'string') return { problem: 'too_long', limit: Number(issue.maximum) };
  if (issue.code === 'too_small' || issue.code === 'too_big' || (issue.code === 'invalid_type' && (issue.expected === 'number' || issue.expected === 'int'))) return { problem: 'range' };
  return { problem: 'format' };
}

function invalid(error: z.ZodError): FieldError {
  const issue = error.issues[0]!;
  const field = issue.path.join('.') || 'input';
  const { problem, limit } = problemOf(issue);
  return new FieldError(400, field, problem, `${field} ${issue.message}`, limit);
}

function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalid(result.error);
  return result.data;
}

/** The given slug, or one made from the name; a name that gives no usable slug asks for one. */
function slugFor(given: string | undefined, fromName: string): string {
  if (given) return given;
  const made = slugify(fromName);
  if (!slug.safeParse(made).success) throw new FieldError(400, 'slug', 'format', `slug: the name gives no usable slug ("${made}"); give one (2–63 lowercase letters, digits or dashes)`);
  return made;
}

async function unique<T>(field: string, what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw new FieldError(409, field, 'exists', `${what} already exists`);
    throw error;
  }
}

/** The fields whose value differs, as { field: { from, to } } for the audit log. */
function changesOf<T extends Record<string, unknown>>(before: T, after: Partial<T>): Partial<Record<keyof T, { from: unknown; to: unknown }>> {
  const changes: Partial<Record<keyof T, { from: unknown; to: unknown }>> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (after[key] !== undefined && after[key] !== before[key]) changes[key] = { from: before[key], to: after[key] };
  }
  return changes;
}

// ---- instansi -------------------------------------------------------------------------------

export const instansiInput = z.object({
  name,
  slug: slug.optional(),
  timeZone: z
    .string()
    .optional()
    .transform((v, ctx): TimeZone | undefined => {
      if (v === undefined) return undefined;
      const zone = parseTimeZone(v);
      if (!zone) ctx.addIssue({ code: 'custom', message: 'must be WIB (Asia/Jakarta), WITA (Asia/Makassar) or WIT (Asia/Jayapura)' });
      return zone;
    }),
});

export async function addInstansi(db: Db, input: z.input<typeof instansiInput>, defaultTimeZone: TimeZone, userId: string | null = null) {
  const v = parse(instansiInput, input);
  const slugValue = slugFor(v.slug, v.name);
  return unique('slug', `an instansi with slug "${slugValue}"`, () =>
    db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('instansi')
        .values({ name: v.name, slug: slugValue, time_zone: v.timeZone ?? defaultTimeZone })
        .returning(['id', 'slug', 'name', 'time_zone'])
        .executeTakeFirstOrThrow();
      await audit(tx, { instansiId: row.id, userId, action: 'instansi.create', targetType: 'instansi', targetId: row.id, detail: { slug: row.slug } });
      return row;
    }),
  );
}

export function listInstansi(db: Db) {
  return db.selectFrom('instansi').select(['id', 'slug', 'name', 'time_zone']).orderBy('name').execute();
}

export async function findInstansi(db: Db, instansiSlug: string) {
  const row = await db.selectFrom('instansi').select(['id', 'slug', 'name', 'time_zone']).where('slug', '=', instansiSlug).executeTakeFirst();
  if (!row) throw notFound(`no instansi with slug "${instansiSlug}"`);
  return row;
}

// ---- unit ------------------------------------------------------------------------------------

/** A unit as the functions below need it (from findUnit, or from the workspace's reach). */
export interface UnitRef {
  id: string;
  slug: string;
  instansiId: string;
}

const unitRef = (row: { id: string; slug: string; instansi_id: string }): UnitRef => ({ id: row.id, slug: row.slug, instansiId: row.instansi_id });

const headNip = z.string().trim().regex(/^[0-9 ]{1,30}$/, 'must be digits (NIP)');

export const unitInput = z.object({
  instansi: slug,
  name,
  slug: slug.optional(),
  parent: slug.optional(),
  headName: z.string().trim().max(200, 'must be at most 200 characters').optional(),
  headNip: headNip.optional(),
  /** instrument codes the unit runs, in the order asked (built-in or the instansi's own); an IKM one is always run */
  instruments: z.array(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be instrument codes such as skm, ipak, ipkp')).default([]),
});

export async function addUnit(db: Db, input: z.input<typeof unitInput>, by: Actor = COMMAND_LINE) {
  const v = parse(unitInput, input);
  const instansi = await findInstansi(db, v.instansi);
  const slugValue = slugFor(v.slug, v.name);
  let parentId: string | null = null;
  if (v.parent) {
    const parent = await db.selectFrom('unit').where('instansi_id', '=', instansi.id).where('slug', '=', v.parent).select('id').executeTakeFirst();
    if (!parent) throw new FieldError(400, 'parent', 'unknown', `parent: no unit "${v.parent}" in instansi "${instansi.slug}"`);
    parentId = parent.id;
  }
  return unique('slug', `a unit with slug "${slugValue}" in ${instansi.slug}`, () =>
    db.transaction().execute(async (tx) => {
      const unit = await tx
        .insertInto('unit')
        .values({
          instansi_id: instansi.id,
          name: v.name,
          slug: slugValue,
          parent_id: parentId,
          head_name: v.headName || null,
          head_nip: v.headNip || null,
        })
        .returning(['id', 'slug', 'name'])
        .executeTakeFirstOrThrow();
      const instruments = await resolveUnitInstruments(tx, instansi.id, v.instruments);
      const rows = instruments.map((r, position) => ({ unit_id: unit.id, instrument_id: r.instrumentId, version_id: r.versionId, position }));
      await tx.insertInto('unit_instrument').values(rows).execute();
      await audit(tx, {
        instansiId: instansi.id,
        userId: by.userId,
        address: by.address,
        action: 'unit.create',
        targetType: 'unit',
        targetId: unit.id,
        detail: { slug: unit.slug, parent: v.parent ?? null, instruments: instruments.map((r) => r.code) },
      });
      return { ...unit, instansi: instansi.slug, instruments: instruments.map((r) => r.code) };
    }),
  );
}

/** An optional text: empty means none (null). */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `must be at most ${max} characters`)
    .transform((v) => v || null);

export const MAX_COOLDOWN_MINUTES = 10_080;

/** The profile of a unit, as its page edits it (every field at once). */
export const unitProfileInput = z.object({
  name,
  /** the parent unit's slug, in the same instansi; null: none */
  parent: slug.nullable(),
  headName: optionalText(200),
  headNip: z.literal('').transform(() => null).or(headNip),
  address: optionalText(500),
  /** the same device answering again within this many minutes is flagged `repeat_device` */
  cooldownMinutes: z
    .number('must be a whole number of minutes')
    .int('must be a whole number of minutes')
    .min(0, `must be 0–${MAX_COOLDOWN_MINUTES} minutes`)
    .max(MAX_COOLDOWN_MINUTES, `must be 0–${MAX_COOLDOWN_MINUTES} minutes`),
  /** flagged responses: counted until excluded by hand, or stored excluded */
  flagPolicy: z.string().pipe(z.enum(['count', 'exclude'], 'must be count or exclude')),
  active: z.boolean(),
});

/** Whether `unitId` is `candidateId` or above it, walking up the candidate's parents. */
function isAtOrAbove(units: { id: string; parent_id: string | null }[], unitId: string, candidateId: string): boolean {
  const parentOf = new Map(units.map((u) => [u.id, u.parent_id]));
  const seen = new Set<string>();
  for (let id: string | null | undefined = candidateId; id && !seen.has(id); id = parentOf.get(id)) {
    if (id === unitId) return true;
    seen.add(id);
  }
  return false;
}

/**
 * Saves a unit's profile. The parent must be a unit of the same instansi and neither the unit
 * itself nor one under it (no cycles). Audited with what changed; nothing is written when nothing did.
 */
export async function updateUnit(db: Db, unitId: string, input: z.input<typeof unitProfileInput>, by: Actor = COMMAND_LINE) {
  const v = parse(unitProfileInput, input);
  return db.transaction().execute(async (tx) => {
    const current = await tx.selectFrom('unit').where('id', '=', unitId).selectAll().executeTakeFirst();
    if (!current) throw notFound('no such unit');
    // every unit of the instansi, locked: two parent changes at once cannot close a cycle between them
    const units = await tx.selectFrom('unit').where('instansi_id', '=', current.instansi_id).select(['id', 'slug', 'parent_id']).orderBy('id').forUpdate().execute();
    let parentId: string | null = null;
    if (v.parent !== null) {
      const parent = units.find((u) => u.slug === v.parent);
      if (!parent) throw new FieldError(400, 'parent', 'unknown', `parent: no unit "${v.parent}" in this instansi`);
      if (isAtOrAbove(units, unitId, parent.id)) throw new FieldError(400, 'parent', 'cycle', `parent: "${v.parent}" is this unit or a unit under it`);
      parentId = parent.id;
    }
    const before = {
      name: current.name,
      parent: units.find((u) => u.id === current.parent_id)?.slug ?? null,
      headName: current.head_name,
      headNip: current.head_nip,
      address: current.address,
      cooldownMinutes: current.cooldown_minutes,
      flagPolicy: current.flag_policy,
      active: current.active,
    };
    const changes = changesOf(before, v);
    if (Object.keys(changes).length === 0) return { changed: false };
    await tx
      .updateTable('unit')
      .set({ name: v.name, parent_id: parentId, head_name: v.headName, head_nip: v.headNip, address: v.address, cooldown_minutes: v.cooldownMinutes, flag_policy: v.flagPolicy, active: v.active })
      .where('id', '=', unitId)
      .execute();
    await audit(tx, { instansiId: current.instansi_id, userId: by.userId, address: by.address, action: 'unit.update', targetType: 'unit', targetId: unitId, detail: { unit: current.slug, changes } });
    return { changed: true };
  });
}

export async function findUnit(db: Db, instansiSlug: string, unitSlug: string) {
  const row = await db
    .selectFrom('unit as u')
    .innerJoin('instansi as i', 'i.id', 'u.instansi_id')
    .where('i.slug', '=', instansiSlug)
    .where('u.slug', '=', unitSlug)
    .select(['u.id', 'u.slug', 'u.name', 'u.instansi_id', 'i.slug as instansi_slug'])
    .executeTakeFirst();
  if (!row) throw notFound(`no unit "${unitSlug}" in instansi "${instansiSlug}"`);
  return row;
}

export async function listUnits(db: Db, instansiSlug: string) {
  const instansi = await findInstansi(db, instansiSlug);
  return db
    .selectFrom('unit as u')
    .leftJoin('unit as p', 'p.id', 'u.parent_id')
    .where('u.instansi_id', '=', instansi.id)
    .select(['u.id', 'u.slug', 'u.name', 'p.slug as parent', 'u.active'])
    .orderBy('u.name')
    .execute();
}

// ---- layanan --------------------------------------------------------------------------------

export const layananFields = z.object({ name });
export const layananInput = layananFields.extend({ instansi: slug, unit: slug });

export async function addLayanan(db: Db, input: z.input<typeof layananInput>, by: Actor = COMMAND_LINE) {
  const v = parse(layananInput, input);
  return addLayananTo(db, unitRef(await findUnit(db, v.instansi, v.unit)), v, by);
}

export async function addLayananTo(db: Db, unit: UnitRef, input: z.input<typeof layananFields>, by: Actor = COMMAND_LINE) {
  const v = parse(layananFields, input);
  return unique('name', `a layanan named "${v.name}" in unit ${unit.slug}`, () =>
    db.transaction().execute(async (tx) => {
      const row = await tx.insertInto('layanan').values({ unit_id: unit.id, name: v.name }).returning(['id', 'name']).executeTakeFirstOrThrow();
      await audit(tx, { instansiId: unit.instansiId, userId: by.userId, address: by.address, action: 'layanan.create', targetType: 'layanan', targetId: row.id, detail: { unit: unit.slug, name: row.name } });
      return { ...row, unit: unit.slug };
    }),
  );
}

export const layananChange = z.object({ name: name.optional(), active: z.boolean().optional() });

/** Renames, activates or deactivates a layanan of the unit (404 for a layanan of another unit). */
export async function updateLayanan(db: Db, unit: UnitRef, layananId: string, input: z.input<typeof layananChange>, by: Actor = COMMAND_LINE) {
  const current = UUID.test(layananId) ? await db.selectFrom('layanan').where('id', '=', layananId).where('unit_id', '=', unit.id).select(['name', 'active']).executeTakeFirst() : undefined;
  if (!current) throw notFound(`no such layanan in unit ${unit.slug}`);
  const v = parse(layananChange, input);
  const changes = changesOf(current, v);
  if (Object.keys(changes).length === 0) return { changed: false };
  return unique('name', `a layanan named "${v.name}" in unit ${unit.slug}`, () =>
    db.transaction().execute(async (tx) => {
      await tx.updateTable('layanan').set({ name: v.name, active: v.active }).where('id', '=', layananId).execute();
      await audit(tx, { instansiId: unit.instansiId, userId: by.userId, address: by.address, action: 'layanan.update', targetType: 'layanan', targetId: layananId, detail: { unit: unit.slug, changes } });
      return { changed: true };
    }),
  );
}

export async function listLayanan(db: Db, instansiSlug: string, unitSlug: string) {
  const unit = await findUnit(db, instansiSlug, unitSlug);
  return db.selectFrom('layanan').where('unit_id', '=', unit.id).select(['id', 'name', 'active']).orderBy('name').execute();
}

// ---- loket ----------------------------------------------------------------------------------

// No 0/o, 1/l/i: the code is printed under the QR and sometimes typed by hand.
const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function newLoketCode(length = 8): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  return Array.from(bytes, (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

/** A loket's name and, optionally, the one layanan of its unit it serves: by name (CLI) or by id (workspace). */
export const loketFields = z
  .object({ name, layanan: name.optional(), layananId: layananIdField.optional() })
  .refine((v) => !(v.layanan && v.layananId), { path: ['layanan'], message: 'give the layanan by name or by id, not both' });
export const loketInput = loketFields.safeExtend({ instansi: slug, unit: slug });

export function surveyUrl(publicBaseUrl: string, code: string): string {
  return `${publicBaseUrl}/s/${code}`;
}

/** The id of the unit's layanan by id or name; a layanan of another unit is refused like an unknown one. */
async function layananOfUnit(db: Db, unit: UnitRef, by: { id?: string; name?: string }): Promise<string | null> {
  if (by.id) {
    const row = await db.selectFrom('layanan').where('unit_id', '=', unit.id).where('id', '=', by.id).select('id').executeTakeFirst();
    if (!row) throw new FieldError(400, 'layananId', 'unknown', `layananId: no such layanan in unit ${unit.slug}`);
    return row.id;
  }
  if (by.name) {
    const row = await db.selectFrom('layanan').where('unit_id', '=', unit.id).where('name', '=', by.name).select('id').executeTakeFirst();
    if (!row) throw new FieldError(400, 'layanan', 'unknown', `no layanan "${by.name}" in unit ${unit.slug}`);
    return row.id;
  }
  return null;
}

export async function addLoket(db: Db, input: z.input<typeof loketInput>, by: Actor = COMMAND_LINE) {
  const v = parse(loketInput, input);
  return addLoketTo(db, unitRef(await findUnit(db, v.instansi, v.unit)), v, by);
}

export async function addLoketTo(db: Db, unit: UnitRef, input: z.input<typeof loketFields>, by: Actor = COMMAND_LINE) {
  const v = parse(loketFields, input);
  const layananId = await layananOfUnit(db, unit, { id: v.layananId, name: v.layanan });
  return unique('name', `a loket named "${v.name}" in unit ${unit.slug}`, () =>
    db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('loket')
        .values({ unit_id: unit.id, layanan_id: layananId, name: v.name, code: newLoketCode() })
        .returning(['id', 'code', 'name'])
        .executeTakeFirstOrThrow();
      await audit(tx, { instansiId: unit.instansiId, userId: by.userId, address: by.address, action: 'loket.create', targetType: 'loket', targetId: row.id, detail: { unit: unit.slug, code: row.code, name: row.name, layananId } });
      return { ...row, unit: unit.slug, layanan: v.layanan ?? null };
    }),
  );
}

/** A rename, another layanan (null: every layanan of the unit, asked), activation or deactivation. */
export const loketChange = z.object({ name: name.optional(), layananId: layananIdField.nullable().optional(), active: z.boolean().optional() });

/**
 * Changes a loket of the unit (404 for a loket of another unit). Its code never changes: printed
 * QR codes keep working after a rename.
 */
export async function updateLoket(db: Db, unit: UnitRef, code: string, input: z.input<typeof loketChange>, by: Actor = COMMAND_LINE) {
  const current = await db.selectFrom('loket').where('code', '=', code).where('unit_id', '=', unit.id).select(['id', 'name', 'layanan_id', 'active']).executeTakeFirst();
  if (!current) throw notFound(`no loket "${code}" in unit ${unit.slug}`);
  const v = parse(loketChange, input);
  if (v.layananId) await layananOfUnit(db, unit, { id: v.layananId });
  const changes = changesOf({ name: current.name, layananId: current.layanan_id, active: current.active }, v);
  if (Object.keys(changes).length === 0) return { changed: false };
  return unique('name', `a loket named "${v.name}" in unit ${unit.slug}`, () =>
    db.transaction().execute(async (tx) => {
      await tx.updateTable('loket').set({ name: v.name, layanan_id: v.layananId, active: v.active }).where('id', '=', current.id).execute();
      await audit(tx, { instansiId: unit.instansiId, userId: by.userId, address: by.address, action: 'loket.update', targetType: 'loket', targetId: current.id, detail: { unit: unit.slug, code, changes } });
      return { changed: true };
    }),
  );
}

export async function listLokets(db: Db, instansiSlug: string, unitSlug?: string) {
  const instansi = await findInstansi(db, instansiSlug);
  let query = db
    .selectFrom('loket as k')
    .innerJoin('unit as u', 'u.id', 'k.unit_id')
    .leftJoin('layanan as l', 'l.id', 'k.layanan_id')
    .where('u.instansi_id', '=', instansi.id)
    .select(['k.id', 'k.code', 'k.name', 'u.slug as unit', 'l.name as layanan', 'k.active'])
    .orderBy('u.slug')
    .orderBy('k.name');
  if (unitSlug) {
    const unit = await findUnit(db, instansiSlug, unitSlug);
    query = query.where('k.unit_id', '=', unit.id);
  }
  return query.execute();
}

/**
 * New display and kiosk keys for a loket (the old ones stop working). Keys are shown once and
 * stored only as hashes; the printed QR code does not change.
 */
export async function rotateLoketKeys(db: Db, code: string, by: Actor = COMMAND_LINE) {
  const loket = await db.selectFrom('loket as k').innerJoin('unit as u', 'u.id', 'k.unit_id').where('k.code', '=', code).select(['k.id', 'k.code', 'k.name', 'u.instansi_id']).executeTakeFirst();
  if (!loket) throw notFound(`no loket with code "${code}"`);
  const newKey = () => Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64url');
  const displayKey = newKey();
  const kioskKey = newKey();
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('loket').set({ display_key_hash: keyHash(displayKey), kiosk_key_hash: keyHash(kioskKey) }).where('id', '=', loket.id).execute();
    await audit(tx, { instansiId: loket.instansi_id, userId: by.userId, address: by.address, action: 'loket.rotate_keys', targetType: 'loket', targetId: loket.id, detail: { code } });
  });
  return { code: loket.code, name: loket.name, displayKey, kioskKey };
}

export const displayUrl = (publicBaseUrl: string, code: string, key: string) => `${publicBaseUrl}/d/${code}?key=${key}`;
export const kioskUrl = (publicBaseUrl: string, code: string, key: string) => `${publicBaseUrl}/k/${code}?key=${key}`;
