// The optional respondent profile of PermenPANRB 14/2017 (DOMAIN.md §2.1): stored by code,
// shown in the citizen's language. Nothing that identifies a person is asked.
import type { Lang } from '../i18n/index.ts';

type Options = readonly (readonly [code: string, id: string, en: string])[];

export const EDUCATION: Options = [
  ['tidak_sekolah', 'Tidak sekolah', 'No schooling'],
  ['sd', 'SD', 'Primary school'],
  ['smp', 'SMP', 'Junior high school'],
  ['sma', 'SMA/SMK', 'Senior high school'],
  ['d1_d3', 'D1–D3', 'Diploma (D1–D3)'],
  ['d4_s1', 'D4/S1', 'Bachelor (D4/S1)'],
  ['s2', 'S2', 'Master (S2)'],
  ['s3', 'S3', 'Doctorate (S3)'],
];

export const OCCUPATION: Options = [
  ['pns', 'PNS/ASN', 'Civil servant'],
  ['tni', 'TNI', 'Armed forces'],
  ['polri', 'POLRI', 'Police'],
  ['swasta', 'Pegawai swasta', 'Private employee'],
  ['wirausaha', 'Wirausaha', 'Self-employed'],
  ['pelajar', 'Pelajar/Mahasiswa', 'Student'],
  ['irt', 'Ibu rumah tangga', 'Homemaker'],
  ['petani', 'Petani/Nelayan', 'Farmer/Fisher'],
  ['pensiunan', 'Pensiunan', 'Retired'],
  ['lainnya', 'Lainnya', 'Other'],
];

export const DISABILITY: Options = [
  ['none', 'Tidak ada', 'None'],
  ['fisik', 'Fisik', 'Physical'],
  ['intelektual', 'Intelektual', 'Intellectual'],
  ['mental', 'Mental', 'Mental'],
  ['sensorik', 'Sensorik', 'Sensory'],
];

export const codes = (options: Options) => options.map(([code]) => code) as [string, ...string[]];

export function optionLabel(option: Options[number], lang: Lang): string {
  return lang === 'en' ? option[2] : option[1];
}
