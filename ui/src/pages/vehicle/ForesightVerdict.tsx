import { vehicleHref } from "../../app/router";
import type { ForesightFieldsFragment } from "../../generated/graphql";
import { formatDuration, formatScore, formatTorque, formatUtc } from "../../lib/format";

/** States whether Foresight raised an alert before the defect, with the lead time when it did. */
export function ForesightVerdict({ vin, foresight, scope }: {
  vin: string;
  foresight: ForesightFieldsFragment;
  /** Says which defect is meant, for example "after 10:02:03 UTC". */
  scope: string;
}) {
  const { defect, firstAlert, leadTimeMs, sawItComing } = foresight;
  if (!defect) {
    return (
      <div className="foresight foresight-none" role="status" data-verdict="no-defect">
        <strong>No defect reported {scope}.</strong> There is nothing for Foresight to have predicted.
      </div>
    );
  }
  const defectText = `${defect.code}${defect.description ? ` (${defect.description})` : ""}`;
  if (sawItComing && firstAlert) {
    return (
      <div className="foresight foresight-yes" role="status" data-verdict="saw-it-coming">
        <strong>Yes, Foresight saw it coming</strong>
        {leadTimeMs !== null ? (
          <>
            {" "}
            <span className="lead-time" data-lead-time-ms={leadTimeMs}>
              {formatDuration(leadTimeMs)}
            </span>{" "}
            before the defect was detected.
          </>
        ) : (
          "."
        )}
        <ul>
          <li>
            First alert:{" "}
            <a href={vehicleHref(vin, firstAlert.timestamp)}>{formatUtc(firstAlert.timestamp)}</a> at station{" "}
            {firstAlert.stationId}, score {formatScore(firstAlert.anomalyScore)}, {formatTorque(firstAlert.triggerTorqueNm)}
            {firstAlert.modelVersion ? `, model ${firstAlert.modelName ?? ""} ${firstAlert.modelVersion}` : ""}
          </li>
          <li>
            Defect {defectText}: detected <a href={vehicleHref(vin, defect.detectedAt)}>{formatUtc(defect.detectedAt)}</a>
            {defect.stationId ? ` at station ${defect.stationId}` : ""}
          </li>
        </ul>
      </div>
    );
  }
  return (
    <div className="foresight foresight-no" role="status" data-verdict="missed">
      <strong>No, Foresight did not see it coming.</strong> Defect {defectText} was detected{" "}
      <a href={vehicleHref(vin, defect.detectedAt)}>{formatUtc(defect.detectedAt)}</a> with no alert for this VIN before
      it.
    </div>
  );
}
