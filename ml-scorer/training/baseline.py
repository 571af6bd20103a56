"""The scorer's rule-based baseline (version 2), the Python twin of io.aegis.scorer.CycleBaseline.

Samples with a tightening id are judged per cycle against the station's completed cycles (over-torque on every
sample, under-torque and drift when the cycle completes); samples without one get the rolling z-score over the
station's previous untagged samples. The parity test checks that both give the same scores. The settings are the
scorer's defaults (aegis.scorer.baseline.*); a scorer configured otherwise scores differently.
"""

import math

CYCLE_HISTORY = 64
MIN_CYCLES = 3
PRIOR_CYCLES = 16
PRIOR_SPREAD_SHARE = 0.04
MIN_SPREAD_SHARE = 0.02
RECENT_CYCLES = 5
MAD_TO_STD = 1.4826
MIN_SPREAD_NM = 1e-3


def score_of(z):
    return math.erf(abs(z) / math.sqrt(2.0))


def median(values):
    s = sorted(values)
    m = len(s) // 2
    return s[m] if len(s) % 2 == 1 else (s[m - 1] + s[m]) / 2.0


def station_scores(spec, seqs, torques, tightening_ids, alert_threshold):
    """Return one baseline score per sample of one station, given in scoring order, or NaN where none exists.

    A verdict about a completed cycle names its peak sample, so that sample keeps the highest of its scores.
    """
    window, min_samples, min_std = int(spec["window_size"]), int(spec["min_samples"]), float(spec["min_std_nm"])
    n = len(torques)
    scores = [math.nan] * n
    peaks, tolerated = [], []
    untagged = []
    cycle = None  # [id, peak index, last seq, gap]
    drifting = False

    def put(index, score):
        scores[index] = score if math.isnan(scores[index]) else max(scores[index], score)

    def expectation():
        if len(peaks) < MIN_CYCLES:
            return None
        base = peaks[:-RECENT_CYCLES] if len(peaks) >= MIN_CYCLES + RECENT_CYCLES else peaks
        mid = median(base)
        mad = median([abs(p - mid) for p in base])
        share = PRIOR_SPREAD_SHARE if len(peaks) < PRIOR_CYCLES else MIN_SPREAD_SHARE
        return mid, max(MAD_TO_STD * mad, max(share * abs(mid), MIN_SPREAD_NM))

    def follows(last_seq, seq):
        return seq == 0 or last_seq == 0 or seq == last_seq + 1

    for i in range(n):
        tid, seq, torque = tightening_ids[i], int(seqs[i]), float(torques[i])
        if cycle is not None and tid != cycle[0]:
            done, cycle = cycle, None
            if not done[3] and follows(done[2], seq):
                peak_index = done[1]
                peak = float(torques[peak_index])
                expected = expectation()
                ok = True
                if expected is not None:
                    z = (peak - expected[0]) / expected[1]
                    ok = score_of(z) < alert_threshold
                    put(peak_index, score_of(min(0.0, z)))
                peaks.append(peak)
                tolerated.append(ok)
                if len(peaks) > CYCLE_HISTORY:
                    peaks.pop(0)
                    tolerated.pop(0)
                if len(peaks) >= PRIOR_CYCLES + RECENT_CYCLES:
                    recent = [p for p, t in zip(reversed(peaks), reversed(tolerated)) if t][:RECENT_CYCLES]
                    if len(recent) == RECENT_CYCLES:
                        expected = expectation()
                        z = (median(recent) - expected[0]) / (expected[1] / math.sqrt(RECENT_CYCLES))
                        score = score_of(z)
                        if not (drifting and score >= alert_threshold):
                            drifting = score >= alert_threshold
                            put(peak_index, score)
        if not tid:
            if len(untagged) >= min_samples:
                mean = sum(untagged) / len(untagged)
                std = math.sqrt(sum((v - mean) ** 2 for v in untagged) / len(untagged))
                put(i, score_of((torque - mean) / max(std, min_std)))
            untagged.append(torque)
            if len(untagged) > window:
                untagged.pop(0)
            continue
        if cycle is None:
            cycle = [tid, i, seq, False]
        else:
            cycle[3] = cycle[3] or not follows(cycle[2], seq)
            cycle[2] = seq
            if torque > float(torques[cycle[1]]):
                cycle[1] = i
        expected = expectation()
        if expected is not None:
            put(i, score_of(max(0.0, (torque - expected[0]) / expected[1])))
    return scores
