// The results poster for the counter: what the citizen waiting at a loket reads. The last
// published results of the unit (IKM large with its mutu, each unsur as a bar, IPAK and IPKP with
// their ZI verdicts, n), then the loket's QR to answer today's survey. ZI evaluators score results
// shown at the service point, not only online. Bahasa Indonesia, like the loket poster beside it.
import { dashboardMessages } from '../i18n/admin-dashboard.ts';
import { dayName, formatNumber, KONVERSI_DECIMALS } from '../i18n/format.ts';
import { MUTU_COLOR, PANEL, VERDICT_COLOR } from '../reports/palette.ts';
import { BAND_HEIGHT, BRAND, displayUrl, drawBand, drawPrivacyFooter, drawQr, fitFontSize, INK, LINE, MUTED, newA4, POSTER_MARGIN } from '../reports/poster.ts';
import { localDate } from '../results/period.ts';
import type { Snapshot } from '../results/publication.ts';
import type { TimeZone } from '../config.ts';
import { summarise, type ResultsSummary } from './results-summary.ts';

type Doc = PDFKit.PDFDocument;

export interface ResultsPosterInput {
  /** the loket's survey URL, PUBLIC_BASE_URL/s/<code> */
  url: string;
  instansiName: string;
  unitName: string;
  loketName: string;
  /** PNG or JPEG (pdfkit draws no SVG): shown in the header band */
  logo?: Uint8Array;
  /** the unit's newest visible revision; undefined when nothing is published yet */
  publication?: { snapshot: Snapshot; revision: number; publishedAt: Date };
  timeZone: TimeZone;
  createdAt?: Date;
}

const M = POSTER_MARGIN;
const BAR_SCALE_MAX = 100;
/** the privacy footer and the space above it */
const FOOTER_ROOM = 64 + 24;

/** An image pdfkit has parsed (its `openImage` is public but missing from @types/pdfkit). */
type OpenedImage = { width: number; height: number };

/** The logo, when pdfkit can read it: a stored logo it cannot decode costs the poster its logo, never the poster. */
function openLogo(doc: Doc, logo: Uint8Array | undefined): OpenedImage | undefined {
  if (!logo) return undefined;
  try {
    return (doc as Doc & { openImage(src: Buffer): OpenedImage }).openImage(Buffer.from(logo));
  } catch {
    return undefined;
  }
}

const LOGO_SIDE = 72;

/** The logo on a white tile at the left of the header band. */
function drawLogo(doc: Doc, logo: OpenedImage): void {
  const y = (BAND_HEIGHT - LOGO_SIDE) / 2;
  doc.roundedRect(M, y, LOGO_SIDE, LOGO_SIDE, 10).fill('#ffffff');
  // pdfkit's image() takes an opened image as well as bytes
  doc.image(logo as unknown as Buffer, M + 6, y + 6, { fit: [LOGO_SIDE - 12, LOGO_SIDE - 12], align: 'center', valign: 'center' });
}

/** IKM large with its mutu square on the left, IPAK/IPKP verdicts on the right; returns the bottom. */
function drawFigures(doc: Doc, summary: ResultsSummary, top: number): number {
  const W = doc.page.width;
  const half = (W - 2 * M) / 2;
  let left = top;
  doc.fillColor(MUTED).font('Helvetica-Bold').fontSize(11).text(summary.words.ikm, M, left, { width: half - 12 });
  left = doc.y + 2;
  const ikm = summary.ikm;
  const value = ikm?.konversi ?? '–';
  doc.fillColor(BRAND).font('Helvetica-Bold').fontSize(60).text(value, M, left, { lineBreak: false });
  const valueWidth = doc.widthOfString(value);
  if (ikm?.mutu) {
    const side = 46;
    doc.roundedRect(M + valueWidth + 14, left + 6, side, side, 7).fill(MUTU_COLOR[ikm.mutu]);
    doc.fillColor('#ffffff').font('Helvetica-Bold').fontSize(32).text(ikm.mutu, M + valueWidth + 14, left + 14, { width: side, align: 'center', lineBreak: false });
  }
  left += 62;
  if (ikm?.line) doc.fillColor(INK).font('Helvetica-Bold').fontSize(15).text(ikm.line, M, left, { width: half - 12 });
  left = doc.y + 8;
  doc.fillColor(MUTED).font('Helvetica').fontSize(11).text(summary.respondents, M, left, { width: half - 12 });
  left = doc.y;

  // the ZI indices, each with its WBK and WBBM verdicts, in the dashboard's words
  const x = M + half + 12;
  const width = half - 12;
  let right = top;
  for (const line of summary.zi) {
    doc.fillColor(INK).font('Helvetica-Bold').fontSize(15).text(line.label, x, right, { width, lineBreak: false });
    doc.fillColor(BRAND).text(line.index, x, right, { width, align: 'right', lineBreak: false });
    right += 21;
    for (const v of line.verdicts) {
      doc.fillColor(MUTED).font('Helvetica').fontSize(11).text(v.label, x, right, { width, lineBreak: false });
      const color = v.withinMargin ? VERDICT_COLOR.withinMargin : v.met ? VERDICT_COLOR.met : VERDICT_COLOR.notMet;
      doc.fillColor(color).font('Helvetica-Bold').text(v.status, x, right, { width, align: 'right', lineBreak: false });
      right += 16;
    }
    right += 10;
  }
  if (summary.withinMargin) {
    doc.fillColor(MUTED).font('Helvetica').fontSize(9).text(summary.words.withinMargin, x, right, { width });
    right = doc.y;
  }
  return Math.max(left, right);
}

