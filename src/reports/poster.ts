// The printable A4 poster of a loket: what a citizen sees on the counter. A large QR drawn as
// vector rectangles (sharp at any print size), the short URL under it for those who type it, the
// unit and loket named so the citizen knows whom they rate, and a one-line privacy promise.
// pdfkit's built-in Helvetica (no font files): Bahasa Indonesia needs no letters outside it.
import * as pdfkit from 'pdfkit';
import Helvetica from 'pdfkit/standard-fonts/Helvetica';
import HelveticaBold from 'pdfkit/standard-fonts/HelveticaBold';
import HelveticaOblique from 'pdfkit/standard-fonts/HelveticaOblique';
import { QR_QUIET_ZONE, qrMatrix } from '../survey/qr.ts';
import { BRAND, INK, LINE, MUTED } from './palette.ts';

export { BRAND, INK, LINE, MUTED };

export const PRIVACY_NOTE = 'Survei ini anonim: tidak ada nama, NIK atau nomor telepon yang ditanyakan.';

type Doc = PDFKit.PDFDocument;

// pdfkit's Node build reads the standard fonts from its own files; its other build (the one
// Workers bundle) has no file system and is handed the three fonts the documents use.
const { default: PDFDocument, registerStdFonts } = pdfkit as typeof pdfkit & { registerStdFonts?: (...fonts: unknown[]) => void };
registerStdFonts?.(Helvetica, HelveticaBold, HelveticaOblique);

export interface PdfMeta {
  title: string;
  subject: string;
  /** fixed in tests; the time of printing otherwise */
  createdAt?: Date;
}

/** A new A4 document with metadata; `done()` ends it and resolves with the whole file. `options` adds to or overrides the defaults (a report buffers its pages). */
export function newA4(meta: PdfMeta, margin = 0, options: PDFKit.PDFDocumentOptions = {}): { doc: Doc; done: () => Promise<Buffer> } {
  const doc = new PDFDocument({
    size: 'A4',
    margin,
    autoFirstPage: false,
    lang: 'id-ID',
    info: { Title: meta.title, Subject: meta.subject, Creator: 'survei', Producer: 'survei (pdfkit)', CreationDate: meta.createdAt ?? new Date() },
    ...options,
  });
  const chunks: Buffer[] = [];
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return {
    doc,
    done: () => {
      doc.end();
      return finished;
    },
  };
}

/**
 * Draws the QR of `url` as a `side` × `side` square at (x, y), quiet zone included (white, so it
 * holds on a coloured background too). Dark modules are merged into horizontal runs and filled as
 * one path; each run overlaps the next row by a hair so no viewer shows seams between rows.
 */
export function drawQr(doc: Doc, url: string, x: number, y: number, side: number): void {
  const { size, runs } = qrMatrix(url);
  const module = side / (size + QR_QUIET_ZONE * 2);
  const offset = QR_QUIET_ZONE * module;
  doc.save();
  doc.rect(x, y, side, side).fill('#ffffff');
  for (const run of runs) {
    doc.rect(x + offset + run.col * module, y + offset + run.row * module, run.length * module, module * 1.02);
  }
  doc.fill('#000000');
  doc.restore();
}

