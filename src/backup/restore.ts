// Restores a backup into a database, all or nothing (ONE transaction). The target's tables are
// rebuilt by the app's own migrations up to exactly the backup's last one (the schema the rows came
// from), the rows the migrations seed are removed (their generated ids differ from the backup's),
// the backup's rows are loaded parents first, sequences are set past them, and then the remaining
// migrations run, so a backup from an older version restores into a newer app. Rebuilding rather
// than emptying is needed because migrations have no way down: a target already at a newer
// migration (a fresh install that was started once) could not otherwise take an older backup.
// PostgreSQL converts every value back from the JSON (json_populate_recordset).
import { type Kysely, sql, type Transaction } from 'kysely';
import { migrations } from '../../migrations/index.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { migrateToLatest, migrateUpTo } from '../db/migrate.ts';
import type { Database } from '../db/types.ts';
import { version } from '../version.ts';
import { type BackupHeader, BackupFileError } from './format.ts';
import type { Progress } from './dump.ts';
import { readBackup } from './read.ts';
import { describeTables, type TableInfo } from './schema.ts';

/** A restore the operator must decide on (a target holding data, a backup of a newer version): nothing is stored. */
export class RestoreRefused extends Error {
  override name = 'RestoreRefused';
}

/** The tables whose rows mean "this database is in use": restoring over them needs --replace. */
const IN_USE_TABLES = ['instansi', 'app_user', 'response'];

/** Rows per insert, and bytes: a batch of evidence files stays a few MB. */
const BATCH_ROWS = 1_000;
const BATCH_BYTES = 8 * 1024 * 1024;

/** Refuses a backup whose migrations this version does not know (made by a newer app). */
export function checkMigrations(header: BackupHeader): void {
  const known = Object.keys(migrations);
  header.migrations.forEach((name, i) => {
    if (!known.includes(name)) {
      throw new RestoreRefused(
        `the backup was made by a newer version of survei (${header.app_version}): its migration ${name} is unknown to this version (${version}); restore it with survei ${header.app_version} or newer`,
      );
    }
    if (known[i] !== name) throw new BackupFileError(`the backup's migrations are not in this version's order (${name} at position ${i + 1})`);
  });
}

/** Reads the whole file and checks it (format, every row, counts, checksum, migrations): the step before any database is touched. */
export async function verifyBackupFile(path: string): Promise<BackupHeader> {
  const header = await readBackup(path, { parseRows: true });
  checkMigrations(header);
  return header;
}

/** Whether the target holds an instansi, a user or a response. */
export async function holdsData(db: Kysely<any>): Promise<boolean> {
  for (const table of IN_USE_TABLES) {
    const exists = (await sql<{ found: string | null }>`select to_regclass(${`public.${table}`})::text as found`.execute(db)).rows[0]?.found;
    if (exists && (await sql`select 1 from ${sql.id(table)} limit 1`.execute(db)).rows.length > 0) return true;
  }
  return false;
}

export interface RestoreOptions {
  /** empty a target that holds data (else it is refused) */
  replace?: boolean;
  progress?: Progress;
}

export interface RestoreSummary {
  header: BackupHeader;
  /** migrations applied after the rows were loaded (the backup was older than this version) */
  applied: string[];
  /** every table's row count in the target afterwards */
  counts: Record<string, number>;
}

/** Restores a file checked by verifyBackupFile (it is checked again while it is loaded; any problem rolls everything back). */
export async function restoreBackupFile(database: DatabaseHandle, path: string, header: BackupHeader, options: RestoreOptions = {}): Promise<RestoreSummary> {
  return database.db.transaction().execute(async (tx) => {
    if (!options.replace && (await holdsData(tx))) {
      throw new RestoreRefused('the target database already holds data (instansi, users or responses); add --replace to replace all of it with the backup');
    }
    await rebuildSchema(tx, header);
    const tables = new Map((await describeTables(tx)).map((t) => [t.name, t]));
    for (const name of Object.keys(header.tables)) {
      if (!tables.has(name)) throw new BackupFileError(`the backup has a table ${name} that its migrations do not make`);
    }
    // the rows the migrations seeded (the built-in instruments) come back from the backup, with its ids
    if (tables.size > 0) await sql`truncate ${sql.join([...tables.keys()].map((t) => sql.id(t)))} restart identity cascade`.execute(tx);

    const loader = rowLoader(tx, tables, Object.values(header.tables).reduce((a, b) => a + b, 0), options.progress);
    const again = await readBackup(path, { row: (table, row) => loader.add(table, row) });
    await loader.flush();
    if (JSON.stringify(again) !== JSON.stringify(header)) throw new BackupFileError('the file changed while it was being restored');

    for (const table of tables.values()) {
      for (const { column, sequence } of table.sequences) {
        await sql`select setval(${sequence}::text::regclass, coalesce(max(${sql.id(column)}), 1), max(${sql.id(column)}) is not null) from ${sql.id(table.name)}`.execute(tx);
      }
    }
    const applied = await migrateToLatest(tx as unknown as Kysely<Database>);
    const counts: Record<string, number> = {};
    for (const table of await describeTables(tx)) {
      counts[table.name] = Number((await sql<{ n: string | number }>`select count(*) as n from ${sql.id(table.name)}`.execute(tx)).rows[0]!.n);
    }
    return { header, applied, counts };
  });
}

