// Frozen. What the questionnaire needs: trust levels of the three ways in (open QR, presence at
// the loket, single-use invitation), hashed client identities for the anti-stuffing flags, each
// unit's cool-down and flag policy, the instansi's service hours as data, and the fast write path:
// a submission is one row with its answers inline; answer rows, tallies and the flags that compare
// responses with each other are folded in afterwards, in batches (tallied_at marks what is done).
import { type Kysely, sql } from 'kysely';

const statements = [
  `alter table response drop constraint response_trust_check`,
  `update response set trust = 'open'`,
  `alter table response alter column trust set default 'open'`,
  `alter table response add constraint response_trust_check check (trust in ('open', 'presence', 'invited'))`,
  // HMAC of the client address and of the device cookie: comparable, never readable
  `alter table response add column ip_hash text`,
  `create index response_unit_device on response (unit_id, client_hash, submitted_at) where client_hash is not null`,
  `create index response_ip on response (ip_hash, submitted_at) where ip_hash is not null`,
  // { "<instrument version id>": { "<item code>": 1..4 } }, kept as submitted
  `alter table response add column answers jsonb`,
  `alter table response add column tallied_at timestamptz`,
  `update response set tallied_at = submitted_at`,
  `create index response_pending on response (submitted_at) where tallied_at is null`,
  // how long the same device is "again" within a unit; whether flagged answers count
  `alter table unit add column cooldown_minutes integer not null default 60 check (cooldown_minutes between 0 and 10080)`,
  `alter table unit add column flag_policy text not null default 'count' check (flag_policy in ('count', 'exclude'))`,
  // { "days": [1..7] (ISO weekday), "open": "HH:MM", "close": "HH:MM" } in the instansi's zone
  `alter table instansi drop column service_hours`,
  `alter table instansi add column service_hours jsonb`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
