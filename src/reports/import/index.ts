// Importing paper questionnaires into a unit from a CSV or XLSX file (one row per respondent).
// Pass 1 reads the whole file and keeps only problems and counts; any problem and nothing is
// stored. Pass 2 reads the file again and stores every row in one transaction, in batches, with
// channel `paper`, and records the import (who, when, file hash, rows) for the audit and for
// refusing the same file twice. Memory stays at one batch whatever the size of the file.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { audit } from '../../admin/audit.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import type { Database } from '../../db/types.ts';
import { insertResponses, type NewResponse } from '../../survey/store.ts';
import { type CheckedRow, RowChecker } from './check.ts';
import { type ImportProblem, ProblemList } from './problems.ts';
import { detectFormat, type FileFormat, FileProblem, fileHash, readRows } from './source.ts';
import { type ImportUnit, loadImportUnit } from './unit.ts';

export { describeImportProblem, type ImportProblem, type ImportReason } from './problems.ts';
export { importTemplate } from './template.ts';

export type ImportPhase = 'validate' | 'store';

export interface ImportOptions {
  unitId: string;
  /** the uploaded file on disk, and the name the user gave it */
  file: { path: string; name: string };
  /** import even though the same file was imported into the unit before */
  force?: boolean;
  /** who imports: a signed-in user and their address, or nulls from the command line */
  by: { userId: string | null; address: string | null };
  /** rows done; the total is unknown (null) while validating, the valid rows while storing */
  onProgress?: (phase: ImportPhase, done: number, total: number | null) => void;
}

export interface PreviousImport {
  id: string;
  importedAt: Date;
  /** the user's name; null: from the command line */
  importedBy: string | null;
  rows: number;
}

export type ImportOutcome =
  | { ok: true; importId: string; rows: number }
  | { ok: false; kind: 'invalid'; problems: ImportProblem[]; totalProblems: number; rows: number }
  | { ok: false; kind: 'duplicate'; previous: PreviousImport };

export interface ImportRecord extends PreviousImport {
  fileName: string;
  fileHash: string;
  forced: boolean;
}

// responses per insertResponses call: it inserts them 500 to a statement and moves the tallies once
// for all of them, so larger batches mean fewer upserts of the same tally rows (a batch spanning
// many days touches a tally row per day and item)
const STORE_BATCH = 5_000;
const PROGRESS_EVERY = 1_000;

