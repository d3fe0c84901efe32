// A shields-style badge drawn by hand: a grey label part and a coloured value part, each as wide as
// its text in Verdana 11px. Text widths come from Verdana's advance widths (no font on the server,
// none needed on Workers); `textLength` then makes any fallback font fill exactly that width, so the
// text never overflows its part. Every text is XML-escaped: unit names are user input.
import { escapeXml } from './xml-escape.ts';

/** Verdana advance widths in font units (2048 per em) for U+0020 … U+007E. */
const VERDANA_ASCII = [
  720, 805, 940, 1831, 1303, 2224, 1499, 552, 911, 911, 1303, 1831, 745, 860, 745, 1305, // space … /
  1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 909, 909, 1831, 1831, 1831, 1116, // 0 … ?
  2048, 1401, 1405, 1430, 1577, 1294, 1178, 1587, 1540, 863, 926, 1423, 1141, 1720, 1532, 1612, // @ … O
  1235, 1612, 1427, 1401, 1264, 1499, 1401, 2025, 1403, 1264, 1403, 911, 1305, 911, 1831, 1303, // P … _
  1303, 1229, 1276, 1067, 1276, 1220, 720, 1276, 1296, 562, 676, 1193, 562, 1992, 1296, 1243, // ` … o
  1276, 1276, 874, 1067, 807, 1296, 1193, 1681, 1193, 1193, 1056, 1300, 911, 1300, 1831, // p … ~
];
/** the few non-ASCII characters badges use */
const VERDANA_OTHER: Record<string, number> = { '\u00a0': 720, '·': 745, '–': 1303, '—': 2048 };
/** an unknown character counts as a wide capital, a CJK or other wide one as a full em: better too wide than cut */
const UNKNOWN = 1612;
const WIDE = 2048;
const UNITS_PER_EM = 2048;
const FONT_SIZE = 11;
/** space on each side of a text inside its part, as shields */
const PADDING = 5;
const HEIGHT = 20;

function advance(ch: string): number {
  const code = ch.codePointAt(0)!;
  if (code >= 0x20 && code <= 0x7e) return VERDANA_ASCII[code - 0x20]!;
  if (ch in VERDANA_OTHER) return VERDANA_OTHER[ch]!;
  // an accented letter is as wide as its base letter (é as e)
  const base = ch.normalize('NFD')[0]!;
  if (base !== ch && base.codePointAt(0)! <= 0x7e && base.codePointAt(0)! >= 0x20) return advance(base);
  return code >= 0x1100 ? WIDE : UNKNOWN;
}

/** Width in px of `text` in Verdana 11px, rounded up to a tenth. */
export function textWidth(text: string): number {
  let units = 0;
  for (const ch of text) units += advance(ch);
  return Math.ceil(((units * FONT_SIZE) / UNITS_PER_EM) * 10) / 10;
}

/** Colours of the value part; white text on each has a contrast of at least 4.5:1. */
export const BADGE_COLOURS = {
  label: '#555555',
  A: '#1a7f37',
  B: '#4d7a12',
  C: '#a85400',
  D: '#c62828',
  /** nothing published, or not found */
  none: '#6a6a6a',
} as const;
export type BadgeColour = keyof typeof BADGE_COLOURS;

export interface BadgeSpec {
  /** "IKM", "IPAK", "IPKP" */
  label: string;
  /** "78,89 · B", "3,20 · WBK", "belum ada" */
  value: string;
  colour: BadgeColour;
  /** what a screen reader says: the badge's <title> and aria-label */
  title: string;
}

export function badgeSvg({ label, value, colour, title }: BadgeSpec): string {
  const labelText = textWidth(label);
  const valueText = textWidth(value);
  const labelWidth = Math.ceil(labelText + 2 * PADDING);
  const valueWidth = Math.ceil(valueText + 2 * PADDING);
  const width = labelWidth + valueWidth;
  const t = escapeXml(title);
  // each text twice: a dark copy one pixel down as the shadow (hidden from screen readers), then the text
  const text = (content: string, centre: number, length: number) => {
    const attrs = `x="${centre}" textLength="${length}" lengthAdjust="spacingAndGlyphs"`;
    return `<text aria-hidden="true" ${attrs} y="15" fill="#010101" fill-opacity=".3">${escapeXml(content)}</text><text ${attrs} y="14">${escapeXml(content)}</text>`;
  };
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${HEIGHT}" role="img" aria-label="${t}"><title>${t}</title>` +
    `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>` +
    `<clipPath id="r"><rect width="${width}" height="${HEIGHT}" rx="3" fill="#fff"/></clipPath>` +
    `<g clip-path="url(#r)"><rect width="${labelWidth}" height="${HEIGHT}" fill="${BADGE_COLOURS.label}"/><rect x="${labelWidth}" width="${valueWidth}" height="${HEIGHT}" fill="${BADGE_COLOURS[colour]}"/><rect width="${width}" height="${HEIGHT}" fill="url(#s)"/></g>` +
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" text-rendering="geometricPrecision" font-size="${FONT_SIZE}">` +
    text(label, labelWidth / 2, labelText) +
    text(value, labelWidth + valueWidth / 2, valueText) +
    `</g></svg>`
  );
}
