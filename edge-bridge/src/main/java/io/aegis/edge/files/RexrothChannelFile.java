package io.aegis.edge.files;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aegis.edge.openprotocol.CurveSequence;
import io.aegis.proto.v1.TighteningResult;
import io.aegis.proto.v1.TorqueSample;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Reads one tightening recorded by a Bosch Rexroth controller in its "channel" JSON export.
 *
 * <p>The file's {@code date} is the controller's local time when the run started, without a zone; each graph point
 * adds its {@code time values} entry (seconds). The graphs of consecutive steps share their boundary point, which is
 * kept once. Points inside a step may repeat a time with other values; they are kept, as samples with the same
 * timestamp and consecutive sequence numbers. The result's limits and target come from the last step's torque functions ({@code TF Torque},
 * {@code MF TorqueMin}, {@code MFs TorqueMax}).
 */
final class RexrothChannelFile {

    static final String SOURCE = "rexroth-file";

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withResolverStyle(ResolverStyle.STRICT);
    private static final ObjectMapper JSON = new ObjectMapper();

    private RexrothChannelFile() {}

    /** The result and samples read from one file. */
    record Tightening(TighteningResult result, List<TorqueSample> samples) {}

    /**
     * Parses a file.
     *
     * @throws InvalidFileException naming the field, the value and the rule when the file cannot be used
     */
    static Tightening parse(byte[] content, String stationId, ZoneId zone) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (JsonProcessingException e) {
            throw new InvalidFileException("body", abbreviate(e.getOriginalMessage()), "must be valid JSON");
        } catch (IOException e) {
            throw new InvalidFileException("body", abbreviate(e.getMessage()), "must be valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidFileException("body", "", "must be a JSON object");
        }
        require(root, "format", "channel".equals(root.path("format").asText()), "must be \"channel\"");
        require(root, "torque unit", "Nm".equals(root.path("torque unit").asText()), "must be \"Nm\"");
        long cycle = cycle(root);
        long start = start(root, zone);
        JsonNode steps = root.path("tightening steps");
        require(root, "tightening steps", steps.isArray() && !steps.isEmpty(), "must be a non-empty array");

        List<TorqueSample> samples = samples(steps, stationId, cycle, start);
        if (samples.isEmpty()) {
            throw new InvalidFileException("tightening steps[].graph", "", "must contain at least one point");
        }
        TorqueSample last = samples.get(samples.size() - 1);
        JsonNode finalStep = steps.get(steps.size() - 1);
        double peak =
                samples.stream().mapToDouble(TorqueSample::getTorque).max().orElse(0);
        TighteningResult result = TighteningResult.newBuilder()
                .setStationId(stationId)
                .setTighteningId(Long.toString(cycle))
                .setTimestamp(last.getTimestamp())
                .setOk("OK".equals(root.path("result").asText()))
                .setFinalTorque(function(finalStep, "TF Torque", "act", peak))
                .setFinalAngleDeg(last.getAngleDeg())
                .setTorqueMin(function(finalStep, "MF TorqueMin", "nom", 0))
                .setTorqueMax(function(finalStep, "MFs TorqueMax", "nom", 0))
                .setTorqueTarget(function(
                        finalStep,
                        "TF Torque",
                        "nom",
                        root.path("nominal torque").asDouble()))
                .setVinReported(root.path("id code").asText("").strip())
                .setController(root.path("hardware").asText("").strip())
                .setSpindle(spindle(root))
                .setDurationMs(last.getTimestamp() - samples.get(0).getTimestamp())
                .setSource(SOURCE)
                .setRawStatus(rawStatus(root, steps))
                .build();
        return new Tightening(result, samples);
    }

    private static long cycle(JsonNode root) {
        JsonNode cycle = root.path("cycle");
        require(root, "cycle", cycle.canConvertToLong() && cycle.asLong() > 0, "must be a positive integer");
        return cycle.asLong();
    }

    private static long start(JsonNode root, ZoneId zone) {
        String date = root.path("date").asText("");
        try {
            return LocalDateTime.parse(date, DATE).atZone(zone).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new InvalidFileException("date", date, "must be local time as YYYY-MM-DD HH:MM:SS");
        }
    }

    private static List<TorqueSample> samples(JsonNode steps, String stationId, long cycle, long start) {
        List<TorqueSample> samples = new ArrayList<>();
        double previousTime = Double.NEGATIVE_INFINITY;
        double previousTorque = Double.NaN;
        String tighteningId = Long.toString(cycle);
        for (int s = 0; s < steps.size(); s++) {
            JsonNode graph = steps.get(s).path("graph");
            JsonNode times = graph.path("time values");
            JsonNode torques = graph.path("torque values");
            JsonNode angles = graph.path("angle values");
            String prefix = "tightening steps[" + s + "].graph.";
            if (!times.isArray() || !torques.isArray() || torques.size() != times.size()) {
                throw new InvalidFileException(
                        prefix + "torque values",
                        String.valueOf(torques.size()),
                        "must be an array as long as time values (" + times.size() + ")");
            }
            boolean hasAngle = angles.isArray() && angles.size() == times.size();
            for (int i = 0; i < times.size(); i++) {
                double time = number(times.get(i), prefix + "time values[" + i + "]");
                double torque = number(torques.get(i), prefix + "torque values[" + i + "]");
                if (i == 0 && time == previousTime && torque == previousTorque) {
                    continue;
                }
                previousTime = time;
                previousTorque = torque;
                TorqueSample.Builder sample = TorqueSample.newBuilder()
                        .setStationId(stationId)
                        .setTorque(torque)
                        .setTimestamp(start + Math.round(time * 1000))
                        .setSeq(CurveSequence.of(cycle, samples.size()))
                        .setTighteningId(tighteningId)
                        .setSource(SOURCE);
                if (hasAngle) {
                    sample.setAngleDeg(number(angles.get(i), prefix + "angle values[" + i + "]"))
                            .setHasAngle(true);
                }
                samples.add(sample.build());
            }
        }
        return samples;
    }

    private static double number(JsonNode node, String field) {
        if (node == null || !node.isNumber() || !Double.isFinite(node.asDouble())) {
            throw new InvalidFileException(field, String.valueOf(node), "must be a finite number");
        }
        return node.asDouble();
    }

    private static double function(JsonNode step, String name, String key, double fallback) {
        for (JsonNode function : step.path("tightening functions")) {
            if (name.equals(function.path("name").asText())
                    && function.path(key).isNumber()) {
                return function.path(key).asDouble();
            }
        }
        return fallback;
    }

    private static int spindle(JsonNode root) {
        String spindle = root.path("spindle id").asText("").strip();
        return spindle.matches("\\d{1,9}") ? Integer.parseInt(spindle) : 0;
    }

    private static String rawStatus(JsonNode root, JsonNode steps) {
        StringJoiner raw = new StringJoiner(";");
        raw.add("result=" + root.path("result").asText());
        raw.add("quality_code=" + root.path("quality code").asText().strip());
        StringJoiner stepResults = new StringJoiner(",");
        for (JsonNode step : steps) {
            stepResults.add(
                    step.path("name").asText() + ":" + step.path("result").asText());
        }
        raw.add("steps=" + stepResults);
        return raw.toString();
    }

    private static void require(JsonNode root, String field, boolean condition, String rule) {
        if (!condition) {
            throw new InvalidFileException(field, root.path(field).toString(), rule);
        }
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 200 ? String.valueOf(text) : text.substring(0, 200) + "...";
    }
}
