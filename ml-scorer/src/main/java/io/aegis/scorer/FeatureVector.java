package io.aegis.scorer;

import java.util.LinkedHashMap;
import java.util.Map;

/** Feature values of one sample, in the order of its {@link FeatureSpec}. */
public record FeatureVector(FeatureSpec spec, double[] values) {

    public FeatureVector {
        if (values.length != spec.size()) {
            throw new IllegalArgumentException("feature vector has " + values.length + " values, but spec "
                    + spec.version() + " declares " + spec.size());
        }
    }

    public double get(String name) {
        int index = spec.names().indexOf(name);
        if (index < 0) {
            throw new IllegalArgumentException("feature '" + name + "' is not in spec " + spec.version());
        }
        return values[index];
    }

    /** Returns name to value, in spec order. */
    public Map<String, Double> asMap() {
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            map.put(spec.names().get(i), values[i]);
        }
        return map;
    }
}
