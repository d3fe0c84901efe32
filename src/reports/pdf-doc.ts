// The A4 report toolkit behind the Laporan SKM, the rekapitulasi and the ZI evidence sheet: a cover,
// a table of contents filled in at the end (clickable, with page numbers) and the PDF outline,
// headings that never stay alone at a page's foot, paragraphs, hand-drawn tables (pdfkit's own
// doc.table is ~17 ms a row and does not repeat its header), and a running header and footer
// "Halaman X dari Y". Pages are buffered so the TOC and footers can be written once the page count
// is known. pdfkit's built-in Helvetica (WinAnsi): `pdfText` keeps every string inside it.
import { BRAND, INK, LINE, MUTED, PANEL } from './palette.ts';
import { fitFontSize, newA4 } from './poster.ts';

type Doc = PDFKit.PDFDocument;
type Align = 'left' | 'right' | 'center' | 'justify';

export const FONT = 'Helvetica';
export const BOLD = 'Helvetica-Bold';
const ITALIC = 'Helvetica-Oblique';
const BODY_SIZE = 10.5;
const BODY_GAP = 2.5;
const TABLE_SIZE = 9;
const CELL_PAD_X = 4;
const CELL_PAD_Y = 3.2;

// the characters of WinAnsiEncoding above Latin-1's ASCII part (0x80–0x9F)
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const REPLACEMENTS: Record<string, string> = { '≥': '>=', '≤': '<=', '−': '-', '→': '->', '≈': '~', '\u00ad': '' };

function encodable(ch: string): boolean {
  const code = ch.codePointAt(0)!;
  return ch === '\n' || (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch);
}

/**
 * `text` in the characters Helvetica can show: a few symbols spelled out, accents outside Latin-1
 * dropped (ş → s), anything else '?' — a name typed in another script must not print as garbage.
 */
export function pdfText(text: string): string {
  let out = '';
  for (const ch of text.replace(/\r\n?|\t/g, (m) => (m === '\t' ? ' ' : '\n'))) {
    if (encodable(ch)) out += ch;
    else if (ch in REPLACEMENTS) out += REPLACEMENTS[ch];
    else {
      const bare = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
      out += bare && [...bare].every(encodable) ? bare : '?';
    }
  }
  return out;
}

export interface ReportOptions {
  /** the metadata title, also the running title in every page's footer */
  title: string;
  subject: string;
  author: string;
  createdAt?: Date;
  landscape?: boolean;
  /** PNG or JPEG bytes of the instansi's logo, on the cover and in the header */
  logo: Uint8Array | null;
  /** the running header: the instansi (bold) and, under it, the unit or the report's scope */
  header: [string, string];
}

export interface Column {
  header: string;
  /** relative width: the columns always share exactly the text width */
  weight: number;
  align?: 'left' | 'right' | 'center';
}

export interface RowStyle {
  cells: string[];
  bold?: boolean;
  fill?: string;
  /** how many columns each cell covers (default one each): a total row's label spans several */
  spans?: number[];
  /** a colour per cell (e.g. the mutu letter) */
  colors?: (string | undefined)[];
}

export type Row = string[] | RowStyle;

export interface TableOptions {
  /** above the table, numbered "Tabel 3.2" within a numbered chapter */
  caption?: string;
  fontSize?: number;
  /** no header row (a label/value list) */
  headless?: boolean;
  /** alternate row shading; default true */
  zebra?: boolean;
  /** a small note under the table */
  note?: string;
}

export interface CoverContent {
  kicker: string;
  title: string;
  subtitle?: string;
  period: string;
  /** the lines at the foot of the cover: unit, instansi, year */
  foot: string[];
}

export interface Signature {
  place: string;
  date: string;
  role: string;
  name: string | null;
  nip: string | null;
}

interface TocEntry {
  level: 1 | 2;
  title: string;
  page: number;
  dest: string;
}

/** A section heading waiting for the content it is kept with. */
interface Heading {
  title: string;
  height: number;
}

