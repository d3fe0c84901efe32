// What a backup reads and a restore writes, asked of PostgreSQL's catalog rather than listed by
// hand, so a table added by a later migration is carried without touching this code: every base
// table of schema public but kysely's own, in foreign-key order (parents first), their columns
// (generated ones skipped), identity and serial sequences, and self-references (unit.parent_id).
import { type Kysely, sql } from 'kysely';

/** kysely's bookkeeping: recorded in the header as migration names instead */
export const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'];

export interface TableInfo {
  name: string;
  /** columns written back, in table order (generated columns are computed again) */
  columns: string[];
  /** a GENERATED ALWAYS identity column: the insert must say OVERRIDING SYSTEM VALUE */
  identityAlways: boolean;
  /** columns fed by a sequence (identity or serial): set past the restored values */
  sequences: { column: string; sequence: string }[];
  /** foreign keys from this table to itself: child columns → parent columns */
  selfReferences: { columns: string[]; references: string[] }[];
  /** has a bytea column (uploaded files: a row can be megabytes), so the dump fetches few rows at once */
  holdsFiles: boolean;
}

// the catalog's `name` and arrays of it come back as text[] from both drivers
type Db = Kysely<any>;

/** The app's tables (schema public, kysely's excepted), parents before children. */
export async function describeTables(db: Db): Promise<TableInfo[]> {
  const tables = (
    await sql<{ name: string }>`
      select c.relname::text as name from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and c.relname::text <> all(${MIGRATION_TABLES}::text[])
      order by c.relname`.execute(db)
  ).rows.map((r) => r.name);
  const columns = (
    await sql<{ table: string; column: string; identity: string; generated: string; sequence: string | null; bytea: boolean }>`
      select c.relname::text as table, a.attname::text as column, a.attidentity::text as identity, a.attgenerated::text as generated,
        a.atttypid = 'bytea'::regtype as bytea,
        case when a.attidentity <> '' or a.atthasdef then pg_get_serial_sequence(format('public.%I', c.relname), a.attname) end as sequence
      from pg_attribute a join pg_class c on c.oid = a.attrelid
      where c.relnamespace = 'public'::regnamespace and c.relkind = 'r' and a.attnum > 0 and not a.attisdropped
      order by c.relname, a.attnum`.execute(db)
  ).rows;
  const keys = (
    await sql<{ child: string; parent: string; child_columns: string[]; parent_columns: string[] }>`
      select ch.relname::text as child, pa.relname::text as parent,
        array(select a.attname::text from unnest(con.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n order by k.i) as child_columns,
        array(select a.attname::text from unnest(con.confkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n order by k.i) as parent_columns
      from pg_constraint con join pg_class ch on ch.oid = con.conrelid join pg_class pa on pa.oid = con.confrelid
      where con.contype = 'f' and ch.relnamespace = 'public'::regnamespace`.execute(db)
  ).rows;

  const info = new Map<string, TableInfo>(tables.map((name) => [name, { name, columns: [], identityAlways: false, sequences: [], selfReferences: [], holdsFiles: false }]));
  for (const c of columns) {
    const table = info.get(c.table);
    if (!table) continue;
    if (c.generated === '') table.columns.push(c.column);
    if (c.identity === 'a') table.identityAlways = true;
    if (c.sequence) table.sequences.push({ column: c.column, sequence: c.sequence });
    if (c.bytea) table.holdsFiles = true;
  }
  const parents = new Map<string, Set<string>>(tables.map((name) => [name, new Set()]));
  for (const k of keys) {
    if (!info.has(k.child) || !info.has(k.parent)) continue;
    if (k.child === k.parent) info.get(k.child)!.selfReferences.push({ columns: k.child_columns, references: k.parent_columns });
    else parents.get(k.child)!.add(k.parent);
  }
  return orderParentsFirst(tables, parents).map((name) => info.get(name)!);
}

/** Topological order, alphabetical among equals so a backup of the same data reads the same. */
function orderParentsFirst(tables: string[], parents: Map<string, Set<string>>): string[] {
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p)));
    if (ready.length === 0) {
      const left = tables.filter((t) => !placed.has(t));
      throw new Error(`the foreign keys between ${left.join(', ')} form a cycle; a backup cannot order them`);
    }
    for (const t of ready) {
      ordered.push(t);
      placed.add(t);
    }
  }
  return ordered;
}

/** The names of kysely's applied migrations, in order (none when the database was never migrated). */
export async function appliedMigrations(db: Db): Promise<string[]> {
  const exists = (await sql<{ found: string | null }>`select to_regclass('public.kysely_migration')::text as found`.execute(db)).rows[0]?.found;
  if (!exists) return [];
  return (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows.map((r) => r.name);
}
