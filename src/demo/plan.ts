// The demo instansi: a plausible Kabupaten with a dinas and its UPT, a hospital and a licensing
// office, each with its own strengths and weaknesses, so dashboards and reports have something
// real to show.
export interface DemoUnit {
  slug: string;
  name: string;
  parent?: string;
  instruments: ('skm' | 'ipak' | 'ipkp')[];
  headName: string;
  headNip: string;
  layanan: string[];
  /** loket name → the layanan it serves (null: asks which) */
  lokets: [string, string | null][];
  /** share of all demo responses */
  weight: number;
  /** latent mean answer per unsur/item code; anything not named uses `base` */
  base: number;
  quality: Record<string, number>;
}

export const DEMO_UNITS: DemoUnit[] = [
  {
    slug: 'disdukcapil',
    name: 'Dinas Kependudukan dan Pencatatan Sipil',
    instruments: ['skm', 'ipak', 'ipkp'],
    headName: 'Drs. Budi Santoso, M.Si.',
    headNip: '197001012000031001',
    layanan: ['Perekaman KTP-el', 'Kartu Keluarga', 'Akta Kelahiran'],
    lokets: [
      ['Loket 1 KTP-el', 'Perekaman KTP-el'],
      ['Loket 2 Kartu Keluarga', 'Kartu Keluarga'],
      ['Loket 3 Akta', 'Akta Kelahiran'],
    ],
    weight: 0.35,
    base: 3.15,
    quality: { U3: 2.75, U4: 3.8, U8: 2.7, P4: 2.9, P5: 3.7, A3: 3.55, A5: 3.4 },
  },
  {
    slug: 'dpmptsp',
    name: 'Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu',
    instruments: ['skm', 'ipak'],
    headName: 'Ir. Siti Rahmawati, M.T.',
    headNip: '197505152001122002',
    layanan: ['Perizinan Berusaha', 'Persetujuan Bangunan Gedung'],
    lokets: [
      ['Loket Perizinan', null],
      ['Meja Konsultasi', null],
    ],
    weight: 0.2,
    base: 3.35,
    quality: { U1: 3.0, U2: 3.05, U9: 3.6, A4: 3.7, A5: 3.65 },
  },
  {
    slug: 'dinkes',
    name: 'Dinas Kesehatan',
    instruments: ['skm'],
    headName: 'dr. Andi Wijaya, M.Kes.',
    headNip: '197803202005011003',
    layanan: ['Surat Izin Praktik', 'Rekomendasi Izin Fasilitas Kesehatan'],
    lokets: [['Loket Perizinan Kesehatan', null]],
    weight: 0.1,
    base: 3.05,
    quality: { U3: 2.6, U8: 2.8 },
  },
  {
    slug: 'puskesmas-kota',
    name: 'UPT Puskesmas Kota',
    parent: 'dinkes',
    instruments: ['skm', 'ipkp'],
    headName: 'dr. Maria Ulfa',
    headNip: '198201102009022004',
    layanan: ['Pendaftaran Rawat Jalan', 'Pemeriksaan Umum', 'Farmasi'],
    lokets: [
      ['Loket Pendaftaran', 'Pendaftaran Rawat Jalan'],
      ['Loket Farmasi', 'Farmasi'],
    ],
    weight: 0.35,
    base: 3.25,
    quality: { U3: 2.85, U7: 3.55, U9: 2.95, P7: 2.95, P9a: 2.8, P9b: 2.75 },
  },
];

export const SARAN = [
  'Antrean sebaiknya memakai nomor urut elektronik.',
  'Petugas ramah dan cepat, terima kasih.',
  'Ruang tunggu panas, mohon ditambah kipas angin.',
  'Informasi persyaratan di papan pengumuman kurang jelas.',
  'Mohon jam layanan diperpanjang sampai sore.',
  'Prosesnya sudah jauh lebih cepat dari tahun lalu.',
  'Kotak pengaduan tidak pernah dibuka sepertinya.',
  'Parkir sempit, sulit mencari tempat.',
  'Pelayanan online sering gangguan.',
  'Sudah baik, pertahankan.',
];

export const EDUCATION: [string, number][] = [
  ['tidak_sekolah', 2], ['sd', 10], ['smp', 15], ['sma', 38], ['d1_d3', 10], ['d4_s1', 20], ['s2', 4], ['s3', 1],
];
export const OCCUPATION: [string, number][] = [
  ['pns', 10], ['tni', 2], ['polri', 2], ['swasta', 25], ['wirausaha', 20], ['pelajar', 12], ['irt', 14], ['petani', 8], ['pensiunan', 4], ['lainnya', 3],
];
export const DISABILITY: [string, number][] = [
  ['none', 96], ['fisik', 2], ['sensorik', 1], ['intelektual', 0.5], ['mental', 0.5],
];
