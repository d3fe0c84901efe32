// Frozen: version 1 of the built-in instruments, word for word as DOMAIN.md §2.1 (SKM, PermenPANRB
// 14/2017), §3.1 (IPAK/IPK) and §3.2 (IPKP). Stored answers point at this version, so never edit it:
// a reworded instrument is a new file and a new migration. Never import app code here; the local type
// below mirrors the instrument schema structurally and src/instruments/builtin.ts validates these
// consts through that schema.

type Labels = readonly [string, string, string, string];

interface BuiltinInstrumentV1 {
  readonly id: string;
  readonly name: string;
  readonly kind: 'ikm' | 'ipak' | 'ipkp';
  readonly scale: 4;
  readonly unsur: readonly {
    readonly code: string;
    readonly name: string;
    readonly items: readonly { readonly code: string; readonly text: string; readonly labels: Labels }[];
  }[];
  readonly translations: {
    readonly en: {
      readonly name: string;
      readonly unsur: Readonly<Record<string, string>>;
      readonly items: Readonly<Record<string, { readonly text: string; readonly labels: Labels }>>;
    };
  };
}

const SETUJU: Labels = ['Sangat tidak setuju', 'Tidak setuju', 'Setuju', 'Sangat setuju'];
const AGREE: Labels = ['Strongly disagree', 'Disagree', 'Agree', 'Strongly agree'];

export const SKM_V1: BuiltinInstrumentV1 = {
  id: 'skm',
  name: 'Survei Kepuasan Masyarakat (SKM)',
  kind: 'ikm',
  scale: 4,
  unsur: [
    {
      code: 'U1',
      name: 'Persyaratan',
      items: [
        {
          code: 'U1',
          text: 'Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?',
          labels: ['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'],
        },
      ],
    },
    {
      code: 'U2',
      name: 'Sistem, Mekanisme, dan Prosedur',
      items: [
        {
          code: 'U2',
          text: 'Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?',
          labels: ['Tidak mudah', 'Kurang mudah', 'Mudah', 'Sangat mudah'],
        },
      ],
    },
    {
      code: 'U3',
      name: 'Waktu Penyelesaian',
      items: [
        {
          code: 'U3',
          text: 'Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?',
          labels: ['Tidak cepat', 'Kurang cepat', 'Cepat', 'Sangat cepat'],
        },
      ],
    },
    {
      code: 'U4',
      name: 'Biaya/Tarif',
      items: [
        {
          code: 'U4',
          text: 'Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?',
          labels: ['Sangat mahal', 'Cukup mahal', 'Murah', 'Gratis'],
        },
      ],
    },
    {
      code: 'U5',
      name: 'Produk Spesifikasi Jenis Pelayanan',
      items: [
        {
          code: 'U5',
          text: 'Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum dalam standar pelayanan dengan hasil yang diberikan?',
          labels: ['Tidak sesuai', 'Kurang sesuai', 'Sesuai', 'Sangat sesuai'],
        },
      ],
    },
    {
      code: 'U6',
      name: 'Kompetensi Pelaksana',
      items: [
        {
          code: 'U6',
          text: 'Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?',
          labels: ['Tidak kompeten', 'Kurang kompeten', 'Kompeten', 'Sangat kompeten'],
        },
      ],
    },
    {
      code: 'U7',
      name: 'Perilaku Pelaksana',
      items: [
        {
          code: 'U7',
          text: 'Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait kesopanan dan keramahan?',
          labels: ['Tidak sopan dan ramah', 'Kurang sopan dan ramah', 'Sopan dan ramah', 'Sangat sopan dan ramah'],
        },
      ],
    },
    {
      code: 'U8',
      name: 'Penanganan Pengaduan, Saran dan Masukan',
      items: [
        {
          code: 'U8',
          text: 'Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?',
          labels: ['Tidak ada', 'Ada tetapi tidak berfungsi', 'Berfungsi kurang maksimal', 'Dikelola dengan baik'],
        },
      ],
    },
    {
      code: 'U9',
      name: 'Sarana dan Prasarana',
      items: [
        {
          code: 'U9',
          text: 'Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?',
          labels: ['Buruk', 'Cukup', 'Baik', 'Sangat baik'],
        },
      ],
    },
  ],
  translations: {
    en: {
      name: 'Public Satisfaction Survey (SKM)',
      unsur: {
        U1: 'Requirements',
        U2: 'Systems, Mechanisms and Procedures',
        U3: 'Completion Time',
        U4: 'Cost/Fee',
        U5: 'Service Product Specification',
        U6: 'Staff Competence',
        U7: 'Staff Conduct',
        U8: 'Handling of Complaints, Suggestions and Feedback',
        U9: 'Facilities and Infrastructure',
      },
      items: {
        U1: {
          text: 'How well do the service requirements match the type of service, in your opinion?',
          labels: ['Not appropriate', 'Less appropriate', 'Appropriate', 'Very appropriate'],
        },
        U2: {
          text: 'How easy do you find the service procedure at this unit?',
          labels: ['Not easy', 'Less easy', 'Easy', 'Very easy'],
        },
        U3: {
          text: 'How fast was the service delivered, in your opinion?',
          labels: ['Not fast', 'Less fast', 'Fast', 'Very fast'],
        },
        U4: {
          text: 'How reasonable is the cost/fee of the service, in your opinion?',
          labels: ['Very expensive', 'Quite expensive', 'Cheap', 'Free'],
        },
        U5: {
          text: 'How well does the service product you received match what is stated in the service standard, in your opinion?',
          labels: ['Not appropriate', 'Less appropriate', 'Appropriate', 'Very appropriate'],
        },
        U6: {
          text: 'How competent/capable were the staff in delivering the service, in your opinion?',
          labels: ['Not competent', 'Less competent', 'Competent', 'Very competent'],
        },
        U7: {
          text: 'How courteous and friendly were the staff in delivering the service, in your opinion?',
          labels: ['Not courteous and friendly', 'Less courteous and friendly', 'Courteous and friendly', 'Very courteous and friendly'],
        },
        U8: {
          text: 'How are complaints from service users handled, in your opinion?',
          labels: ['Not available', 'Available but not working', 'Working, but not fully', 'Well managed'],
        },
        U9: {
          text: 'How good are the facilities and infrastructure, in your opinion?',
          labels: ['Poor', 'Fair', 'Good', 'Very good'],
        },
      },
    },
  },
};

