// The instansi or unit a command names by slug (`--instansi`, `--unit`), or a CliError saying what
// is missing. Type imports only besides CliError, so a command that loads it loads nothing heavy.
import type { Kysely } from 'kysely';
import type { TimeZone } from '../config.ts';
import type { Database } from '../db/types.ts';
import { CliError } from './command.ts';

export async function instansiBySlug(db: Kysely<Database>, slug: string): Promise<{ id: string; slug: string }> {
  const row = await db.selectFrom('instansi').where('slug', '=', slug).select(['id', 'slug']).executeTakeFirst();
  if (!row) throw new CliError(`no instansi "${slug}" (see \`survei instansi list\`)`);
  return row;
}

export interface FoundUnit {
  id: string;
  slug: string;
  name: string;
  instansiId: string;
  timeZone: TimeZone;
}

/** A unit by its slug, within --instansi when given; without it the slug must name one unit. */
export async function unitBySlug(db: Kysely<Database>, slug: string, instansi?: string): Promise<FoundUnit> {
  let query = db.selectFrom('unit as u').innerJoin('instansi as i', 'i.id', 'u.instansi_id').where('u.slug', '=', slug);
  if (instansi) {
    await instansiBySlug(db, instansi);
    query = query.where('i.slug', '=', instansi);
  }
  const rows = await query.select(['u.id', 'u.slug', 'u.name', 'u.instansi_id', 'i.slug as instansi_slug', 'i.time_zone']).orderBy('i.slug').execute();
  if (rows.length === 0) {
    throw new CliError(instansi ? `no unit "${slug}" in instansi "${instansi}" (see \`survei unit list --instansi ${instansi}\`)` : `no unit "${slug}" (see \`survei unit list --instansi <slug>\`)`);
  }
  if (rows.length > 1) {
    throw new CliError(`several instansi have a unit "${slug}" (${rows.map((r) => r.instansi_slug).join(', ')}): add --instansi <slug>`);
  }
  const row = rows[0]!;
  return { id: row.id, slug: row.slug, name: row.name, instansiId: row.instansi_id, timeZone: row.time_zone as TimeZone };
}