export async function importResponses(db: Kysely<Database>, options: ImportOptions): Promise<ImportOutcome> {
  const unit = await loadImportUnit(db, options.unitId);
  const hash = await fileHash(options.file.path);
  const previous = await lastImport(db, unit.id, hash);
  if (previous && !options.force) return { ok: false, kind: 'duplicate', previous };

  const problems = new ProblemList();
  const now = new Date();
  let format: FileFormat;
  let rows: number;
  try {
    format = await detectFormat(options.file.path, options.file.name);
    rows = await eachRow(unit, options.file.path, format, problems, now, (done) => options.onProgress?.('validate', done, null));
  } catch (error) {
    if (!(error instanceof FileProblem)) throw error;
    return { ok: false, kind: 'invalid', problems: [error.problem], totalProblems: 1, rows: 0 };
  }
  if (problems.total > 0) return { ok: false, kind: 'invalid', problems: problems.problems, totalProblems: problems.total, rows };

  const importId = randomUUID();
  try {
    await db.transaction().execute(async (tx) => {
      // first, so that a second import of the same file at the same moment waits here and then fails
      await tx
        .insertInto('response_import')
        .values({ id: importId, unit_id: unit.id, file_name: fileName(options.file.name), file_hash: hash, rows, imported_by: options.by.userId, forced: previous !== undefined })
        .execute();
      let stored = 0;
      options.onProgress?.('store', 0, rows);
      const again = new ProblemList();
      await eachRow(unit, options.file.path, format, again, now, undefined, async (batch) => {
        await insertResponses(tx, batch.map((r) => paperResponse(unit, r, importId)));
        stored += batch.length;
        options.onProgress?.('store', stored, rows);
      });
      // the file was replaced between the passes: store nothing of it
      if (again.total > 0 || stored !== rows) throw new Error('the import file changed while it was being imported; import it again');
      await audit(tx, {
        instansiId: unit.instansiId,
        userId: options.by.userId,
        address: options.by.address,
        action: 'responses.import',
        targetType: 'unit',
        targetId: unit.id,
        detail: { unit: unit.slug, import: importId, file: fileName(options.file.name), hash, rows, forced: previous !== undefined },
      });
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const raced = await lastImport(db, unit.id, hash);
    if (!raced) throw error;
    return { ok: false, kind: 'duplicate', previous: raced };
  }
  return { ok: true, importId, rows };
}

/**
 * One pass over the file: every row checked, problems kept in `problems`. With `store`, the valid
 * rows go to it in batches (pass 2). Returns the number of rows with content after the header.
 */
async function eachRow(
  unit: ImportUnit,
  path: string,
  format: FileFormat,
  problems: ProblemList,
  now: Date,
  progress?: (done: number) => void,
  store?: (batch: CheckedRow[]) => Promise<void>,
): Promise<number> {
  const checker = new RowChecker(unit, problems, now);
  let pending: CheckedRow[] = [];
  let reported = 0;
  for await (const batch of readRows(path, format)) {
    for (const row of batch) {
      const checked = checker.take(row);
      if (checked && store) pending.push(checked);
    }
    if (store && pending.length >= STORE_BATCH) {
      await store(pending);
      pending = [];
    }
    if (progress && checker.rows - reported >= PROGRESS_EVERY) progress((reported = checker.rows));
  }
  checker.finish();
  if (store && pending.length > 0) await store(pending);
  progress?.(checker.rows);
  return checker.rows;
}

function paperResponse(unit: ImportUnit, row: CheckedRow, importId: string): NewResponse {
  return { ...row, id: randomUUID(), unitId: unit.id, channel: 'paper', trust: 'open', importBatch: importId };
}

/** The name as recorded: the last path segment, without control characters, at most 255 characters. */
function fileName(name: string): string {
  // control characters dropped and a lone surrogate (also one the cut leaves) replaced: PostgreSQL
  // cannot store either in text or JSON (it was a failed import)
  const cut = (name.replace(/[\u0000-\u001f\u007f]/g, '').split(/[\\/]/).pop() || 'import').slice(0, 255);
  return cut.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

async function lastImport(db: Kysely<Database>, unitId: string, hash: string): Promise<PreviousImport | undefined> {
  const row = await db
    .selectFrom('response_import as r')
    .leftJoin('app_user as u', 'u.id', 'r.imported_by')
    .where('r.unit_id', '=', unitId)
    .where('r.file_hash', '=', hash)
    .select(['r.id', 'r.imported_at', 'u.name', 'r.rows'])
    .orderBy('r.imported_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && { id: row.id, importedAt: row.imported_at, importedBy: row.name, rows: row.rows };
}

/** The unit's imports, newest first. */
export async function listImports(db: Kysely<Database>, unitId: string): Promise<ImportRecord[]> {
  const rows = await db
    .selectFrom('response_import as r')
    .leftJoin('app_user as u', 'u.id', 'r.imported_by')
    .where('r.unit_id', '=', unitId)
    .select(['r.id', 'r.file_name', 'r.file_hash', 'r.rows', 'r.imported_at', 'r.forced', 'u.name'])
    .orderBy('r.imported_at', 'desc')
    .orderBy('r.id')
    .execute();
  return rows.map((r) => ({ id: r.id, fileName: r.file_name, fileHash: r.file_hash, rows: r.rows, importedAt: r.imported_at, importedBy: r.name, forced: r.forced }));
}