/** Drops the app's tables (and kysely's) and migrates to exactly the backup's last migration. */
async function rebuildSchema(tx: Transaction<any>, header: BackupHeader): Promise<void> {
  const existing = (
    await sql<{ name: string }>`select relname::text as name from pg_class where relnamespace = 'public'::regnamespace and relkind in ('r', 'p')`.execute(tx)
  ).rows.map((r) => r.name);
  if (existing.length > 0) await sql`drop table ${sql.join(existing.map((t) => sql.id(t)))} cascade`.execute(tx);
  const last = header.migrations.at(-1);
  if (!last) return;
  await migrateUpTo(tx, last);
}

/**
 * Inserts rows in batches as they come (the file holds parents before children). A table that
 * references itself (unit.parent_id) is gathered whole and inserted parents first, level by level.
 */
function rowLoader(tx: Transaction<any>, tables: Map<string, TableInfo>, total: number, progress?: Progress) {
  let current: TableInfo | undefined;
  let batch: string[] = [];
  let bytes = 0;
  let done = 0;
  progress?.(0, total);

  const insert = async (table: TableInfo, rows: string[]) => {
    if (rows.length === 0) return;
    const columns = sql.join(table.columns.map((c) => sql.id(c)));
    const overriding = table.identityAlways ? sql`overriding system value` : sql``;
    await sql`insert into ${sql.id(table.name)} (${columns}) ${overriding}
      select ${columns} from json_populate_recordset(null::${sql.id(table.name)}, ${`[${rows.join(',')}]`}::json)`.execute(tx);
    done += rows.length;
    progress?.(done, total);
  };

  const flush = async () => {
    if (!current) return;
    const rows = batch;
    batch = [];
    bytes = 0;
    if (current.selfReferences.length === 0) return insert(current, rows);
    for (const level of parentsFirst(current, rows)) await insert(current, level);
  };

  return {
    async add(name: string, row: string) {
      if (current?.name !== name) {
        await flush();
        current = tables.get(name);
      }
      batch.push(row);
      bytes += row.length;
      if (current!.selfReferences.length === 0 && (batch.length >= BATCH_ROWS || bytes >= BATCH_BYTES)) await flush();
    },
    flush,
  };
}

/** Splits a self-referencing table's rows into levels: each row after the row it references. */
export function parentsFirst(table: TableInfo, rows: string[]): string[][] {
  const parsed = rows.map((text) => ({ text, row: JSON.parse(text) as Record<string, unknown> }));
  const keyOf = (row: Record<string, unknown>, columns: string[]) => (columns.some((c) => row[c] === null || row[c] === undefined) ? undefined : JSON.stringify(columns.map((c) => row[c])));
  const present = new Set<string>();
  for (const { row } of parsed) for (const ref of table.selfReferences) present.add(`${ref.references.join()}:${keyOf(row, ref.references)}`);
  const levels: string[][] = [];
  const placed = new Set<string>();
  let left = parsed;
  while (left.length > 0) {
    const ready = left.filter(({ row }) =>
      table.selfReferences.every((ref) => {
        const parent = keyOf(row, ref.columns);
        const key = `${ref.references.join()}:${parent}`;
        // no parent, a parent outside the backup (the foreign key will say so), or one already placed
        return parent === undefined || !present.has(key) || placed.has(key);
      }),
    );
    // a cycle cannot be ordered: insert the rest and let PostgreSQL name the broken reference
    const level = ready.length > 0 ? ready : left;
    levels.push(level.map((r) => r.text));
    for (const { row } of level) for (const ref of table.selfReferences) placed.add(`${ref.references.join()}:${keyOf(row, ref.references)}`);
    left = left.filter((r) => !level.includes(r));
  }
  return levels;
}
