// Advance widths read from a TrueType font (its cmap and hmtx tables): enough to know where a line
// of the SVG we compose must break or be cut. resvg shapes and kerns the text itself, so a line
// measured here is never narrower than it renders.

export interface FontMetrics {
  /** the width of `text` at `size` pixels, without kerning */
  width(text: string, size: number): number;
}

export function fontMetrics(font: Uint8Array): FontMetrics {
  const view = new DataView(font.buffer, font.byteOffset, font.byteLength);
  const u16 = (at: number) => view.getUint16(at);
  const tables = new Map<string, number>();
  for (let i = 0, count = u16(4); i < count; i++) {
    const record = 12 + i * 16;
    tables.set(String.fromCharCode(...font.subarray(record, record + 4)), view.getUint32(record + 8));
  }
  const table = (tag: string) => {
    const at = tables.get(tag);
    if (at === undefined) throw new Error(`font has no ${tag} table`);
    return at;
  };
  const unitsPerEm = u16(table('head') + 18);
  const longMetrics = u16(table('hhea') + 34);
  const hmtx = table('hmtx');
  const advance = (glyph: number) => u16(hmtx + 4 * Math.min(glyph, longMetrics - 1));

  // the Windows Unicode BMP subtable (format 4): every character the cards write is in the BMP
  const cmap = table('cmap');
  let sub = -1;
  for (let i = 0, count = u16(cmap + 2); i < count; i++) {
    const record = cmap + 4 + i * 8;
    if (u16(record) === 3 && u16(record + 2) === 1) sub = cmap + view.getUint32(record + 4);
  }
  if (sub < 0 || u16(sub) !== 4) throw new Error('font has no Unicode BMP cmap (format 4)');
  const segments = u16(sub + 6) / 2;
  const ends = sub + 14;
  const starts = ends + segments * 2 + 2;
  const deltas = starts + segments * 2;
  const rangeOffsets = deltas + segments * 2;

  const glyphOf = (code: number): number => {
    for (let i = 0; i < segments; i++) {
      if (u16(ends + i * 2) < code) continue;
      const start = u16(starts + i * 2);
      if (start > code) return 0;
      const delta = u16(deltas + i * 2);
      const rangeOffset = u16(rangeOffsets + i * 2);
      if (rangeOffset === 0) return (code + delta) & 0xffff;
      const glyph = u16(rangeOffsets + i * 2 + rangeOffset + (code - start) * 2);
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  };

  const widths = new Map<number, number>();
  const widthOf = (code: number) => {
    let width = widths.get(code);
    if (width === undefined) widths.set(code, (width = advance(code > 0xffff ? 0 : glyphOf(code))));
    return width;
  };
  return {
    width(text, size) {
      let units = 0;
      for (const char of text) units += widthOf(char.codePointAt(0)!);
      return (units * size) / unitsPerEm;
    },
  };
}
