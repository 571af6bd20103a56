package io.aegis.scorer;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxModelMetadata;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A classifier exported to ONNX, scored with ONNX Runtime.
 *
 * <p>The model must have one input of shape [N, F] (N may be symbolic) of float or double, where F is the number of
 * features of the scorer's {@link FeatureSpec}, and an output named {@code score} holding P(defect) per row. Its
 * metadata must name the same feature spec version and feature names, and carry {@code model_version}; it may set
 * {@code model_name}, {@code alert_threshold} and {@code record_threshold}. {@link #load} rejects anything else
 * before the model is served. Thread-safe: ONNX Runtime sessions may be run concurrently.
 */
final class OnnxScorer implements AnomalyScorer, AutoCloseable {

    static final String OUTPUT = "score";

    /** Thresholds for a model whose metadata sets none. */
    static final double DEFAULT_ALERT_THRESHOLD = 0.5;

    static final double DEFAULT_RECORD_THRESHOLD = 0.25;

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final String inputName;
    private final boolean doubleInput;
    private final int width;
    private final String modelName;
    private final String modelVersion;
    private final double alertThreshold;
    private final double recordThreshold;

    private OnnxScorer(
            OrtEnvironment environment,
            OrtSession session,
            String inputName,
            boolean doubleInput,
            int width,
            Map<String, String> metadata)
            throws ModelRejectedException {
        this.environment = environment;
        this.session = session;
        this.inputName = inputName;
        this.doubleInput = doubleInput;
        this.width = width;
        this.modelName = metadata.getOrDefault("model_name", "onnx");
        this.modelVersion = required(metadata, "model_version");
        this.alertThreshold = threshold(metadata, "alert_threshold", DEFAULT_ALERT_THRESHOLD);
        this.recordThreshold = threshold(metadata, "record_threshold", DEFAULT_RECORD_THRESHOLD);
    }

    /**
     * Opens a model, checks its inputs, output and metadata against {@code spec}, and warms it up with one run.
     *
     * @throws ModelRejectedException naming the file and the reason when the model cannot serve
     */
    static OnnxScorer load(OrtEnvironment environment, Path file, FeatureSpec spec, int intraOpThreads)
            throws ModelRejectedException {
        OrtSession session;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            // Idle ONNX Runtime threads would otherwise spin on the shared cores between calls.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            session = environment.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new ModelRejectedException(file + " cannot be opened by ONNX Runtime: " + e.getMessage(), e);
        }
        try {
            OnnxScorer scorer = validated(environment, session, file, spec);
            scorer.warmUp(spec);
            return scorer;
        } catch (ModelRejectedException | RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static OnnxScorer validated(OrtEnvironment environment, OrtSession session, Path file, FeatureSpec spec)
            throws ModelRejectedException {
        try {
            Map<String, String> metadata = metadata(session);
            String specVersion = metadata.get("feature_spec_version");
            if (!spec.version().equals(specVersion)) {
                throw new ModelRejectedException(file + " was trained on feature spec '" + specVersion
                        + "', but the scorer computes spec '" + spec.version() + "'");
            }
            String names = metadata.get("feature_names");
            if (names == null || !Arrays.asList(names.split(",")).equals(spec.names())) {
                throw new ModelRejectedException(
                        file + " declares features '" + names + "', expected " + String.join(",", spec.names()));
            }
            Map<String, NodeInfo> inputs = session.getInputInfo();
            if (inputs.size() != 1) {
                throw new ModelRejectedException(file + " has inputs " + inputs.keySet() + ", expected exactly one");
            }
            NodeInfo input = inputs.values().iterator().next();
            if (!(input.getInfo() instanceof TensorInfo tensor)) {
                throw new ModelRejectedException(file + " input '" + input.getName() + "' is not a tensor");
            }
            long[] shape = tensor.getShape();
            if (shape.length != 2 || shape[1] != spec.size() || shape[0] == 0 || shape[0] > 1 && shape[0] != -1) {
                throw new ModelRejectedException(file + " input '" + input.getName() + "' has shape "
                        + Arrays.toString(shape) + ", expected [N, " + spec.size() + "]");
            }
            if (tensor.type != OnnxJavaType.FLOAT && tensor.type != OnnxJavaType.DOUBLE) {
                throw new ModelRejectedException(file + " input '" + input.getName() + "' has element type "
                        + tensor.type + ", expected float or double");
            }
            if (!session.getOutputNames().contains(OUTPUT)) {
                throw new ModelRejectedException(
                        file + " has outputs " + session.getOutputNames() + ", expected one named '" + OUTPUT + "'");
            }
            return new OnnxScorer(
                    environment, session, input.getName(), tensor.type == OnnxJavaType.DOUBLE, spec.size(), metadata);
        } catch (OrtException e) {
            throw new ModelRejectedException(file + " cannot be inspected: " + e.getMessage(), e);
        }
    }

    private void warmUp(FeatureSpec spec) throws ModelRejectedException {
        double[] zeros = new double[spec.size()];
        for (int i = 0; i < 3; i++) {
            double score;
            try {
                score = run(zeros);
            } catch (OrtException e) {
                throw new ModelRejectedException(
                        modelName + " " + modelVersion + " failed its warm-up run: " + e.getMessage(), e);
            }
            if (!(score >= 0.0 && score <= 1.0)) {
                throw new ModelRejectedException(modelName + " " + modelVersion + " returned score " + score
                        + " in its warm-up run, expected 0..1");
            }
        }
    }

    @Override
    public double score(FeatureVector features) {
        double[] values = features.values();
        if (values.length != width) {
            throw new InvalidFeaturesException("feature vector has " + values.length + " values, model " + modelName
                    + " " + modelVersion + " expects " + width);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new InvalidFeaturesException(
                        features.spec().names().get(i) + " '" + values[i] + "' is invalid: must be a finite number");
            }
        }
        try {
            return run(values);
        } catch (OrtException e) {
            throw new IllegalStateException(
                    "ONNX Runtime failed to score with " + modelName + " " + modelVersion + ": " + e.getMessage(), e);
        }
    }

    private double run(double[] values) throws OrtException {
        long[] shape = {1, values.length};
        try (OnnxTensor tensor = tensor(values, shape);
                OrtSession.Result result = session.run(Map.of(inputName, tensor), java.util.Set.of(OUTPUT))) {
            OnnxValue output = result.get(OUTPUT).orElseThrow();
            return firstValue((OnnxTensor) output);
        }
    }

    private OnnxTensor tensor(double[] values, long[] shape) throws OrtException {
        if (doubleInput) {
            return OnnxTensor.createTensor(environment, DoubleBuffer.wrap(values), shape);
        }
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return OnnxTensor.createTensor(environment, FloatBuffer.wrap(floats), shape);
    }

    private static double firstValue(OnnxTensor output) {
        return switch (output.getInfo().type) {
            case DOUBLE -> output.getDoubleBuffer().get(0);
            case FLOAT -> output.getFloatBuffer().get(0);
            default ->
                throw new IllegalStateException("output '" + OUTPUT + "' has element type " + output.getInfo().type
                        + ", expected float or double");
        };
    }

    @Override
    public String modelName() {
        return modelName;
    }

    @Override
    public String modelVersion() {
        return modelVersion;
    }

    @Override
    public double defaultAlertThreshold() {
        return alertThreshold;
    }

    @Override
    public double defaultRecordThreshold() {
        return recordThreshold;
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static Map<String, String> metadata(OrtSession session) throws OrtException {
        OnnxModelMetadata metadata = session.getMetadata();
        return metadata.getCustomMetadata();
    }

    private static String required(Map<String, String> metadata, String key) throws ModelRejectedException {
        String value = metadata.get(key);
        if (value == null || value.isBlank()) {
            throw new ModelRejectedException("model metadata '" + key + "' is missing");
        }
        return value;
    }

    private static double threshold(Map<String, String> metadata, String key, double fallback)
            throws ModelRejectedException {
        String value = metadata.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value);
            if (parsed >= 0.0 && parsed <= 1.0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Reported below together with out-of-range values.
        }
        throw new ModelRejectedException("model metadata " + key + " '" + value + "' is invalid: must be 0..1");
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // Closing only frees native memory; there is nothing left to recover.
        }
    }
}
