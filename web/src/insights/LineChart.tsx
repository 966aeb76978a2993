/**
 * A line chart in plain SVG for one daily series; gaps (null) break the line. With few points each
 * is labelled with its value; day labels never overlap, however many days.
 */
import { dayTicks, LABEL_VALUES_UP_TO } from './axis.js';

interface Props {
  title: string;
  days: string[];
  values: Array<number | null>;
  format: (n: number) => string;
  max?: number;
}

const W = 380;
const H = 180;
const PAD = { l: 40, r: 10, t: 10, b: 24 };

export function LineChart({ title, days, values, format, max }: Props) {
  const top = max ?? Math.max(1, ...values.map((v) => v ?? 0));
  const step = (W - PAD.l - PAD.r) / Math.max(1, days.length - 1);
  const x = (i: number) => PAD.l + i * step;
  const y = (v: number) => H - PAD.b - ((H - PAD.t - PAD.b) * v) / top;
  const paths: string[] = [];
  let current = '';
  values.forEach((v, i) => {
    if (v === null) {
      if (current) paths.push(current);
      current = '';
    } else current += `${current ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
  });
  if (current) paths.push(current);
  const points = values.filter((v) => v !== null).length;
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={title}>
        {[0, top / 2, top].map((t) => (
          <g key={t}>
            <line className="grid" x1={PAD.l} x2={W - PAD.r} y1={y(t)} y2={y(t)} />
            <text className="axis" x={PAD.l - 4} y={y(t) + 4} textAnchor="end">
              {format(t)}
            </text>
          </g>
        ))}
        {paths.map((d) => (
          <path key={d} className="line" d={d} />
        ))}
        {values.map((v, i) =>
          v === null ? null : (
            <g key={days[i]}>
              <circle className="dot" cx={x(i)} cy={y(v)} r={points <= LABEL_VALUES_UP_TO ? 4 : 2.5}>
                <title>{`${days[i]}: ${format(v)}`}</title>
              </circle>
              {points <= LABEL_VALUES_UP_TO ? (
                <text className="value" x={x(i)} y={Math.max(PAD.t + 8, y(v) - 8)} textAnchor="middle">
                  {format(v)}
                </text>
              ) : null}
            </g>
          ),
        )}
        {dayTicks(days.length, W - PAD.l - PAD.r).map((i) => (
          <text
            key={days[i]}
            className="axis"
            x={x(i)}
            y={H - 6}
            textAnchor={i === days.length - 1 && days.length > 1 ? 'end' : 'middle'}
          >
            {days[i]?.slice(5)}
          </text>
        ))}
      </svg>
    </figure>
  );
}
