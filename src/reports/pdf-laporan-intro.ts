// BAB I Pendahuluan and BAB II Pengumpulan Data of the Laporan SKM (DOMAIN.md §2.5): why and on
// what basis the survey was run, and who collected the answers, how, where, when and how many.
import type { Channel } from '../db/types.ts';
import { type LaporanContext, runsZi } from './pdf-laporan-context.ts';
import { countText, dateText, dayText, dm, joinWords, shareText } from './pdf-words.ts';

const CHANNEL_TEXT: Record<Channel, string> = {
  qr: 'kuesioner elektronik yang dibuka dengan memindai kode QR di loket',
  kiosk: 'kios (tablet) yang disediakan di tempat pelayanan',
  invitation: 'tautan undangan sekali pakai yang diberikan kepada pengguna layanan',
  paper: 'formulir kertas yang kemudian dimasukkan ke aplikasi oleh petugas',
};

function ziIndexNames(c: LaporanContext): string {
  const zi = runsZi(c);
  return joinWords([...(zi.ipak ? ['Indeks Persepsi Anti Korupsi (IPAK)'] : []), ...(zi.ipkp ? ['Indeks Persepsi Kualitas Pelayanan (IPKP)'] : [])]);
}

export function pendahuluan(c: LaporanContext): void {
  const { r, data } = c;
  const unit = data.unit.name;
  const zi = runsZi(c);
  const ziRuns = zi.ipak || zi.ipkp;
  r.chapter('BAB I', 'Pendahuluan', '1');

  r.section('1.1 Latar Belakang');
  r.paragraph(
    'Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik mewajibkan penyelenggara pelayanan publik mengikutsertakan masyarakat dalam penyelenggaraan pelayanan dan menilai kinerjanya secara berkala. Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi (PermenPANRB) Nomor 14 Tahun 2017 menetapkan Survei Kepuasan Masyarakat (SKM) sebagai cara mengukur secara menyeluruh tingkat kepuasan masyarakat atas kualitas pelayanan, yang dilaksanakan paling sedikit satu kali setahun.',
  );
  r.paragraph(
    `${unit} sebagai unit penyelenggara pelayanan publik di lingkungan ${data.instansi.name} melaksanakan SKM pada ${c.periodName} kepada masyarakat yang baru saja menerima pelayanan. Hasilnya berupa Indeks Kepuasan Masyarakat (IKM) beserta nilai setiap unsur pelayanan, yang menjadi bahan evaluasi dan dasar rencana tindak lanjut perbaikan pelayanan.`,
  );
  if (ziRuns) {
    r.paragraph(
      `Sebagai bagian dari pembangunan Zona Integritas menuju Wilayah Bebas dari Korupsi (WBK) dan Wilayah Birokrasi Bersih dan Melayani (WBBM) menurut PermenPANRB Nomor 90 Tahun 2021, ${unit} juga mengukur ${ziIndexNames(c)}, yang menjadi komponen hasil dalam penilaian Zona Integritas.`,
    );
  }

  r.section('1.2 Dasar Hukum');
  r.list(
    [
      'Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik;',
      'Peraturan Pemerintah Nomor 96 Tahun 2012 tentang Pelaksanaan Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik;',
      `Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 14 Tahun 2017 tentang Pedoman Penyusunan Survei Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik${ziRuns ? ';' : '.'}`,
      ...(ziRuns
        ? ['Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 90 Tahun 2021 tentang Pembangunan dan Evaluasi Zona Integritas Menuju Wilayah Bebas dari Korupsi dan Wilayah Birokrasi Bersih dan Melayani di Instansi Pemerintah.']
        : []),
    ],
    'number',
  );

  r.section('1.3 Maksud dan Tujuan');
  r.paragraph(`Survei ini dimaksudkan untuk mengetahui tingkat kepuasan masyarakat atas pelayanan ${unit} pada ${c.periodName} sebagai bahan penilaian dan perbaikan kinerja pelayanan. Tujuannya adalah:`);
  r.list(
    [
      'mengetahui kelemahan dan kekuatan setiap unsur penyelenggaraan pelayanan;',
      'mengukur kinerja unit pelayanan secara berkala melalui nilai IKM dan mutu pelayanannya;',
      'menyediakan dasar penetapan kebijakan dan rencana tindak lanjut perbaikan pelayanan;',
      `mengetahui kecenderungan kepuasan masyarakat dari periode ke periode${ziRuns ? ';' : '.'}`,
      ...(ziRuns ? [`mengukur ${ziIndexNames(c)} sebagai komponen hasil Zona Integritas.`] : []),
    ],
    'letter',
  );
}

