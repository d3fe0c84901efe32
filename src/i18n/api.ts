// The open-data API's words (issue 5 §6): the readable page at /api in Bahasa Indonesia and English,
// and, from the English ones, the summaries and descriptions of the OpenAPI document. The answers
// themselves (JSON, CSV, error messages) are language-neutral, as the invitations API's are.
import type { EndpointId, PathParam, QueryParam, Status } from '../publish/api-endpoints.ts';
import type { Lang } from './index.ts';

interface EndpointText {
  summary: string;
  returns: string;
}

const id = {
  title: 'Data terbuka',
  intro:
    'Setiap hasil survei yang diterbitkan (IKM, IPAK, IPKP, nilai per unsur, jumlah responden, revisi dan tindak lanjut) dapat dibaca mesin sebagai JSON dan CSV, tanpa masuk dan tanpa kunci. Angka yang diterbitkan tidak berubah sampai tim survei menerbitkan revisi baru.',
  openapi: 'Dokumen OpenAPI 3.1',
  openapiText: 'Deskripsi lengkap setiap titik akhir dan skema jawabannya, untuk pembuat aplikasi dan alat seperti Swagger UI:',
  rulesTitle: 'Ketentuan umum',
  rules: [
    'Setiap situs boleh memanggil API ini dari peramban (CORS: Access-Control-Allow-Origin: *).',
    'Jawaban boleh disimpan 5 menit (Cache-Control: public, max-age=300) dan membawa ETag: kirim If-None-Match untuk mendapat 304 tanpa isi bila belum berubah.',
    'Angka dalam JSON adalah angka biasa bertitik desimal, persis seperti yang diterbitkan: konversi dengan 2 desimal, indeks dan NRR tanpa pembulatan.',
    'CSV mengikuti RFC 4180: UTF-8, dipisah koma, dengan baris judul. Sel yang diawali = + - atau @ diberi tanda petik tunggal di depannya agar lembar kerja tidak menjalankannya sebagai rumus.',
    'Galat dijawab sebagai { "error": { "code": …, "message": … } }: 400 untuk nilai parameter yang salah (pesannya menyebut parameternya), 404 untuk yang tidak ada.',
  ],
  endpointsTitle: 'Titik akhir',
  parameters: 'Parameter',
  noParameters: 'Tanpa parameter.',
  colName: 'Nama',
  colIn: 'Letak',
  colMeaning: 'Keterangan',
  where: { path: 'jalur', query: 'kueri' },
  returnsTitle: 'Jawaban',
  schema: 'Skema JSON: {name} (lihat dokumen OpenAPI).',
  csvToo: 'Dengan format=csv: tabel CSV.',
  statuses: 'Status: {list}.',
  example: 'Contoh',
  keyPlaceholder: '<kunci API>',
  loketPlaceholder: '<kode loket>',
  statusTitle: 'Kode status',
  statusCaption: 'Arti setiap kode status HTTP',
  colCode: 'Kode',
  apiKey: 'Perlu kunci API unit (Authorization: Bearer …), dibuat di ruang kerja pada halaman kunci API.',
  endpoints: {
    instansiList: { summary: 'Daftar instansi', returns: 'Setiap instansi yang sudah menerbitkan hasil: slug, nama dan tautan.' },
    instansi: {
      summary: 'Satu instansi dan unitnya',
      returns:
        'Instansi dengan setiap unit aktif dan ringkasan publikasi terbarunya (periode, revisi, IKM konversi dan mutu, indeks IPAK dan IPKP, status WBK/WBBM), serta ringkasan hasil gabungan seluruh unit. Dengan format=csv: tabel unit, satu baris per unit.',
    },
    widePublications: { summary: 'Publikasi gabungan seluruh unit', returns: 'Setiap revisi yang terlihat dari hasil gabungan instansi: periode, revisi, waktu terbit dan tautan.' },
    widePublication: {
      summary: 'Satu publikasi gabungan',
      returns: 'Revisi terbaru periode itu (atau revision=N): data publikasi dan snapshot beku (ScoreCard tiap instrumen, responden, populasi, sampel minimum, perubahan dari revisi sebelumnya). Dengan format=csv: tabel per unsur.',
    },
    unitPublications: { summary: 'Publikasi satu unit', returns: 'Setiap revisi yang terlihat dari hasil unit: periode, revisi, waktu terbit dan tautan.' },
    unitPublication: {
      summary: 'Satu publikasi unit',
      returns:
        'Revisi terbaru periode itu (atau revision=N): data publikasi, snapshot beku dan tindak lanjut yang diterbitkan unit untuk periode itu. Dengan format=csv: tabel per unsur (instrumen, kode unsur, nama, jawaban, NRR, konversi, mutu).',
    },
    openapi: { summary: 'Dokumen OpenAPI', returns: 'Dokumen OpenAPI 3.1 API ini, dibuat dari skema yang sama yang memeriksa setiap jawaban.' },
    invitations: {
      summary: 'Membuat tautan survei sekali pakai',
      returns: 'Untuk sistem antrean: tautan survei sekali pakai bagi sebuah loket unit pemilik kunci. Badan permintaan JSON: loket, count (1–100), ttlHours.',
    },
  } satisfies Record<EndpointId, EndpointText>,
  params: {
    instansi: 'Slug instansi, mis. kab-contoh.',
    unit: 'Slug unit, mis. dinkes.',
    period: 'Kode periode: triwulan 2026-Q1, semester 2026-S1 atau tahun 2026.',
    revision: 'Nomor revisi (1, 2, …); tanpa ini: revisi terbaru.',
    format: 'json (bawaan) atau, bila titik akhir menyediakannya, csv.',
  } satisfies Record<PathParam | QueryParam, string>,
  status: {
    200: 'Berhasil.',
    201: 'Dibuat.',
    304: 'Tidak berubah sejak ETag yang dikirim dalam If-None-Match.',
    400: 'Nilai parameter atau badan permintaan salah; pesannya menyebut yang salah.',
    401: 'Kunci API tidak ada, tidak dikenal atau dicabut.',
    404: 'Instansi, unit, periode atau revisi tidak ada (atau tidak diterbitkan).',
    413: 'Badan permintaan terlalu besar.',
    415: 'Badan permintaan harus JSON.',
    429: 'Terlalu banyak permintaan untuk kunci ini; coba lagi setelah Retry-After detik.',
  } satisfies Record<Status, string>,
};

