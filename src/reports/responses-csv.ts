// The open CSV of a unit's counted responses for a period: RFC 4180, UTF-8 without a byte-order
// mark, one row per response, one column per item code. The same columns as the import template
// (plus `id` and `kanal` first), so the file goes back into `survei score` and `survei import`.
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { UTC_OFFSET_MS } from '../results/period.ts';
import { csvLine } from './csv-write.ts';
import { type Progress, type ReportResponse, streamResponses, type UnitReportData } from './data.ts';
import { maskPersonalData } from './mask.ts';
import { RESPONSE_LEAD_COLUMNS, SARAN_COLUMN } from './responses-columns.ts';
import { endSink, writeChunk } from './sink.ts';

// kept for the importers of this module (the admin reports test)
export { writeChunk } from './sink.ts';

interface ItemColumn {
  instrument: string;
  code: string;
  header: string;
}

/**
 * The item columns: every instrument the unit answered in the period (as data.cards orders them),
 * its items in questionnaire order. An item code that an earlier instrument already uses is
 * qualified with its instrument (`skm-puskesmas.U1`) so no two columns share a name.
 */
function itemColumns(data: Pick<UnitReportData, 'cards'>): ItemColumn[] {
  const used = new Set<string>();
  const columns: ItemColumn[] = [];
  for (const { instrument } of data.cards) {
    for (const unsur of instrument.unsur) {
      for (const item of unsur.items) {
        const header = used.has(item.code) ? `${instrument.id}.${item.code}` : item.code;
        used.add(header);
        columns.push({ instrument: instrument.id, code: item.code, header });
      }
    }
  }
  return columns;
}

/**
 * Writes the CSV to the sink, one batch of responses at a time (memory stays at one batch), waiting
 * whenever the sink asks to (back-pressure), and ends the sink.
 */
export async function writeResponsesCsv(db: Kysely<Database>, data: UnitReportData, sink: NodeJS.WritableStream, opts: { onProgress?: Progress } = {}): Promise<void> {
  const items = itemColumns(data);
  const offset = UTC_OFFSET_MS[data.instansi.timeZone];
  const total = data.respondents.respondents;
  await writeChunk(sink, csvLine([...RESPONSE_LEAD_COLUMNS, ...items.map((c) => c.header), SARAN_COLUMN]));
  let done = 0;
  opts.onProgress?.(done, total);
  for await (const batch of streamResponses(db, [data.unit.id], data.period)) {
    let text = '';
    for (const r of batch) text += csvLine(responseCells(r, items, offset));
    await writeChunk(sink, text);
    done += batch.length;
    opts.onProgress?.(done, Math.max(total, done));
  }
  await endSink(sink);
}

function responseCells(r: ReportResponse, items: ItemColumn[], offset: number): string[] {
  const cells = [
    r.id,
    r.channel,
    r.localDate,
    // local_date is the submission's day in the instansi's zone, so the time is taken in that zone too
    new Date(r.submittedAt.getTime() + offset).toISOString().slice(11, 16),
    r.loketCode ?? '',
    r.layananName ?? '',
    r.gender ?? '',
    r.age === null ? '' : String(r.age),
    r.education ?? '',
    r.occupation ?? '',
    r.disability ?? '',
  ];
  for (const item of items) {
    const value = r.answers.get(item.instrument)?.[item.code];
    cells.push(value === undefined ? '' : String(value));
  }
  cells.push(r.saran === null ? '' : maskPersonalData(r.saran));
  return cells;
}
