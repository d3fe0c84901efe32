// Sending a report as a download: private, never cached, saved under its own file name. Large files
// (XLSX, CSV, ZIP) are streamed as they are written, so a 100,000-row tabulation never sits in
// memory whole. An error before the first byte is an ordinary error page; after it, the response
// is already under way, so the error is logged and the download aborted (the browser shows it as
// failed) rather than left hanging or ended as if complete.
import { Readable, Transform } from 'node:stream';
import type { Context } from 'hono';
import { loggedPath, writeLog } from '../../http/log.ts';
import type { AdminEnv } from '../web/env.ts';

export interface DownloadFile {
  type: string;
  filename: string;
}

export const CONTENT_TYPES = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  zip: 'application/zip',
} as const;

function headers({ type, filename }: DownloadFile): Record<string, string> {
  return { 'Content-Type': type, 'Content-Disposition': `attachment; filename="${filename}"`, 'Cache-Control': 'private, no-store' };
}

/** A file made whole in memory (PDF, JSON, a short CSV). */
export function sendDownload(c: Context<AdminEnv>, file: DownloadFile, data: Uint8Array | string): Response {
  return c.body(typeof data === 'string' ? data : new Uint8Array(data), 200, headers(file));
}

function logFailure(c: Context<AdminEnv>, error: unknown) {
  const message = error instanceof Error ? error.message : String(error);
  writeLog('error', `download ${loggedPath(c.req.path)} aborted: ${message}`, { request_id: c.get('requestId'), path: loggedPath(c.req.path) });
}

/** A file written into a stream by `write`, sent while it is written. */
export async function streamDownload(c: Context<AdminEnv>, file: DownloadFile, write: (sink: NodeJS.WritableStream) => Promise<void>): Promise<Response> {
  let started!: () => void;
  const firstByte = new Promise<void>((resolve) => (started = resolve));
  // a Transform passing chunks through, not a PassThrough: Workers' PassThrough ignores a `transform`
  // option, so the first byte would never be seen and a large download would wait for ever
  const sink: Transform = new Transform({
    transform(chunk, _encoding, done) {
      started();
      done(null, chunk);
    },
    // the server closes the stream without a reason when the client goes away: make that an error,
    // so a writer waiting for 'drain' stops instead of waiting for ever
    destroy(error, done) {
      done(error ?? (sink.writableFinished ? null : new Error('the download was closed before it was complete')));
    },
  });
  const failures: unknown[] = [];
  sink.on('error', (error) => failures.push(error));
  const writing = write(sink);
  try {
    await Promise.race([firstByte, writing]);
  } catch (error) {
    sink.destroy();
    throw error;
  }
  writing.then(
    () => {
      if (!sink.writableEnded) sink.end();
    },
    (error: unknown) => {
      logFailure(c, failures[0] ?? error);
      sink.destroy(error instanceof Error ? error : new Error(String(error)));
    },
  );
  return c.body(Readable.toWeb(sink) as unknown as ReadableStream<Uint8Array>, 200, headers(file));
}
