// Where the image renderer's WebAssembly and fonts come from. On Node they are read from
// node_modules; the Workers build takes src/worker/render-assets.ts instead (package.json "imports")
// with module imports of the same files.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

export interface RenderAssets {
  /** resvg's compiled renderer */
  wasm: Uint8Array | WebAssembly.Module;
  /** DejaVu Sans, bundled so that output never depends on the machine's fonts */
  fonts: { regular: Uint8Array; bold: Uint8Array };
}

export async function loadRenderAssets(): Promise<RenderAssets> {
  const require = createRequire(import.meta.url);
  const read = async (specifier: string) => new Uint8Array(await readFile(require.resolve(specifier)));
  const [wasm, regular, bold] = await Promise.all([
    read('@resvg/resvg-wasm/index_bg.wasm'),
    read('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
    read('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  ]);
  return { wasm, fonts: { regular, bold } };
}
