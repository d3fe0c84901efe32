// Storing responses: the response with its answers and the per-day tallies that results read, in
// one transaction. The response id is the client's submission id, so a retry stores nothing new.
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { TimeZone } from '../config.ts';
import type { Channel, Database, Trust } from '../db/types.ts';
import { localDate } from '../results/period.ts';
import { addToTallies, type StoredAnswers, tallyInputOf } from '../results/tally.ts';

export interface NewAnswer {
  versionId: string;
  itemCode: string;
  value: 1 | 2 | 3 | 4;
}

export interface NewResponse {
  id: string;
  unitId: string;
  loketId: string | null;
  layananId: string | null;
  channel: Channel;
  trust?: Trust;
  flags?: string[];
  submittedAt: Date;
  servedAt?: Date | null;
  invitationId?: string | null;
  importBatch?: string | null;
  gender?: 'L' | 'P' | null;
  age?: number | null;
  education?: string | null;
  occupation?: string | null;
  disability?: string | null;
  saran?: string | null;
  clientHash?: string | null;
  ipHash?: string | null;
  /** stored but not counted (e.g. a unit whose policy excludes flagged answers); restorable */
  excludedReason?: string | null;
  answers: NewAnswer[];
}

// PostgreSQL takes at most 65,535 parameters per statement: 500 responses of 23 columns fit.
function chunks<T>(rows: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/**
 * Stores responses in one transaction and returns the ids that were new; an id already stored (or
 * repeated in the list) is skipped with its answers, so retries are harmless. Each response is dated
 * in its own unit's instansi time zone, read here rather than trusted from the caller.
 */
export async function storeResponses(
  db: Kysely<Database>,
  responses: NewResponse[],
  /** more work in the same transaction once the new responses are in (e.g. claiming an invitation) */
  afterInsert?: (tx: Transaction<Database>, stored: Set<string>) => Promise<void>,
): Promise<Set<string>> {
  const byId = new Map<string, NewResponse>();
  for (const r of responses) if (!byId.has(r.id)) byId.set(r.id, r);
  const unique = [...byId.values()];
  if (unique.length === 0) return new Set();
  return db.transaction().execute(async (tx) => {
    const stored = await insertResponses(tx, unique);
    if (afterInsert) await afterInsert(tx, stored);
    return stored;
  });
}

/**
 * The insert of `storeResponses` inside the caller's transaction (an import adds its batches to one):
 * the responses, counted in the tallies at once. Ids must be distinct within the list; one already
 * stored is skipped. Returns the ids that were new.
 */
export async function insertResponses(tx: Transaction<Database>, responses: NewResponse[]): Promise<Set<string>> {
  const stored = new Set<string>();
  if (responses.length === 0) return stored;
  await checkItems(tx, responses);
  const zones = await unitTimeZones(tx, responses);
  const dated = responses.map((r) => ({ ...r, localDate: localDate(r.submittedAt, zones.get(r.unitId)!) }));
  const now = new Date();
  for (const batch of chunks(dated)) {
    const rows = await tx
      .insertInto('response')
      .values(batch.map((r) => responseRow(r, r.localDate, now)))
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .execute();
    for (const row of rows) stored.add(row.id);
  }
  await addToTallies(
    tx,
    dated
      .filter((r) => stored.has(r.id) && !r.excludedReason)
      .map((r) => {
        const row = responseRow(r, r.localDate, now);
        return tallyInputOf({ ...row, answers: storedAnswers(r.answers) });
      }),
    1,
  );
  return stored;
}

/** The response's row; `talliedAt` null leaves it to the fold. */
function responseRow(r: NewResponse, day: string, talliedAt: Date | null) {
  return {
    id: r.id,
    unit_id: r.unitId,
    loket_id: r.loketId,
    layanan_id: r.layananId,
    channel: r.channel,
    trust: r.trust ?? 'open',
    flags: r.flags ?? [],
    submitted_at: r.submittedAt,
    local_date: day,
    served_at: r.servedAt ?? null,
    invitation_id: r.invitationId ?? null,
    import_batch: r.importBatch ?? null,
    gender: r.gender ?? null,
    age: r.age ?? null,
    education: r.education ?? null,
    occupation: r.occupation ?? null,
    disability: r.disability ?? null,
    saran: r.saran ?? null,
    client_hash: r.clientHash ?? null,
    ip_hash: r.ipHash ?? null,
    excluded_at: r.excludedReason ? r.submittedAt : null,
    excluded_reason: r.excludedReason ?? null,
    answers: JSON.stringify(storedAnswers(r.answers)),
    tallied_at: talliedAt,
  };
}

function storedAnswers(list: NewAnswer[]): StoredAnswers {
  const answers: StoredAnswers = {};
  for (const a of list) (answers[a.versionId] ??= {})[a.itemCode] = a.value;
  return answers;
}

const MAX_BATCH = 200;
const MAX_IN_FLIGHT = 2;

/**
 * The fast path of citizens' submissions: each is one row with its answers inline, no shared row
 * touched, so concurrent citizens never wait on each other's locks. Submissions that arrive while
 * earlier ones are being written go together in one multi-row INSERT (one round trip and one
 * commit for all of them); an idle server writes each at once. Every caller learns only after its
 * own row is committed, whether it was new (true) or its submission id was already stored (false).
 * Tallies and the cross-response flags follow in batches (results/fold.ts).
 * `timeZone` is the zone of the response's own instansi (from the loket it was sent to).
 */
export function submissionWriter(db: Kysely<Database>) {
  type Waiting = { row: ReturnType<typeof responseRow>; resolve: (stored: boolean) => void; reject: (error: unknown) => void };
  let queue: Waiting[] = [];
  let inFlight = 0;

  // written by hand, not with the query builder: on the busiest path of the platform, building and
  // compiling a multi-row insert per batch cost more than the insert itself
  async function insert(rows: ReturnType<typeof responseRow>[]): Promise<Set<string>> {
    const columns = Object.keys(rows[0]!) as (keyof ReturnType<typeof responseRow>)[];
    const params: unknown[] = [];
    const tuples = rows.map((row) => `(${columns.map((column) => `$${params.push(row[column])}`).join(',')})`);
    const query = CompiledQuery.raw(`insert into response (${columns.join(',')}) values ${tuples.join(',')} on conflict (id) do nothing returning id`, params);
    const stored = await db.executeQuery<{ id: string }>(query);
    return new Set(stored.rows.map((r) => r.id));
  }

  async function write(batch: Waiting[]) {
    // the same id twice in one batch would make the statement fail: later copies wait their turn
    const seen = new Set<string>();
    const first = batch.filter((w) => (seen.has(w.row.id) ? false : (seen.add(w.row.id), true)));
    const again = batch.filter((w) => !first.includes(w));
    try {
      const stored = await insert(first.map((w) => w.row));
      for (const w of first) w.resolve(stored.has(w.row.id));
    } catch (error) {
      if (first.length === 1) first[0]!.reject(error);
      // one bad row must not fail the others: each on its own
      else await Promise.all(first.map((w) => insert([w.row]).then((s) => w.resolve(s.has(w.row.id)), w.reject)));
    }
    if (again.length > 0) queue.unshift(...again);
  }

  function pump() {
    while (inFlight < MAX_IN_FLIGHT && queue.length > 0) {
      const batch = queue.slice(0, MAX_BATCH);
      queue = queue.slice(MAX_BATCH);
      inFlight += 1;
      void write(batch).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  }

  return (r: NewResponse, timeZone: TimeZone): Promise<boolean> =>
    new Promise((resolve, reject) => {
      queue.push({ row: responseRow(r, localDate(r.submittedAt, timeZone), null), resolve, reject });
      pump();
    });
}

/** Every answer must be to an item its instrument version has (the 1–4 scale the database checks). */
async function checkItems(tx: Transaction<Database>, responses: NewResponse[]): Promise<void> {
  const versionIds = [...new Set(responses.flatMap((r) => r.answers.map((a) => a.versionId)))];
  if (versionIds.length === 0) return;
  const items = await tx.selectFrom('instrument_item').where('version_id', 'in', versionIds).select(['version_id', 'code']).execute();
  const known = new Set(items.map((i) => `${i.version_id}|${i.code}`));
  for (const r of responses) {
    const unknown = r.answers.find((a) => !known.has(`${a.versionId}|${a.itemCode}`));
    if (unknown) throw new Error(`storeResponses: response ${r.id} answers unknown item ${unknown.itemCode} of instrument version ${unknown.versionId}`);
  }
}

async function unitTimeZones(tx: Transaction<Database>, responses: NewResponse[]): Promise<Map<string, TimeZone>> {
  const unitIds = [...new Set(responses.map((r) => r.unitId))];
  const rows = await tx.selectFrom('unit as u').innerJoin('instansi as i', 'i.id', 'u.instansi_id').where('u.id', 'in', unitIds).select(['u.id', 'i.time_zone']).execute();
  const zones = new Map(rows.map((r) => [r.id, r.time_zone as TimeZone]));
  const unknown = unitIds.find((id) => !zones.has(id));
  if (unknown) throw new Error(`storeResponses: no unit ${unknown}`);
  return zones;
}
