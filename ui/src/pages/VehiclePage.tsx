import { useCallback, useEffect, useState, type FormEvent } from "react";
import { navigate, vehicleHref } from "../app/router";
import { Empty, ErrorState, Loading } from "../components/StatusViews";
import { formatUtc } from "../lib/format";
import type { Timeline } from "../lib/timeline";
import { ForesightVerdict } from "./vehicle/ForesightVerdict";
import { InstantPicker } from "./vehicle/InstantPicker";
import { Snapshot } from "./vehicle/Snapshot";
import { TimelineView } from "./vehicle/TimelineView";
import { useVehicleHistory } from "./vehicle/useVehicleHistory";

const VIN_PATTERN = /^[A-Z0-9]{1,17}$/;
/** The api's vinAt returns at most this many alerts, newest first. */
const VIN_AT_ALERT_LIMIT = 200;

export function VehiclePage({ params }: { params: URLSearchParams }) {
  const vin = (params.get("vin") ?? "").trim().toUpperCase();
  const atText = params.get("at");
  const at = atText !== null && /^\d+$/.test(atText) ? Number(atText) : null;
  return (
    <section aria-labelledby="vehicle-title">
      <div className="page-header">
        <h1 id="vehicle-title">Vehicle time travel</h1>
      </div>
      <VinSearch key={vin} initial={vin} />
      {vin === "" ? (
        <Empty title="Search a VIN">
          Enter a VIN to see the stations it visited, its firmware flashes, operations, defects and alerts, and to
          replay any second of its build.
        </Empty>
      ) : !VIN_PATTERN.test(vin) ? (
        <ErrorState title="Invalid VIN" message={`"${vin}" is not a VIN: use 1 to 17 letters and digits.`} />
      ) : (
        <VehicleHistoryView vin={vin} at={at} />
      )}
    </section>
  );
}

function VinSearch({ initial }: { initial: string }) {
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const vin = text.trim().toUpperCase();
    if (!VIN_PATTERN.test(vin)) {
      setError("A VIN has 1 to 17 letters and digits.");
      return;
    }
    setError(null);
    navigate(vehicleHref(vin));
  };
  return (
    <form className="toolbar" role="search" onSubmit={submit} noValidate>
      <label htmlFor="vin-search">VIN</label>
      <input
        id="vin-search"
        type="search"
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder="1HGBH41JXMN100005"
        spellCheck={false}
        autoCapitalize="characters"
        aria-invalid={error !== null}
        aria-describedby={error ? "vin-search-error" : undefined}
        size={20}
      />
      <button type="submit">Search</button>
      {error ? (
        <span id="vin-search-error" className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </form>
  );
}

/** Returns the instant to show when the address names none: the first alert, else the last event. */
function defaultInstant(timeline: Timeline): number {
  const firstAlert = timeline.entries.find((entry) => entry.kind === "alert");
  if (firstAlert) return firstAlert.at;
  const last = timeline.entries[timeline.entries.length - 1];
  return last ? last.at : timeline.end;
}

function VehicleHistoryView({ vin, at }: { vin: string; at: number | null }) {
  const state = useVehicleHistory(vin);
  const [windowMs, setWindowMs] = useState(30_000);
  const pick = useCallback((next: number) => navigate(vehicleHref(vin, next), true), [vin]);

  useEffect(() => {
    if (state.status === "ready" && at === null && state.history.timeline.entries.length > 0) {
      navigate(vehicleHref(vin, defaultInstant(state.history.timeline)), true);
    }
  }, [state, at, vin]);

  if (state.status === "loading") {
    return <Loading label={`Loading the history of ${vin}…`} />;
  }
  if (state.status === "error") {
    return <ErrorState title={`The history of ${vin} could not be loaded`} message={state.message} onRetry={state.retry} />;
  }
  const { history } = state;
  if (history.workOrders.length === 0 && history.timeline.entries.length === 0) {
    return (
      <Empty title={`No history for ${vin}`}>
        No work order and no alert names this VIN. Check the VIN, or wait until the MES creates its work order.
      </Empty>
    );
  }
  const instant = at ?? defaultInstant(history.timeline);
  const workOrderText = history.workOrders.map((w) => `${w.id} (${w.model ?? "model unknown"}, ${w.state})`).join(", ");

  return (
    <>
      <p className="page-note">
        Work order{history.workOrders.length === 1 ? "" : "s"}: {workOrderText || "none"}. History from{" "}
        {formatUtc(history.timeline.start, false)} to {formatUtc(history.timeline.end, false)}.
        {history.alerts.length >= VIN_AT_ALERT_LIMIT
          ? ` The timeline shows the newest ${VIN_AT_ALERT_LIMIT} alerts; older ones exist but the api returns at most that many.`
          : ""}
      </p>
      <h2>Did Foresight see it coming?</h2>
      <ForesightVerdict vin={vin} foresight={history.foresight} scope="for this vehicle" />
      <h2>Timeline</h2>
      <TimelineView timeline={history.timeline} at={instant} onPick={pick} />
      <h2>At one instant</h2>
      <InstantPicker timeline={history.timeline} at={instant} onPick={pick} windowMs={windowMs} onWindowChange={setWindowMs} />
      <Snapshot vin={vin} at={instant} windowMs={windowMs} timeline={history.timeline} />
    </>
  );
}
