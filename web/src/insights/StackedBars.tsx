/**
 * A stacked bar chart in plain SVG: one bar per day, one colour per series, with a legend. With few
 * bars each is labelled with its total; day labels never overlap, however many days.
 */
import { dayTicks, LABEL_VALUES_UP_TO } from './axis.js';

export interface Series {
  key: string;
  label: string;
  className: string;
}

interface Props {
  title: string;
  days: string[];
  series: Series[];
  values: Array<Record<string, number>>;
}

const W = 380;
const H = 180;
const PAD = { l: 34, r: 8, t: 10, b: 24 };

export function StackedBars({ title, days, series, values }: Props) {
  const totals = values.map((v) => series.reduce((s, x) => s + (v[x.key] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const step = (W - PAD.l - PAD.r) / Math.max(1, days.length);
  const bar = Math.max(2, step * 0.7);
  const y = (n: number) => ((H - PAD.t - PAD.b) * n) / max;
  const ticks = [...new Set([0, Math.round(max / 2), max])];
  const withData = totals.filter((t) => t > 0).length;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
        {ticks.map((t) => (
          <g key={t}>
            <line className="grid" x1={PAD.l} x2={W - PAD.r} y1={H - PAD.b - y(t)} y2={H - PAD.b - y(t)} />
            <text className="axis" x={PAD.l - 4} y={H - PAD.b - y(t) + 4} textAnchor="end">
              {t}
            </text>
          </g>
        ))}
        {values.map((v, i) => {
          let base = H - PAD.b;
          const x = PAD.l + i * step + (step - bar) / 2;
          return (
            <g key={days[i]}>
              <title>{`${days[i]}: ${series.map((s) => `${s.label} ${v[s.key] ?? 0}`).join(', ')}`}</title>
              {series.map((s) => {
                const h = y(v[s.key] ?? 0);
                base -= h;
                return h > 0 ? (
                  <rect key={s.key} className={s.className} x={x} y={base} width={bar} height={h} />
                ) : null;
              })}
              {withData <= LABEL_VALUES_UP_TO && (totals[i] ?? 0) > 0 ? (
                <text className="value" x={x + bar / 2} y={Math.max(PAD.t + 8, base - 4)} textAnchor="middle">
                  {totals[i]}
                </text>
              ) : null}
            </g>
          );
        })}
        {dayTicks(days.length, W - PAD.l - PAD.r - step).map((i) => (
          <text
            key={days[i]}
            className="axis"
            x={i === days.length - 1 && days.length > 1 ? W - PAD.r : PAD.l + i * step + step / 2}
            y={H - 6}
            textAnchor={i === days.length - 1 && days.length > 1 ? 'end' : 'middle'}
          >
            {days[i]?.slice(5)}
          </text>
        ))}
      </svg>
      <ul className="legend">
        {series.map((s) => (
          <li key={s.key}>
            <span className={`swatch ${s.className}`} aria-hidden="true" /> {s.label}{' '}
            <span className="muted">{values.reduce((n, v) => n + (v[s.key] ?? 0), 0)}</span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
