/**
 * The drawing of a trend chart, by hand in SVG (a chart library would blow the bundle
 * budget): axes with ticks, the reference band, one line per series with its own marker
 * shape and dash so colour is never the only difference, and a <title> on every point.
 * Drawn at the container's real width so the text stays readable on a phone.
 */
import { useElementSize } from '@mantine/hooks';
import { formatDate } from '../components/dates';
import { niceTicks, type TrendData } from './trend-series';

export const SERIES_STYLES = [
  { colour: '#0b7285', dash: undefined, marker: 'circle' },
  { colour: '#a61e4d', dash: '6 4', marker: 'square' },
  { colour: '#5f3dc4', dash: '2 3', marker: 'diamond' },
] as const;

const HEIGHT = 240;
const PAD = { left: 52, right: 20, top: 28, bottom: 40 };

/** "Feb 2024": short enough that four labels fit side by side. */
function monthYear(time: number, locale: string): string {
  return new Date(time).toLocaleDateString(locale, {
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
}

function Marker({ kind, x, y, colour }: { kind: string; x: number; y: number; colour: string }) {
  if (kind === 'square') return <rect x={x - 4} y={y - 4} width={8} height={8} fill={colour} />;
  if (kind === 'diamond') {
    return <path d={`M${x} ${y - 5}L${x + 5} ${y}L${x} ${y + 5}L${x - 5} ${y}Z`} fill={colour} />;
  }
  return <circle cx={x} cy={y} r={4.5} fill={colour} />;
}

export function TrendSvg({
  data,
  labels,
  summary,
  locale,
}: {
  data: TrendData;
  labels: string[];
  summary: string;
  locale: string;
}) {
  const { ref, width: measured } = useElementSize<HTMLDivElement>();
  const width = Math.max(280, Math.round(measured) || 600);
  const points = data.series.flatMap((s) => s.points);
  const times = points.map((p) => p.time);
  let t0 = Math.min(...times);
  let t1 = Math.max(...times);
  if (t0 === t1) {
    t0 -= 86_400_000 * 15;
    t1 += 86_400_000 * 15;
  }
  const values = points.map((p) => p.value);
  if (data.range?.low !== undefined) values.push(data.range.low);
  if (data.range?.high !== undefined) values.push(data.range.high);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const margin = (high - low) * 0.05;
  const yTicks = niceTicks(low >= 0 ? Math.max(0, low - margin) : low - margin, high + margin);
  const v0 = yTicks[0] ?? 0;
  const v1 = yTicks[yTicks.length - 1] ?? 1;
  const plotW = width - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (time: number) => PAD.left + ((time - t0) / (t1 - t0)) * plotW;
  const y = (value: number) => PAD.top + (1 - (value - v0) / (v1 - v0 || 1)) * plotH;
  const xCount = width < 420 ? 3 : 4;
  const xTicks = Array.from({ length: xCount }, (_, i) => t0 + ((t1 - t0) * i) / (xCount - 1));
  const band = data.range;
  const bandTop = y(Math.min(band?.high ?? v1, v1));
  const bandBottom = y(Math.max(band?.low ?? v0, v0));

  return (
    <div ref={ref}>
      <svg
        width={width}
        height={HEIGHT}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        role="img"
        aria-label={summary}
        fontSize={12}
        fontFamily="inherit"
      >
        {band && (
          <rect
            x={PAD.left}
            y={bandTop}
            width={plotW}
            height={Math.max(0, bandBottom - bandTop)}
            fill="#d3f9d8"
          />
        )}
        {yTicks.map((tick) => (
          <g key={`y${tick}`}>
            <line x1={PAD.left} x2={width - PAD.right} y1={y(tick)} y2={y(tick)} stroke="#dee2e6" />
            <text x={PAD.left - 6} y={y(tick) + 4} textAnchor="end" fill="#495057">
              {tick}
            </text>
          </g>
        ))}
        {xTicks.map((tick, i) => (
          <text
            key={`x${i}`}
            x={x(tick)}
            y={HEIGHT - PAD.bottom + 18}
            textAnchor={i === 0 ? 'start' : i === xCount - 1 ? 'end' : 'middle'}
            fill="#495057"
          >
            {monthYear(tick, locale)}
          </text>
        ))}
        <line x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={HEIGHT - PAD.bottom} stroke="#495057" />
        <line
          x1={PAD.left}
          x2={width - PAD.right}
          y1={HEIGHT - PAD.bottom}
          y2={HEIGHT - PAD.bottom}
          stroke="#495057"
        />
        <text x={4} y={PAD.top - 12} fill="#495057">
          {data.unit}
        </text>
        {data.series.map((series, index) => {
          const style = SERIES_STYLES[index % SERIES_STYLES.length] ?? SERIES_STYLES[0];
          const path = series.points
            .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.time).toFixed(1)} ${y(p.value).toFixed(1)}`)
            .join('');
          return (
            <g key={series.key}>
              <path
                d={path}
                fill="none"
                stroke={style.colour}
                strokeWidth={2}
                strokeDasharray={style.dash}
              />
              {series.points.map((p, i) => (
                <g key={i}>
                  <title>{`${labels[index] ?? series.label}, ${formatDate(p.date, locale)}: ${p.value} ${series.unit}`}</title>
                  <Marker kind={style.marker} x={x(p.time)} y={y(p.value)} colour={style.colour} />
                </g>
              ))}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
