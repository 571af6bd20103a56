#!/usr/bin/python3
"""Train the Foresight defect classifier from ClickHouse and publish it as an ONNX model.

Reads telemetry, tightening results and defect reports of a time window from ClickHouse over HTTP and computes the
features of the scorer's feature specification. Trains a standardised logistic regression and evaluates it and the
z-score baseline on the later part of the window. Writes the model atomically into the scorer's model folder, where
a running scorer picks it up at its next check.

Runs with Debian's python3-numpy, python3-sklearn and python3-onnx only:
    /usr/bin/python3 ml-scorer/training/train.py --hours 24
Settings default to the same environment variables as the services (AEGIS_CLICKHOUSE_URL, AEGIS_CLICKHOUSE_USER,
AEGIS_CLICKHOUSE_PASSWORD, AEGIS_CLICKHOUSE_DATABASE, AEGIS_HOME).
"""

import argparse
import base64
import datetime
import json
import os
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import numpy as np
from sklearn.linear_model import LogisticRegression

import evaluate
import features
import onnx_export

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SPEC = os.path.join(HERE, "..", "src", "main", "resources", "features", "v1.json")
BASELINE_THRESHOLD = 0.9999
MODEL_NAME = "foresight-logreg"


def parse_args(argv):
    home = os.environ.get("AEGIS_HOME", ".aegis")
    p = argparse.ArgumentParser(description="Train the Foresight defect classifier and publish it as ONNX.")
    p.add_argument("--clickhouse-url", default=os.environ.get("AEGIS_CLICKHOUSE_URL", "http://127.0.0.1:8123"))
    p.add_argument("--clickhouse-user", default=os.environ.get("AEGIS_CLICKHOUSE_USER", "default"))
    p.add_argument("--clickhouse-password", default=os.environ.get("AEGIS_CLICKHOUSE_PASSWORD", ""))
    p.add_argument("--database", default=os.environ.get("AEGIS_CLICKHOUSE_DATABASE", "aegis"))
    p.add_argument("--hours", type=float, default=24.0, help="length of the training window in hours (default 24)")
    p.add_argument("--until-ms", type=int, help="end of the window, UTC epoch ms, exclusive (default now)")
    p.add_argument("--since-ms", type=int, help="start of the window, UTC epoch ms (default until minus --hours)")
    p.add_argument("--feature-spec", default=DEFAULT_SPEC, help="feature specification JSON")
    p.add_argument("--model-dir", default=os.path.join(home, "models"), help="folder the scorer watches")
    p.add_argument("--model-version", help="version written into the model (default: UTC time of training)")
    p.add_argument("--defect-horizon-hours", type=float, default=24.0,
                   help="a sample counts as defective when its VIN reports a defect at its station this long after")
    p.add_argument("--test-fraction", type=float, default=0.3,
                   help="share of the window, by time, held out for evaluation (default 0.3)")
    p.add_argument("--max-rows", type=int, default=2_000_000, help="most telemetry rows read (default 2,000,000)")
    p.add_argument("--report", help="also write the evaluation report as JSON to this file")
    p.add_argument("--expected-outputs", help="write the features and scores of held-out samples to this JSON "
                                              "file, for the Java parity test")
    p.add_argument("--expected-count", type=int, default=200, help="samples written by --expected-outputs")
    args = p.parse_args(argv)
    if args.until_ms is None:
        args.until_ms = int(time.time() * 1000)
    if args.since_ms is None:
        args.since_ms = args.until_ms - int(args.hours * 3_600_000)
    if args.since_ms >= args.until_ms:
        p.error(f"--since-ms {args.since_ms} is invalid: must be before --until-ms {args.until_ms}")
    if not 0.0 < args.test_fraction < 1.0:
        p.error(f"--test-fraction {args.test_fraction} is invalid: must be between 0 and 1")
    return args


class ClickHouse:
    """Read-only queries over ClickHouse's HTTP interface, one JSON object per row."""

    def __init__(self, url, user, password, database):
        self.url = url.rstrip("/")
        self.database = database
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        self.headers = {"Authorization": f"Basic {token}"}

    def rows(self, sql):
        params = urllib.parse.urlencode({
            "database": self.database,
            "output_format_json_quote_64bit_integers": "0",
        })
        request = urllib.request.Request(
            f"{self.url}/?{params}", data=(sql + " FORMAT JSONEachRow").encode(), headers=self.headers)
        try:
            with urllib.request.urlopen(request, timeout=300) as response:
                body = response.read().decode("utf-8")
        except urllib.error.HTTPError as e:
            raise SystemExit(f"ClickHouse query failed with HTTP {e.code} at {self.url}: "
                             f"{e.read().decode('utf-8', 'replace').strip()}")
        except urllib.error.URLError as e:
            raise SystemExit(f"cannot reach ClickHouse at {self.url} (AEGIS_CLICKHOUSE_URL): {e.reason}")
        return [json.loads(line) for line in body.splitlines() if line.strip()]