/** Each IKM unsur as a bar of its konversi (0–100), the number at its end; returns the bottom. */
function drawUnsurBars(doc: Doc, snapshot: Snapshot, top: number): number {
  const card = snapshot.instruments.find((i) => i.card.kind === 'ikm')?.card;
  if (!card || card.unsur.length === 0) return top;
  const W = doc.page.width;
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(12).text('Nilai per unsur pelayanan (konversi 25–100)', M, top);
  let y = doc.y + 6;
  const labelWidth = 190;
  const valueWidth = 40;
  const barX = M + labelWidth + 8;
  const barWidth = W - M - valueWidth - 8 - barX;
  const row = Math.min(17, 260 / card.unsur.length);
  for (const u of card.unsur) {
    doc.fillColor(INK).font('Helvetica').fontSize(9.5).text(`${u.code} ${u.name}`, M, y + (row - 11) / 2, { width: labelWidth, lineBreak: false, ellipsis: true, height: 12 });
    doc.rect(barX, y + 2, barWidth, row - 5).fill(PANEL);
    if (u.konversi !== null) {
      doc.rect(barX, y + 2, (barWidth * Math.min(u.konversi, BAR_SCALE_MAX)) / BAR_SCALE_MAX, row - 5).fill(u.mutu ? MUTU_COLOR[u.mutu] : MUTED);
    }
    doc.fillColor(INK).font('Helvetica-Bold').fontSize(9.5).text(formatNumber(u.konversi, KONVERSI_DECIMALS, 'id'), W - M - valueWidth, y + (row - 11) / 2, { width: valueWidth, align: 'right', lineBreak: false });
    y += row;
  }
  return y;
}

/** The ask: the loket's QR on the left, the words and the short URL beside it. */
function drawAsk(doc: Doc, input: ResultsPosterInput, top: number, side: number): void {
  const W = doc.page.width;
  drawQr(doc, input.url, M, top, side);
  doc.roundedRect(M - 6, top - 6, side + 12, side + 12, 10).lineWidth(1.5).strokeColor(BRAND).stroke();
  const x = M + side + 28;
  const width = W - M - x;
  const ask = 'Isi survei hari ini';
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(fitFontSize(doc, ask, 'Helvetica-Bold', width, 28, 18)).text(ask, x, top + 8, { width });
  doc.fillColor(BRAND).font('Helvetica').fontSize(14).text('Pindai kode QR dengan kamera ponsel Anda. Penilaian Anda menjadi hasil survei berikutnya.', x, doc.y + 6, { width });
  doc.fillColor(MUTED).font('Helvetica').fontSize(10).text('atau ketik alamat ini di peramban:', x, doc.y + 10, { width });
  const shortUrl = displayUrl(input.url);
  const urlSize = fitFontSize(doc, shortUrl, 'Helvetica-Bold', width, 20, 9);
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(urlSize).text(shortUrl, x, doc.y + 2, { width, lineBreak: false });
  doc.fillColor(MUTED).font('Helvetica').fontSize(10).text('LOKET', x, doc.y + urlSize * 0.3 + 10, { width });
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(13).text(input.loketName, x, doc.y + 1, { width, height: 34, ellipsis: true });
}

/** One A4 page: the unit's last published results and the loket's QR. */
export function resultsPosterPdf(input: ResultsPosterInput): Promise<Buffer> {
  const summary = input.publication && summarise(input.publication.snapshot, input.publication.revision, 'id');
  const title = summary ? `Hasil survei ${summary.period}` : 'Hasil survei';
  const { doc, done } = newA4({ title: `${title} - ${input.unitName} - ${input.loketName}`, subject: input.url, createdAt: input.createdAt });
  doc.addPage();
  const W = doc.page.width;
  const inner = W - 2 * M;
  const center = { width: inner, align: 'center' as const };

  const logo = openLogo(doc, input.logo);
  drawBand(doc, input.instansiName, input.unitName, logo ? M + LOGO_SIDE + 16 : M);
  if (logo) drawLogo(doc, logo);

  let y = BAND_HEIGHT + 26;
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(fitFontSize(doc, title, 'Helvetica-Bold', inner, 28, 16)).text(title, M, y, center);
  if (input.publication && summary) {
    const published = dayName(localDate(input.publication.publishedAt, input.timeZone), dashboardMessages('id'));
    const note = [summary.revision, `diterbitkan ${published}`].filter(Boolean).join(' · ');
    doc.fillColor(MUTED).font('Helvetica').fontSize(11).text(note, M, doc.y + 4, center);
    y = drawFigures(doc, summary, doc.y + 22);
    doc.moveTo(M, y + 14).lineTo(W - M, y + 14).lineWidth(0.75).strokeColor(LINE).stroke();
    y = drawUnsurBars(doc, input.publication.snapshot, y + 28);
  } else {
    doc.fillColor(INK).font('Helvetica').fontSize(15).text('Belum ada hasil survei yang diterbitkan untuk unit ini.', M, doc.y + 28, center);
    doc.fillColor(MUTED).fontSize(12).text('Hasilnya tampil di sini setelah Tim Survei menerbitkannya. Bantu kami dengan mengisi survei.', M, doc.y + 6, center);
    y = doc.y;
  }
  doc.moveTo(M, y + 16).lineTo(W - M, y + 16).lineWidth(0.75).strokeColor(LINE).stroke();
  // with results, the ask sits above the footer; without, a larger code fills the room they leave
  const room = doc.page.height - FOOTER_ROOM - (y + 40);
  const side = input.publication ? Math.min(200, room) : Math.min(260, room);
  drawAsk(doc, input, y + 40 + (room - side) / (input.publication ? 1 : 2), side);
  drawPrivacyFooter(doc);
  return done();
}
