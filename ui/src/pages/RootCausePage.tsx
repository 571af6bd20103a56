import { useMemo, useState, type FormEvent } from "react";
import { TELEMETRY_SEARCH } from "../api/operations";
import { vehicleHref } from "../app/router";
import { useQuery } from "../app/useQuery";
import { Empty, ErrorState, Loading } from "../components/StatusViews";
import { TimeChart, type ChartSeries } from "../components/TimeChart";
import type { TelemetryFilter, TelemetrySearchQuery, TelemetrySearchQueryVariables } from "../generated/graphql";
import { toCsv, downloadText, type CsvColumn } from "../lib/csv";
import { formatUtc, formatUtcInput, parseUtc } from "../lib/format";

type SampleRow = TelemetrySearchQuery["telemetrySearch"][number];

/** Rows rendered in the table; the chart and the CSV file hold every result. */
const TABLE_ROWS = 500;
const MAX_LIMIT = 10_000;
const MAX_RANGE_MS = 31 * 24 * 3600 * 1000;

export const CSV_COLUMNS: CsvColumn<SampleRow>[] = [
  { header: "timestamp_ms", value: (row) => row.timestamp },
  { header: "time_utc", value: (row) => new Date(row.timestamp).toISOString() },
  { header: "station_id", value: (row) => row.stationId },
  { header: "seq", value: (row) => row.seq },
  { header: "torque_nm", value: (row) => row.torque },
  { header: "angle_deg", value: (row) => row.angleDeg },
  { header: "vin", value: (row) => row.vin },
  { header: "firmware", value: (row) => row.firmware },
  { header: "work_order_id", value: (row) => row.workOrderId },
  { header: "status", value: (row) => row.status },
];

interface FormValues {
  from: string;
  to: string;
  minTorque: string;
  maxTorque: string;
  firmware: string;
  builtWithFirmware: string;
  stationId: string;
  vin: string;
  laterDefectCode: string;
  limit: string;
}

function initialValues(now: number): FormValues {
  return {
    from: formatUtcInput(now - 24 * 3600 * 1000),
    to: formatUtcInput(now + 60_000),
    minTorque: "",
    maxTorque: "",
    firmware: "",
    builtWithFirmware: "",
    stationId: "",
    vin: "",
    laterDefectCode: "",
    limit: "1000",
  };
}

type Errors = Partial<Record<keyof FormValues, string>>;

/** Checks the form and builds the GraphQL filter, or returns a message per invalid field. */
export function buildFilter(values: FormValues): { filter: TelemetryFilter; limit: number } | Errors {
  const errors: Errors = {};
  const from = parseUtc(values.from);
  const to = parseUtc(values.to);
  if (from === null) errors.from = "Use YYYY-MM-DD HH:MM:SS in UTC.";
  if (to === null) errors.to = "Use YYYY-MM-DD HH:MM:SS in UTC.";
  if (from !== null && to !== null && to <= from) errors.to = "Must be after From.";
  if (from !== null && to !== null && to - from > MAX_RANGE_MS) errors.to = "The range can span at most 31 days.";
  const number = (name: "minTorque" | "maxTorque"): number | undefined => {
    const text = values[name].trim();
    if (text === "") return undefined;
    const value = Number(text);
    if (!Number.isFinite(value)) {
      errors[name] = "Enter a number of newton-metres.";
      return undefined;
    }
    return value;
  };
  const minTorque = number("minTorque");
  const maxTorque = number("maxTorque");
  if (minTorque !== undefined && maxTorque !== undefined && maxTorque <= minTorque) {
    errors.maxTorque = "Must be greater than the minimum.";
  }
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) errors.limit = `Enter a whole number from 1 to ${MAX_LIMIT}.`;
  const text = (value: string) => (value.trim() === "" ? undefined : value.trim());
  if (Object.keys(errors).length > 0) return errors;
  return {
    filter: {
      from: from!,
      to: to!,
      minTorque,
      maxTorque,
      firmware: text(values.firmware),
      builtWithFirmware: text(values.builtWithFirmware),
      stationId: text(values.stationId),
      vin: text(values.vin)?.toUpperCase(),
      laterDefectCode: text(values.laterDefectCode),
    },
    limit,
  };
}

const FIELDS: { name: keyof FormValues; label: string; hint?: string; inputMode?: "decimal" | "numeric" }[] = [
  { name: "from", label: "From (UTC)" },
  { name: "to", label: "To (UTC)" },
  { name: "minTorque", label: "Torque above (Nm)", inputMode: "decimal" },
  { name: "maxTorque", label: "Torque below (Nm)", inputMode: "decimal" },
  { name: "firmware", label: "Firmware on the sample", hint: "version in the vehicle when the sample was taken" },
  { name: "builtWithFirmware", label: "Built with firmware", hint: "VINs that had this version flashed at any time" },
  { name: "stationId", label: "Station" },
  { name: "vin", label: "VIN" },
  { name: "laterDefectCode", label: "Later defect code", hint: "exact code, or a prefix ending at _" },
  { name: "limit", label: "Maximum rows", inputMode: "numeric" },
];

