// The per-day tallies that results read: for each (unit, day, loket, layanan, instrument version,
// item), how many answers had each value 1–4, how many respondents answered each version, and how
// many respondents came by each channel and trust level and gave each profile answer.
import { type Selectable, sql, type Transaction } from 'kysely';
import type { Database, RespondentDimension, ResponseTable } from '../db/types.ts';

/** A response's answers as stored: { "<instrument version id>": { "<item code>": 1..4 } } */
export type StoredAnswers = Record<string, Record<string, number>>;

export interface TallyInput {
  unitId: string;
  loketId: string | null;
  layananId: string | null;
  /** the response's stored local day */
  localDate: string;
  answers: StoredAnswers;
  /** how the respondent came in and who they are (respondent breakdowns) */
  respondent: Pick<Selectable<ResponseTable>, 'channel' | 'trust' | 'gender' | 'age' | 'education' | 'occupation' | 'disability'>;
}

/** The response columns a tally move needs: select these, then `tallyInputOf(row)`. */
export const TALLY_COLUMNS = ['unit_id', 'loket_id', 'layanan_id', 'local_date', 'answers', 'channel', 'trust', 'gender', 'age', 'education', 'occupation', 'disability'] as const;

export function tallyInputOf(row: Pick<Selectable<ResponseTable>, (typeof TALLY_COLUMNS)[number]>): TallyInput {
  return {
    unitId: row.unit_id,
    loketId: row.loket_id,
    layananId: row.layanan_id,
    localDate: row.local_date,
    answers: row.answers,
    respondent: { channel: row.channel, trust: row.trust, gender: row.gender, age: row.age, education: row.education, occupation: row.occupation, disability: row.disability },
  };
}

/** The age bands the dashboard counts (migration 0006 cuts the same ones in SQL). */
export const AGE_BANDS = ['<20', '20-29', '30-39', '40-49', '50-59', '60+'] as const;

export function ageBand(age: number | null): (typeof AGE_BANDS)[number] | null {
  if (age === null) return null;
  return age < 20 ? '<20' : age < 30 ? '20-29' : age < 40 ? '30-39' : age < 50 ? '40-49' : age < 60 ? '50-59' : '60+';
}

/** A respondent's value on each dimension the respondent tally counts (null: left blank). */
function respondentValues(r: TallyInput['respondent']): [RespondentDimension, string | null][] {
  return [
    ['channel', r.channel],
    ['trust', r.trust],
    ['gender', r.gender],
    ['age_band', ageBand(r.age)],
    ['education', r.education],
    ['occupation', r.occupation],
    ['disability', r.disability],
  ];
}

// 10 columns: well under PostgreSQL's 65,535 parameters per statement
const ROWS_PER_UPSERT = 2_000;

type Key = Pick<TallyInput, 'unitId' | 'loketId' | 'layananId' | 'localDate'> & { versionId: string };

/**
 * Moves the tallies by +1 (stored, restored) or −1 (excluded) for each response. Counted here, in
 * one pass, and upserted as one row per cell in a fixed order, so that concurrent moves never
 * deadlock on shared tally rows. (Counting inside the database with jsonb_each cost it several
 * times more than this loop.)
 *
 * The rows proposed to the upsert always carry the (positive) counts moved and the conflict
 * adds or subtracts them: PostgreSQL checks a proposed row against the tables' `>= 0` checks
 * before it finds the conflict, so a negative count could never be proposed. Taking away from a
 * cell that does not exist (a response that was never counted) fails, as does going below zero.
 */
