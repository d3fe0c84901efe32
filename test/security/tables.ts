// Every table of the database as text, for tests that compare before and after, or search it.
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../src/db/database.ts';

/** Each table's rows as JSON text (`row_to_json`), ordered, keyed by table name. */
export async function tableDump(database: DatabaseHandle, { except = [] as string[] } = {}): Promise<Record<string, string[]>> {
  const tables = await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(database.db);
  const dump: Record<string, string[]> = {};
  for (const { name } of tables.rows) {
    if (except.includes(name)) continue;
    const rows = await sql<{ row: string }>`select row_to_json(t)::text as row from ${sql.table(name)} t`.execute(database.db);
    dump[name] = rows.rows.map((r) => r.row).sort();
  }
  return dump;
}