const en: typeof id = {
  title: 'Open data',
  intro:
    'Every published survey result (IKM, IPAK, IPKP, per-unsur values, respondents, revisions and follow-up actions) is machine-readable as JSON and CSV, without signing in and without a key. A published number does not change until the survey team publishes a new revision.',
  openapi: 'OpenAPI 3.1 document',
  openapiText: 'The full description of every endpoint and its answers, for developers and tools such as Swagger UI:',
  rulesTitle: 'General rules',
  rules: [
    'Any website may call this API from the browser (CORS: Access-Control-Allow-Origin: *).',
    'Answers may be cached for 5 minutes (Cache-Control: public, max-age=300) and carry an ETag: send If-None-Match to get an empty 304 when nothing changed.',
    'Numbers in JSON are plain numbers with a decimal point, exactly as published: konversi with 2 decimals, indices and NRR unrounded.',
    'CSV follows RFC 4180: UTF-8, comma-separated, with a header row. A cell starting with = + - or @ gets a leading apostrophe so that spreadsheets never run it as a formula.',
    'Errors come as { "error": { "code": …, "message": … } }: 400 for a bad parameter value (the message names the parameter), 404 for what does not exist.',
  ],
  endpointsTitle: 'Endpoints',
  parameters: 'Parameters',
  noParameters: 'No parameters.',
  colName: 'Name',
  colIn: 'In',
  colMeaning: 'Meaning',
  where: { path: 'path', query: 'query' },
  returnsTitle: 'Answer',
  schema: 'JSON schema: {name} (see the OpenAPI document).',
  csvToo: 'With format=csv: a CSV table.',
  statuses: 'Status: {list}.',
  example: 'Example',
  keyPlaceholder: '<API key>',
  loketPlaceholder: '<loket code>',
  statusTitle: 'Status codes',
  statusCaption: 'What each HTTP status means',
  colCode: 'Code',
  apiKey: "Needs a unit API key (Authorization: Bearer …), created on the workspace's API keys page.",
  endpoints: {
    instansiList: { summary: 'List of instansi', returns: 'Every instansi that has published results: slug, name and links.' },
    instansi: {
      summary: 'One instansi and its units',
      returns:
        'The instansi with every active unit and the summary of its newest publication (period, revision, IKM konversi and mutu, IPAK and IPKP index, WBK/WBBM status), and the summary of the instansi-wide result. With format=csv: the units table, one row per unit.',
    },
    widePublications: { summary: 'Instansi-wide publications', returns: 'Every visible revision of the instansi-wide result: period, revision, time of publication and links.' },
    widePublication: {
      summary: 'One instansi-wide publication',
      returns: "The period's newest revision (or revision=N): the publication's data and its frozen snapshot (each instrument's ScoreCard, respondents, population, minimum sample, changes since the previous revision). With format=csv: the per-unsur table.",
    },
    unitPublications: { summary: "A unit's publications", returns: "Every visible revision of the unit's results: period, revision, time of publication and links." },
    unitPublication: {
      summary: "One of a unit's publications",
      returns:
        "The period's newest revision (or revision=N): the publication's data, its frozen snapshot and the follow-up actions the unit published for the period. With format=csv: the per-unsur table (instrument, unsur code, name, answers, NRR, konversi, mutu).",
    },
    openapi: { summary: 'OpenAPI document', returns: "This API's OpenAPI 3.1 document, generated from the same schemas that check every answer." },
    invitations: {
      summary: 'Create single-use survey links',
      returns: "For queue-ticket systems: single-use survey links for a loket of the key's unit. JSON body: loket, count (1–100), ttlHours.",
    },
  },
  params: {
    instansi: 'Slug of the instansi, e.g. kab-contoh.',
    unit: 'Slug of the unit, e.g. dinkes.',
    period: 'Period code: triwulan 2026-Q1, semester 2026-S1 or year 2026.',
    revision: 'Revision number (1, 2, …); without it: the newest revision.',
    format: 'json (default) or, where the endpoint offers it, csv.',
  },
  status: {
    200: 'Success.',
    201: 'Created.',
    304: 'Not modified since the ETag sent in If-None-Match.',
    400: 'A bad parameter value or request body; the message names what is wrong.',
    401: 'The API key is missing, unknown or revoked.',
    404: 'No such instansi, unit, period or revision (or it is not published).',
    413: 'The request body is too large.',
    415: 'The request body must be JSON.',
    429: 'Too many requests for this key; retry after Retry-After seconds.',
  },
};

export type ApiMessages = typeof id;

export function apiMessages(lang: Lang): ApiMessages {
  return lang === 'en' ? en : id;
}
