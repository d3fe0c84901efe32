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
import { slugify } from './slug.ts';
import { keyHash } from '../survey/token.ts';

type Db = Kysely<Database>;

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2–63 lowercase letters, digits or dashes');
const name = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

function invalid(error: z.ZodError): AppError {
  const issue = error.issues[0]!;
  return new AppError(400, 'invalid', `${issue.path.join('.') || 'input'} ${issue.message}`);
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
  if (!slug.safeParse(made).success) throw new AppError(400, 'invalid', `slug: the name gives no usable slug ("${made}"); give one (2–63 lowercase letters, digits or dashes)`);
  return made;
}

async function unique<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError(409, 'exists', `${what} already exists`);
    throw error;
  }
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
  return unique(`an instansi with slug "${slugValue}"`, () =>
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

export const unitInput = z.object({
  instansi: slug,
  name,
  slug: slug.optional(),
  parent: slug.optional(),
  headName: z.string().trim().max(200).optional(),
  headNip: z.string().trim().regex(/^[0-9 ]{1,30}$/, 'must be digits (NIP)').optional(),
  /** instrument codes the unit runs, in the order asked (built-in or the instansi's own); an IKM one is always run */
  instruments: z.array(z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be instrument codes such as skm, ipak, ipkp')).default([]),
});

export async function addUnit(db: Db, input: z.input<typeof unitInput>, userId: string | null = null) {
  const v = parse(unitInput, input);
  const instansi = await findInstansi(db, v.instansi);
  const slugValue = slugFor(v.slug, v.name);
  const parent = v.parent ? await findUnit(db, instansi.slug, v.parent) : undefined;
  return unique(`a unit with slug "${slugValue}" in ${instansi.slug}`, () =>
    db.transaction().execute(async (tx) => {
      const unit = await tx
        .insertInto('unit')
        .values({
          instansi_id: instansi.id,
          name: v.name,
          slug: slugValue,
          parent_id: parent?.id ?? null,
          head_name: v.headName || null,
          head_nip: v.headNip || null,
        })
        .returning(['id', 'slug', 'name'])
        .executeTakeFirstOrThrow();
      const instruments = await resolveUnitInstruments(tx, instansi.id, v.instruments);
      const rows = instruments.map((r, position) => ({ unit_id: unit.id, instrument_id: r.instrumentId, version_id: r.versionId, position }));
      await tx.insertInto('unit_instrument').values(rows).execute();
      await audit(tx, { instansiId: instansi.id, userId, action: 'unit.create', targetType: 'unit', targetId: unit.id, detail: { slug: unit.slug, instruments: instruments.map((r) => r.code) } });
      return { ...unit, instansi: instansi.slug, instruments: instruments.map((r) => r.code) };
    }),
  );
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

export const layananInput = z.object({ instansi: slug, unit: slug, name });

export async function addLayanan(db: Db, input: z.input<typeof layananInput>, userId: string | null = null) {
  const v = parse(layananInput, input);
  const unit = await findUnit(db, v.instansi, v.unit);
  return unique(`a layanan named "${v.name}" in unit ${unit.slug}`, () =>
    db.transaction().execute(async (tx) => {
      const row = await tx.insertInto('layanan').values({ unit_id: unit.id, name: v.name }).returning(['id', 'name']).executeTakeFirstOrThrow();
      await audit(tx, { instansiId: unit.instansi_id, userId, action: 'layanan.create', targetType: 'layanan', targetId: row.id, detail: { unit: unit.slug, name: row.name } });
      return { ...row, unit: unit.slug };
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

export const loketInput = z.object({ instansi: slug, unit: slug, name, layanan: name.optional() });

export function surveyUrl(publicBaseUrl: string, code: string): string {
  return `${publicBaseUrl}/s/${code}`;
}

export async function addLoket(db: Db, input: z.input<typeof loketInput>, userId: string | null = null) {
  const v = parse(loketInput, input);
  const unit = await findUnit(db, v.instansi, v.unit);
  let layananId: string | null = null;
  if (v.layanan) {
    const layanan = await db.selectFrom('layanan').where('unit_id', '=', unit.id).where('name', '=', v.layanan).select('id').executeTakeFirst();
    if (!layanan) throw notFound(`no layanan "${v.layanan}" in unit ${unit.slug}`);
    layananId = layanan.id;
  }
  return unique(`a loket named "${v.name}" in unit ${unit.slug}`, () =>
    db.transaction().execute(async (tx) => {
      const row = await tx
        .insertInto('loket')
        .values({ unit_id: unit.id, layanan_id: layananId, name: v.name, code: newLoketCode() })
        .returning(['id', 'code', 'name'])
        .executeTakeFirstOrThrow();
      await audit(tx, { instansiId: unit.instansi_id, userId, action: 'loket.create', targetType: 'loket', targetId: row.id, detail: { unit: unit.slug, code: row.code } });
      return { ...row, unit: unit.slug, layanan: v.layanan ?? null };
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
export async function rotateLoketKeys(db: Db, code: string, userId: string | null = null) {
  const loket = await db.selectFrom('loket as k').innerJoin('unit as u', 'u.id', 'k.unit_id').where('k.code', '=', code).select(['k.id', 'k.code', 'k.name', 'u.instansi_id']).executeTakeFirst();
  if (!loket) throw notFound(`no loket with code "${code}"`);
  const newKey = () => Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64url');
  const displayKey = newKey();
  const kioskKey = newKey();
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('loket').set({ display_key_hash: keyHash(displayKey), kiosk_key_hash: keyHash(kioskKey) }).where('id', '=', loket.id).execute();
    await audit(tx, { instansiId: loket.instansi_id, userId, action: 'loket.rotate_keys', targetType: 'loket', targetId: loket.id, detail: { code } });
  });
  return { code: loket.code, name: loket.name, displayKey, kioskKey };
}

export const displayUrl = (publicBaseUrl: string, code: string, key: string) => `${publicBaseUrl}/d/${code}?key=${key}`;
export const kioskUrl = (publicBaseUrl: string, code: string, key: string) => `${publicBaseUrl}/k/${code}?key=${key}`;
