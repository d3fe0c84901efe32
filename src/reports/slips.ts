// Invitation slips: eight to an A4 page (2 columns × 4 rows, dashed cut lines), each with its own
// single-use QR and URL, whom it rates, and until when it is valid (in the instansi's time zone).
import { TIME_ZONES, type TimeZone } from '../config.ts';
import { BRAND, INK, LINE, MUTED, displayUrl, drawQr, newA4 } from './poster.ts';

export const SLIP_COLUMNS = 2;
export const SLIP_ROWS = 4;
export const SLIPS_PER_PAGE = SLIP_COLUMNS * SLIP_ROWS;

/** "14 Juli 2026 pukul 12.30 WIB": Indonesian date and time in the instansi's zone. */
export function formatValidUntil(date: Date, timeZone: TimeZone): string {
  const day = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(date);
  const time = new Intl.DateTimeFormat('id-ID', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone }).format(date).replace(':', '.');
  return `${day} pukul ${time} ${TIME_ZONES[timeZone]}`;
}

export interface SlipsInput {
  instansiName: string;
  unitName: string;
  loketName: string;
  timeZone: TimeZone;
  invitations: { url: string; expiresAt: Date }[];
  createdAt?: Date;
  /** called after each page with the number of slips drawn so far */
  onProgress?: (done: number, total: number) => void;
}

/** Splits `text` into lines no wider than `width` at the current font, anywhere (URLs have no spaces). */
function breakAnywhere(doc: PDFKit.PDFDocument, text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (line && doc.widthOfString(line + ch) > width) {
      lines.push(line);
      line = '';
    }
    line += ch;
  }
  if (line) lines.push(line);
  return lines;
}

/** The URL on one line when it fits, else broken after its path ("…/i/" then the token), else anywhere. */
function urlLines(doc: PDFKit.PDFDocument, url: string, width: number): string[] {
  if (doc.widthOfString(url) <= width) return [url];
  const cut = url.lastIndexOf('/') + 1;
  const head = url.slice(0, cut);
  const tail = url.slice(cut);
  if (cut > 0 && doc.widthOfString(head) <= width && doc.widthOfString(tail) <= width) return [head, tail];
  return breakAnywhere(doc, url, width);
}

export function slipsPdf(input: SlipsInput): Promise<Buffer> {
  const total = input.invitations.length;
  const { doc, done } = newA4({ title: `Undangan survei - ${input.unitName} - ${input.loketName}`, subject: `${total} single-use survey invitations`, createdAt: input.createdAt });
  for (let first = 0; first < total; first += SLIPS_PER_PAGE) {
    doc.addPage();
    const W = doc.page.width;
    const H = doc.page.height;
    const slipW = W / SLIP_COLUMNS;
    const slipH = H / SLIP_ROWS;
    const onPage = input.invitations.slice(first, first + SLIPS_PER_PAGE);
    onPage.forEach((invitation, i) => drawSlip(doc, input, invitation, (i % SLIP_COLUMNS) * slipW, Math.floor(i / SLIP_COLUMNS) * slipH, slipW, slipH));
    // cut lines between the slips
    doc.save().lineWidth(0.5).strokeColor(LINE).dash(4, { space: 3 });
    for (let c = 1; c < SLIP_COLUMNS; c++) doc.moveTo(c * slipW, 0).lineTo(c * slipW, H).stroke();
    for (let r = 1; r < SLIP_ROWS; r++) doc.moveTo(0, r * slipH).lineTo(W, r * slipH).stroke();
    doc.undash().restore();
    input.onProgress?.(first + onPage.length, total);
  }
  return done();
}

function drawSlip(doc: PDFKit.PDFDocument, input: SlipsInput, invitation: { url: string; expiresAt: Date }, x: number, y: number, w: number, h: number) {
  const pad = 16;
  const innerW = w - pad * 2;
  // who is rated
  doc.fillColor(BRAND).font('Helvetica-Bold').fontSize(10).text(input.unitName, x + pad, y + pad, { width: innerW, height: 24, ellipsis: true, lineGap: -1 });
  doc.fillColor(MUTED).font('Helvetica').fontSize(8).text(`${input.instansiName} · Loket: ${input.loketName}`, x + pad, doc.y + 1, { width: innerW, height: 10, ellipsis: true, lineBreak: false });

  // the code on the left, what to do on the right
  const qrSide = 112;
  const top = y + pad + 36;
  drawQr(doc, invitation.url, x + pad - 6, top, qrSide);
  const tx = x + pad + qrSide;
  const tw = innerW - qrSide;
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(11).text('Bagaimana pelayanan kami?', tx, top + 8, { width: tw });
  doc.font('Helvetica').fontSize(8.5).text('Pindai kode QR untuk mengisi survei singkat (kurang dari satu menit).', tx, doc.y + 3, { width: tw });
  doc.fillColor(MUTED).font('Helvetica-Oblique').fontSize(7.5).text('Scan to rate our service.', tx, doc.y + 2, { width: tw });
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(9).text('Satu kali pakai', tx, doc.y + 6, { width: tw });
  doc.font('Helvetica').fontSize(8).text(`Berlaku sampai ${formatValidUntil(invitation.expiresAt, input.timeZone)}`, tx, doc.y + 1, { width: tw });

  // the URL for those who type it
  doc.font('Courier').fontSize(7.5);
  const lines = urlLines(doc, displayUrl(invitation.url), innerW);
  doc.fillColor(INK).text(lines.join('\n'), x + pad, y + h - pad - lines.length * 9, { width: innerW, lineGap: 0.5 });
}
