// Frozen. What the Tim Survei workspace needs: sign-in failures for throttling (per account and per
// client address, growing delays), where an audited action came from, the saran's category and
// follow-up, and a follow-up action's uploaded evidence.
import { type Kysely, sql } from 'kysely';

const statements = [
  // key: 'account:<email>' or 'address:<keyed hash of the address>'
  `create table signin_failure (
    key text primary key,
    failures integer not null check (failures >= 1),
    last_at timestamptz not null
  )`,
  `alter table audit_log add column address text check (length(address) <= 100)`,
  `create index audit_log_instansi_action on audit_log (instansi_id, action, at)`,
  `alter table response add column saran_category text check (saran_category in ('keluhan', 'saran', 'apresiasi'))`,
  `alter table response add column saran_followed_up_at timestamptz`,
  `create index response_unit_saran on response (unit_id, local_date) where saran is not null`,
  `alter table follow_up add column evidence_file bytea`,
  `alter table follow_up add column evidence_file_name text check (length(evidence_file_name) <= 200)`,
  `alter table follow_up add column evidence_file_type text check (evidence_file_type in ('application/pdf', 'image/png', 'image/jpeg'))`,
  `alter table follow_up add constraint follow_up_evidence_file check ((evidence_file is null) = (evidence_file_name is null) and (evidence_file is null) = (evidence_file_type is null))`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