def load(ch, args):
    telemetry = ch.rows(
        "SELECT station_id, seq, timestamp, torque, angle_deg, has_angle, tightening_id, vin "
        f"FROM telemetry FINAL WHERE timestamp >= {args.since_ms} AND timestamp < {args.until_ms} "
        f"ORDER BY station_id, timestamp, seq LIMIT {args.max_rows}")
    nok = ch.rows(
        "SELECT DISTINCT station_id, tightening_id FROM tightening_results FINAL "
        f"WHERE ok = 0 AND timestamp >= {args.since_ms} AND timestamp < {args.until_ms}")
    horizon = int(args.defect_horizon_hours * 3_600_000)
    defects = ch.rows(
        "SELECT vin, station_id, detected_at, reported_at FROM defects FINAL "
        f"WHERE detected_at >= {args.since_ms} AND detected_at < {args.until_ms + horizon}")
    return telemetry, nok, defects


def compute(spec, telemetry):
    """Return the columns of the telemetry and its feature matrix, in the scorer's per-station order."""
    cols = {name: [row[name] for row in telemetry] for name in
            ("station_id", "seq", "timestamp", "torque", "angle_deg", "has_angle", "tightening_id", "vin")}
    n = len(telemetry)
    matrix = np.zeros((n, len(features.COMPUTED)))
    scored = np.zeros(n, dtype=bool)
    stations = cols["station_id"]
    i = 0
    while i < n:
        j = i
        while j < n and stations[j] == stations[i]:
            j += 1
        block, ok = features.station_features(
            spec, cols["timestamp"][i:j], cols["torque"][i:j], cols["angle_deg"][i:j],
            [bool(v) for v in cols["has_angle"][i:j]], cols["tightening_id"][i:j])
        matrix[i:j] = block
        scored[i:j] = ok
        i = j
    return cols, matrix, scored


def label(cols, nok, defects, horizon_ms):
    """Label a sample 1 when its tightening ended NOK or its VIN reported a defect at its station soon after."""
    nok_keys = {(r["station_id"], r["tightening_id"]) for r in nok}
    by_vin = {}
    for d in defects:
        by_vin.setdefault(d["vin"], []).append((d["station_id"], int(d["detected_at"])))
    labels = np.zeros(len(cols["timestamp"]), dtype=np.int64)
    for k, (station, tid, ts, vin) in enumerate(zip(cols["station_id"], cols["tightening_id"],
                                                   cols["timestamp"], cols["vin"])):
        if tid and (station, tid) in nok_keys:
            labels[k] = 1
        elif vin in by_vin and any((not s or s == station) and ts <= at <= ts + horizon_ms
                                   for s, at in by_vin[vin]):
            labels[k] = 1
    return labels


def choose_threshold(unit_keys, labels, scores, scored, cols, defects):
    """Pick the threshold with the best F1 over tightenings of the training part, from 0.5 to 0.99."""
    best = (0.5, -1.0)
    for threshold in np.arange(0.5, 0.995, 0.01):
        m = evaluate.evaluate(unit_keys, labels, scores, scored, threshold, cols["timestamp"], cols["vin"],
                              cols["station_id"], defects)
        p, r = m["precision"] or 0.0, m["recall"] or 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        if f1 > best[1]:
            best = (round(float(threshold), 2), f1)
    return best[0]


def subset(cols, mask):
    return {name: [v for v, keep in zip(values, mask) if keep] for name, values in cols.items()}


