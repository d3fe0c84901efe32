// How the publication workspace words a moment: "14 Juli 2026 10.30 WIB", the same on the publish
// page and the dashboard. Changes are worded as the public pages word them (i18n/changes.ts).
import { TIME_ZONES, type TimeZone } from '../../config.ts';
import { dashboardMessages } from '../../i18n/admin-dashboard.ts';
import type { PublishMessages } from '../../i18n/admin-publish.ts';
import { dayName, formatCount, formatNumber, INDEX_DECIMALS, KONVERSI_DECIMALS } from '../../i18n/format.ts';
import { fill, type Lang } from '../../i18n/index.ts';
import { UTC_OFFSET_MS } from '../../results/period.ts';
import type { Change } from '../../results/publication.ts';

/** '14 Juli 2026 10.30 WIB' / '14 July 2026 10:30 WIB', in the instansi's zone. */
export function momentText(instant: Date, zone: TimeZone, lang: Lang): string {
  const local = new Date(instant.getTime() + UTC_OFFSET_MS[zone]).toISOString();
  const time = lang === 'id' ? local.slice(11, 16).replace(':', '.') : local.slice(11, 16);
  return `${dayName(local.slice(0, 10), dashboardMessages(lang))} ${time} ${TIME_ZONES[zone]}`;
}
