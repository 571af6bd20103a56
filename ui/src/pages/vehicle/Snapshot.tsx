import { useMemo } from "react";
import { VIN_AT } from "../../api/operations";
import { useQuery } from "../../app/useQuery";
import { Empty, ErrorState, Loading } from "../../components/StatusViews";
import { TimeChart, type ChartMarker, type ChartSeries } from "../../components/TimeChart";
import type { VinAtQuery, VinAtQueryVariables } from "../../generated/graphql";
import { formatDuration, formatUtc } from "../../lib/format";
import type { Timeline } from "../../lib/timeline";
import { ForesightVerdict } from "./ForesightVerdict";

/** Points the server may return for the chart; it downsamples into time buckets above this. */
const MAX_POINTS = 1500;

type SampleWindow = VinAtQuery["vinAt"]["samples"];

function chartData(samples: SampleWindow): { xs: number[]; series: ChartSeries[] } {
  const xs = samples.points.map((point) => point.timestamp);
  const mean: ChartSeries = {
    label: samples.downsampled ? "Mean torque" : "Torque",
    values: samples.points.map((point) => point.torque),
    style: "line",
    color: "#1c7ed6",
  };
  if (!samples.downsampled) {
    return { xs, series: [mean] };
  }
  // TimeChart fills between two band series given as minimum first, then maximum.
  return {
    xs,
    series: [
      mean,
      { label: "Minimum", values: samples.points.map((point) => point.minTorque), style: "band", color: "#74c0fc" },
      { label: "Maximum", values: samples.points.map((point) => point.maxTorque), style: "band", color: "#74c0fc" },
    ],
  };
}

/** Shows the VIN as of one instant: station, work-order state, firmware, the torque around it and Foresight's verdict. */
export function Snapshot({ vin, at, windowMs, timeline }: { vin: string; at: number; windowMs: number; timeline: Timeline }) {
  const variables = useMemo(() => ({ vin, at, windowMs, maxPoints: MAX_POINTS }), [vin, at, windowMs]);
  const snapshot = useQuery<VinAtQuery, VinAtQueryVariables>(VIN_AT, variables, { keepPreviousData: true });
  const data = snapshot.data?.vinAt;
  const chart = useMemo(() => (data ? chartData(data.samples) : null), [data]);
  const markers = useMemo<ChartMarker[]>(() => {
    const from = at - windowMs;
    const to = at + windowMs;
    const inWindow = timeline.entries.filter((entry) => (entry.kind === "alert" || entry.kind === "defect") && entry.at >= from && entry.at <= to);
    return [
      ...inWindow.map((entry): ChartMarker => ({ at: entry.at, kind: entry.kind === "alert" ? "alert" : "defect", label: entry.label })),
      { at, kind: "cursor", label: "Selected instant" },
    ];
  }, [timeline, at, windowMs]);

  if (!data) {
    return snapshot.error ? (
      <ErrorState title="This instant could not be loaded" message={snapshot.error} onRetry={snapshot.reload} />
    ) : (
      <Loading label={`Loading ${vin} at ${formatUtc(at, false)}…`} />
    );
  }
  const stale = data.at !== at;
  return (
    <div className="snapshot" aria-busy={snapshot.loading}>
      {snapshot.error ? (
        <ErrorState title="This instant could not be loaded" message={snapshot.error} onRetry={snapshot.reload} />
      ) : null}
      {stale && snapshot.loading ? <Loading label={`Loading ${formatUtc(at, false)}…`} /> : null}
      <dl className="facts" aria-label={`State of ${vin} at ${formatUtc(data.at)}`}>
        <div>
          <dt>Instant</dt>
          <dd>{formatUtc(data.at)}</dd>
        </div>
        <div>
          <dt>Station</dt>
          <dd>
            {data.station ? (
              <>
                {data.station.stationId}{" "}
                <span className="muted">
                  since {formatUtc(data.station.arrivedAt, false)}
                  {data.station.leftAt !== null ? `, left ${formatUtc(data.station.leftAt, false)}` : ""}
                </span>
              </>
            ) : (
              <span className="muted">not at a station</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Work order</dt>
          <dd>
            {data.workOrder ? (
              <>
                {data.workOrder.workOrderId} <span className={`state state-${data.workOrder.state.toLowerCase()}`}>{data.workOrder.state.replace("_", " ")}</span>{" "}
                <span className="muted">
                  after {data.workOrder.lastEventType.replace(/_/g, " ")} at {formatUtc(data.workOrder.lastEventAt, false)}
                </span>
              </>
            ) : (
              <span className="muted">none yet</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Firmware</dt>
          <dd>
            {data.firmware.length === 0 ? (
              <span className="muted">nothing flashed yet</span>
            ) : (
              <ul className="plain-list">
                {data.firmware.map((ecu) => (
                  <li key={ecu.ecu}>
                    {ecu.ecu} {ecu.version} <span className="muted">flashed {formatUtc(ecu.flashedAt, false)}</span>
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      </dl>
      <h3>Torque, {formatDuration(windowMs)} either side</h3>
      {data.samples.totalSamples === 0 || !chart ? (
        <Empty title="No torque samples in this window">Widen the chart window or pick an instant while the vehicle was at a station.</Empty>
      ) : (
        <>
          <p className="muted chart-note">
            {data.samples.totalSamples} samples
            {data.samples.downsampled && data.samples.bucketMs !== null
              ? `, shown as ${data.samples.points.length} buckets of ${formatDuration(data.samples.bucketMs)} (mean with min–max band)`
              : ""}
            . Dashed lines mark alerts (orange) and defects (red); the solid line is the selected instant. Drag to zoom, double-click
            to reset.
          </p>
          <TimeChart
            xs={chart.xs}
            series={chart.series}
            markers={markers}
            label={`Torque of ${vin} from ${formatUtc(data.samples.from, false)} to ${formatUtc(data.samples.to, false)}: ${data.samples.totalSamples} samples, ${markers.length - 1} alert or defect markers`}
          />
        </>
      )}
      <h3>Foresight from this instant</h3>
      <ForesightVerdict vin={vin} foresight={data.foresight} scope={`after ${formatUtc(data.at, false)}`} />
      <h3>Alerts up to this instant</h3>
      {data.alerts.length === 0 ? (
        <p className="muted">No alert for this VIN at or before this instant.</p>
      ) : (
        <ul className="plain-list">
          {data.alerts.slice(0, 5).map((alert) => (
            <li key={alert.alertId}>
              {formatUtc(alert.timestamp)}: station {alert.stationId}, score {alert.anomalyScore.toFixed(2)},{" "}
              {alert.triggerTorqueNm.toFixed(2)} Nm, model {alert.modelVersion ?? "unknown"}
            </li>
          ))}
          {data.alerts.length > 5 ? <li className="muted">and {data.alerts.length - 5} earlier</li> : null}
        </ul>
      )}
    </div>
  );
}
