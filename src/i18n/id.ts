// Bahasa Indonesia: the default language and the source of every message key.
export const id = {
  appName: 'Survei Layanan Publik',
  switchLanguage: 'English',
  tagline: 'Indeks Kepuasan Masyarakat, Indeks Persepsi Anti Korupsi dan Indeks Persepsi Kualitas Pelayanan — dihitung tepat, diterbitkan terbuka.',
  forCitizens: 'Untuk masyarakat',
  forCitizensText:
    'Baru selesai dilayani? Pindai kode QR di loket dan isi survei dalam satu menit. Survei ini anonim: tidak ada nama, NIK atau nomor telepon yang ditanyakan.',
  forTeams: 'Untuk Tim Survei',
  forTeamsText:
    'Pantau IKM, IPAK dan IPKP per unit, loket, layanan dan periode terhadap ambang Zona Integritas (WBK/WBBM), tindak lanjuti unsur terlemah, dan unduh laporan triwulanan untuk KemenPAN-RB.',
  signIn: 'Masuk ke ruang kerja',
  publishedResults: 'Hasil yang diterbitkan',
  publishedResultsEmpty: 'Belum ada hasil survei yang diterbitkan.',
  howScored: 'Cara menghitung',
  howScoredText:
    'IKM = rata-rata NRR unsur dengan bobot 1/k yang tepat (PermenPANRB 14/2017); konversi = IKM × 25; mutu A–D ditentukan dari konversi yang dibulatkan dua desimal. IPAK dan IPKP dihitung dengan cara yang sama dan dibandingkan dengan ambang WBK/WBBM (PermenPANRB 90/2021).',
  errorTitle: 'Terjadi kesalahan',
  notFoundTitle: 'Halaman tidak ditemukan',
  notFoundText: 'Alamat yang Anda buka tidak ada atau sudah tidak aktif.',
  serverErrorText: 'Maaf, terjadi kesalahan di server. Silakan coba lagi sebentar lagi.',
  unavailableText: 'Layanan sedang tidak tersedia sementara. Silakan coba lagi sebentar lagi.',
  backHome: 'Kembali ke beranda',
  requestId: 'Kode permintaan',
} as const;

export type Messages = { readonly [K in keyof typeof id]: string };