/** One report being written: pages buffered until `finish` writes the TOC, headers and footers. */
export class ReportPdf {
  readonly doc: Doc;
  private readonly done: () => Promise<Buffer>;
  private readonly options: ReportOptions;
  private readonly logo: PDFKit.Mixins.ImageSrc | null;
  private readonly toc: TocEntry[] = [];
  private tocPages: number[] = [];
  private pending: Heading[] = [];
  private chapterOutline: PDFKit.PDFOutline | null = null;
  private hasCover = false;
  private numbering: string | null = null;
  private tableCount = 0;
  private figureCount = 0;

  constructor(options: ReportOptions) {
    this.options = options;
    const margins = options.landscape ? { top: 70, bottom: 58, left: 48, right: 48 } : { top: 76, bottom: 64, left: 64, right: 60 };
    const made = newA4({ title: pdfText(options.title), subject: pdfText(options.subject), createdAt: options.createdAt }, 0, {
      bufferPages: true,
      displayTitle: true,
      // pdfkit prefers a number `margin` (newA4's 0) over `margins`
      margin: undefined,
      margins,
      layout: options.landscape ? 'landscape' : 'portrait',
    });
    this.doc = made.doc;
    this.done = made.done;
    this.doc.info.Author = pdfText(options.author);
    // opened once: every page's header shows the same image object, not a copy per page
    this.logo = options.logo ? ((this.doc as unknown as { openImage(src: Buffer): PDFKit.Mixins.ImageSrc }).openImage(Buffer.from(options.logo)) ?? null) : null;
  }