def main(argv):
    args = parse_args(argv)
    spec = features.load_spec(args.feature_spec)
    ch = ClickHouse(args.clickhouse_url, args.clickhouse_user, args.clickhouse_password, args.database)
    telemetry, nok, defects = load(ch, args)
    if not telemetry:
        raise SystemExit(f"no telemetry in {args.database}.telemetry between {args.since_ms} and {args.until_ms}; "
                         "widen the window with --hours or --since-ms")
    cols, matrix, scored = compute(spec, telemetry)
    labels = label(cols, nok, defects, int(args.defect_horizon_hours * 3_600_000))
    timestamps = np.asarray(cols["timestamp"], dtype=np.int64)
    split_at = int(np.quantile(timestamps, 1.0 - args.test_fraction))
    train = scored & (timestamps < split_at)
    test = scored & (timestamps >= split_at)
    positives = int(labels[train].sum())
    if positives == 0 or positives == int(train.sum()):
        raise SystemExit(f"training needs defective and normal samples: the training part has {int(train.sum())} "
                         f"scored samples of which {positives} are labelled defective (NOK tightening or a defect "
                         "report); widen the window")

    x_train = matrix[train]
    mean = x_train.mean(axis=0)
    scale = x_train.std(axis=0)
    scale[scale == 0.0] = 1.0
    classifier = LogisticRegression(class_weight="balanced", max_iter=2000)
    classifier.fit((x_train - mean) / scale, labels[train])
    weights = classifier.coef_[0]
    bias = float(classifier.intercept_[0])

    probabilities = onnx_export.predict(mean, scale, weights, bias, matrix)
    check = classifier.predict_proba((matrix[:50] - mean) / scale)[:, 1]
    if not np.allclose(check, probabilities[:50], atol=1e-12):
        raise SystemExit("internal error: the exported formula disagrees with scikit-learn's predict_proba")

    keys = evaluate.units(cols["station_id"], cols["tightening_id"], cols["seq"])
    defect_reports = [(d["vin"], d["station_id"], int(d["reported_at"])) for d in defects]
    train_keys = [k for k, keep in zip(keys, train) if keep]
    threshold = choose_threshold(train_keys, labels[train], probabilities[train], np.ones(int(train.sum())),
                                 subset(cols, train), defect_reports)

    test_cols = subset(cols, test)
    # Only reports of defects detected in the held-out part can be preceded by a held-out alert.
    test_defects = [d for d, raw in zip(defect_reports, defects) if int(raw["detected_at"]) >= split_at]
    test_keys = [k for k, keep in zip(keys, test) if keep]
    baseline_scores = evaluate.zscore_to_score(matrix[test][:, features.COMPUTED.index("z_score")])
    ones = np.ones(int(test.sum()))
    report = {
        "model_name": MODEL_NAME,
        "model_version": args.model_version or datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d%H%M%S"),
        "feature_spec_version": spec["version"],
        "training_window_ms": [args.since_ms, args.until_ms],
        "evaluation_from_ms": split_at,
        "train_samples": int(train.sum()),
        "train_defective_samples": positives,
        "test_samples": int(test.sum()),
        "model": evaluate.evaluate(test_keys, labels[test], probabilities[test], ones, threshold,
                                   test_cols["timestamp"], test_cols["vin"], test_cols["station_id"], test_defects),
        "baseline": evaluate.evaluate(test_keys, labels[test], baseline_scores, ones, BASELINE_THRESHOLD,
                                      test_cols["timestamp"], test_cols["vin"], test_cols["station_id"],
                                      test_defects),
    }

    metadata = {
        "model_name": MODEL_NAME,
        "model_version": report["model_version"],
        "feature_spec_version": spec["version"],
        "feature_names": ",".join(features.COMPUTED),
        "training_window_start_ms": args.since_ms,
        "training_window_end_ms": args.until_ms,
        "alert_threshold": threshold,
        "record_threshold": round(threshold / 2.0, 4),
        "metrics": json.dumps({"model": report["model"], "baseline": report["baseline"]}, sort_keys=True),
    }
    model = onnx_export.build(mean, scale, weights, bias, metadata)
    path = onnx_export.write_atomically(model, args.model_dir, f"{MODEL_NAME}-{report['model_version']}.onnx")
    report["model_file"] = os.path.abspath(path)
    report["model_bytes"] = os.path.getsize(path)

    if args.expected_outputs:
        held_out = np.flatnonzero(test)[: args.expected_count]
        with open(args.expected_outputs, "w", encoding="utf-8") as f:
            json.dump({
                "model_file": report["model_file"],
                "feature_names": features.COMPUTED,
                "keys": [[cols["station_id"][k], int(cols["seq"][k])] for k in held_out],
                "features": matrix[held_out].tolist(),
                "scores": probabilities[held_out].tolist(),
            }, f)
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=2, sort_keys=True)
    print(json.dumps(report, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
