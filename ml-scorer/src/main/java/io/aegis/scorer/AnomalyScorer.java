package io.aegis.scorer;

/** A model that maps the features of one sample to an anomaly score between 0 (normal) and 1 (anomalous). */
public interface AnomalyScorer {

    String modelName();

    String modelVersion();

    /** Score at or above which a sample raises an alert unless configuration sets one. */
    double defaultAlertThreshold();

    /** Score at or above which a sample's score is published for audit unless configuration sets one. */
    double defaultRecordThreshold();

    /**
     * Scores one sample.
     *
     * @throws InvalidFeaturesException when the features cannot be scored (not finite, or not what the model
     *     declares); no verdict exists for such a sample
     */
    double score(FeatureVector features);
}
