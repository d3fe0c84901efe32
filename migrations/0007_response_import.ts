// Frozen. Imports of paper questionnaires (reports/import): which file was imported into which
// unit, by whom, when and how many rows, so that the same file (same SHA-256) is not imported
// twice by mistake. An import forced over an earlier one of the same file is marked `forced`; the
// partial unique index lets only one unforced import of a file per unit exist, which also stops two
// imports of one file that run at the same moment (the second waits for the first and then fails).
// Its responses carry the import's id in response.import_batch.
import { type Kysely, sql } from 'kysely';

const statements = [
  `create table response_import (
    id uuid primary key,
    unit_id uuid not null references unit (id),
    file_name text not null check (length(file_name) between 1 and 255),
    file_hash text not null check (file_hash ~ '^[0-9a-f]{64}$'),
    rows integer not null check (rows > 0),
    imported_by uuid references app_user (id),
    imported_at timestamptz not null default now(),
    forced boolean not null default false
  )`,
  `create unique index response_import_file on response_import (unit_id, file_hash) where not forced`,
  `create index response_import_unit on response_import (unit_id, imported_at)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
