package io.aegis.scorer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A versioned description of the features the scorer computes, in model input order. The same JSON file is read by
 * the training job, so a model and the scorer agree on names, order and window parameters.
 *
 * @param windowSize previous samples per station that the rolling mean and standard deviation cover
 * @param minSamples previous samples a station needs before its samples are scored
 * @param minStdNm lower bound of the standard deviation used in the z-score, so a station whose few samples are
 *     nearly equal does not turn a 0.1 Nm wobble into an alert
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FeatureSpec(
        @JsonProperty("version") String version,
        @JsonProperty("window_size") int windowSize,
        @JsonProperty("min_samples") int minSamples,
        @JsonProperty("min_std_nm") double minStdNm,
        @JsonProperty("features") List<Feature> features) {

    public static final String TORQUE = "torque_nm";
    public static final String ROLLING_MEAN = "rolling_mean_nm";
    public static final String ROLLING_STD = "rolling_std_nm";
    public static final String Z_SCORE = "z_score";
    public static final String RATE_OF_CHANGE = "rate_of_change_nm_per_s";
    public static final String TIGHTENING_PEAK = "tightening_peak_torque_nm";
    public static final String TIGHTENING_FINAL_ANGLE = "tightening_final_angle_deg";
    public static final String TIGHTENING_DURATION = "tightening_duration_ms";

    private static final List<String> COMPUTED = List.of(
            TORQUE,
            ROLLING_MEAN,
            ROLLING_STD,
            Z_SCORE,
            RATE_OF_CHANGE,
            TIGHTENING_PEAK,
            TIGHTENING_FINAL_ANGLE,
            TIGHTENING_DURATION);

    /** One feature: its name, unit and meaning. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Feature(
            @JsonProperty("name") String name,
            @JsonProperty("unit") String unit,
            @JsonProperty("description") String description) {}

    public FeatureSpec {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("feature spec version '" + version + "' is invalid: must not be blank");
        }
        if (windowSize < 2) {
            throw new IllegalArgumentException(
                    "feature spec window_size '" + windowSize + "' is invalid: must be at least 2");
        }
        if (minSamples < 1 || minSamples > windowSize) {
            throw new IllegalArgumentException("feature spec min_samples '" + minSamples
                    + "' is invalid: must be between 1 and window_size " + windowSize);
        }
        if (!(minStdNm > 0.0) || !Double.isFinite(minStdNm)) {
            throw new IllegalArgumentException(
                    "feature spec min_std_nm '" + minStdNm + "' is invalid: must be a positive number of Nm");
        }
        features = List.copyOf(features);
        if (!names(features).equals(COMPUTED)) {
            throw new IllegalArgumentException("feature spec " + version + " lists features " + names(features)
                    + ", but this scorer computes exactly " + COMPUTED + " in that order");
        }
    }

    /** Returns the feature names in model input order. */
    public List<String> names() {
        return names(features);
    }

    public int size() {
        return features.size();
    }

    /**
     * Reads a specification from JSON.
     *
     * @throws IOException when the stream cannot be read or is not a valid specification
     */
    public static FeatureSpec read(InputStream json) throws IOException {
        try {
            return new ObjectMapper().readValue(json, FeatureSpec.class);
        } catch (com.fasterxml.jackson.databind.exc.ValueInstantiationException e) {
            throw new IOException(e.getCause() != null ? e.getCause().getMessage() : e.getMessage(), e);
        }
    }

    private static List<String> names(List<Feature> features) {
        return features.stream().map(Feature::name).toList();
    }
}
