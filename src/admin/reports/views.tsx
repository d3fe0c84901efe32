// The reports pages' parts: the unit-and-period picker (a plain GET form, no script) and the list
// of downloads, each a link with one line saying what is in it.
import type { DashboardMessages } from '../../i18n/admin-dashboard.ts';
import type { ReportsMessages } from '../../i18n/admin-reports.ts';
import { periodName } from '../../i18n/format.ts';
import { fill, type Lang } from '../../i18n/index.ts';
import type { Period } from '../../results/period.ts';
import { pickablePeriods } from '../dashboard/period.ts';

export interface Words {
  rm: ReportsMessages;
  dm: DashboardMessages;
  lang: Lang;
}

export const periodLabel = (w: Words, period: Period) => `${periodName(period, w.dm, w.lang)} (${period.code})`;

export interface ScopeOption {
  key: string;
  name: string;
}

/** GET /admin/reports?unit=…&period=… answers with the scope's page. */
export function Picker({ w, heading, scopes, today, chosen, selectedKey }: { w: Words; heading: string; scopes: ScopeOption[]; today: string; chosen: Period; selectedKey?: string }) {
  const periods = pickablePeriods(today);
  if (!periods.some((p) => p.code === chosen.code)) periods.unshift(chosen);
  return (
    <section class="card" aria-labelledby="pick-h">
      <h2 id="pick-h">{heading}</h2>
      <form method="get" action="/admin/reports" class="filters">
        <div>
          <label for="unit">{w.rm.unitLabel}</label>
          <select id="unit" name="unit">
            {scopes.map((s) => (
              <option value={s.key} selected={s.key === selectedKey}>
                {s.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="period">{w.dm.periodLabel}</label>
          <select id="period" name="period">
            {periods.map((p) => (
              <option value={p.code} selected={p.code === chosen.code}>
                {periodLabel(w, p)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{w.rm.showDownloads}</button>
      </form>
    </section>
  );
}

export interface DownloadItem {
  href: string;
  label: string;
  hint: string;
}

export function DownloadList({ items }: { items: DownloadItem[] }) {
  return (
    <ul class="links downloads">
      {items.map((item) => (
        <li>
          <a href={item.href}>{item.label}</a>
          <p class="hint">{item.hint}</p>
        </li>
      ))}
    </ul>
  );
}

const base = (key: string) => `/admin/reports/${encodeURIComponent(key)}`;

/** The downloads of a unit for a period; the ZI evidence is per year (the period's). */
export function unitDownloads(w: Words, unitSlug: string, period: Period): DownloadItem[] {
  const at = base(unitSlug);
  const q = `?period=${period.code}`;
  const year = period.code.slice(0, 4);
  const { rm } = w;
  return [
    { href: `${at}/laporan.pdf${q}`, label: rm.laporan, hint: rm.laporanHint },
    { href: `${at}/tabulasi.xlsx${q}`, label: rm.tabulasi, hint: rm.tabulasiHint },
    { href: `${at}/jawaban.csv${q}`, label: rm.jawaban, hint: rm.jawabanHint },
    { href: `${at}/scorecard.csv${q}`, label: rm.scorecard, hint: rm.scorecardHint },
    { href: `${at}/data.json${q}`, label: rm.data, hint: rm.dataHint },
    { href: `${at}/zi-bukti.pdf?year=${year}`, label: fill(rm.zi, { year }), hint: fill(rm.ziHint, { year }) },
    { href: `${at}/import`, label: rm.importLink, hint: rm.importHint },
  ];
}

/** The downloads of the instansi as a whole for a period. */
export function instansiDownloads(w: Words, key: string, period: Period): DownloadItem[] {
  const at = base(key);
  const q = `?period=${period.code}`;
  const { rm } = w;
  return [
    { href: `${at}/rekap.pdf${q}`, label: rm.rekapPdf, hint: rm.rekapPdfHint },
    { href: `${at}/rekap.xlsx${q}`, label: rm.rekapXlsx, hint: rm.rekapXlsxHint },
    { href: `${at}/export.json${q}`, label: rm.exportJson, hint: rm.exportJsonHint },
    { href: `${at}/export.zip${q}`, label: rm.exportZip, hint: rm.exportZipHint },
  ];
}
