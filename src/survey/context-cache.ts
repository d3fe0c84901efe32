import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { type LoketContext, loadLoketContext } from './load.ts';

const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

/**
 * The questionnaire context of a loket, kept for 30 s: a loket is asked for by every citizen who
 * scans its QR, and its unit, instruments and layanan change rarely. A change made in the workspace
 * clears this process's cache at once (`invalidate`) and reaches other processes within 30 s (unknown codes are remembered too, so a flood of made-up
 * codes costs one query each per 30 s at most).
 */
export function loketContextCache(db: Kysely<Database>) {
  const entries = new Map<string, { at: number; context: Promise<LoketContext | undefined> }>();
  const load = (code: string, now = Date.now()): Promise<LoketContext | undefined> => {
    const hit = entries.get(code);
    if (hit && now - hit.at < TTL_MS) return hit.context;
    if (entries.size >= MAX_ENTRIES) {
      for (const [key, entry] of entries) if (now - entry.at >= TTL_MS) entries.delete(key);
      if (entries.size >= MAX_ENTRIES) entries.clear();
    }
    const context = loadLoketContext(db, code);
    entries.set(code, { at: now, context });
    // a failed load (database down) must not be remembered
    context.catch(() => entries.delete(code));
    return context;
  };
  return Object.assign(load, {
    /** forgets every loket (after a change in the workspace: this process shows it at once) */
    invalidate: () => entries.clear(),
  });
}

export type LoketContextCache = ReturnType<typeof loketContextCache>;
