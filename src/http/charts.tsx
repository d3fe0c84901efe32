// Server-side SVG charts: no script, no chart library. Each has a <title> and <desc> and stands
// next to a table with the same numbers, which is what screen readers and printouts use. Shared by
// the workspace dashboard and the public results pages (styles: web/admin.css, web/public.css).
import type { Lang } from '../i18n/index.ts';
import { formatNumber, KONVERSI_DECIMALS } from '../i18n/format.ts';

/** The mutu limits on the konversi scale (DOMAIN.md §2.3), drawn as dashed lines. */
const MUTU_LIMITS: [string, number][] = [
  ['C', 65],
  ['B', 76.61],
  ['A', 88.31],
];

interface ChartText {
  id: string;
  title: string;
  desc: string;
  lang: Lang;
}

/** Horizontal bars of konversi (0–100), one per unsur. */
export function BarChart({ id, title, desc, lang, bars }: ChartText & { bars: { label: string; value: number | null }[] }) {
  const left = 56;
  const width = 640;
  const plot = width - left - 56;
  const top = 22;
  const row = 26;
  const height = top + bars.length * row + 24;
  const x = (konversi: number) => left + (plot * konversi) / 100;
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`}>
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      {[0, 25, 50, 75, 100].map((tick) => (
        <g>
          <line class="grid" x1={x(tick)} x2={x(tick)} y1={top} y2={height - 20} />
          <text x={x(tick)} y={height - 6} text-anchor="middle">
            {tick}
          </text>
        </g>
      ))}
      {MUTU_LIMITS.map(([mutu, limit]) => (
        <g>
          <line class="limit" x1={x(limit)} x2={x(limit)} y1={top - 4} y2={height - 20} />
          <text x={x(limit)} y={top - 8} text-anchor="middle">
            {mutu}
          </text>
        </g>
      ))}
      {bars.map((bar, i) => (
        <g>
          <text x={left - 8} y={top + i * row + row / 2 + 4} text-anchor="end">
            {bar.label}
          </text>
          {bar.value !== null && <rect class="bar" x={left} y={top + i * row + 4} width={Math.max(0, x(bar.value) - left)} height={row - 8} />}
          <text x={bar.value === null ? left + 4 : x(bar.value) + 4} y={top + i * row + row / 2 + 4}>
            {formatNumber(bar.value, KONVERSI_DECIMALS, lang)}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** Lines of konversi (25–100) over periods, one series per instrument; a gap where a period has none. */
export function LineChart({ id, title, desc, lang, labels, series }: ChartText & { labels: string[]; series: { name: string; values: (number | null)[] }[] }) {
  const width = 640;
  // the legend: three names to a line under the plot
  const legendLines = Math.max(1, Math.ceil(series.length / 3));
  const height = 242 + 18 * legendLines;
  const left = 44;
  const right = 36;
  const top = 16;
  const bottom = 204;
  const step = labels.length > 1 ? (width - left - right) / (labels.length - 1) : 0;
  const x = (i: number) => left + i * step;
  const y = (konversi: number) => bottom - ((bottom - top) * (konversi - 25)) / 75;
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`}>
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{desc}</desc>
      {[25, 50, 75, 100].map((tick) => (
        <g>
          <line class="grid" x1={left} x2={width - right} y1={y(tick)} y2={y(tick)} />
          <text x={left - 6} y={y(tick) + 4} text-anchor="end">
            {tick}
          </text>
        </g>
      ))}
      {labels.map((label, i) => (
        <text x={x(i)} y={bottom + 18} text-anchor="middle">
          {label}
        </text>
      ))}
      {series.map((s, k) => (
        <g class={`series series-${k % 3}`}>
          {segments(s.values).map((segment) => (
            <polyline points={segment.map((i) => `${x(i)},${y(s.values[i]!)}`).join(' ')} />
          ))}
          {s.values.map((v, i) =>
            v === null ? null : (
              <circle cx={x(i)} cy={y(v)} r="4">
                <title>{`${s.name} ${labels[i]}: ${formatNumber(v, KONVERSI_DECIMALS, lang)}`}</title>
              </circle>
            ),
          )}
          <rect x={left + (k % 3) * 200} y={bottom + 30 + 18 * Math.floor(k / 3)} width="12" height="12" />
          <text x={left + (k % 3) * 200 + 18} y={bottom + 40 + 18 * Math.floor(k / 3)}>
            {s.name}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** Runs of consecutive periods that have a value (the indexes), so a missing period breaks the line. */
function segments(values: (number | null)[]): number[][] {
  const runs: number[][] = [];
  let run: number[] = [];
  values.forEach((v, i) => {
    if (v === null) {
      if (run.length > 0) runs.push(run);
      run = [];
    } else run.push(i);
  });
  if (run.length > 0) runs.push(run);
  return runs;
}
