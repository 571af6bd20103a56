import { useEffect, useRef, useState } from "react";
import type uPlot from "uplot";
import { formatUtc } from "../lib/format";

export interface ChartMarker {
  at: number;
  kind: "alert" | "defect" | "cursor";
  label: string;
}

export interface ChartSeries {
  label: string;
  /** One value per x; null leaves a gap. */
  values: (number | null)[];
  style: "line" | "points" | "band";
  color: string;
}

let canvasSupport: boolean | undefined;

/** True where a 2D canvas exists; jsdom in the component tests has none. */
function canvasAvailable(): boolean {
  if (canvasSupport === undefined) {
    canvasSupport = typeof document !== "undefined" && document.createElement("canvas").getContext("2d") !== null;
  }
  return canvasSupport;
}

const MARKER_COLORS: Record<ChartMarker["kind"], string> = {
  alert: "#d9480f",
  defect: "#c92a2a",
  cursor: "#1c7ed6",
};

type UPlotClass = typeof uPlot;

/** Loads uPlot on first use: it is only needed where a chart is drawn, and it reads matchMedia as it loads. */
let uPlotModule: Promise<UPlotClass> | undefined;
function loadUPlot(): Promise<UPlotClass> {
  uPlotModule ??= Promise.all([import("uplot"), import("uplot/dist/uPlot.min.css")]).then(([module]) => module.default);
  return uPlotModule;
}

function markerPlugin(UPlot: UPlotClass, markers: readonly ChartMarker[]): uPlot.Plugin {
  return {
    hooks: {
      draw: (u: uPlot) => {
        const ctx = u.ctx;
        const { top, height } = u.bbox;
        ctx.save();
        for (const marker of markers) {
          const x = Math.round(u.valToPos(marker.at, "x", true));
          if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
          ctx.strokeStyle = MARKER_COLORS[marker.kind];
          ctx.lineWidth = marker.kind === "cursor" ? 2 * UPlot.pxRatio : 1.5 * UPlot.pxRatio;
          ctx.setLineDash(marker.kind === "cursor" ? [] : [6 * UPlot.pxRatio, 4 * UPlot.pxRatio]);
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
          if (marker.kind !== "cursor") {
            ctx.fillStyle = MARKER_COLORS[marker.kind];
            ctx.beginPath();
            ctx.arc(x, top + 6 * UPlot.pxRatio, 4 * UPlot.pxRatio, 0, 2 * Math.PI);
            ctx.fill();
          }
        }
        ctx.restore();
      },
    },
  };
}

/** Labels a time axis tick in UTC, 24-hour, as precise as the tick spacing needs; dates appear for long ranges. */
function axisTime(value: number, increment: number, splits: number[]): string {
  const iso = new Date(value).toISOString();
  const span = (splits[splits.length - 1] ?? value) - (splits[0] ?? value);
  const time = increment < 1000 ? iso.slice(11, 23) : increment < 60_000 ? iso.slice(11, 19) : iso.slice(11, 16);
  return span >= 86_400_000 || increment >= 86_400_000 ? `${iso.slice(5, 10)} ${time}` : time;
}

interface ChartLayout {
width: number;
height: number;
series: ChartSeries[];
markers: readonly ChartMarker[];
yLabel: string;
}

function chartOptions(UPlot: UPlotClass, { width, height, series, markers, yLabel }: ChartLayout): uPlot.Options {
  const bandIndexes = series.flatMap((s, i) => (s.style === "band" ? [i + 1] : []));
  return {
    width,
    height,
    ms: 1,
    tzDate: (ts) => UPlot.tzDate(new Date(ts), "Etc/UTC"),
    // A single x value has no span, so uPlot gets a minute around it instead.
    scales: { x: { time: true, range: (_u, min, max) => (min === max ? [min - 30_000, max + 30_000] : [min, max]) } },
    legend: { show: true, live: true },
    cursor: { drag: { x: true, y: false } },
    axes: [
      { values: (_u, splits, _axis, _space, increment) => splits.map((v) => axisTime(v, increment, splits)), size: 44 },
      { label: yLabel, size: 56 },
    ],
    series: [
      { label: "Time (UTC)", value: (_u, v) => (v === null ? "--" : formatUtc(v)) },
      ...series.map((s): uPlot.Series => {
        if (s.style === "points") {
          return { label: s.label, stroke: s.color, width: 0, paths: () => null, points: { show: true, size: 4, fill: s.color } };
        }
        if (s.style === "band") {
          return { label: s.label, stroke: s.color, width: 1, dash: [2, 3] };
        }
        return { label: s.label, stroke: s.color, width: 1.5, points: { show: false } };
      }),
    ],
    bands:
      bandIndexes.length === 2 ? [{ series: [bandIndexes[1]!, bandIndexes[0]!], fill: "rgba(28,126,214,0.12)" }] : [],
    plugins: [markerPlugin(UPlot, markers)],
  };
}

/**
 * Draws a time chart with uPlot, which renders to canvas and stays smooth with tens of thousands of points. x is epoch
 * milliseconds, shown in UTC. Markers are vertical lines (alerts, defects, the selected instant).
 */
export function TimeChart({ xs, series, markers = [], height = 280, label, yLabel = "Torque (Nm)" }: {
  xs: number[];
  series: ChartSeries[];
  markers?: readonly ChartMarker[];
  height?: number;
  /** Text alternative of the chart for screen readers. */
  label: string;
  yLabel?: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const supported = canvasAvailable();

  useEffect(() => {
    const element = container.current;
    if (!element || typeof ResizeObserver === "undefined") return undefined;
    const observer = new ResizeObserver((entries) => {
      const measured = Math.floor(entries[0]?.contentRect.width ?? 0);
      if (measured > 0) setWidth(measured);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const element = container.current;
    if (!element || !supported) return undefined;
    let plot: uPlot | undefined;
    let cancelled = false;
    void loadUPlot().then((UPlot) => {
      if (cancelled) return;
      plot = new UPlot(chartOptions(UPlot, { width, height, series, markers, yLabel }), [xs, ...series.map((s) => s.values)], element);
    });
    return () => {
      cancelled = true;
      plot?.destroy();
    };
  }, [xs, series, markers, width, height, yLabel, supported]);

  return (
    <div className="chart">
      <div ref={container} className="chart-canvas" role="img" aria-label={label} />
      {!supported ? <p className="chart-fallback">This browser cannot draw charts (no canvas).</p> : null}
    </div>
  );
}
