import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The signing secret in embedded mode when APP_SECRET is unset: generated once and kept in
 * DATA_DIR (owner-only), so signed links survive restarts. Call it while holding the DATA_DIR lock.
 */
/** Where the embedded mode's generated secret is kept. */
export const appSecretFile = (dataDir: string) => join(dataDir, 'app-secret');

export function embeddedAppSecret(dataDir: string): string {
  const path = appSecretFile(dataDir);
  try {
    writeFileSync(path, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const kept = readFileSync(path, 'utf8').trim();
  // a damaged secret is not silently replaced: every signed link would stop working
  if (kept.length < 32) throw new Error(`${path} is damaged (shorter than 32 characters); restore it, or delete it to generate a new one`);
  return kept;
}
