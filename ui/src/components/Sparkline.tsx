export interface SparkPoint {
  t: number;
  v: number;
}

/** Draws recent values as a small SVG line, cheap enough to redraw every second for every station. */
export function Sparkline({ points, label, width = 220, height = 48 }: {
  points: readonly SparkPoint[];
  label: string;
  width?: number;
  height?: number;
}) {
  if (points.length < 2) {
    return (
      <svg className="sparkline" width={width} height={height} role="img" aria-label={`${label}: waiting for samples`}>
        <line x1={0} x2={width} y1={height / 2} y2={height / 2} className="sparkline-idle" />
      </svg>
    );
  }
  const times = points.map((p) => p.t);
  const values = points.map((p) => p.v);
  const t0 = Math.min(...times);
  const t1 = Math.max(...times);
  let v0 = Math.min(...values);
  let v1 = Math.max(...values);
  if (v1 - v0 < 1e-9) {
    v0 -= 1;
    v1 += 1;
  }
  const pad = 3;
  const x = (t: number) => (t1 === t0 ? width : pad + ((t - t0) / (t1 - t0)) * (width - 2 * pad));
  const y = (v: number) => height - pad - ((v - v0) / (v1 - v0)) * (height - 2 * pad);
  const path = points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(" ");
  const last = points[points.length - 1]!;
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      role="img"
      aria-label={`${label}: ${points.length} samples from ${v0.toFixed(1)} to ${v1.toFixed(1)} Nm, latest ${last.v.toFixed(1)} Nm`}
    >
      <polyline points={path} className="sparkline-line" fill="none" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
