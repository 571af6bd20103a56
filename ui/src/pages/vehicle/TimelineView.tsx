import type { KeyboardEvent } from "react";
import type { Timeline, TimelineKind } from "../../lib/timeline";
import { formatClock, formatUtc } from "../../lib/format";

const LANES: { kind: TimelineKind; label: string }[] = [
  { kind: "visit", label: "Stations" },
  { kind: "firmware", label: "Firmware" },
  { kind: "operation", label: "Operations" },
  { kind: "defect", label: "Defects" },
  { kind: "alert", label: "Alerts" },
  { kind: "state", label: "Work order" },
];

const WIDTH = 1000;
const LANE_HEIGHT = 26;
const LABEL_WIDTH = 90;

/**
 * Draws the VIN's history as lanes over time. Clicking the drawing picks that instant, and the event list below
 * it does the same from the keyboard.
 */
export function TimelineView({ timeline, at, onPick }: { timeline: Timeline; at: number; onPick: (at: number) => void }) {
  const span = Math.max(1, timeline.end - timeline.start);
  const plotWidth = WIDTH - LABEL_WIDTH - 10;
  const x = (t: number) => LABEL_WIDTH + ((Math.min(Math.max(t, timeline.start), timeline.end) - timeline.start) / span) * plotWidth;
  const height = LANES.length * LANE_HEIGHT + 24;

  const pickFromPointer = (clientX: number, svg: SVGSVGElement) => {
    const box = svg.getBoundingClientRect();
    const scaled = ((clientX - box.left) / box.width) * WIDTH;
    const fraction = (scaled - LABEL_WIDTH) / plotWidth;
    if (fraction < 0 || fraction > 1) return;
    onPick(Math.round((timeline.start + fraction * span) / 1000) * 1000);
  };

  return (
    <div className="timeline">
      <svg
        viewBox={`0 0 ${WIDTH} ${height}`}
        className="timeline-svg"
        role="img"
        aria-label={`Timeline from ${formatUtc(timeline.start, false)} to ${formatUtc(timeline.end, false)} with ${timeline.entries.length} events`}
        onClick={(event) => pickFromPointer(event.clientX, event.currentTarget)}
      >
        {LANES.map((lane, index) => (
          <g key={lane.kind} transform={`translate(0 ${index * LANE_HEIGHT})`}>
            <text x={4} y={LANE_HEIGHT / 2 + 4} className="lane-label">
              {lane.label}
            </text>
            <line x1={LABEL_WIDTH} x2={WIDTH - 10} y1={LANE_HEIGHT / 2} y2={LANE_HEIGHT / 2} className="lane-axis" />
          </g>
        ))}
        {timeline.visits.map((visit) => (
          <g key={`${visit.workOrderId}-${visit.stationId}-${visit.arrivedAt}`}>
            <rect
              x={x(visit.arrivedAt)}
              y={4}
              width={Math.max(2, x(visit.leftAt ?? timeline.end) - x(visit.arrivedAt))}
              height={LANE_HEIGHT - 8}
              className="visit-bar"
            />
            <text x={x(visit.arrivedAt) + 3} y={LANE_HEIGHT / 2 + 4} className="visit-label">
              {visit.stationId}
            </text>
          </g>
        ))}
        {timeline.entries
          .filter((entry) => entry.kind !== "visit")
          .map((entry) => {
            const lane = LANES.findIndex((l) => l.kind === entry.kind);
            return (
              <circle
                key={entry.key}
                cx={x(entry.at)}
                cy={lane * LANE_HEIGHT + LANE_HEIGHT / 2}
                r={5}
                className={`mark mark-${entry.kind}${entry.corrected ? " mark-corrected" : ""}`}
              >
                <title>{`${formatUtc(entry.at)}: ${entry.label}`}</title>
              </circle>
            );
          })}
        <line x1={x(at)} x2={x(at)} y1={0} y2={LANES.length * LANE_HEIGHT} className="timeline-cursor" />
        <text x={LABEL_WIDTH} y={height - 6} className="axis-label">
          {formatUtc(timeline.start, false)}
        </text>
        <text x={WIDTH - 10} y={height - 6} className="axis-label" textAnchor="end">
          {formatUtc(timeline.end, false)}
        </text>
      </svg>
      <EventList timeline={timeline} at={at} onPick={onPick} />
    </div>
  );
}

function EventList({ timeline, at, onPick }: { timeline: Timeline; at: number; onPick: (at: number) => void }) {
  const onKeyDown = (event: KeyboardEvent<HTMLOListElement>) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const buttons = [...event.currentTarget.querySelectorAll<HTMLButtonElement>("button")];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = buttons[index + (event.key === "ArrowDown" ? 1 : -1)];
    if (next) {
      event.preventDefault();
      next.focus();
    }
  };
  return (
    <details className="event-list" open>
      <summary>Events ({timeline.entries.length})</summary>
      <ol onKeyDown={onKeyDown} aria-label="Events of this VIN, oldest first">
        {timeline.entries.map((entry) => (
          <li key={entry.key} className={`event event-${entry.kind}${entry.at === at ? " event-current" : ""}`}>
            <button type="button" onClick={() => onPick(entry.at)} aria-current={entry.at === at ? "time" : undefined}>
              <time dateTime={new Date(entry.at).toISOString()}>{formatClock(entry.at)}</time>
              <span className={`kind kind-${entry.kind}`}>{entry.kind}</span>
              <span>
                {entry.label}
                {entry.corrected ? " (corrected later)" : ""}
              </span>
            </button>
          </li>
        ))}
      </ol>
    </details>
  );
}
