"""Compute the Foresight features of a feature specification from stored telemetry.

This is the Python twin of io.aegis.scorer.FeatureExtractor: the same names, order, window and rules, so a model
trained here receives what the Java scorer feeds it. The parity test in ml-scorer compares both on the same samples.
"""

import json

import numpy as np

COMPUTED = [
    "torque_nm",
    "rolling_mean_nm",
    "rolling_std_nm",
    "z_score",
    "rate_of_change_nm_per_s",
    "tightening_peak_torque_nm",
    "tightening_final_angle_deg",
    "tightening_duration_ms",
]


def load_spec(path):
    """Read a feature specification and check that it lists the features computed here, in order."""
    with open(path, encoding="utf-8") as f:
        spec = json.load(f)
    names = [feature["name"] for feature in spec["features"]]
    if names != COMPUTED:
        raise ValueError(f"feature spec {spec['version']} lists {names}, but training computes exactly {COMPUTED}")
    return spec


def station_features(spec, timestamps, torques, angles, has_angle, tightening_ids):
    """Compute features for one station's samples, given in scoring order.

    Returns (features, scored). The features array has one row per sample. The scored mask marks the rows past the
    warm-up of min_samples previous samples, because the Java scorer gives no score to the others.
    """
    window = int(spec["window_size"])
    min_samples = int(spec["min_samples"])
    min_std = float(spec["min_std_nm"])
    x = np.asarray(torques, dtype=np.float64)
    t = np.asarray(timestamps, dtype=np.int64)
    n = len(x)
    features = np.zeros((n, len(COMPUTED)), dtype=np.float64)
    if n == 0:
        return features, np.zeros(0, dtype=bool)

    # Rolling statistics over the previous `window` samples, from cumulative sums of deviations from a reference
    # value so that the squares do not lose precision.
    reference = x.mean()
    d = x - reference
    cs = np.concatenate([[0.0], np.cumsum(d)])
    cs2 = np.concatenate([[0.0], np.cumsum(d * d)])
    index = np.arange(n)
    start = np.maximum(index - window, 0)
    count = index - start
    safe = np.maximum(count, 1)
    sum_d = cs[index] - cs[start]
    sum_d2 = cs2[index] - cs2[start]
    mean_d = sum_d / safe
    variance = np.maximum(sum_d2 / safe - mean_d * mean_d, 0.0)
    mean = mean_d + reference
    std = np.sqrt(variance)
    z = (x - mean) / np.maximum(std, min_std)

    rate = np.zeros(n)
    elapsed = np.diff(t)
    advancing = elapsed > 0
    rate[1:][advancing] = np.diff(x)[advancing] * 1000.0 / elapsed[advancing]

    peak, angle, duration = tightening_features(t, x, angles, has_angle, tightening_ids)

    features[:, 0] = x
    features[:, 1] = mean
    features[:, 2] = std
    features[:, 3] = z
    features[:, 4] = rate
    features[:, 5] = peak
    features[:, 6] = angle
    features[:, 7] = duration
    return features, count >= min_samples


def tightening_features(t, x, angles, has_angle, tightening_ids):
    """Peak torque so far, latest angle and elapsed time within runs of samples that share a tightening id."""
    n = len(x)
    peak = x.copy()
    angle = np.where(np.asarray(has_angle, dtype=bool), np.asarray(angles, dtype=np.float64), 0.0)
    duration = np.zeros(n)
    i = 0
    while i < n:
        tid = tightening_ids[i]
        j = i + 1
        if tid:
            while j < n and tightening_ids[j] == tid:
                j += 1
            peak[i:j] = np.maximum.accumulate(x[i:j])
            duration[i:j] = t[i:j] - t[i]
            angle[i:j] = forward_fill_angle(angles[i:j], has_angle[i:j])
        i = j
    return peak, angle, duration


def forward_fill_angle(angles, has_angle):
    filled = np.zeros(len(angles))
    last = 0.0
    for k in range(len(angles)):
        if has_angle[k]:
            last = float(angles[k])
        filled[k] = last
    return filled