export const IPAK_V1: BuiltinInstrumentV1 = {
  id: 'ipak',
  name: 'Indeks Persepsi Anti Korupsi (IPAK/IPK)',
  kind: 'ipak',
  scale: 4,
  unsur: [
    {
      code: 'A1',
      name: 'Diskriminasi pelayanan',
      items: [{ code: 'A1', text: 'Tidak ada diskriminasi pelayanan pada unit layanan ini.', labels: SETUJU }],
    },
    {
      code: 'A2',
      name: 'Kecurangan pelayanan',
      items: [
        {
          code: 'A2',
          text: 'Tidak ada pelayanan di luar prosedur/kecurangan pelayanan pada unit layanan ini.',
          labels: SETUJU,
        },
      ],
    },
    {
      code: 'A3',
      name: 'Imbalan/gratifikasi',
      items: [
        {
          code: 'A3',
          text: 'Tidak ada penerimaan imbalan uang/barang/fasilitas di luar ketentuan yang berlaku pada unit layanan ini.',
          labels: SETUJU,
        },
      ],
    },
    {
      code: 'A4',
      name: 'Pungutan liar',
      items: [{ code: 'A4', text: 'Tidak ada pungutan liar (pungli) pada unit layanan ini.', labels: SETUJU }],
    },
    {
      code: 'A5',
      name: 'Percaloan',
      items: [{ code: 'A5', text: 'Tidak ada percaloan/perantara tidak resmi pada unit layanan ini.', labels: SETUJU }],
    },
  ],
  translations: {
    en: {
      name: 'Anti-Corruption Perception Index (IPAK/IPK)',
      unsur: {
        A1: 'Discrimination in service',
        A2: 'Service fraud',
        A3: 'Rewards/gratuities',
        A4: 'Illegal levies',
        A5: 'Brokering',
      },
      items: {
        A1: { text: 'There is no discrimination in service at this service unit.', labels: AGREE },
        A2: {
          text: 'There is no service outside the procedure and no service fraud at this service unit.',
          labels: AGREE,
        },
        A3: {
          text: 'No money, goods or facilities are accepted as rewards beyond the applicable rules at this service unit.',
          labels: AGREE,
        },
        A4: { text: 'There are no illegal levies (pungli) at this service unit.', labels: AGREE },
        A5: { text: 'There are no brokers or unofficial intermediaries at this service unit.', labels: AGREE },
      },
    },
  },
};

