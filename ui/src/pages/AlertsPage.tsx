import { useMemo, useState } from "react";
import { useAlertFeed } from "../app/alertFeed";
import { vehicleHref } from "../app/router";
import { ConnectionBadge } from "../components/ConnectionBadge";
import { Empty, ErrorState, Loading } from "../components/StatusViews";
import { formatScore, formatTorque, formatUtc } from "../lib/format";

export function AlertsPage() {
  const feed = useAlertFeed();
  const [station, setStation] = useState("");
  const stations = useMemo(
    () => [...new Set(feed.alerts.map((alert) => alert.stationId))].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })),
    [feed.alerts],
  );
  const visibleAlerts = station === "" ? feed.alerts : feed.alerts.filter((alert) => alert.stationId === station);

  return (
    <section aria-labelledby="alerts-title">
      <div className="page-header">
        <h1 id="alerts-title">Live alerts</h1>
        <ConnectionBadge state={feed.state} detail={feed.detail} />
      </div>
      <div className="toolbar">
        <label htmlFor="alert-station">Station</label>
        <select id="alert-station" value={station} onChange={(event) => setStation(event.target.value)}>
          <option value="">All stations</option>
          {stations.map((id) => (
            <option key={id} value={id}>
              Station {id}
            </option>
          ))}
        </select>
        <span className="muted" aria-live="polite">
          {visibleAlerts.length} alert{visibleAlerts.length === 1 ? "" : "s"}, newest first
        </span>
      </div>
      {feed.loadError ? (
        <ErrorState
          title="Recent alerts could not be loaded"
          message={`${feed.loadError}. New alerts still arrive while the stream is connected.`}
        />
      ) : null}
      {feed.loading ? (
        <Loading label="Loading recent alerts…" />
      ) : visibleAlerts.length === 0 ? (
        <Empty title="No alerts">
          {station === "" ? "Foresight has raised no alert recently." : `No recent alert for station ${station}.`} New
          alerts appear here as they are raised.
        </Empty>
      ) : (
        <div className="table-scroll">
          <table className="data-table" aria-label="Alerts, newest first">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Station</th>
                <th scope="col">VIN</th>
                <th scope="col" className="number">Score</th>
                <th scope="col" className="number">Trigger torque</th>
                <th scope="col">Model</th>
              </tr>
            </thead>
            <tbody>
              {visibleAlerts.map((alert) => (
                <tr key={alert.alertId} data-alert-id={alert.alertId}>
                  <td>{formatUtc(alert.timestamp)}</td>
                  <td>{alert.stationId}</td>
                  <td>
                    {alert.vin ? <a href={vehicleHref(alert.vin, alert.timestamp)}>{alert.vin}</a> : <span className="muted">unknown</span>}
                  </td>
                  <td className="number">{formatScore(alert.anomalyScore)}</td>
                  <td className="number">{formatTorque(alert.triggerTorqueNm)}</td>
                  <td>
                    {alert.modelName ?? ""} {alert.modelVersion ?? <span className="muted">unknown</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