  get left(): number {
    return this.doc.page.margins.left;
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  get top(): number {
    return this.doc.page.margins.top;
  }

  /** the lowest y content may reach */
  get maxY(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  get pageCount(): number {
    return this.doc.bufferedPageRange().count;
  }

  newPage(): void {
    this.doc.addPage();
    this.doc.x = this.left;
    this.doc.y = this.top;
  }

  /** Room for `height` (plus any heading waiting to be drawn) on this page, else a new page; then the waiting headings. */
  reserve(height: number): void {
    const waiting = this.pending.reduce((h, p) => h + p.height, 0);
    if (this.doc.y + waiting + height > this.maxY && this.doc.y > this.top + 1) this.newPage();
    const headings = this.pending;
    this.pending = [];
    for (const h of headings) this.drawHeading(h);
  }

  cover(content: CoverContent): void {
    const { doc } = this;
    this.hasCover = true;
    doc.addPage();
    const W = doc.page.width;
    const inner = W - 2 * 70;
    const center = { width: inner, align: 'center' as const };
    doc.rect(0, 0, W, 10).fill(BRAND);
    let y = 120;
    if (this.logo) {
      doc.image(this.logo, (W - 110) / 2, y, { fit: [110, 110], align: 'center', valign: 'center' });
      y += 150;
    } else y += 60;
    doc.fillColor(INK).font(BOLD).fontSize(20).text(pdfText(content.kicker), 70, y, center);
    doc.fillColor(BRAND).fontSize(24).text(pdfText(content.title), 70, doc.y + 4, center);
    if (content.subtitle) doc.fillColor(INK).font(FONT).fontSize(13).text(pdfText(content.subtitle), 70, doc.y + 8, center);
    y = doc.y + 22;
    doc.moveTo(W / 2 - 60, y).lineTo(W / 2 + 60, y).lineWidth(1.5).strokeColor(BRAND).stroke();
    doc.fillColor(INK).font(BOLD).fontSize(15).text(pdfText(content.period), 70, y + 18, center);
    const footHeight = content.foot.length * 22;
    let footY = doc.page.height - 110 - footHeight;
    for (const [i, line] of content.foot.entries()) {
      doc.font(BOLD).fontSize(i === 0 ? 16 : 13).fillColor(INK).text(pdfText(line), 70, footY, center);
      footY = doc.y + 6;
    }
    doc.rect(0, doc.page.height - 10, W, 10).fill(BRAND);
  }

  /** The title of a document without a cover, under the running header of its first page. */
  titleBlock(title: string, subtitle: string[]): void {
    const { doc } = this;
    if (this.pageCount === 0) this.newPage();
    doc.fillColor(INK).font(BOLD).fontSize(15).text(pdfText(title), this.left, doc.y, { width: this.width, align: 'center' });
    for (const line of subtitle) doc.font(FONT).fontSize(11).fillColor(MUTED).text(pdfText(line), this.left, doc.y + 3, { width: this.width, align: 'center' });
    const y = doc.y + 8;
    doc.moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(0.75).strokeColor(LINE).stroke();
    doc.y = y + 12;
  }

  /** Pages kept for the table of contents, written by `finish`. */
  reserveToc(pages = 1): void {
    for (let i = 0; i < pages; i++) {
      this.newPage();
      this.tocPages.push(this.pageCount - 1);
    }
  }

  /** A new page opening a chapter ("BAB III" over "HASIL PENGOLAHAN DATA"); `numbering` labels its tables and figures ("3" → Tabel 3.1). */
  chapter(label: string, title: string, numbering: string | null): void {
    const { doc } = this;
    this.newPage();
    this.numbering = numbering;
    this.tableCount = 0;
    this.figureCount = 0;
    this.destination(1, `${label} ${title}`);
    this.chapterOutline = this.outlineItem(this.doc.outline, `${label} ${title}`, true);
    doc.fillColor(INK).font(BOLD).fontSize(14).text(pdfText(label), this.left, this.top, { width: this.width, align: 'center' });
    doc.text(pdfText(title.toUpperCase()), this.left, doc.y + 2, { width: this.width, align: 'center' });
    doc.y += 20;
  }

  /** A numbered section ("3.2 Nilai per Unsur"), in the TOC and outline; drawn with what follows it. */
  section(title: string): void {
    this.doc.font(BOLD).fontSize(12);
    this.pending.push({ title, height: this.doc.heightOfString(pdfText(title), { width: this.width }) + 16 });
  }

  private drawHeading(h: Heading): void {
    const { doc } = this;
    if (doc.y > this.top + 1) doc.y += 8;
    this.destination(2, h.title);
    this.outlineItem(this.chapterOutline ?? this.doc.outline, h.title, false);
    doc.fillColor(BRAND).font(BOLD).fontSize(12).text(pdfText(h.title), this.left, doc.y, { width: this.width });
    doc.y += 6;
  }

  /** A TOC entry for the current page, its link target a little above the heading. */
  private destination(level: 1 | 2, title: string): void {
    const dest = `h${this.toc.length + 1}`;
    this.doc.addNamedDestination(dest, 'XYZ', null, Math.max(this.doc.y - 12, 0), null);
    this.toc.push({ level, title, page: this.pageCount - 1, dest });
  }

  private outlineItem(parent: PDFKit.PDFOutline, title: string, expanded: boolean): PDFKit.PDFOutline {
    // pdfkit 0.20 takes `fit` (show the whole page); its types list only `expanded`
    const add = parent.addItem.bind(parent) as (title: string, options: { expanded: boolean; fit: boolean }) => PDFKit.PDFOutline;
    return add(pdfText(title), { expanded, fit: true });
  }

  /**
   * Justified body text, kept with the heading above: a short paragraph (up to six lines) stays whole,
   * a longer one moves on only after its first three lines.
   */
  paragraph(text: string, options: { align?: Align; italic?: boolean; size?: number; after?: number } = {}): void {
    const { doc } = this;
    const font = options.italic ? ITALIC : FONT;
    doc.font(font).fontSize(options.size ?? BODY_SIZE);
    const opts = { width: this.width, align: options.align ?? 'justify', lineGap: BODY_GAP };
    const clean = pdfText(text);
    const height = doc.heightOfString(clean, opts);
    const line = doc.currentLineHeight(true) + BODY_GAP;
    this.reserve(height <= line * 6 ? height : line * 3);
    doc.font(font).fontSize(options.size ?? BODY_SIZE);
    doc.fillColor(INK).text(clean, this.left, doc.y, opts);
    doc.x = this.left;
    doc.y += options.after ?? 6;
  }

  /** A list with "1." or "a." or "•" markers; an item's first three lines stay on one page. */
  list(items: string[], marker: 'number' | 'letter' | 'bullet' = 'bullet'): void {
    const { doc } = this;
    const markerWidth = 20;
    for (const [i, item] of items.entries()) {
      const mark = marker === 'number' ? `${i + 1}.` : marker === 'letter' ? `${String.fromCharCode(97 + i)}.` : '•';
      doc.font(FONT).fontSize(BODY_SIZE);
      const opts = { width: this.width - markerWidth, align: 'justify' as const, lineGap: BODY_GAP };
      const clean = pdfText(item);
      const height = doc.heightOfString(clean, opts);
      this.reserve(Math.min(height, (doc.currentLineHeight(true) + BODY_GAP) * 3));
      doc.font(FONT).fontSize(BODY_SIZE).fillColor(INK);
      const y = doc.y;
      doc.text(mark, this.left, y, { width: markerWidth, lineBreak: false });
      doc.text(clean, this.left + markerWidth, y, opts);
      doc.x = this.left;
      doc.y += 3;
    }
    doc.y += 4;
  }

  caption(kind: 'Tabel' | 'Gambar', text: string): string {
    const n = kind === 'Tabel' ? ++this.tableCount : ++this.figureCount;
    return pdfText(this.numbering ? `${kind} ${this.numbering}.${n} ${text}` : text);
  }

  /**
   * A table drawn row by row: cells wrap, each column aligned its way, the header repeated on every
   * page the table continues on, a row never split across pages.
   */
  table(columns: Column[], rows: Row[], options: TableOptions = {}): void {
    const table = this.startTable(columns, options);
    table.keepTogether(rows);
    for (const row of rows) table.row(row);
    table.end();
  }

  /** A table whose rows arrive in batches (a streamed annex): only the current row is in memory. */
  startTable(columns: Column[], options: TableOptions = {}): TableWriter {
    return new TableWriter(this, columns, options.caption ? this.caption('Tabel', options.caption) : null, options);
  }

  /** "Gambar 3.1 …" under a figure the caller drew. */
  figureCaption(text: string): void {
    const { doc } = this;
    doc.fillColor(INK).font(BOLD).fontSize(9.5).text(this.caption('Gambar', text), this.left, doc.y + 4, { width: this.width, align: 'center' });
    doc.y += 12;
  }

  /** A shaded panel of key figures side by side: a small label over a large value. */
  figures(items: { label: string; value: string; color?: string; detail?: string }[]): void {
    const { doc } = this;
    const height = 64;
    this.reserve(height + 12);
    const y = doc.y;
    const w = this.width / items.length;
    doc.roundedRect(this.left, y, this.width, height, 6).fill(PANEL);
    for (const [i, item] of items.entries()) {
      const x = this.left + i * w;
      doc.fillColor(MUTED).font(FONT).fontSize(fitFontSize(doc, pdfText(item.label), FONT, w - 12, 8.5, 6)).text(pdfText(item.label), x + 6, y + 9, { width: w - 12, align: 'center', lineBreak: false });
      doc.fillColor(item.color ?? INK).font(BOLD).fontSize(fitFontSize(doc, pdfText(item.value), BOLD, w - 12, 20, 6)).text(pdfText(item.value), x + 6, y + 22, { width: w - 12, align: 'center', lineBreak: false });
      if (item.detail) doc.fillColor(MUTED).font(FONT).fontSize(8.5).text(pdfText(item.detail), x + 6, y + 47, { width: w - 12, align: 'center', lineBreak: false });
    }
    doc.x = this.left;
    doc.y = y + height + 12;
  }

  /**
   * The head's signature block on the right half: place and date, office, room to sign, name, NIP;
   * `closing` (the "Demikian …" sentence) stays on the same page as the signature.
   */
  signature(s: Signature, closing?: string): void {
    const { doc } = this;
    const w = this.width * 0.46;
    const x = this.left + this.width - w;
    const opts = { width: w, align: 'center' as const };
    doc.font(FONT).fontSize(BODY_SIZE);
    const role = pdfText(s.role);
    const closingText = closing ? pdfText(closing) : null;
    const closingOpts = { width: this.width, align: 'justify' as const, lineGap: BODY_GAP };
    const closingHeight = closingText ? doc.heightOfString(closingText, closingOpts) + 6 : 0;
    const height = closingHeight + 24 + 16 + doc.heightOfString(role, opts) + 64 + 32;
    this.reserve(height);
    if (closingText) {
      doc.fillColor(INK).font(FONT).fontSize(BODY_SIZE).text(closingText, this.left, doc.y, closingOpts);
      doc.y += 6;
    }
    doc.y += 24;
    doc.fillColor(INK).font(FONT).fontSize(BODY_SIZE).text(pdfText(`${s.place}, ${s.date}`), x, doc.y, opts);
    doc.text(role, x, doc.y + 2, opts);
    doc.y += 64;
    const blank = '..........................................';
    doc.font(BOLD).text(s.name ? pdfText(s.name) : `(${blank})`, x, doc.y, { ...opts, underline: s.name !== null });
    doc.font(FONT).text(`NIP. ${s.nip ? pdfText(s.nip) : blank}`, x, doc.y + 2, opts);
    doc.x = this.left;
    doc.y += 12;
  }

  /** Writes the TOC into its reserved pages, the running header and footer on every page but the cover, and ends the file. */
  async finish(): Promise<Buffer> {
    this.writeToc();
    const { doc } = this;
    const { start, count } = doc.bufferedPageRange();
    for (let i = start; i < start + count; i++) {
      if (i === 0 && this.hasCover) continue;
      doc.switchToPage(i);
      this.writeHeader();
      this.writeFooter(i + 1, count);
    }
    return this.done();
  }

  private writeToc(): void {
    if (this.tocPages.length === 0) return;
    const { doc } = this;
    const pages = [...this.tocPages];
    const startPage = () => {
      const page = pages.shift();
      if (page === undefined) throw new Error(`the table of contents (${this.toc.length} entries) needs more than ${this.tocPages.length} reserved page(s)`);
      doc.switchToPage(page);
      doc.y = this.top;
    };
    startPage();
    doc.fillColor(INK).font(BOLD).fontSize(14).text('DAFTAR ISI', this.left, doc.y, { width: this.width, align: 'center' });
    doc.y += 18;
    const numberWidth = 30;
    for (const entry of this.toc) {
      const size = entry.level === 1 ? BODY_SIZE : 10;
      const lineHeight = entry.level === 1 ? 20 : 16;
      if (doc.y + lineHeight > this.maxY) startPage();
      const y = doc.y + (entry.level === 1 ? 4 : 0);
      const indent = entry.level === 1 ? 0 : 18;
      const x = this.left + indent;
      const titleWidth = this.width - indent - numberWidth - 8;
      const title = pdfText(entry.title);
      doc.font(entry.level === 1 ? BOLD : FONT).fontSize(size).fillColor(INK);
      doc.text(title, x, y, { width: titleWidth, lineBreak: false });
      const used = Math.min(doc.widthOfString(title), titleWidth);
      const dotsFrom = x + used + 4;
      const dotsTo = this.left + this.width - numberWidth - 4;
      doc.font(FONT).fillColor(MUTED);
      const dot = doc.widthOfString('.');
      const dots = Math.max(0, Math.floor((dotsTo - dotsFrom) / dot));
      if (dots > 0) doc.text('.'.repeat(dots), dotsTo - dots * dot, y, { lineBreak: false });
      doc.fillColor(INK).font(entry.level === 1 ? BOLD : FONT).text(String(entry.page + 1), this.left + this.width - numberWidth, y, { width: numberWidth, align: 'right', lineBreak: false });
      doc.goTo(this.left, y - 2, this.width, size + 4, entry.dest);
      doc.y = y + lineHeight - (entry.level === 1 ? 4 : 0);
    }
  }

  private writeHeader(): void {
    const { doc } = this;
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    const left = this.left;
    const right = doc.page.width - doc.page.margins.right;
    const y = 24;
    let textX = left;
    if (this.logo) {
      doc.image(this.logo, left, y - 2, { fit: [26, 26], align: 'center', valign: 'center' });
      textX = left + 34;
    }
    const width = right - textX;
    const [first, second] = this.options.header;
    doc.fillColor(INK).font(BOLD).fontSize(9).text(pdfText(first), textX, y, { width, lineBreak: false, ellipsis: true, height: 11 });
    doc.fillColor(MUTED).font(FONT).fontSize(8.5).text(pdfText(second), textX, y + 12, { width, lineBreak: false, ellipsis: true, height: 11 });
    doc.moveTo(left, y + 28).lineTo(right, y + 28).lineWidth(0.75).strokeColor(BRAND).stroke();
    doc.page.margins.bottom = bottom;
  }

  private writeFooter(page: number, pages: number): void {
    const { doc } = this;
    const bottom = doc.page.margins.bottom;
    // writing inside the bottom margin would start a new page
    doc.page.margins.bottom = 0;
    const left = this.left;
    const right = doc.page.width - doc.page.margins.right;
    const y = doc.page.height - 40;
    doc.moveTo(left, y - 6).lineTo(right, y - 6).lineWidth(0.5).strokeColor(LINE).stroke();
    const numberText = `Halaman ${page} dari ${pages}`;
    doc.font(FONT).fontSize(8.5);
    const numberWidth = doc.widthOfString(numberText) + 4;
    doc.fillColor(MUTED).text(pdfText(this.options.title), left, y, { width: right - left - numberWidth - 16, lineBreak: false, ellipsis: true, height: 11 });
    doc.fillColor(INK).text(numberText, right - numberWidth, y, { width: numberWidth, align: 'right', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
}

const cellOptions = (width: number, align: Column['align']) => ({ width: width - 2 * CELL_PAD_X, align: align ?? 'left', lineGap: 0.5 });

/** Draws one table; the caption and header wait for the first row, so they never end a page alone. */
export class TableWriter {
  private readonly r: ReportPdf;
  private readonly columns: Column[];
  private readonly caption: string | null;
  private readonly options: TableOptions;
  private readonly size: number;
  private readonly widths: number[];
  private readonly headerHeight: number;
  private readonly captionHeight: number;
  private started = false;
  private index = 0;

  constructor(r: ReportPdf, columns: Column[], caption: string | null, options: TableOptions) {
    this.r = r;
    this.columns = columns;
    this.caption = caption;
    this.options = options;
    this.size = options.fontSize ?? TABLE_SIZE;
    const total = columns.reduce((s, c) => s + c.weight, 0);
    this.widths = columns.map((c) => (c.weight / total) * r.width);
    const { doc } = r;
    this.headerHeight = options.headless
      ? 0
      : Math.max(...columns.map((c, i) => doc.font(BOLD).fontSize(this.size).heightOfString(pdfText(c.header), cellOptions(this.widths[i]!, c.align)))) + 2 * CELL_PAD_Y;
    this.captionHeight = caption ? doc.font(BOLD).fontSize(9.5).heightOfString(caption, { width: r.width }) + 4 : 0;
  }

  private layout(row: Row) {
    const { doc } = this.r;
    const style: RowStyle = Array.isArray(row) ? { cells: row } : row;
    const cells = style.cells.map(pdfText);
    const spans = style.spans ?? cells.map(() => 1);
    const widths: number[] = [];
    const aligns: Column['align'][] = [];
    let column = 0;
    for (const [i, span] of spans.entries()) {
      widths.push(this.widths.slice(column, column + span).reduce((s, w) => s + w, 0));
      // a label spanning columns reads from the left; a spanning value takes its last column's alignment
      aligns.push(i === 0 && span > 1 ? 'left' : this.columns[column + span - 1]?.align);
      column += span;
    }
    doc.font(style.bold ? BOLD : FONT).fontSize(this.size);
    const height = Math.max(this.size, ...cells.map((c, i) => (c ? doc.heightOfString(c, cellOptions(widths[i]!, aligns[i])) : 0))) + 2 * CELL_PAD_Y;
    // a row taller than a page is cut (with an ellipsis) rather than overflowing it
    return { style, cells, widths, aligns, height: Math.min(height, this.pageRoom() - 20) };
  }

  /** the height a continued table has on a fresh page, below its "(lanjutan)" line and header */
  private pageRoom(): number {
    return this.r.maxY - this.r.top - this.headerHeight - this.captionHeight;
  }

  /** A table that fits on one page starts on a new page rather than being split. */
  keepTogether(rows: Row[]): void {
    const { r } = this;
    const pageRoom = r.maxY - r.top;
    let height = this.captionHeight + this.headerHeight + 12;
    for (const row of rows) {
      height += this.layout(row).height;
      if (height > pageRoom) return;
    }
    if (this.options.note) height += r.doc.font(ITALIC).fontSize(8.5).heightOfString(pdfText(this.options.note), { width: r.width, lineGap: 1 }) + 3;
    if (height <= pageRoom) r.reserve(height);
  }

  private drawHeader(): void {
    if (this.options.headless) return;
    const { doc, left, width } = this.r;
    const y = doc.y;
    doc.rect(left, y, width, this.headerHeight).fill(BRAND);
    let x = left;
    for (const [i, c] of this.columns.entries()) {
      const text = pdfText(c.header);
      const options = cellOptions(this.widths[i]!, c.align);
      // centred vertically: a one-line header beside a three-line one
      const offset = (this.headerHeight - 2 * CELL_PAD_Y - doc.font(BOLD).fontSize(this.size).heightOfString(text, options)) / 2;
      doc.fillColor('#ffffff').text(text, x + CELL_PAD_X, y + CELL_PAD_Y + offset, options);
      x += this.widths[i]!;
    }
    doc.y = y + this.headerHeight;
  }

  private begin(firstHeight: number): void {
    this.started = true;
    const { r } = this;
    r.reserve(this.captionHeight + this.headerHeight + firstHeight);
    if (this.caption) {
      r.doc.fillColor(INK).font(BOLD).fontSize(9.5).text(this.caption, r.left, r.doc.y, { width: r.width, align: 'center' });
      r.doc.y += 4;
    }
    this.drawHeader();
  }

  /** Room for `height` below, else the table continues on a new page under its header. */
  private ensure(height: number): void {
    const { r } = this;
    const { doc } = r;
    if (!this.started) this.begin(height);
    else if (doc.y + height > r.maxY) {
      r.newPage();
      if (this.caption) {
        doc.fillColor(MUTED).font(ITALIC).fontSize(8.5).text(`${this.caption} (lanjutan)`, r.left, doc.y, { width: r.width, align: 'center' });
        doc.y += 3;
      }
      this.drawHeader();
    }
  }

  /** Draws `rows` on one page when they fit on one (a group of rows that belong together). */
  group(rows: Row[]): void {
    const height = rows.reduce((h, row) => h + this.layout(row).height, 0);
    if (height <= this.pageRoom()) this.ensure(height);
    for (const row of rows) this.row(row);
  }

  row(row: Row): void {
    const { r } = this;
    const { doc } = r;
    const cell = this.layout(row);
    this.ensure(cell.height);
    const { left, width } = r;
    const y = doc.y;
    const zebra = this.options.zebra ?? true;
    const fill = cell.style.fill ?? (zebra && this.index % 2 === 1 ? PANEL : null);
    if (fill) doc.rect(left, y, width, cell.height).fill(fill);
    let x = left;
    for (const [i, text] of cell.cells.entries()) {
      const w = cell.widths[i]!;
      if (text) {
        doc
          .fillColor(cell.style.colors?.[i] ?? INK)
          .font(cell.style.bold ? BOLD : FONT)
          .fontSize(this.size)
          .text(text, x + CELL_PAD_X, y + CELL_PAD_Y, { ...cellOptions(w, cell.aligns[i]), height: cell.height - 2 * CELL_PAD_Y, ellipsis: true });
      }
      if (!this.options.headless && i > 0) doc.moveTo(x, y).lineTo(x, y + cell.height);
      x += w;
    }
    doc.moveTo(left, y + cell.height).lineTo(left + width, y + cell.height);
    if (!this.options.headless) doc.moveTo(left, y).lineTo(left, y + cell.height).moveTo(left + width, y).lineTo(left + width, y + cell.height);
    doc.lineWidth(0.5).strokeColor(LINE).stroke();
    doc.y = y + cell.height;
    this.index++;
  }

  end(): void {
    const { r } = this;
    const { doc } = r;
    if (!this.started) this.begin(0);
    doc.x = r.left;
    if (this.options.note) {
      doc.y += 3;
      doc.fillColor(MUTED).font(ITALIC).fontSize(8.5).text(pdfText(this.options.note), r.left, doc.y, { width: r.width, lineGap: 1 });
    }
    doc.y += 12;
  }
}
