// Excluding a response from the results, and restoring it. Nothing is deleted: the row keeps its
// answers and gains (or loses) who excluded it, when and why, and the per-day tallies move with it
// so every ScoreCard follows at once. A response the fold has not counted yet (tallied_at null)
// only changes its columns: the fold counts only responses that are not excluded.
import type { Kysely, Transaction } from 'kysely';
import { audit } from '../admin/audit.ts';
import type { Database } from '../db/types.ts';
import { AppError } from '../http/errors.ts';
import { foldPending } from './fold.ts';
import { addToTallies, TALLY_COLUMNS, tallyInputOf } from './tally.ts';

export interface ExclusionRequest {
  ids: readonly string[];
  /** the units the caller may change: an id in none of them (or unknown) changes nothing, 404 */
  unitIds: readonly string[];
  /** why: stored with an exclusion, recorded in the audit log for both */
  reason: string;
  /** who (null from the command line or an import without a signed-in user) */
  userId: string | null;
  /** the signed-in user's client address, for the audit log */
  address?: string | null;
}

export interface ExclusionResult {
  /** the responses that changed state */
  changed: string[];
  /** already in the asked state: left as they were (no second tally move) */
  unchanged: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Locks the asked responses (all of them, or 404 and nothing happens), in id order so two requests never deadlock. */
async function lockResponses(tx: Transaction<Database>, { ids, unitIds }: Pick<ExclusionRequest, 'ids' | 'unitIds'>) {
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))].sort();
  if (unique.length === 0 || unitIds.length === 0 || !unique.every((id) => UUID.test(id))) throw new AppError(404, 'not_found', 'no such response');
  const rows = await tx
    .selectFrom('response')
    .where('id', 'in', unique)
    .where('unit_id', 'in', unitIds)
    .select(['id', 'excluded_at', 'excluded_reason', 'tallied_at', ...TALLY_COLUMNS])
    .orderBy('id')
    .forUpdate()
    .execute();
  if (rows.length !== unique.length) throw new AppError(404, 'not_found', 'no such response');
  const units = await tx
    .selectFrom('unit')
    .where('id', 'in', [...new Set(rows.map((r) => r.unit_id))])
    .select(['id', 'instansi_id'])
    .execute();
  const instansiOf = new Map(units.map((u) => [u.id, u.instansi_id]));
  return rows.map((row) => ({ ...row, instansiId: instansiOf.get(row.unit_id)! }));
}

function checkedReason(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed.length === 0) throw new AppError(400, 'invalid', 'reason: must not be empty');
  return trimmed;
}

/**
 * Excludes or restores in one transaction, after folding what is pending: a restored response is
 * then already counted, so a unit's "exclude flagged answers" policy, applied when the fold counts
 * a response, can never exclude again what a person has restored.
 */
export async function changeExclusion(db: Kysely<Database>, action: 'exclude' | 'restore', request: ExclusionRequest): Promise<ExclusionResult> {
  await foldPending(db);
  return db.transaction().execute((tx) => move(tx, request, action));
}

/** Excludes the responses that are counted; the tallies of those already folded move by −1. */
export function excludeResponses(tx: Transaction<Database>, request: ExclusionRequest): Promise<ExclusionResult> {
  return move(tx, request, 'exclude');
}

/** Counts excluded responses again; the tallies of those already folded move by +1. */
export function restoreResponses(tx: Transaction<Database>, request: ExclusionRequest): Promise<ExclusionResult> {
  return move(tx, request, 'restore');
}

async function move(tx: Transaction<Database>, request: ExclusionRequest, action: 'exclude' | 'restore'): Promise<ExclusionResult> {
  const reason = checkedReason(request.reason);
  const rows = await lockResponses(tx, request);
  const excluding = action === 'exclude';
  const changing = rows.filter((r) => (r.excluded_at === null) === excluding);
  if (changing.length > 0) {
    await tx
      .updateTable('response')
      .set(excluding ? { excluded_at: new Date(), excluded_by: request.userId, excluded_reason: reason } : { excluded_at: null, excluded_by: null, excluded_reason: null })
      .where(
        'id',
        'in',
        changing.map((r) => r.id),
      )
      .execute();
    const counted = changing.filter((r) => r.tallied_at !== null).map(tallyInputOf);
    await addToTallies(tx, counted, excluding ? -1 : 1);
  }
  for (const r of changing) {
    await audit(tx, {
      instansiId: r.instansiId,
      userId: request.userId,
      action: `response.${action}`,
      targetType: 'response',
      targetId: r.id,
      // a restore keeps the reason it was excluded for in the log, since the row forgets it
      detail: excluding ? { reason } : { reason, excludedReason: r.excluded_reason },
      address: request.address,
    });
  }
  const changed = new Set(changing.map((r) => r.id));
  return { changed: [...changed], unchanged: rows.filter((r) => !changed.has(r.id)).map((r) => r.id) };
}