export function pengumpulanData(c: LaporanContext): void {
  const { r, data } = c;
  const unit = data.unit.name;
  const total = data.respondents.respondents;
  r.chapter('BAB II', 'Pengumpulan Data', '2');

  r.section('2.1 Pelaksana');
  r.paragraph(
    `Survei dilaksanakan secara mandiri oleh ${unit} bersama Tim Survei ${data.instansi.name}, dengan aplikasi survei elektronik yang menghitung hasil langsung dari setiap jawaban. Responden tidak diminta menyebutkan nama, NIK atau nomor telepon, sehingga jawaban bersifat anonim.`,
  );

  r.section('2.2 Metode Pengumpulan Data');
  const k = c.asks.ikm?.unsur.length ?? c.ikm?.card.unsur.length ?? 9;
  const extra = [c.asks.ipak && `${c.asks.ipak.unsur.length} unsur IPAK`, c.asks.ipkp && `${c.asks.ipkp.unsur.length} unsur IPKP`].filter((x): x is string => Boolean(x));
  r.paragraph(
    `Data dikumpulkan dengan kuesioner yang memuat ${k} unsur pelayanan sesuai PermenPANRB Nomor 14 Tahun 2017${extra.length ? `, ditambah ${joinWords(extra)}` : ''} (Lampiran 1). Setiap pertanyaan dijawab pada skala empat tingkat dengan nilai 1 (tidak baik) sampai 4 (sangat baik); pertanyaan yang tidak dijawab tidak ikut dihitung.`,
  );
  const channels = [...data.respondents.counts.channel.entries()].filter((e): e is [Channel, number] => e[0] !== null && e[1] > 0).sort((a, b) => b[1] - a[1]);
  if (channels.length > 0) {
    r.paragraph('Kuesioner diisi melalui saluran berikut:', { after: 3 });
    r.list(channels.map(([channel, n]) => `${CHANNEL_TEXT[channel]}: ${countText(n)} responden (${shareText(n, total)}).`));
  }
  if (data.lokets.length > 0) {
    r.paragraph(`Kode QR survei dipasang di ${data.lokets.length === 1 ? 'loket berikut' : `${data.lokets.length} loket berikut`}, sehingga setiap jawaban tercatat pada loket tempat responden dilayani:`, { after: 3 });
    r.list(data.lokets.map((l) => `${l.name} (kode ${l.code})`));
  }

  r.section('2.3 Lokasi');
  r.paragraph(`Survei dilaksanakan di tempat pelayanan ${unit}${data.unit.address ? `, ${data.unit.address}` : ''}.`);

  r.section('2.4 Waktu Pelaksanaan');
  const fw = data.fieldwork;
  const made = dateText(c.createdAt, data.instansi.timeZone);
  r.paragraph(
    fw
      ? `Pengumpulan data ${c.periodName} berlangsung dari ${dayText(fw.from)} sampai ${dayText(fw.to)}. Tahapan survei adalah sebagai berikut.`
      : `Pada ${c.periodName} (${dayText(data.period.from)} sampai ${dayText(data.period.to)}) belum ada jawaban yang terkumpul. Tahapan survei adalah sebagai berikut.`,
  );
  r.table(
    [
      { header: 'No', weight: 0.6, align: 'center' },
      { header: 'Tahap', weight: 2.2 },
      { header: 'Waktu', weight: 3.2 },
      { header: 'Keterangan', weight: 4 },
    ],
    [
      ['1', 'Persiapan', fw ? `sebelum ${dayText(fw.from)}` : `sebelum ${dayText(data.period.from)}`, 'penetapan kuesioner, pemasangan kode QR di loket'],
      ['2', 'Pengumpulan data', fw ? `${dayText(fw.from)} s.d. ${dayText(fw.to)}` : `${dayText(data.period.from)} s.d. ${dayText(data.period.to)}`, 'pengisian kuesioner oleh pengguna layanan'],
      ['3', 'Pengolahan data', fw ? `${dayText(fw.from)} s.d. ${made}` : made, 'otomatis, setiap jawaban langsung dihitung oleh aplikasi'],
      ['4', 'Pelaporan', made, 'penyusunan laporan ini'],
    ],
    { caption: 'Waktu pelaksanaan survei' },
  );

  r.section('2.5 Penentuan Jumlah Responden');
  const n = c.ikm?.card.respondents ?? 0;
  r.paragraph(
    'Jumlah minimum responden ditentukan dengan tabel Krejcie dan Morgan sesuai PermenPANRB Nomor 14 Tahun 2017, yaitu S = X² · N · P · Q / (d² · (N – 1) + X² · P · Q) dengan X² = 3,841, P = Q = 0,5, d = 0,05 dan N jumlah populasi pengguna layanan pada periode survei, dibulatkan ke bilangan bulat terdekat.',
  );
  if (data.population !== null && data.sample) {
    const s = data.sample;
    r.table(
      [
        { header: 'Uraian', weight: 6 },
        { header: 'Jumlah', weight: 2, align: 'right' },
      ],
      [
        [`Populasi pengguna layanan ${c.periodName} (N)`, countText(data.population)],
        ['Jumlah minimum responden (S)', countText(s.minimum)],
        ['Jumlah responden IKM', countText(s.actual)],
        { cells: ['Keterangan', s.met ? dm.sampleMet : dm.sampleNotMet], bold: true },
      ],
      { caption: 'Jumlah responden' },
    );
    r.paragraph(
      s.met
        ? `Dengan populasi ${countText(data.population)} pengguna layanan, jumlah minimum responden adalah ${countText(s.minimum)}. Jumlah responden IKM sebanyak ${countText(n)} orang telah memenuhi jumlah minimum tersebut (sesuai).`
        : `Dengan populasi ${countText(data.population)} pengguna layanan, jumlah minimum responden adalah ${countText(s.minimum)}. Jumlah responden IKM sebanyak ${countText(n)} orang belum memenuhi jumlah minimum tersebut (belum sesuai), sehingga hasil survei perlu dibaca dengan hati-hati.`,
    );
  } else {
    r.paragraph(`Populasi pengguna layanan ${c.periodName} belum diisi, sehingga jumlah minimum responden belum dapat dihitung. Jumlah responden IKM yang terkumpul adalah ${countText(n)} orang.`);
  }
}