export async function addToTallies(tx: Transaction<Database>, responses: TallyInput[], sign: 1 | -1): Promise<void> {
  const answerCells = new Map<string, Key & { itemCode: string; n: [number, number, number, number] }>();
  const respondentCells = new Map<string, Key & { respondents: number }>();
  const profileCells = new Map<string, Omit<Key, 'versionId'> & { dimension: RespondentDimension; value: string | null; respondents: number }>();
  for (const r of responses) {
    const base = `${r.unitId}|${r.localDate}|${r.loketId}|${r.layananId}`;
    for (const [dimension, value] of respondentValues(r.respondent)) {
      const cellKey = `${base}|${dimension}|${value}`;
      const cell = profileCells.get(cellKey);
      if (cell) cell.respondents += 1;
      else profileCells.set(cellKey, { unitId: r.unitId, localDate: r.localDate, loketId: r.loketId, layananId: r.layananId, dimension, value, respondents: 1 });
    }
    for (const [versionId, items] of Object.entries(r.answers)) {
      const versionKey = `${base}|${versionId}`;
      const key: Key = { unitId: r.unitId, localDate: r.localDate, loketId: r.loketId, layananId: r.layananId, versionId };
      const respondents = respondentCells.get(versionKey);
      if (respondents) respondents.respondents += 1;
      else respondentCells.set(versionKey, { ...key, respondents: 1 });
      for (const [itemCode, value] of Object.entries(items)) {
        const cellKey = `${versionKey}|${itemCode}`;
        let cell = answerCells.get(cellKey);
        if (!cell) answerCells.set(cellKey, (cell = { ...key, itemCode, n: [0, 0, 0, 0] }));
        cell.n[value - 1]! += 1;
      }
    }
  }
  const ordered = <T>(cells: Map<string, T>) => [...cells.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, cell]) => cell);
  const row = (k: Key) => ({ unit_id: k.unitId, local_date: k.localDate, loket_id: k.loketId, layanan_id: k.layananId, version_id: k.versionId });
  const op = sql.raw(sign === 1 ? '+' : '-');
  const move = (table: string, column: string) => sql<number>`${sql.ref(`${table}.${column}`)} ${op} ${sql.ref(`excluded.${column}`)}`;
  // xmax = 0 marks a row the upsert inserted rather than updated
  const inserted = sql<boolean>`xmax = 0`.as('inserted');
  const mustExist = (table: string, rows: { inserted: boolean }[]) => {
    if (sign === -1 && rows.some((r) => r.inserted)) throw new Error(`addToTallies: taking away a response that was never counted in ${table}`);
  };
  const answerRows = ordered(answerCells).map((c) => ({ ...row(c), item_code: c.itemCode, n1: c.n[0], n2: c.n[1], n3: c.n[2], n4: c.n[3] }));
  for (let i = 0; i < answerRows.length; i += ROWS_PER_UPSERT) {
    const rows = await tx
      .insertInto('answer_tally')
      .values(answerRows.slice(i, i + ROWS_PER_UPSERT))
      .onConflict((oc) =>
        oc.columns(['unit_id', 'local_date', 'loket_id', 'layanan_id', 'version_id', 'item_code']).doUpdateSet({
          n1: move('answer_tally', 'n1'),
          n2: move('answer_tally', 'n2'),
          n3: move('answer_tally', 'n3'),
          n4: move('answer_tally', 'n4'),
        }),
      )
      .returning(inserted)
      .execute();
    mustExist('answer_tally', rows);
  }
  const respondentRows = ordered(respondentCells).map((c) => ({ ...row(c), respondents: c.respondents }));
  for (let i = 0; i < respondentRows.length; i += ROWS_PER_UPSERT) {
    const rows = await tx
      .insertInto('response_tally')
      .values(respondentRows.slice(i, i + ROWS_PER_UPSERT))
      .onConflict((oc) => oc.columns(['unit_id', 'local_date', 'loket_id', 'layanan_id', 'version_id']).doUpdateSet({ respondents: move('response_tally', 'respondents') }))
      .returning(inserted)
      .execute();
    mustExist('response_tally', rows);
  }
  const profileRows = ordered(profileCells).map((c) => ({ unit_id: c.unitId, local_date: c.localDate, loket_id: c.loketId, layanan_id: c.layananId, dimension: c.dimension, value: c.value, respondents: c.respondents }));
  for (let i = 0; i < profileRows.length; i += ROWS_PER_UPSERT) {
    const rows = await tx
      .insertInto('respondent_tally')
      .values(profileRows.slice(i, i + ROWS_PER_UPSERT))
      .onConflict((oc) => oc.columns(['unit_id', 'local_date', 'loket_id', 'layanan_id', 'dimension', 'value']).doUpdateSet({ respondents: move('respondent_tally', 'respondents') }))
      .returning(inserted)
      .execute();
    mustExist('respondent_tally', rows);
  }
}
