import { IPAK_V1, IPKP_V1, SKM_V1 } from '../../migrations/builtin-instruments-v1.ts';
import { type Instrument, loadInstrumentFile, parseInstrument } from './schema.ts';

export type BuiltinInstrumentId = 'skm' | 'ipak' | 'ipkp';

// The frozen migration data goes through the same validation as a custom file, so a typo in it
// fails at start-up rather than producing a wrong score. Deep-frozen: every caller shares them.
export const builtinInstruments: Readonly<Record<BuiltinInstrumentId, Instrument>> = deepFreeze({
  skm: parseInstrument(SKM_V1, 'builtin skm'),
  ipak: parseInstrument(IPAK_V1, 'builtin ipak'),
  ipkp: parseInstrument(IPKP_V1, 'builtin ipkp'),
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

export function isBuiltinInstrumentId(name: string): name is BuiltinInstrumentId {
  return name === 'skm' || name === 'ipak' || name === 'ipkp';
}

/** `skm`, `ipak` or `ipkp` → the built-in instrument; anything else is read as a JSON file path. */
export async function resolveInstrument(nameOrPath: string): Promise<Instrument> {
  return isBuiltinInstrumentId(nameOrPath) ? builtinInstruments[nameOrPath] : loadInstrumentFile(nameOrPath);
}
