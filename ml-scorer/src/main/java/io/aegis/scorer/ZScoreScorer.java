package io.aegis.scorer;

/**
 * The baseline: the sample's z-score against its station's rolling mean and standard deviation (see
 * {@link FeatureSpec}), mapped to 0..1 as {@code erf(|z| / sqrt(2))}. That is the share of a normal distribution
 * lying closer to the mean than the sample: |z| = 1 gives 0.683, 2 gives 0.954, 3 gives 0.9973, 4 gives 0.99994.
 */
final class ZScoreScorer implements AnomalyScorer {

    static final String NAME = "zscore-baseline";
    static final String VERSION = "1";

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
