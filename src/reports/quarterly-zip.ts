// The quarterly export as a ZIP of CSV files (for spreadsheets and systems that take tables) with
// the JSON document itself and a README, deflated and streamed to the sink piece by piece.
import { Zip, ZipDeflate } from 'fflate';
import { csvLine } from './csv-write.ts';
import type { QuarterlyExport } from './quarterly-schema.ts';
import { SCORECARD_COLUMNS, scoreCardCells, scoreCardsCsv } from './scorecards-csv.ts';
import { endSink, writeChunk } from './sink.ts';

const UNIT_COLUMNS = [
  'unit',
  'name',
  'parent',
  'active',
  'population',
  'minimum_sample',
  'sample_met',
  'respondents',
  'kanal_qr',
  'kanal_kiosk',
  'kanal_invitation',
  'kanal_paper',
  'publication_revision',
  'published_at',
  'follow_up_planned',
  'follow_up_in_progress',
  'follow_up_done',
  'follow_up_total',
] as const;

const cell = (value: string | number | boolean | null): string => (value === null ? '' : String(value));

function unitsCsv(doc: QuarterlyExport): string {
  let text = csvLine([...UNIT_COLUMNS]);
  for (const u of doc.units) {
    text += csvLine(
      [
        u.slug,
        u.name,
        u.parent,
        u.active,
        u.population,
        u.minimumSample,
        u.sampleMet,
        u.respondents,
        u.channels.qr,
        u.channels.kiosk,
        u.channels.invitation,
        u.channels.paper,
        u.publication?.revision ?? null,
        u.publication?.publishedAt ?? null,
        u.followUp.planned,
        u.followUp.in_progress,
        u.followUp.done,
        u.followUp.total,
      ].map(cell),
    );
  }
  return text;
}

/** Every unit's cards, then the total's with an empty unit. */
function exportScoreCardsCsv(doc: QuarterlyExport): string {
  const period = doc.period.code;
  return scoreCardsCsv([
    ...doc.units.flatMap((u) => u.scorecards.map((card) => ({ unit: u.slug, period, card }))),
    ...doc.total.scorecards.map((card) => ({ unit: '', period, card })),
  ]);
}

function layananCsv(doc: QuarterlyExport): string {
  let text = csvLine(['unit', 'layanan', 'period', ...SCORECARD_COLUMNS]);
  for (const u of doc.units) {
    for (const l of u.perLayanan) {
      for (const card of l.scorecards) for (const cells of scoreCardCells(card)) text += csvLine([u.slug, l.name, doc.period.code, ...cells]);
    }
  }
  return text;
}

function exportReadme(doc: QuarterlyExport): string {
  return `Ekspor data survei — ${doc.instansi.name}, periode ${doc.period.code} (${doc.period.from} s.d. ${doc.period.to})
Dibuat ${doc.generatedAt}. Skema: ${doc.schema}.

Berkas (CSV: RFC 4180, UTF-8 tanpa BOM, pemisah koma, baris CRLF; angka memakai titik desimal dengan
presisi penuh; sel kosong = tidak ada nilai):

export.json     Dokumen lengkap (skema ${doc.schema}, dijelaskan di README proyek). Sumber semua
                berkas lain; setiap ScoreCard sama persis dengan yang dihitung mesin indeks.
units.csv       Satu baris per unit: populasi, sampel minimum (Krejcie & Morgan), responden IKM,
                respons per kanal, revisi publikasi yang tampil, jumlah tindak lanjut per status.
scorecards.csv  Satu baris per unsur per ScoreCard (answers, nrr, konversi, mutu), lalu satu baris
                INDEX per ScoreCard (respondents, index 1–4, konversi, mutu, kinerja, ci95_low,
                ci95_high; untuk IPAK dan IPKP juga nilai lembar kerja ZI dan ambang WBK/WBBM).
                Kolom unit kosong = seluruh instansi (semua unit digabung).
layanan.csv     Bentuk yang sama dengan scorecards.csv, per unit dan jenis layanan.

Indeks (index, nrr) berskala 1–4 tanpa pembulatan; konversi = indeks × 25, dibulatkan 2 desimal;
mutu A/B/C/D diklasifikasikan dari konversi (PermenPANRB 14/2017). Nilai lembar kerja ZI =
indeks ÷ 4 × 17,5, dibulatkan 2 desimal (PermenPANRB 90/2021).
`;
}

const PIECE = 64 * 1024;

/** Writes the ZIP (README.txt, export.json, units.csv, scorecards.csv, layanan.csv) and ends the sink. */
export async function writeQuarterlyZip(doc: QuarterlyExport, sink: NodeJS.WritableStream): Promise<void> {
  const files: [string, string][] = [
    ['README.txt', exportReadme(doc)],
    ['export.json', `${JSON.stringify(doc, null, 2)}\n`],
    ['units.csv', unitsCsv(doc)],
    ['scorecards.csv', exportScoreCardsCsv(doc)],
    ['layanan.csv', layananCsv(doc)],
  ];
  // fflate hands out compressed chunks synchronously; they are written (waiting for the sink) between pushes
  const ready: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((err, chunk) => {
    if (err) failure = err;
    else ready.push(chunk);
  });
  const flush = async () => {
    if (failure) throw failure;
    for (const chunk of ready.splice(0)) await writeChunk(sink, chunk);
  };
  const encoder = new TextEncoder();
  const mtime = new Date(doc.generatedAt);
  for (const [name, text] of files) {
    const file = new ZipDeflate(name, { level: 6 });
    file.mtime = mtime;
    zip.add(file);
    for (let at = 0; at < text.length; ) {
      let end = Math.min(at + PIECE, text.length);
      // never split a surrogate pair (an emoji in a name) between two pieces
      if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1]!)) end--;
      file.push(encoder.encode(text.slice(at, end)));
      at = end;
      await flush();
    }
    file.push(new Uint8Array(0), true);
    await flush();
  }
  zip.end();
  await flush();
  await endSink(sink);
}
