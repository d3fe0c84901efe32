import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/types.ts';

export interface AuditEntry {
  instansiId: string | null;
  /** null when the action came from the command line (no signed-in user) */
  userId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  detail?: Record<string, unknown>;
  /** the signed-in user's client address (workspace actions) */
  address?: string | null;
}

/** Records who did what; written in the same transaction as the change it describes. */
export async function audit(db: Kysely<Database> | Transaction<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      instansi_id: entry.instansiId,
      user_id: entry.userId,
      action: entry.action,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId ?? null,
      detail: JSON.stringify(entry.detail ?? {}),
      address: entry.address ?? null,
    })
    .execute();
}
