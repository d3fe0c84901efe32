// The two figures of the reports, drawn as vector shapes (no canvas): horizontal bars of konversi
// per unsur against the mutu boundaries, and columns of a konversi over periods. The numbers are
// also printed as text, so the figure only repeats what a table already says.
import type { Mutu } from '../scoring/index.ts';
import { MUTU_COLOR, INK, LINE, MUTED } from './palette.ts';
import { BOLD, FONT, pdfText, type ReportPdf } from './pdf-doc.ts';

export interface Bar {
  label: string;
  /** on the konversi scale 25–100; null: not answered */
  value: number | null;
  /** the value as printed */
  text: string;
  mutu: Mutu | null;
}

/** The lower konversi bounds of mutu C, B and A (DOMAIN.md §2.3), drawn as dashed lines. */
const MUTU_MARKS: { value: number; mutu: Mutu }[] = [
  { value: 65, mutu: 'C' },
  { value: 76.61, mutu: 'B' },
  { value: 88.31, mutu: 'A' },
];

const SCALE = [0, 25, 50, 75, 100];

function colorOf(mutu: Mutu | null): string {
  return mutu ? MUTU_COLOR[mutu] : LINE;
}

/** The mutu colours with their meaning, one line. */
function legend(r: ReportPdf, y: number): void {
  const { doc } = r;
  const items: [Mutu, string][] = [
    ['A', 'A Sangat Baik (88,31–100)'],
    ['B', 'B Baik (76,61–88,30)'],
    ['C', 'C Kurang Baik (65,00–76,60)'],
    ['D', 'D Tidak Baik (25,00–64,99)'],
  ];
  doc.font(FONT).fontSize(7.5);
  const widths = items.map(([, text]) => 12 + doc.widthOfString(text) + 14);
  let x = r.left + (r.width - widths.reduce((s, w) => s + w, 0)) / 2;
  for (const [i, [mutu, text]] of items.entries()) {
    doc.rect(x, y + 1, 8, 8).fill(MUTU_COLOR[mutu]);
    doc.fillColor(MUTED).text(text, x + 12, y + 1.5, { lineBreak: false });
    x += widths[i]!;
  }
}

/** Horizontal bars of konversi (0–100 axis) coloured by mutu, with the mutu boundaries dashed. */
export function konversiBars(r: ReportPdf, bars: Bar[], caption: string): void {
  const { doc } = r;
  const labelWidth = r.width * 0.36;
  const valueWidth = 40;
  const plotX = r.left + labelWidth + 8;
  const plotWidth = r.width - labelWidth - 8 - valueWidth;
  doc.font(FONT).fontSize(8.5);
  const rows = bars.map((b) => {
    const label = pdfText(b.label);
    return { bar: b, label, pitch: Math.max(20, doc.heightOfString(label, { width: labelWidth, lineGap: 0 }) + 8) };
  });
  const top = 16;
  const plotHeight = rows.reduce((s, row) => s + row.pitch, 0);
  const height = top + plotHeight + 18 + 16 + 28;
  r.reserve(height);
  const y0 = doc.y + top;
  const xOf = (value: number) => plotX + (value / 100) * plotWidth;

  doc.lineWidth(0.5).strokeColor(LINE);
  for (const tick of SCALE) {
    doc.moveTo(xOf(tick), y0).lineTo(xOf(tick), y0 + plotHeight).stroke();
    doc.fillColor(MUTED).font(FONT).fontSize(7.5).text(String(tick), xOf(tick) - 15, y0 + plotHeight + 4, { width: 30, align: 'center', lineBreak: false });
  }
  for (const mark of MUTU_MARKS) {
    doc.save().dash(3, { space: 2 }).lineWidth(0.8).strokeColor(MUTU_COLOR[mark.mutu]);
    doc.moveTo(xOf(mark.value), y0 - 4).lineTo(xOf(mark.value), y0 + plotHeight).stroke();
    doc.restore();
    doc.fillColor(MUTU_COLOR[mark.mutu]).font(BOLD).fontSize(7.5).text(mark.mutu, xOf(mark.value) - 10, y0 - 13, { width: 20, align: 'center', lineBreak: false });
  }
  let y = y0;
  for (const { bar, label, pitch } of rows) {
    const barHeight = 11;
    const barY = y + (pitch - barHeight) / 2;
    doc.fillColor(INK).font(FONT).fontSize(8.5);
    const labelHeight = doc.heightOfString(label, { width: labelWidth, lineGap: 0 });
    doc.text(label, r.left, y + (pitch - labelHeight) / 2, { width: labelWidth, align: 'right', lineGap: 0 });
    if (bar.value !== null) {
      doc.rect(plotX, barY, Math.max(1, xOf(bar.value) - plotX), barHeight).fill(colorOf(bar.mutu));
    }
    // on a white ground, so a dashed mutu line behind it does not cross the digits
    const text = pdfText(bar.text);
    const textX = (bar.value === null ? plotX : xOf(bar.value)) + 3;
    doc.font(BOLD).fontSize(8.5);
    doc.rect(textX - 1, barY, doc.widthOfString(text) + 3, barHeight).fill('#ffffff');
    doc.fillColor(bar.value === null ? MUTED : INK).text(text, textX + 0.5, barY + 1.5, { lineBreak: false });
    y += pitch;
  }
  doc.fillColor(MUTED).font(FONT).fontSize(7.5).text('Konversi (skala 25–100)', plotX, y0 + plotHeight + 14, { width: plotWidth, align: 'center', lineBreak: false });
  legend(r, y0 + plotHeight + 28);
  doc.x = r.left;
  doc.y = y0 + plotHeight + 44;
  r.figureCaption(caption);
}

