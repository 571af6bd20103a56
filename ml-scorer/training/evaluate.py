"""Evaluation of an alerting rule at the level of tightenings and defects.

A unit is one tightening (station and tightening id); samples without a tightening id each form their own unit.
A unit is positive when its label is set for any of its samples, and alerted when any of its scored samples reaches
the threshold. Lead time is measured for each defect report: from the first alert on the same VIN and station
before the report to the report itself.
"""

import math

import numpy as np


def units(stations, tightening_ids, seqs):
    """Return one unit key per sample."""
    return [
        f"{station}|{tid}" if tid else f"{station}|#{seq}"
        for station, tid, seq in zip(stations, tightening_ids, seqs)
    ]


def evaluate(unit_keys, labels, scores, scored, threshold, timestamps, vins, stations, defects):
    """Compute precision, recall, false alarms per 1,000 tightenings and lead times for one threshold.

    `defects` holds (vin, station_id, reported_at) tuples; a defect with an empty station matches every station.
    """
    positive = {}
    alerted = {}
    for key, label, score, ok in zip(unit_keys, labels, scores, scored):
        positive[key] = positive.get(key, False) or bool(label)
        alerted[key] = alerted.get(key, False) or (bool(ok) and score >= threshold)
    total = len(positive)
    true_positive = sum(1 for k in positive if positive[k] and alerted[k])
    false_positive = sum(1 for k in positive if not positive[k] and alerted[k])
    positives = sum(1 for k in positive if positive[k])
    alerts = true_positive + false_positive
    return {
        "threshold": threshold,
        "tightenings": total,
        "defective_tightenings": positives,
        "alerted_tightenings": alerts,
        "precision": true_positive / alerts if alerts else None,
        "recall": true_positive / positives if positives else None,
        "false_alarms_per_1000_tightenings": 1000.0 * false_positive / total if total else None,
        **lead_times(scores, scored, threshold, timestamps, vins, stations, defects),
    }


def lead_times(scores, scored, threshold, timestamps, vins, stations, defects):
    first_alert = {}
    for score, ok, ts, vin, station in zip(scores, scored, timestamps, vins, stations):
        if ok and score >= threshold and vin:
            key = (vin, station)
            if key not in first_alert or ts < first_alert[key]:
                first_alert[key] = ts
    leads = []
    for vin, station, reported_at in defects:
        candidates = [
            ts for (alert_vin, alert_station), ts in first_alert.items()
            if alert_vin == vin and (not station or alert_station == station) and ts <= reported_at
        ]
        if candidates:
            leads.append((reported_at - min(candidates)) / 1000.0)
    return {
        "defect_reports": len(defects),
        "defect_reports_alerted_before": len(leads),
        "lead_time_s_median": float(np.median(leads)) if leads else None,
        "lead_time_s_min": float(min(leads)) if leads else None,
    }


def zscore_to_score(z):
    """The baseline's mapping of a z-score to 0..1, erf(|z| / sqrt(2)), as in ZScoreScorer."""
    return np.array([math.erf(abs(v) / math.sqrt(2.0)) for v in z])
