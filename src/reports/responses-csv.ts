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
export function itemColumns(data: Pick<UnitReportData, 'cards'>): ItemColumn[] {
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

/** Writes a chunk; resolves at once, or when the sink drains if it asked to wait. Rejects if the sink fails or closes first. */
export async function writeChunk(sink: NodeJS.WritableStream, chunk: string | Uint8Array): Promise<void> {
  if (sink.write(chunk)) return;
  await waitFor(sink, 'drain');
}

/** Ends the sink and resolves once everything written has been flushed. */
export async function endSink(sink: NodeJS.WritableStream): Promise<void> {
  const finished = waitFor(sink, 'finish');
  sink.end();
  await finished;
}

function waitFor(sink: NodeJS.WritableStream, event: 'drain' | 'finish'): Promise<void> {
  return new Promise((resolve, reject) => {
    // a destroyed sink (the client went away) never drains
    if ((sink as { destroyed?: boolean }).destroyed) return reject(new Error('the output was closed before everything was written'));
    const cleanup = () => {
      sink.off(event, done);
      sink.off('error', failed);
      sink.off('close', closed);
    };
    const done = () => {
      cleanup();
      resolve();
    };
    const failed = (err: unknown) => {
      cleanup();
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    const closed = () => failed(new Error('the output was closed before everything was written'));
    sink.on(event, done);
    sink.on('error', failed);
    sink.on('close', closed);
  });
}