export const IPKP_V1: BuiltinInstrumentV1 = {
  id: 'ipkp',
  name: 'Indeks Persepsi Kualitas Pelayanan (IPKP)',
  kind: 'ipkp',
  scale: 4,
  unsur: [
    {
      code: 'P1',
      name: 'Informasi pelayanan',
      items: [
        {
          code: 'P1',
          text: 'Informasi pelayanan pada unit layanan ini tersedia melalui media elektronik maupun non elektronik.',
          labels: SETUJU,
        },
      ],
    },
    {
      code: 'P2',
      name: 'Persyaratan',
      items: [{ code: 'P2', text: 'Persyaratan pelayanan yang ditetapkan mudah dipenuhi/disiapkan.', labels: SETUJU }],
    },
    {
      code: 'P3',
      name: 'Sistem, mekanisme, dan prosedur',
      items: [{ code: 'P3', text: 'Prosedur/alur pelayanan yang ditetapkan mudah diikuti/dilakukan.', labels: SETUJU }],
    },
    {
      code: 'P4',
      name: 'Waktu penyelesaian',
      items: [
        {
          code: 'P4',
          text: 'Jangka waktu penyelesaian pelayanan yang diterima sesuai dengan yang ditetapkan.',
          labels: SETUJU,
        },
      ],
    },
    {
      code: 'P5',
      name: 'Tarif/biaya',
      items: [
        { code: 'P5', text: 'Biaya pelayanan yang dibayarkan sesuai dengan biaya yang ditetapkan.', labels: SETUJU },
      ],
    },
    {
      code: 'P6',
      name: 'Produk pelayanan',
      items: [{ code: 'P6', text: 'Produk pelayanan yang diterima sesuai dengan yang dijanjikan.', labels: SETUJU }],
    },
    {
      code: 'P7',
      name: 'Sarana dan prasarana',
      items: [
        { code: 'P7', text: 'Sarana dan prasarana pendukung pelayanan memberikan kenyamanan.', labels: SETUJU },
      ],
    },
    {
      code: 'P8',
      name: 'Respon petugas',
      items: [
        {
          code: 'P8a',
          text: 'Petugas pelayanan dan/atau aplikasi pelayanan online merespon dengan baik.',
          labels: SETUJU,
        },
        {
          code: 'P8b',
          text: 'Petugas pelayanan dan/atau aplikasi pelayanan online mampu memberikan informasi yang jelas.',
          labels: SETUJU,
        },
      ],
    },
    {
      code: 'P9',
      name: 'Konsultasi dan pengaduan',
      items: [
        { code: 'P9a', text: 'Keberadaan fasilitas pengaduan pelayanan mudah diketahui.', labels: SETUJU },
        {
          code: 'P9b',
          text: 'Proses penanganan pengaduan mudah diketahui, jelas, dan tidak berbelit-belit.',
          labels: SETUJU,
        },
      ],
    },
  ],
  translations: {
    en: {
      name: 'Service Quality Perception Index (IPKP)',
      unsur: {
        P1: 'Service information',
        P2: 'Requirements',
        P3: 'Systems, mechanisms and procedures',
        P4: 'Completion time',
        P5: 'Fees/costs',
        P6: 'Service products',
        P7: 'Facilities and infrastructure',
        P8: 'Staff responsiveness',
        P9: 'Consultation and complaints',
      },
      items: {
        P1: {
          text: 'Service information at this service unit is available through both electronic and non-electronic media.',
          labels: AGREE,
        },
        P2: { text: 'The service requirements set are easy to meet/prepare.', labels: AGREE },
        P3: { text: 'The service procedure/flow set is easy to follow.', labels: AGREE },
        P4: { text: 'The time taken to complete the service matches the time set.', labels: AGREE },
        P5: { text: 'The fee paid for the service matches the fee set.', labels: AGREE },
        P6: { text: 'The service product received matches what was promised.', labels: AGREE },
        P7: { text: 'The supporting facilities and infrastructure make the service comfortable.', labels: AGREE },
        P8a: { text: 'The service staff and/or online service application respond well.', labels: AGREE },
        P8b: { text: 'The service staff and/or online service application give clear information.', labels: AGREE },
        P9a: { text: 'The complaint facility is easy to find.', labels: AGREE },
        P9b: { text: 'The complaint handling process is easy to find out about, clear and not convoluted.', labels: AGREE },
      },
    },
  },
};

export const BUILTIN_INSTRUMENTS_V1 = [SKM_V1, IPAK_V1, IPKP_V1] as const;