/** What people type: the URL without its scheme (browsers add it). */
export function displayUrl(url: string): string {
  return url.replace(/^https?:\/\//, '');
}

/** The largest font size (down to `min`) at which `text` fits on one line of `width`. */
export function fitFontSize(doc: Doc, text: string, font: string, width: number, max: number, min: number): number {
  doc.font(font);
  for (let size = max; size > min; size -= 0.5) {
    if (doc.fontSize(size).widthOfString(text) <= width) return size;
  }
  return min;
}

export const POSTER_MARGIN = 48;
export const BAND_HEIGHT = 104;

/**
 * The header band of a counter poster: who runs this service, the instansi over the unit's name,
 * centred between `left` (room for a logo) and the right margin.
 */
export function drawBand(doc: Doc, instansiName: string, unitName: string, left = POSTER_MARGIN): void {
  const W = doc.page.width;
  const width = W - POSTER_MARGIN - left;
  const center = { width, align: 'center' as const };
  doc.rect(0, 0, W, BAND_HEIGHT).fill(BRAND);
  doc.fillColor('#ffffff').font('Helvetica').fontSize(11).text(instansiName.toUpperCase(), left, 24, { ...center, lineBreak: false, ellipsis: true, height: 14 });
  const unitSize = fitFontSize(doc, unitName, 'Helvetica-Bold', width, 24, 14);
  doc.font('Helvetica-Bold').fontSize(unitSize).text(unitName, left, 44, { ...center, height: BAND_HEIGHT - 50, ellipsis: true });
}

/** The foot of a counter poster: the privacy promise, in Bahasa Indonesia and English. */
export function drawPrivacyFooter(doc: Doc): void {
  const W = doc.page.width;
  const center = { width: W - POSTER_MARGIN * 2, align: 'center' as const };
  const footerY = doc.page.height - 64;
  doc.moveTo(POSTER_MARGIN, footerY).lineTo(W - POSTER_MARGIN, footerY).lineWidth(0.75).strokeColor(LINE).stroke();
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(10.5).text(PRIVACY_NOTE, POSTER_MARGIN, footerY + 12, center);
  doc.fillColor(MUTED).font('Helvetica').fontSize(9).text('Anonymous: no name, ID number or phone number is asked.', POSTER_MARGIN, doc.y + 2, center);
}

export interface PosterInput {
  /** the loket's survey URL, PUBLIC_BASE_URL/s/<code> */
  url: string;
  instansiName: string;
  unitName: string;
  loketName: string;
  createdAt?: Date;
}

/** One A4 page: the loket's poster. */
export function posterPdf(input: PosterInput): Promise<Buffer> {
  const { doc, done } = newA4({ title: `Survei kepuasan - ${input.unitName} - ${input.loketName}`, subject: input.url, createdAt: input.createdAt });
  doc.addPage();
  const W = doc.page.width;
  const margin = POSTER_MARGIN;
  const inner = W - margin * 2;
  const center = { width: inner, align: 'center' as const };

  drawBand(doc, input.instansiName, input.unitName);

  // The ask, in Bahasa Indonesia first, English under it.
  let y = BAND_HEIGHT + 34;
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(34).text('Bagaimana pelayanan kami?', margin, y, center);
  y = doc.y + 6;
  doc.fillColor(BRAND).font('Helvetica').fontSize(22).text('Pindai untuk mengisi survei', margin, y, center);
  y = doc.y + 6;
  doc.fillColor(MUTED).font('Helvetica-Oblique').fontSize(13).text('How was our service? Scan to take the survey.', margin, y, center);

  // The code, framed.
  const side = 330;
  const qrX = (W - side) / 2;
  const qrY = doc.y + 26;
  doc.roundedRect(qrX - 10, qrY - 10, side + 20, side + 20, 14).lineWidth(2).strokeColor(BRAND).stroke();
  drawQr(doc, input.url, qrX, qrY, side);

  // The short URL for those who type it, then which loket this is.
  y = qrY + side + 26;
  const shortUrl = displayUrl(input.url);
  doc.fillColor(MUTED).font('Helvetica').fontSize(11).text('atau ketik alamat ini di peramban / or type this address:', margin, y, center);
  y = doc.y + 4;
  const urlSize = fitFontSize(doc, shortUrl, 'Helvetica-Bold', inner, 28, 12);
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(urlSize).text(shortUrl, margin, y, { ...center, lineBreak: false });
  y = doc.y + urlSize * 0.2 + 18;
  doc.fillColor(MUTED).font('Helvetica').fontSize(10).text('LOKET', margin, y, center);
  const loketSize = fitFontSize(doc, input.loketName, 'Helvetica-Bold', inner, 20, 12);
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(loketSize).text(input.loketName, margin, doc.y + 2, { ...center, height: loketSize * 2.5, ellipsis: true });
  y = doc.y + 8;
  doc.fillColor(MUTED).font('Helvetica').fontSize(11).text('Kurang dari satu menit, gratis, dari ponsel Anda.', margin, y, center);

  drawPrivacyFooter(doc);
  return done();
}
