// The image a unit shares on social media: a 1200×630 card (the Open Graph / Twitter size) and a
// 1080×1080 square, composed here as SVG and rendered to PNG on the server. Who (instansi, logo,
// unit), when (period, revision), the IKM large with its mutu, IPAK and IPKP with their WBK/WBBM
// verdicts, n, and where to read more. Sized for a phone feed: few words, large figures.
import type { Lang } from '../i18n/index.ts';
import { displayUrl } from '../reports/poster.ts';
import { BRAND, INK, LINE, MUTED, MUTU_COLOR, PANEL, VERDICT_COLOR } from '../reports/palette.ts';
import type { Snapshot } from '../results/publication.ts';
import type { FontMetrics } from './font-metrics.ts';
import { type ResultsSummary, summarise, type ZiLine } from './results-summary.ts';
import { FONT_FAMILY, loadRenderer, svgToPng } from './svg-png.ts';
import { escapeXml } from './xml-escape.ts';

export const CARD_SIZES = { card: { width: 1200, height: 630 }, square: { width: 1080, height: 1080 } } as const;
export type CardSize = keyof typeof CARD_SIZES;

export interface CardInput {
  size: CardSize;
  lang: Lang;
  instansiName: string;
  /** the instansi's logo (PNG, JPEG or a checked SVG), embedded as a data URI */
  logo?: { bytes: Uint8Array; type: string };
  unitName: string;
  snapshot: Snapshot;
  revision: number;
  /** the unit's public page, absolute (written without its scheme) */
  url: string;
}

// ---- text that fits -----------------------------------------------------------------------------

interface Fonts {
  regular: FontMetrics;
  bold: FontMetrics;
}

interface TextStyle {
  size: number;
  bold?: boolean;
  fill: string;
  anchor?: 'start' | 'middle' | 'end';
}

const num = (n: number) => String(Math.round(n * 10) / 10);

function text(x: number, y: number, content: string, style: TextStyle): string {
  const anchor = style.anchor && style.anchor !== 'start' ? ` text-anchor="${style.anchor}"` : '';
  const weight = style.bold ? ' font-weight="bold"' : '';
  return `<text x="${num(x)}" y="${num(y)}" font-size="${style.size}"${weight} fill="${style.fill}"${anchor}>${escapeXml(content)}</text>`;
}

const measure = (fonts: Fonts, content: string, style: Pick<TextStyle, 'size' | 'bold'>) => (style.bold ? fonts.bold : fonts.regular).width(content, style.size);

