// SVG → PNG on the server with resvg (WebAssembly, so the same code runs on Node and on Workers),
// with the bundled fonts only: the same SVG gives the same bytes on every machine.
import { initWasm, Resvg } from '@resvg/resvg-wasm';
import { type FontMetrics, fontMetrics } from './font-metrics.ts';
import { loadRenderAssets } from '#render-assets';

export const FONT_FAMILY = 'DejaVu Sans';

export interface Renderer {
  fonts: Uint8Array[];
  /** to measure text while composing: regular and bold weights */
  metrics: { regular: FontMetrics; bold: FontMetrics };
}

let renderer: Promise<Renderer> | undefined;

/** The renderer, started on first use; the wasm can be initialised only once per process. */
export function loadRenderer(): Promise<Renderer> {
  renderer ??= (async () => {
    const { wasm, fonts } = await loadRenderAssets();
    await initWasm(wasm);
    return { fonts: [fonts.regular, fonts.bold], metrics: { regular: fontMetrics(fonts.regular), bold: fontMetrics(fonts.bold) } };
  })();
  return renderer;
}

export async function svgToPng(svg: string): Promise<Uint8Array> {
  const { fonts } = await loadRenderer();
  const resvg = new Resvg(svg, {
    font: { fontBuffers: fonts, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
    fitTo: { mode: 'original' },
  });
  try {
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}
