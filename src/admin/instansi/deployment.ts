// The operator's side: every instansi of the deployment (with counts, never survey data), and a new
// instansi created together with its first admin in one transaction, so a refused admin leaves no
// instansi without anyone to run it.
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import { parseTimeZone, type TimeZone } from '../../config.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Database } from '../../db/types.ts';
import { audit } from '../audit.ts';
import { generatePassword, hashPassword } from '../password.ts';
import { SLUG, slugify } from '../slug.ts';
import { FieldError, fieldError, text } from './form.ts';

export async function listDeployment(db: Kysely<Database>) {
  return db
    .selectFrom('instansi as i')
    .select((eb) => [
      'i.id',
      'i.name',
      'i.slug',
      'i.time_zone',
      eb.selectFrom('unit').whereRef('unit.instansi_id', '=', 'i.id').select(sql<number>`count(*)`.as('n')).as('units'),
      eb.selectFrom('app_user').whereRef('app_user.instansi_id', '=', 'i.id').select(sql<number>`count(*)`.as('n')).as('users'),
    ])
    .orderBy('i.name')
    .execute();
}

const nameField = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

const newInstansiForm = z.object({
  name: nameField,
  slug: z.string().regex(SLUG, 'must be 2–63 lowercase letters, digits or dashes'),
  timeZone: z.string().transform((v, ctx): TimeZone => {
    const zone = parseTimeZone(v);
    if (!zone) ctx.addIssue({ code: 'custom', message: 'must be WIB, WITA or WIT' });
    return zone!;
  }),
  adminName: nameField,
  adminEmail: z.string().trim().toLowerCase().pipe(z.email({ error: 'must be an e-mail address' })),
});

export type NewInstansi = z.output<typeof newInstansiForm>;

/** The form's fields; an empty slug is made from the name. A FieldError names the first wrong one. */
export function parseNewInstansiForm(body: Record<string, unknown>): NewInstansi {
  const name = text(body, 'name');
  const result = newInstansiForm.safeParse({
    name,
    slug: text(body, 'slug').trim() || slugify(name),
    timeZone: text(body, 'timeZone'),
    adminName: text(body, 'adminName'),
    adminEmail: text(body, 'adminEmail'),
  });
  if (!result.success) throw fieldError(result.error);
  return result.data;
}

/** Creates the instansi and its admin; the admin's first password is returned once and stored only hashed. */
export async function createInstansiWithAdmin(db: Kysely<Database>, input: NewInstansi, by: { userId: string; address: string | null }) {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const created = await db.transaction().execute(async (tx) => {
    const instansi = await tx
      .insertInto('instansi')
      .values({ name: input.name, slug: input.slug, time_zone: input.timeZone })
      .returning(['id', 'slug', 'name'])
      .executeTakeFirstOrThrow()
      .catch((error: unknown) => {
        throw isUniqueViolation(error) ? new FieldError(409, 'slug', `an instansi with slug "${input.slug}" already exists`) : error;
      });
    const admin = await tx
      .insertInto('app_user')
      .values({ email: input.adminEmail, name: input.adminName, role: 'admin', instansi_id: instansi.id, password_hash: passwordHash })
      .returning(['id', 'email', 'name'])
      .executeTakeFirstOrThrow()
      .catch((error: unknown) => {
        throw isUniqueViolation(error) ? new FieldError(409, 'adminEmail', `a user with e-mail ${input.adminEmail} already exists`) : error;
      });
    const base = { instansiId: instansi.id, userId: by.userId, address: by.address };
    await audit(tx, { ...base, action: 'instansi.create', targetType: 'instansi', targetId: instansi.id, detail: { slug: instansi.slug } });
    await audit(tx, { ...base, action: 'user.create', targetType: 'app_user', targetId: admin.id, detail: { email: admin.email, role: 'admin', units: [] } });
    return { instansi, admin };
  });
  return { ...created, password };
}
