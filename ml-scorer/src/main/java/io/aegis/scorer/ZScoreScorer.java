package io.aegis.scorer;

/**
 * The baseline as a model: its name, version and thresholds. While it serves, {@link ScoringPipeline} takes the
 * scores from {@link CycleBaseline}, which judges tightening cycles and scores samples without tightening id by
 * their rolling z-score. {@link #score} maps the feature vector's z-score to 0..1 as {@code erf(|z| / sqrt(2))}: the
 * share of a normal distribution lying closer to the mean than the sample, so |z| = 1 gives 0.683, 2 gives 0.954,
 * 3 gives 0.9973 and 4 gives 0.99994.
 */
final class ZScoreScorer implements AnomalyScorer {

    static final String NAME = "zscore-baseline";
    static final String VERSION = "2";

    /** Default alert threshold 0.9999, reached at |z| of about 3.89. */
    static final double ALERT_THRESHOLD = 0.9999;

    /** Default recording threshold 0.99, reached at |z| of about 2.58. */
    static final double RECORD_THRESHOLD = 0.99;

    @Override
    public String modelName() {
        return NAME;
    }

    @Override
    public String modelVersion() {
        return VERSION;
    }

    @Override
    public double defaultAlertThreshold() {
        return ALERT_THRESHOLD;
    }

    @Override
    public double defaultRecordThreshold() {
        return RECORD_THRESHOLD;
    }

    @Override
    public double score(FeatureVector features) {
        double z = features.get(FeatureSpec.Z_SCORE);
        if (!Double.isFinite(z)) {
            throw new InvalidFeaturesException("z_score '" + z + "' is invalid: must be a finite number");
        }
        return scoreOf(z);
    }

    static double scoreOf(double z) {
        return Erf.erf(Math.abs(z) / Math.sqrt(2.0));
    }
}