/** Returns the id of the field's error message, or of its hint when it has no error. */
function describedBy(field: (typeof FIELDS)[number], errors: Errors): string | undefined {
  if (errors[field.name]) {
    return `rc-${field.name}-error`;
  }
  return field.hint ? `rc-${field.name}-hint` : undefined;
}

export function RootCausePage() {
  const [values, setValues] = useState<FormValues>(() => initialValues(Date.now()));
  const [errors, setErrors] = useState<Errors>({});
  const [search, setSearch] = useState<TelemetrySearchQueryVariables | null>(null);
  const result = useQuery<TelemetrySearchQuery, TelemetrySearchQueryVariables>(TELEMETRY_SEARCH, search);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const built = buildFilter(values);
    if (!("filter" in built)) {
      setErrors(built);
      return;
    }
    setErrors({});
    // Pressing Search again with the same filters runs the query again, for data that arrived meanwhile.
    if (search !== null && JSON.stringify(built) === JSON.stringify(search)) {
      result.reload();
    } else {
      setSearch(built);
    }
  };

  return (
    <section aria-labelledby="root-cause-title">
      <div className="page-header">
        <h1 id="root-cause-title">Root cause</h1>
        <p className="page-note">Every filter narrows the search. Torque bounds are strict.</p>
      </div>
      <form className="filter-form" onSubmit={submit} noValidate aria-label="Telemetry filters">
        {FIELDS.map((field) => (
          <div key={field.name} className="field">
            <label htmlFor={`rc-${field.name}`}>{field.label}</label>
            <input
              id={`rc-${field.name}`}
              name={field.name}
              value={values[field.name]}
              inputMode={field.inputMode}
              spellCheck={false}
              onChange={(event) => setValues((current) => ({ ...current, [field.name]: event.target.value }))}
              aria-invalid={errors[field.name] !== undefined}
              aria-describedby={describedBy(field, errors)}
            />
            {errors[field.name] ? (
              <small id={`rc-${field.name}-error`} className="field-error">
                {errors[field.name]}
              </small>
            ) : field.hint ? (
              <small id={`rc-${field.name}-hint`} className="muted">
                {field.hint}
              </small>
            ) : null}
          </div>
        ))}
        <div className="form-actions">
          <button type="submit">Search</button>
        </div>
      </form>
      {search === null ? (
        <Empty title="No search yet">Set the filters and press Search.</Empty>
      ) : result.loading ? (
        <Loading label="Searching telemetry…" />
      ) : result.error ? (
        <ErrorState title="The search failed" message={result.error} onRetry={result.reload} />
      ) : result.data && result.data.telemetrySearch.length === 0 ? (
        <Empty title="No samples match">Widen the time range or remove a filter.</Empty>
      ) : result.data ? (
        <Results rows={result.data.telemetrySearch} limit={search.limit ?? MAX_LIMIT} />
      ) : null}
    </section>
  );
}

function Results({ rows, limit }: { rows: SampleRow[]; limit: number }) {
  const chart = useMemo(() => {
    const sorted = [...rows].sort((a, b) => a.timestamp - b.timestamp);
    const series: ChartSeries[] = [
      { label: "Torque", values: sorted.map((row) => row.torque), style: "points", color: "#1c7ed6" },
    ];
    return { xs: sorted.map((row) => row.timestamp), series };
  }, [rows]);
  const vins = useMemo(() => new Set(rows.flatMap((row) => (row.vin ? [row.vin] : []))).size, [rows]);
  const exportCsv = () => downloadText(`aegis-telemetry-${new Date().toISOString().replace(/[:.]/g, "-")}.csv`, toCsv(rows, CSV_COLUMNS));

  return (
    <div className="results">
      <div className="toolbar">
        <p role="status">
          {rows.length} sample{rows.length === 1 ? "" : "s"} from {vins} VIN{vins === 1 ? "" : "s"}
          {rows.length >= limit ? ` (the maximum of ${limit}; narrow the filters to see everything)` : ""}.
        </p>
        <button type="button" onClick={exportCsv}>
          Export CSV
        </button>
      </div>
      <TimeChart xs={chart.xs} series={chart.series} height={240} label={`Torque of ${rows.length} matching samples over time`} />
      <div className="table-scroll">
        <table className="data-table" aria-label="Matching samples">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Station</th>
              <th scope="col" className="number">Torque</th>
              <th scope="col" className="number">Angle</th>
              <th scope="col">VIN</th>
              <th scope="col">Firmware</th>
              <th scope="col">Work order</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, TABLE_ROWS).map((row) => (
              <tr key={`${row.stationId}-${row.seq}`}>
                <td>{formatUtc(row.timestamp)}</td>
                <td>{row.stationId}</td>
                <td className="number">{row.torque.toFixed(2)}</td>
                <td className="number">{row.angleDeg === null ? "" : row.angleDeg.toFixed(1)}</td>
                <td>{row.vin ? <a href={vehicleHref(row.vin, row.timestamp)}>{row.vin}</a> : <span className="muted">none</span>}</td>
                <td>{row.firmware ?? ""}</td>
                <td>{row.workOrderId ?? ""}</td>
                <td>{row.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > TABLE_ROWS ? (
        <p className="muted">The table shows the first {TABLE_ROWS} rows; the chart and the CSV file hold all {rows.length}.</p>
      ) : null}
    </div>
  );
}