export interface PeriodColumn {
  label: string;
  value: number | null;
  text: string;
  mutu: Mutu | null;
}

/** Columns of konversi over periods (0–100 axis), a missing period marked in words. */
export function konversiColumns(r: ReportPdf, columns: PeriodColumn[], caption: string): void {
  const { doc } = r;
  const plotHeight = 130;
  const axisWidth = 26;
  const plotX = r.left + axisWidth;
  const plotWidth = r.width - axisWidth;
  const slot = plotWidth / Math.max(columns.length, 1);
  const barWidth = Math.min(46, slot * 0.5);
  const height = 14 + plotHeight + 34 + 28;
  r.reserve(height);
  const y0 = doc.y + 14;
  const base = y0 + plotHeight;
  const yOf = (value: number) => base - (value / 100) * plotHeight;
  doc.lineWidth(0.5).strokeColor(LINE);
  for (const tick of SCALE) {
    doc.moveTo(plotX, yOf(tick)).lineTo(plotX + plotWidth, yOf(tick)).stroke();
    doc.fillColor(MUTED).font(FONT).fontSize(7.5).text(String(tick), r.left, yOf(tick) - 3.5, { width: axisWidth - 4, align: 'right', lineBreak: false });
  }
  for (const [i, c] of columns.entries()) {
    const cx = plotX + slot * i + slot / 2;
    if (c.value !== null) {
      doc.rect(cx - barWidth / 2, yOf(c.value), barWidth, base - yOf(c.value)).fill(colorOf(c.mutu));
      doc.fillColor(INK).font(BOLD).fontSize(8.5).text(pdfText(c.text), cx - slot / 2, yOf(c.value) - 12, { width: slot, align: 'center', lineBreak: false });
    } else {
      doc.fillColor(MUTED).font(FONT).fontSize(8).text(pdfText(c.text), cx - slot / 2, base - 14, { width: slot, align: 'center', lineBreak: false });
    }
    doc.fillColor(INK).font(FONT).fontSize(8).text(pdfText(c.label), cx - slot / 2 + 2, base + 5, { width: slot - 4, align: 'center', lineGap: 0 });
  }
  legend(r, base + 30);
  doc.x = r.left;
  doc.y = base + 46;
  r.figureCaption(caption);
}
