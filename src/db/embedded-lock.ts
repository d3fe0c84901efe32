import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * PGlite must never be opened by two processes at once: the second would corrupt the directory.
 * The lock file holding our pid appears atomically, already written (hard link of a temp file).
 * A lock whose process no longer runs (after a crash) is taken over by renaming it aside first,
 * so two processes starting at once cannot both take it. Pids only mean something on one host:
 * never share a DATA_DIR between machines or containers. Returns the release function.
 */
/** The pid in DATA_DIR's lock file, if any (it may be a process that no longer runs). */
export const lockHolder = (dataDir: string) => readPid(join(dataDir, 'survei.lock'));

export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, 'survei.lock');
  const mine = join(dataDir, `survei.lock.${process.pid}`);
  writeFileSync(mine, String(process.pid), { mode: 0o600 });
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(mine, path);
        return () => {
          if (readPid(path) === process.pid) rmSync(path, { force: true });
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = readPid(path);
      if (holder !== undefined && holder !== process.pid && isRunning(holder)) throw inUse(dataDir, holder);
      // stale: move it aside, then check it really was the stale lock and not a fresh one
      const aside = join(dataDir, `survei.lock.stale.${process.pid}`);
      try {
        renameSync(path, aside);
      } catch {
        continue; // someone else moved it first; try again
      }
      const moved = readPid(aside);
      if (moved !== holder && moved !== undefined && isRunning(moved)) {
        renameSync(aside, path);
        throw inUse(dataDir, moved);
      }
      rmSync(aside, { force: true });
    }
    throw new DataDirInUseError(`could not lock ${path}; another process keeps taking it`);
  } finally {
    rmSync(mine, { force: true });
  }
}

function inUse(dataDir: string, pid: number) {
  return new DataDirInUseError(`the embedded database in ${dataDir} is already open by process ${pid}; stop it first or set another DATA_DIR`);
}
