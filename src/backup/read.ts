// Reads a backup file line by line in bounded memory, checking as it goes: the gzip stream, the
// header, every row line, each table's row count, and at the end the trailer's count and SHA-256.
// Any problem is a BackupFileError naming it; the caller stores nothing (restore checks the whole
// file before it opens the database, and reads it again inside its one transaction).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { describeFsError } from '../fs-error.ts';
import { type BackupHeader, BackupFileError, headerSchema, parseRowLine, trailerSchema } from './format.ts';

/** far above any row (the largest are evidence files); a longer "line" is not a backup */
const MAX_LINE_BYTES = 256 * 1024 * 1024;

/** Whether the file starts as gzip does (1f 8b). */
async function isGzip(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(2), 0, 2, 0);
    return bytesRead === 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
  } catch (error) {
    throw new BackupFileError(`cannot read the file (${describeFsError(error)})`);
  } finally {
    await handle?.close();
  }
}

async function* linesOf(path: string): AsyncGenerator<Buffer> {
  if (!(await isGzip(path))) throw new BackupFileError('not a survei backup (not a gzip file)');
  const file = createReadStream(path);
  const gunzip = createGunzip();
  file.on('error', (error) => gunzip.destroy(new BackupFileError(`cannot read the file (${describeFsError(error)})`)));
  file.pipe(gunzip);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let started = false;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      started = true;
      let from = 0;
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, from)) {
        const piece = chunk.subarray(from, at);
        yield pending.length === 0 ? piece : Buffer.concat([...pending, piece]);
        pending = [];
        pendingBytes = 0;
        from = at + 1;
      }
      if (from < chunk.length) {
        pending.push(chunk.subarray(from));
        pendingBytes += chunk.length - from;
        if (pendingBytes > MAX_LINE_BYTES) throw new BackupFileError('not a survei backup (a line longer than 256 MB)');
      }
    }
  } catch (error) {
    if (error instanceof BackupFileError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'Z_BUF_ERROR') throw new BackupFileError('the backup is incomplete: the file ends early (truncated)');
    if (code?.startsWith('Z_')) throw new BackupFileError(`the backup is damaged (gzip: ${(error as Error).message})`);
    throw error;
  } finally {
    file.destroy();
  }
  if (!started) throw new BackupFileError('not a survei backup (no content)');
  // the trailer ends with a newline: anything after the last one is a cut-off line
  if (pendingBytes > 0) throw new BackupFileError('the backup is incomplete: the last line is cut off (truncated)');
}

export interface ReadHandlers {
  /** called once the header is read and checked, before any row */
  header?(header: BackupHeader): Promise<void> | void;
  /** each row as its table and its JSON text, in file order */
  row?(table: string, row: string): Promise<void> | void;
  /** parse every row's JSON (the check before the database is touched) */
  parseRows?: boolean;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Reads and checks the whole file; returns its header. Throws BackupFileError on any problem. */
export async function readBackup(path: string, handlers: ReadHandlers = {}): Promise<BackupHeader> {
  const hash = createHash('sha256');
  let header: BackupHeader | undefined;
  let ended = false;
  let rows = 0;
  let lineNumber = 0;
  const counted = new Map<string, number>();
  for await (const bytes of linesOf(path)) {
    lineNumber += 1;
    if (ended) throw new BackupFileError(`the backup is damaged: line ${lineNumber} follows the end line`);
    const line = bytes.toString('utf8');
    if (!header) {
      const parsed = headerSchema.safeParse(parseJson(line));
      if (!parsed.success) throw new BackupFileError('not a survei backup (the first line is not a survei-backup/1 header)');
      header = parsed.data;
      for (const table of Object.keys(header.tables)) counted.set(table, 0);
      await handlers.header?.(header);
    } else if (line.startsWith('{"end":')) {
      const trailer = trailerSchema.safeParse(parseJson(line));
      if (!trailer.success) throw new BackupFileError(`the backup is damaged: line ${lineNumber} is not a valid end line`);
      if (trailer.data.rows !== rows) throw new BackupFileError(`the backup is damaged: it holds ${rows} rows, its end line says ${trailer.data.rows}`);
      if (trailer.data.sha256 !== hash.digest('hex')) throw new BackupFileError('the backup is damaged: its checksum does not match its content');
      ended = true;
      continue;
    } else {
      const found = parseRowLine(line);
      if (!found) throw new BackupFileError(`the backup is damaged: line ${lineNumber} is not a row`);
      const seen = counted.get(found.table);
      if (seen === undefined) throw new BackupFileError(`the backup is damaged: line ${lineNumber} is a row of table "${found.table}", which its header does not list`);
      if (handlers.parseRows) {
        const value = parseJson(found.row);
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new BackupFileError(`the backup is damaged: line ${lineNumber} is not a row`);
      }
      counted.set(found.table, seen + 1);
      rows += 1;
      await handlers.row?.(found.table, found.row);
    }
    hash.update(bytes);
    hash.update('\n');
  }
  if (!header) throw new BackupFileError('not a survei backup (empty file)');
  if (!ended) throw new BackupFileError('the backup is incomplete: it has no end line (truncated)');
  for (const [table, expected] of Object.entries(header.tables)) {
    const found = counted.get(table) ?? 0;
    if (found !== expected) throw new BackupFileError(`the backup is damaged: table ${table} has ${found} rows, its header says ${expected}`);
  }
  return header;
}
