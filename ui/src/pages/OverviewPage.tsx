import { useRef } from "react";
import type { AlertView } from "../api/alerts";
import { LINE_OVERVIEW } from "../api/operations";
import { useAlertFeed } from "../app/alertFeed";
import { vehicleHref } from "../app/router";
import { useQuery } from "../app/useQuery";
import { Sparkline, type SparkPoint } from "../components/Sparkline";
import { Empty, ErrorState, Loading } from "../components/StatusViews";
import type { LineOverviewQuery, LineOverviewQueryVariables } from "../generated/graphql";
import { formatClock, formatScore, formatTorque } from "../lib/format";

/** Interval at which the overview polls every station's newest sample. */
export const OVERVIEW_POLL_MS = 1000;
/** Samples each sparkline keeps: one minute at the poll rate. */
const SPARK_POINTS = 60;

type StationRow = LineOverviewQuery["stations"][number];

/** Appends each station's newest sample to its history once (by sequence number) and trims the history. */
function recordSamples(history: Map<string, SparkPoint[]>, stations: readonly StationRow[]): void {
  for (const station of stations) {
    const sample = station.lastSample;
    if (!sample) continue;
    const points = history.get(station.id) ?? [];
    const last = points[points.length - 1];
    if (!last || sample.timestamp > last.t) {
      points.push({ t: sample.timestamp, v: sample.torque });
      if (points.length > SPARK_POINTS) points.splice(0, points.length - SPARK_POINTS);
      history.set(station.id, points);
    }
  }
}

export function OverviewPage() {
  const overview = useQuery<LineOverviewQuery, LineOverviewQueryVariables>(LINE_OVERVIEW, {}, {
    pollMs: OVERVIEW_POLL_MS,
  });
  const feed = useAlertFeed();
  const history = useRef(new Map<string, SparkPoint[]>());
  if (overview.data) {
    recordSamples(history.current, overview.data.stations);
  }

  return (
    <section aria-labelledby="overview-title">
      <div className="page-header">
        <h1 id="overview-title">Line overview</h1>
        <p className="page-note">Updates every second. Select a station or VIN to replay that vehicle.</p>
      </div>
      {overview.loading && !overview.data ? (
        <Loading label="Loading stations…" />
      ) : overview.error && !overview.data ? (
        <ErrorState title="Stations could not be loaded" message={overview.error} onRetry={overview.reload} />
      ) : overview.data && overview.data.stations.length === 0 ? (
        <Empty title="No stations yet">
          A station appears once the MES reports a vehicle arriving at it or telemetry from it has been stored.
        </Empty>
      ) : overview.data ? (
        <>
          {overview.error ? (
            <p className="status status-error inline" role="alert">
              Live update failed, showing the last data: {overview.error}
            </p>
          ) : null}
          <ul className="tiles" aria-label="Stations">
            {overview.data.stations.map((station) => (
              <StationTile
                key={station.id}
                station={station}
                history={history.current.get(station.id) ?? []}
                lastAlert={feed.alerts.find((alert) => alert.stationId === station.id) ?? null}
              />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function StationTile({ station, history, lastAlert }: {
  station: StationRow;
  history: readonly SparkPoint[];
  lastAlert: AlertView | null;
}) {
  const title = `Station ${station.id}`;
  const state = station.workOrder?.state ?? null;
  // The tile is marked only when the alert concerns the vehicle at the station now.
  const alertsCurrentVehicle = lastAlert !== null && station.vin !== null && lastAlert.vin === station.vin;
  return (
    <li className={`tile${alertsCurrentVehicle ? " tile-alerted" : ""}`} data-station={station.id}>
      <h2 className="tile-title">
        {station.vin ? (
          <a href={vehicleHref(station.vin)} aria-label={`${title}: replay vehicle ${station.vin}`}>
            {title}
          </a>
        ) : (
          title
        )}
      </h2>
      <dl className="tile-facts">
        <dt>VIN</dt>
        <dd>{station.vin ? <a href={vehicleHref(station.vin)}>{station.vin}</a> : <span className="muted">empty</span>}</dd>
        <dt>Work order</dt>
        <dd>
          {station.workOrderId ?? <span className="muted">none</span>}
          {state ? <span className={`state state-${state.toLowerCase()}`}>{state.replace("_", " ")}</span> : null}
        </dd>
        <dt>Firmware</dt>
        <dd>{station.firmware ?? <span className="muted">not flashed</span>}</dd>
        <dt>Torque</dt>
        <dd>
          {station.lastSample ? formatTorque(station.lastSample.torque) : <span className="muted">no samples</span>}
        </dd>
      </dl>
      <Sparkline points={history} label={`${title} torque over the last minute`} />
      <div className="tile-alert">
        {lastAlert ? (
          <>
            <span className="alert-chip">Alert</span> {formatClock(lastAlert.timestamp)}, score{" "}
            {formatScore(lastAlert.anomalyScore)}, {formatTorque(lastAlert.triggerTorqueNm)}
            {lastAlert.vin ? (
              <>
                {" "}
                on <a href={vehicleHref(lastAlert.vin, lastAlert.timestamp)}>{lastAlert.vin}</a>
              </>
            ) : null}
          </>
        ) : (
          <span className="muted">No recent alert</span>
        )}
      </div>
    </li>
  );
}
