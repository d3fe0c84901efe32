// Writing a command's output file: the path is checked before any work is done, and a failure is one
// clear line (exit 2). No heavy imports: every command that writes a file uses these.
import { accessSync, constants, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CliError } from './command.ts';

/** Why a file could not be written, in the words of an output path (a missing directory, not a missing file). */
export function fsReason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such directory';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** Refuses an output path that cannot be written before any work is done (exit 2, one line). */
export function checkWritable(path: string): void {
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    accessSync(dirname(path), constants.W_OK);
  } catch (error) {
    throw new CliError(`${path}: cannot write the file (${fsReason(error)})`);
  }
}

export async function writeOutput(path: string, data: string | Buffer): Promise<void> {
  try {
    await writeFile(path, data);
  } catch (error) {
    throw new CliError(`${path}: cannot write the file (${fsReason(error)})`);
  }
}