/** `content` cut with an ellipsis so that it fits in `width`. */
function ellipsize(fonts: Fonts, content: string, width: number, style: Pick<TextStyle, 'size' | 'bold'>): string {
  if (measure(fonts, content, style) <= width) return content;
  const chars = [...content];
  while (chars.length > 0 && measure(fonts, `${chars.join('').trimEnd()}…`, style) > width) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

/** Words broken into lines of at most `width`. */
function wrap(fonts: Fonts, content: string, width: number, style: Pick<TextStyle, 'size' | 'bold'>): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of content.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(fonts, next, style) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The largest of `sizes` at which `content` fits in `maxLines` lines of `width`; at the smallest
 * size, the last line ends with an ellipsis (so does any single word wider than the line).
 */
function fitLines(fonts: Fonts, content: string, width: number, sizes: number[], maxLines: number): { size: number; lines: string[] } {
  for (const size of sizes) {
    const lines = wrap(fonts, content, width, { size, bold: true });
    if (lines.length <= maxLines && lines.every((l) => measure(fonts, l, { size, bold: true }) <= width)) return { size, lines };
  }
  const size = sizes[sizes.length - 1]!;
  const lines = wrap(fonts, content, width, { size, bold: true });
  const kept = lines.slice(0, maxLines);
  if (lines.length > maxLines) kept[maxLines - 1] = `${kept[maxLines - 1]} ${lines.slice(maxLines).join(' ')}`;
  return { size, lines: kept.map((l) => ellipsize(fonts, l, width, { size, bold: true })) };
}

// ---- the parts of a card ------------------------------------------------------------------------

/** Sizes of one layout: everything scales from these. */
interface Geometry {
  width: number;
  height: number;
  pad: number;
  header: { height: number; logo: number; name: number; title: number };
  unit: number[];
  period: number;
  hero: { label: number; value: number; badge: number; line: number };
  zi: { label: number; index: number; verdict: number };
  footer: { height: number; size: number };
}

const GEOMETRY: Record<CardSize, Geometry> = {
  card: {
    ...CARD_SIZES.card,
    pad: 48,
    header: { height: 112, logo: 84, name: 30, title: 22 },
    unit: [48, 42, 36],
    period: 26,
    hero: { label: 24, value: 136, badge: 108, line: 30 },
    zi: { label: 28, index: 34, verdict: 21 },
    footer: { height: 64, size: 24 },
  },
  square: {
    ...CARD_SIZES.square,
    pad: 56,
    header: { height: 150, logo: 112, name: 36, title: 28 },
    unit: [60, 52, 44],
    period: 32,
    hero: { label: 30, value: 200, badge: 156, line: 40 },
    zi: { label: 32, index: 40, verdict: 25 },
    footer: { height: 90, size: 28 },
  },
};

interface Context {
  g: Geometry;
  fonts: Fonts;
  input: CardInput;
  summary: ResultsSummary;
}

function header({ g, fonts, input, summary }: Context): string {
  const { height, logo, name, title } = g.header;
  const parts = [`<rect width="${g.width}" height="${height}" fill="${BRAND}"/>`];
  let x = g.pad;
  if (input.logo) {
    const top = (height - logo) / 2;
    const inset = logo * 0.08;
    const href = `data:${input.logo.type};base64,${Buffer.from(input.logo.bytes).toString('base64')}`;
    parts.push(
      `<rect x="${num(x)}" y="${num(top)}" width="${logo}" height="${logo}" rx="${num(logo * 0.14)}" fill="#ffffff"/>`,
      `<image x="${num(x + inset)}" y="${num(top + inset)}" width="${num(logo - 2 * inset)}" height="${num(logo - 2 * inset)}" preserveAspectRatio="xMidYMid meet" href="${href}"/>`,
    );
    x += logo + g.pad * 0.5;
  }
  const room = g.width - g.pad - x;
  parts.push(
    text(x, height * 0.46, ellipsize(fonts, input.instansiName, room, { size: name, bold: true }), { size: name, bold: true, fill: '#ffffff' }),
    text(x, height * 0.46 + title * 1.6, ellipsize(fonts, summary.words.title, room, { size: title }), { size: title, fill: '#ffffff' }),
  );
  return parts.join('');
}

/** The unit's name (up to two lines) and the period; returns the parts and where they end. */
function titleBlock({ g, fonts, input, summary }: Context): { svg: string; bottom: number } {
  const width = g.width - 2 * g.pad;
  const { size, lines } = fitLines(fonts, input.unitName, width, g.unit, 2);
  const parts: string[] = [];
  let y = g.header.height + g.unit[0]! * 1.3;
  lines.forEach((line, i) => {
    if (i > 0) y += size * 1.2;
    parts.push(text(g.pad, y, line, { size, bold: true, fill: INK }));
  });
  y += g.period * 1.6;
  const period = [summary.period, summary.revision].filter(Boolean).join(' · ');
  parts.push(text(g.pad, y, ellipsize(fonts, period, width, { size: g.period }), { size: g.period, fill: MUTED }));
  return { svg: parts.join(''), bottom: y + g.period * 0.6 };
}

/** The IKM: label, konversi large with its mutu letter in a coloured square, then mutu and kinerja. */
function hero({ g, fonts, summary }: Context, x: number, top: number, align: 'start' | 'middle', width: number): string {
  const h = g.hero;
  const ikm = summary.ikm;
  const value = ikm?.konversi ?? '–';
  // "100,00" with its letter must still fit the width: both shrink together when it does not
  const full = measure(fonts, value, { size: h.value, bold: true }) + (ikm?.mutu ? h.value * 0.2 + h.badge : 0);
  const scale = Math.min(1, width / full);
  const size = Math.floor(h.value * scale);
  const valueWidth = measure(fonts, value, { size, bold: true });
  const badge = ikm?.mutu ? Math.floor(h.badge * scale) : 0;
  const gap = badge ? size * 0.2 : 0;
  const left = align === 'middle' ? x + (width - valueWidth - gap - badge) / 2 : x;
  const labelY = top + h.label;
  const valueY = labelY + h.value * 0.92;
  const label = ellipsize(fonts, summary.words.ikm, width, { size: h.label, bold: true });
  const parts = [
    text(align === 'middle' ? x + width / 2 : x, labelY, label, { size: h.label, bold: true, fill: MUTED, anchor: align }),
    text(left, valueY, value, { size, bold: true, fill: BRAND }),
  ];
  if (ikm?.mutu) {
    const bx = left + valueWidth + gap;
    // the square is centred on the digits (cap height ≈ 0.73 em)
    const by = valueY - size * 0.73 + (size * 0.73 - badge) / 2;
    parts.push(
      `<rect x="${num(bx)}" y="${num(by)}" width="${badge}" height="${badge}" rx="${num(badge * 0.14)}" fill="${MUTU_COLOR[ikm.mutu]}"/>`,
      text(bx + badge / 2, by + badge * 0.5 + badge * 0.26, ikm.mutu, { size: Math.round(badge * 0.72), bold: true, fill: '#ffffff', anchor: 'middle' }),
    );
  }
  if (ikm?.line) {
    const line = ellipsize(fonts, ikm.line, width, { size: h.line, bold: true });
    parts.push(text(align === 'middle' ? x + width / 2 : x, valueY + h.line * 1.6, line, { size: h.line, bold: true, fill: INK, anchor: align }));
  }
  return parts.join('');
}

const heroHeight = (g: Geometry) => g.hero.label + g.hero.value * 0.92 + g.hero.line * 1.6 + g.hero.line * 0.3;

/** One of IPAK / IPKP: its index, then each ZI verdict. */
function ziBlock({ g, fonts }: Context, line: ZiLine, x: number, top: number, width: number): string {
  const z = g.zi;
  const y = top + z.index;
  const parts = [text(x, y, line.label, { size: z.label, bold: true, fill: INK }), text(x + width, y, line.index, { size: z.index, bold: true, fill: BRAND, anchor: 'end' })];
  line.verdicts.forEach((v, i) => {
    const vy = y + z.verdict * (1.75 + i * 1.45);
    const color = v.withinMargin ? VERDICT_COLOR.withinMargin : v.met ? VERDICT_COLOR.met : VERDICT_COLOR.notMet;
    const statusWidth = measure(fonts, v.status, { size: z.verdict, bold: true });
    parts.push(
      text(x, vy, ellipsize(fonts, v.label, width - statusWidth - z.verdict, { size: z.verdict }), { size: z.verdict, fill: MUTED }),
      text(x + width, vy, v.status, { size: z.verdict, bold: true, fill: color, anchor: 'end' }),
    );
  });
  return parts.join('');
}

const ziHeight = (g: Geometry, line: ZiLine) => g.zi.index + (line.verdicts.length > 0 ? g.zi.verdict * (1.75 + (line.verdicts.length - 1) * 1.45 + 0.3) : 0);

function footer({ g, fonts, input, summary }: Context): string {
  const { height, size } = g.footer;
  const top = g.height - height;
  const y = top + height / 2 + size * 0.36;
  const url = displayUrl(input.url);
  const available = g.width - 2 * g.pad;
  const band = [`<rect y="${top}" width="${g.width}" height="${height}" fill="${PANEL}"/>`, `<line x1="0" y1="${top}" x2="${g.width}" y2="${top}" stroke="${LINE}" stroke-width="2"/>`];
  const fullWidth = measure(fonts, summary.respondents, { size }) + size + measure(fonts, url, { size, bold: true });
  // a footer tall enough for two lines (the square) stacks them rather than cutting either short
  if (fullWidth > available && height >= size * 3) {
    const small = Math.round(size * 0.9);
    return [
      ...band,
      text(g.pad, top + height * 0.42, ellipsize(fonts, summary.respondents, available, { size: small }), { size: small, fill: INK }),
      text(g.pad, top + height * 0.8, ellipsize(fonts, url, available, { size: small, bold: true }), { size: small, bold: true, fill: BRAND }),
    ].join('');
  }
  const urlWidth = Math.min(measure(fonts, url, { size, bold: true }), available * 0.62);
  return [
    ...band,
    text(g.pad, y, ellipsize(fonts, summary.respondents, available - urlWidth - size, { size }), { size, fill: INK }),
    text(g.width - g.pad, y, ellipsize(fonts, url, urlWidth, { size, bold: true }), { size, bold: true, fill: BRAND, anchor: 'end' }),
  ].join('');
}

// ---- the two layouts ----------------------------------------------------------------------------

/** 1200×630: the IKM on the left, IPAK and IPKP in a column on the right. */
function landscape(ctx: Context, top: number, bottom: number): string {
  const { g, summary } = ctx;
  const parts: string[] = [];
  const inner = g.width - 2 * g.pad;
  if (summary.zi.length === 0) {
    parts.push(hero(ctx, g.pad, top + (bottom - top - heroHeight(g)) / 2, 'middle', inner));
    return parts.join('');
  }
  const heroWidth = inner * 0.5;
  parts.push(hero(ctx, g.pad, top + (bottom - top - heroHeight(g)) / 2, 'start', heroWidth));
  const columnX = g.pad + heroWidth + g.pad;
  const columnWidth = g.width - g.pad - columnX;
  const gap = g.zi.label * 0.6;
  const note = summary.withinMargin ? g.zi.verdict * 1.5 : 0;
  const height = summary.zi.reduce((sum, line) => sum + ziHeight(g, line), 0) + gap * (summary.zi.length - 1) + note;
  let y = top + (bottom - top - height) / 2;
  parts.push(`<line x1="${num(columnX - g.pad / 2)}" y1="${num(top + 8)}" x2="${num(columnX - g.pad / 2)}" y2="${num(bottom - 8)}" stroke="${LINE}" stroke-width="2"/>`);
  for (const line of summary.zi) {
    parts.push(ziBlock(ctx, line, columnX, y, columnWidth));
    y += ziHeight(g, line) + gap;
  }
  if (note) parts.push(text(columnX, y - gap + note * 0.8, summary.words.withinMargin, { size: Math.round(g.zi.verdict * 0.85), fill: MUTED }));
  return parts.join('');
}

/** 1080×1080: the IKM centred, IPAK and IPKP side by side in panels under it. */
function square(ctx: Context, top: number, bottom: number): string {
  const { g, summary } = ctx;
  const inner = g.width - 2 * g.pad;
  const boxPad = g.zi.label * 0.75;
  const boxHeight = Math.max(0, ...summary.zi.map((line) => ziHeight(g, line))) + boxPad * 2;
  const note = summary.withinMargin ? g.zi.verdict * 1.6 : 0;
  const gap = g.pad * 0.6;
  const zi = summary.zi.length > 0 ? gap + boxHeight + note : 0;
  const heroTop = top + (bottom - top - heroHeight(g) - zi) / 2;
  const parts = [hero(ctx, g.pad, heroTop, 'middle', inner)];
  if (summary.zi.length === 0) return parts.join('');
  const boxTop = heroTop + heroHeight(g) + gap;
  const boxWidth = summary.zi.length === 1 ? inner * 0.55 : (inner - gap) / 2;
  let x = summary.zi.length === 1 ? (g.width - boxWidth) / 2 : g.pad;
  for (const line of summary.zi) {
    parts.push(`<rect x="${num(x)}" y="${num(boxTop)}" width="${num(boxWidth)}" height="${num(boxHeight)}" rx="16" fill="${PANEL}"/>`);
    parts.push(ziBlock(ctx, line, x + boxPad, boxTop + boxPad, boxWidth - 2 * boxPad));
    x += boxWidth + gap;
  }
  if (note) parts.push(text(g.width / 2, boxTop + boxHeight + note * 0.8, summary.words.withinMargin, { size: Math.round(g.zi.verdict * 0.85), fill: MUTED, anchor: 'middle' }));
  return parts.join('');
}

/** The card as an SVG document (what `cardPng` renders). */
export async function cardSvg(input: CardInput): Promise<string> {
  const { metrics } = await loadRenderer();
  const g = GEOMETRY[input.size];
  const summary = summarise(input.snapshot, input.revision, input.lang);
  const ctx: Context = { g, fonts: metrics, input, summary };
  const title = titleBlock(ctx);
  const bottom = g.height - g.footer.height - g.pad * 0.4;
  const body = input.size === 'card' ? landscape(ctx, title.bottom, bottom) : square(ctx, title.bottom, bottom);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${g.width}" height="${g.height}" viewBox="0 0 ${g.width} ${g.height}" font-family="${FONT_FAMILY}">`,
    `<rect width="${g.width}" height="${g.height}" fill="#ffffff"/>`,
    header(ctx),
    title.svg,
    body,
    footer(ctx),
    '</svg>',
  ].join('');
}

export async function cardPng(input: CardInput): Promise<Uint8Array> {
  return svgToPng(await cardSvg(input));
}
