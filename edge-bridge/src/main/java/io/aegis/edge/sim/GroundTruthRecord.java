package io.aegis.edge.sim;

import java.util.Map;

/**
 * One line of ground truth.
 *
 * @param file the JSON-lines file it belongs in, without extension: {@code occupancy}, {@code faults} or
 *     {@code defects}
 * @param fields the line's fields, in output order
 */
public record GroundTruthRecord(String file, Map<String, Object> fields) {

    public static final String OCCUPANCY = "occupancy";
    public static final String FAULTS = "faults";
    public static final String DEFECTS = "defects";
}
