// The backup file: gzip'd JSON lines, the same for both databases (a PGlite backup restores into
// PostgreSQL and back). Line 1 the header, then one line per row {"t": table, "r": row as
// PostgreSQL's row_to_json wrote it}, then the trailer with the row count and the SHA-256 of every
// line before it, so a truncated or altered file is refused before anything is stored.
import { z } from 'zod';

export const FORMAT = 'survei-backup/1';

export const headerSchema = z.object({
  format: z.literal(FORMAT),
  created_at: z.string(),
  app_version: z.string(),
  source: z.enum(['pglite', 'postgres']),
  /** kysely's migration names applied to the source, in order */
  migrations: z.array(z.string()),
  /** every table in the order its rows follow (parents before children) → its row count */
  tables: z.record(z.string().regex(/^[a-z_][a-z0-9_]*$/), z.number().int().min(0)),
});
export type BackupHeader = z.infer<typeof headerSchema>;

export const trailerSchema = z.object({
  end: z.literal(FORMAT),
  rows: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupTrailer = z.infer<typeof trailerSchema>;

/** A file that is not a complete, intact backup: nothing is stored from it. */
export class BackupFileError extends Error {
  override name = 'BackupFileError';
}

/** A row line; `row` is the JSON text PostgreSQL made, kept as is (no number loses digits). */
export const rowLine = (table: string, row: string) => `{"t":${JSON.stringify(table)},"r":${row}}\n`;

const ROW_PREFIX = /^\{"t":"([a-z_][a-z0-9_]*)","r":/;

/** The table and the row's JSON text of a row line, or undefined when it is not one. */
export function parseRowLine(line: string): { table: string; row: string } | undefined {
  const match = ROW_PREFIX.exec(line);
  if (!match || !line.endsWith('}')) return undefined;
  return { table: match[1]!, row: line.slice(match[0].length, -1) };
}
