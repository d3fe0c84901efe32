// The image renderer's assets in the Workers build (package.json "imports": #render-assets, the
// "workerd" condition): no file system to read them from, so the bundler carries them — the .wasm
// as a compiled WebAssembly.Module, the fonts as data (wrangler.toml [[rules]]).
import wasm from '@resvg/resvg-wasm/index_bg.wasm';
import regular from 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf';
import bold from 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf';
import type { RenderAssets } from '../publish/render-assets.ts';

export async function loadRenderAssets(): Promise<RenderAssets> {
  return { wasm, fonts: { regular: new Uint8Array(regular), bold: new Uint8Array(bold) } };
}
