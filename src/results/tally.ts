// The per-day tallies that results read: for each (unit, day, loket, layanan, instrument version,
// item), how many answers had each value 1–4, and how many respondents answered each version.
import { type Selectable, sql, type Transaction } from 'kysely';
import type { Database, ResponseTable } from '../db/types.ts';

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

// 10 columns: well under PostgreSQL's 65,535 parameters per statement
const ROWS_PER_UPSERT = 2_000;

type Key = Pick<TallyInput, 'unitId' | 'loketId' | 'layananId' | 'localDate'> & { versionId: string };

/**
 * Moves the tallies by +1 (stored, restored) or −1 (excluded) for each response. Counted here, in
 * one pass, and upserted as one row per cell in a fixed order, so that concurrent moves never
 * deadlock on shared tally rows. (Counting inside the database with jsonb_each cost it several
 * times more than this loop.)
 */
export async function addToTallies(tx: Transaction<Database>, responses: TallyInput[], sign: 1 | -1): Promise<void> {
  const answerCells = new Map<string, Key & { itemCode: string; n: [number, number, number, number] }>();
  const respondentCells = new Map<string, Key & { respondents: number }>();
  for (const r of responses) {
    const base = `${r.unitId}|${r.localDate}|${r.loketId}|${r.layananId}`;
    for (const [versionId, items] of Object.entries(r.answers)) {
      const versionKey = `${base}|${versionId}`;
      const key: Key = { unitId: r.unitId, localDate: r.localDate, loketId: r.loketId, layananId: r.layananId, versionId };
      const respondents = respondentCells.get(versionKey);
      if (respondents) respondents.respondents += sign;
      else respondentCells.set(versionKey, { ...key, respondents: sign });
      for (const [itemCode, value] of Object.entries(items)) {
        const cellKey = `${versionKey}|${itemCode}`;
        let cell = answerCells.get(cellKey);
        if (!cell) answerCells.set(cellKey, (cell = { ...key, itemCode, n: [0, 0, 0, 0] }));
        cell.n[value - 1]! += sign;
      }
    }
  }
  const ordered = <T>(cells: Map<string, T>) => [...cells.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, cell]) => cell);
  const row = (k: Key) => ({ unit_id: k.unitId, local_date: k.localDate, loket_id: k.loketId, layanan_id: k.layananId, version_id: k.versionId });
  const answerRows = ordered(answerCells).map((c) => ({ ...row(c), item_code: c.itemCode, n1: c.n[0], n2: c.n[1], n3: c.n[2], n4: c.n[3] }));
  for (let i = 0; i < answerRows.length; i += ROWS_PER_UPSERT) {
    await tx
      .insertInto('answer_tally')
      .values(answerRows.slice(i, i + ROWS_PER_UPSERT))
      .onConflict((oc) =>
        oc.columns(['unit_id', 'local_date', 'loket_id', 'layanan_id', 'version_id', 'item_code']).doUpdateSet({
          n1: sql`answer_tally.n1 + excluded.n1`,
          n2: sql`answer_tally.n2 + excluded.n2`,
          n3: sql`answer_tally.n3 + excluded.n3`,
          n4: sql`answer_tally.n4 + excluded.n4`,
        }),
      )
      .execute();
  }
  const respondentRows = ordered(respondentCells).map((c) => ({ ...row(c), respondents: c.respondents }));
  for (let i = 0; i < respondentRows.length; i += ROWS_PER_UPSERT) {
    await tx
      .insertInto('response_tally')
      .values(respondentRows.slice(i, i + ROWS_PER_UPSERT))
      .onConflict((oc) => oc.columns(['unit_id', 'local_date', 'loket_id', 'layanan_id', 'version_id']).doUpdateSet({ respondents: sql`response_tally.respondents + excluded.respondents` }))
      .execute();
  }
}
