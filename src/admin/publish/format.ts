// How the publication workspace words a change and a moment: "IKM konversi 100,00 → 91,00" and
// "14 Juli 2026 10.30 WIB", the same on the publish page and the dashboard.
import { TIME_ZONES, type TimeZone } from '../../config.ts';
import { dashboardMessages } from '../../i18n/admin-dashboard.ts';
import type { PublishMessages } from '../../i18n/admin-publish.ts';
import { dayName, formatCount, formatNumber, INDEX_DECIMALS, KONVERSI_DECIMALS } from '../../i18n/format.ts';
import { fill, type Lang } from '../../i18n/index.ts';
import { UTC_OFFSET_MS } from '../../results/period.ts';
import type { Change } from '../../results/publication.ts';

/** The names the users know the indices by, in both languages. */
export const KIND_LABEL = { ikm: 'IKM', ipak: 'IPAK', ipkp: 'IPKP' } as const;

function valueText(field: Change['field'], value: Change['from'], lang: Lang): string {
  if (value === null) return '–';
  if (typeof value === 'string') return value;
  if (field === 'respondents') return formatCount(value, lang);
  return formatNumber(value, field === 'index' || field === 'nrr' ? INDEX_DECIMALS : KONVERSI_DECIMALS, lang);
}

/** One change in plain words. */
export function changeText(change: Change, pm: PublishMessages, lang: Lang): string {
  const instrument = KIND_LABEL[change.kind];
  if (change.field === 'added') return fill(pm.added, { instrument, to: valueText('konversi', change.to, lang) });
  if (change.field === 'removed') return fill(pm.removed, { instrument, from: valueText('konversi', change.from, lang) });
  const field = {
    respondents: pm.fieldRespondents,
    index: pm.fieldIndex,
    konversi: pm.fieldKonversi,
    mutu: pm.fieldMutu,
    nrr: fill(pm.fieldNrr, { unsur: change.unsur ?? '' }),
  }[change.field];
  return fill(pm.change, { what: `${instrument} ${field}`, from: valueText(change.field, change.from, lang), to: valueText(change.field, change.to, lang) });
}

/** '14 Juli 2026 10.30 WIB' / '14 July 2026 10:30 WIB', in the instansi's zone. */
export function momentText(instant: Date, zone: TimeZone, lang: Lang): string {
  const local = new Date(instant.getTime() + UTC_OFFSET_MS[zone]).toISOString();
  const time = lang === 'id' ? local.slice(11, 16).replace(':', '.') : local.slice(11, 16);
  return `${dayName(local.slice(0, 10), dashboardMessages(lang))} ${time} ${TIME_ZONES[zone]}`;
}
