// Fuzzing instrument JSON files through loadInstrumentFile, what `survei instrument add` reads:
// random bytes and JSON, truncated files, and a valid instrument with random edits (values replaced,
// keys dropped or added, lists repeated). Each file is accepted or refused with an InstrumentError
// naming the file (and the JSON path); never another throw or an unhandled rejection. No database.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { SKM_V1 } from '../../migrations/builtin-instruments-v1.ts';
import { InstrumentError, loadInstrumentFile, parseInstrument } from '../../src/instruments/schema.ts';
import { anyText, FUZZ_RUNS, fuzzParams, fuzzTimeout, watchRejections } from './support.ts';

const dir = mkdtempSync(join(tmpdir(), 'survei-fuzz-instrument-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A custom instrument as an instansi writes one: the SKM's shape under its own id. */
const VALID = { ...structuredClone(SKM_V1), id: 'kepuasan_rsud', name: 'Kepuasan Pasien RSUD' } as Record<string, unknown>;

type Edit = { at: number; op: 'set' | 'drop' | 'add' | 'repeat'; value: unknown; key: string };

/** Every container and key of a JSON value, depth first, to pick an edit's place from. */
function places(value: unknown, out: { parent: Record<string, unknown> | unknown[]; key: string | number }[] = []) {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push({ parent: value, key: i }), places(v, out)));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push({ parent: value as Record<string, unknown>, key: k }), places(v, out);
  return out;
}

function edited(edits: Edit[]): unknown {
  const doc = structuredClone(VALID);
  for (const edit of edits) {
    const all = places(doc);
    const { parent, key } = all[edit.at % all.length]!;
    if (edit.op === 'set') (parent as Record<string | number, unknown>)[key] = edit.value;
    else if (edit.op === 'drop') Array.isArray(parent) ? parent.splice(Number(key), 1) : delete parent[key as string];
    else if (edit.op === 'add') Array.isArray(parent) ? parent.push(edit.value) : (parent[edit.key] = edit.value);
    else if (Array.isArray(parent)) parent.push(structuredClone(parent[Number(key)]));
  }
  return doc;
}

const editArb: fc.Arbitrary<Edit> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('set', 'set', 'drop', 'add', 'repeat'),
  value: fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.constantFrom('', 'U1', 'ikm', 4, 5, 0, -1, 1.5, null, [], {}, 'x'.repeat(10_000))),
  key: fc.oneof(fc.constantFrom('id', 'kind', 'scale', 'labels', 'unsur', 'items', 'code', '__proto__', 'constructor'), fc.string({ maxLength: 8 })),
});

const fileArb: fc.Arbitrary<string | Buffer> = fc.oneof(
  { weight: 6, arbitrary: fc.array(editArb, { minLength: 1, maxLength: 3 }).map((edits) => JSON.stringify(edited(edits))) },
  { weight: 1, arbitrary: fc.constant(JSON.stringify(VALID)) },
  { weight: 2, arbitrary: fc.json({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.nat().map((n) => JSON.stringify(VALID, null, 2).slice(0, n % 4000)) },
  { weight: 1, arbitrary: anyText() },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }).map((b) => Buffer.from(b)) },
  { weight: 1, arbitrary: fc.boolean().map((bom) => `${bom ? '\uFEFF' : ''}${JSON.stringify(VALID).replace('"unsur"', '"unsur","unsur"')}`) },
);

describe('fuzzing instrument files', () => {
  let files = 0;
  it(
    `reads ${FUZZ_RUNS} random instrument files into an instrument or a clear error`,
    async () => {
      const rejections = watchRejections();
      const seen = { accepted: 0, refused: 0 };
      rejections.start();
      try {
        await fc.assert(
          fc.asyncProperty(fileArb, async (content) => {
            const path = join(dir, `${++files}.json`);
            writeFileSync(path, content);
            try {
              const instrument = await loadInstrumentFile(path);
              seen.accepted += 1;
              // what was accepted reads back the same (the stored definition is validated again at use)
              expect(parseInstrument(structuredClone(instrument), 'again')).toEqual(instrument);
            } catch (error) {
              if (!(error instanceof InstrumentError)) throw error;
              seen.refused += 1;
              expect(error.message.startsWith(`${path}: `)).toBe(true);
              expect(error.message.length).toBeLessThan(path.length + 400);
            } finally {
              rmSync(path, { force: true });
            }
            rejections.check();
          }),
          fuzzParams('instrument files'),
        );
      } finally {
        rejections.stop();
      }
      console.log(`fuzz instrument files: ${JSON.stringify(seen)}`);
      if (FUZZ_RUNS >= 200) expect(seen.accepted).toBeGreaterThan(0);
    },
    fuzzTimeout(20),
  );
});
