package io.aegis.queryside;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.aegis.proto.v1.MesEvent;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TorqueSample;
import io.aegis.queryside.clickhouse.ClickHouseGateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A simulated plant with a known expected VIN and firmware for every sample: three stations at 200 Hz for 12 s, vehicles coming and
 * going with gaps, firmware flashes, telemetry delivered shuffled within 5 s, MES events delivered up to 2 s after
 * the samples they cover, and a burst of samples taken 10 minutes earlier delivered last. Every stored sample must
 * carry the VIN and firmware of the vehicle that occupied its station at its timestamp.
 */
class GroundTruthAcceptanceTest {

    private static final List<String> STATIONS = List.of("s1", "s2", "s3");
    private static final long SAMPLE_PERIOD_MS = 5;
    private static final long PLANT_MS = 12_000;
    private static final int SAMPLES_PER_MESSAGE = 20;

    private TestEnvironment env;

    @BeforeEach
    void setUp() throws Exception {
        env = new TestEnvironment();
    }

    @AfterEach
    void tearDown() throws Exception {
        env.close();
    }

    /** One vehicle's stay at a station, with an optional flash during it. */
    record Stay(String station, String workOrder, String vin, long arrivedAt, long leftAt, long flashedAt, String fw) {
        boolean covers(long timestamp) {
            return arrivedAt <= timestamp && timestamp < leftAt;
        }
    }

    /** The stay that covers a sample (null when the station was empty) and the sample's timestamp. */
    record Expected(Stay stay, long timestamp) {
        String vin() {
            return stay == null ? "" : stay.vin();
        }

        String firmware() {
            return stay != null && stay.flashedAt() != 0 && timestamp >= stay.flashedAt() ? stay.fw() : "";
        }
    }

    /** Something to publish at a wall-clock time. */
    record Delivery(long at, MesEvent event, TelemetryBatch batch) {}

    @Test
    void everySampleCarriesVinOfItsTime() throws Exception {
        Random random = new Random(42);
        ConfigurableApplicationContext service = env.start(Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() -> TestEnvironment.isReady(service));

        long t0 = System.currentTimeMillis() + 2_000;
        List<Stay> stays = new ArrayList<>();
        for (String station : STATIONS) {
            long at = t0 + 100 + random.nextInt(400);
            for (int i = 0; at < t0 + PLANT_MS; i++) {
                long left = Math.min(at + 2_500 + random.nextInt(1_000), t0 + PLANT_MS + 500);
                boolean flashes = random.nextBoolean();
                stays.add(new Stay(
                        station,
                        "wo-" + station + "-" + i,
                        vin(station, i),
                        at,
                        left,
                        flashes ? at + 500 : 0,
                        flashes ? "v" + i + ".0." + station : ""));
                at = left + 300 + random.nextInt(400);
            }
        }
        long lateStart = t0 - 600_000;
        Stay late = new Stay("s1", "wo-late", vin("late", 0), lateStart, lateStart + 3_000, lateStart + 1_000, "v9.9");
        List<Delivery> deliveries = new ArrayList<>();
        deliveries.addAll(mesDeliveries(late, t0 - 1_500, random));
        for (Stay stay : stays) {
            deliveries.addAll(mesDeliveries(stay, -1, random));
        }

        Map<String, Expected> expected = new HashMap<>();
        for (String station : STATIONS) {
            long seq = 1;
            List<TorqueSample> pending = new ArrayList<>();
            for (long ts = t0; ts < t0 + PLANT_MS; ts += SAMPLE_PERIOD_MS) {
                TorqueSample sample = sample(station, seq, ts, random);
                expected.put(station + "/" + seq, new Expected(find(stays, station, ts), ts));
                seq++;
                pending.add(sample);
                if (pending.size() == SAMPLES_PER_MESSAGE) {
                    long deliverAt = ts + random.nextInt(5_001);
                    deliveries.add(new Delivery(deliverAt, null, TestEnvironment.batch(station, pending)));
                    pending = new ArrayList<>();
                }
            }
        }
        List<TorqueSample> burst = new ArrayList<>();
        long lateSeq = 1_000_000;
        for (long ts = lateStart - 500; ts < late.leftAt() + 500; ts += SAMPLE_PERIOD_MS) {
            burst.add(sample("s1", lateSeq, ts, random));
            expected.put("s1/" + lateSeq, new Expected(late.covers(ts) ? late : null, ts));
            lateSeq++;
        }
        for (int i = 0; i < burst.size(); i += SAMPLES_PER_MESSAGE) {
            List<TorqueSample> part = burst.subList(i, Math.min(burst.size(), i + SAMPLES_PER_MESSAGE));
            deliveries.add(new Delivery(t0 + PLANT_MS + 1_000, null, TestEnvironment.batch("s1", part)));
        }

        deliveries.sort(Comparator.comparingLong(Delivery::at));
        for (Delivery delivery : deliveries) {
            long waitMs = delivery.at() - System.currentTimeMillis();
            if (waitMs > 0) {
                LockSupport.parkNanos(waitMs * 1_000_000);
            }
            if (delivery.event() != null) {
                env.publish(delivery.event());
            } else {
                env.publish(delivery.batch());
            }
        }

        String select = "SELECT station_id, seq, vin, firmware, status FROM " + env.table("telemetry") + " FINAL";
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> mismatches(env.clickHouse.query(select), expected).isEmpty()
                        && env.clickHouse.query(select).size() == expected.size());

        List<JsonNode> rows = env.clickHouse.query(select);
        long joinedExpected =
                expected.values().stream().filter(e -> e.stay() != null).count();
        long joined = rows.stream().filter(r -> status(r).equals("JOINED")).count();
        long empty =
                rows.stream().filter(r -> status(r).equals("NO_WORK_ORDER")).count();
        long blankWhereWorkOrder = rows.stream()
                .filter(r -> expected.get(key(r)).stay() != null)
                .filter(r -> ClickHouseGateway.stringValue(r, "vin").isEmpty())
                .count();
        assertThat(rows).hasSize(expected.size());
        assertThat(joined).isEqualTo(joinedExpected);
        assertThat(empty).isEqualTo(expected.size() - joinedExpected);
        assertThat(blankWhereWorkOrder).isZero();
        assertThat(mismatches(rows, expected)).isEmpty();
        long lateJoined = rows.stream()
                .filter(r -> ClickHouseGateway.stringValue(r, "vin").equals(late.vin()))
                .count();
        assertThat(lateJoined)
                .isEqualTo(
                        expected.values().stream().filter(e -> e.stay() == late).count());
        assertThat(lateJoined).isPositive();
    }

    private static List<String> mismatches(List<JsonNode> rows, Map<String, Expected> expected) {
        List<String> wrong = new ArrayList<>();
        for (JsonNode row : rows) {
            Expected want = expected.get(key(row));
            String vin = ClickHouseGateway.stringValue(row, "vin");
            String firmware = ClickHouseGateway.stringValue(row, "firmware");
            if (want == null) {
                wrong.add(key(row) + " was never published");
            } else if (!vin.equals(want.vin()) || !firmware.equals(want.firmware())) {
                wrong.add(key(row) + " at " + want.timestamp() + " stored " + vin + "/" + firmware + ", expected "
                        + want.vin() + "/" + want.firmware());
            }
        }
        return wrong;
    }

    private static String key(JsonNode row) {
        return ClickHouseGateway.stringValue(row, "station_id") + "/" + ClickHouseGateway.longValue(row, "seq");
    }

    private static String status(JsonNode row) {
        return ClickHouseGateway.stringValue(row, "status");
    }

    private static Stay find(List<Stay> stays, String station, long timestamp) {
        return stays.stream()
                .filter(s -> s.station().equals(station) && s.covers(timestamp))
                .findFirst()
                .orElse(null);
    }

    /**
     * MES events of one stay. With {@code fixedAt} >= 0 all are delivered then; otherwise each is delivered up to 2 s
     * after it occurred.
     */
    private static List<Delivery> mesDeliveries(Stay stay, long fixedAt, Random random) {
        List<MesEvent> events = new ArrayList<>();
        events.add(MesEvents.created(stay.workOrder(), stay.vin(), stay.arrivedAt() - 1_000));
        events.add(MesEvents.arrived(stay.workOrder(), stay.vin(), stay.station(), stay.arrivedAt()));
        if (stay.flashedAt() != 0) {
            events.add(MesEvents.flashed(
                    stay.workOrder(), stay.vin(), stay.station(), "bcm", stay.fw(), stay.flashedAt()));
        }
        events.add(MesEvents.left(stay.workOrder(), stay.vin(), stay.station(), stay.leftAt()));
        List<Delivery> deliveries = new ArrayList<>();
        long previous = Long.MIN_VALUE;
        for (MesEvent event : events) {
            // The MES publishes a work order's events in order, so a lag never reorders them.
            long at = fixedAt >= 0 ? fixedAt : Math.max(previous, event.getOccurredAt() + random.nextInt(2_001));
            deliveries.add(new Delivery(at, event, null));
            previous = at;
        }
        return deliveries;
    }

    private static TorqueSample sample(String station, long seq, long timestamp, Random random) {
        return TorqueSample.newBuilder()
                .setStationId(station)
                .setSeq(seq)
                .setTimestamp(timestamp)
                .setTorque(40 + random.nextDouble() * 10)
                .setSource("ground-truth")
                .build();
    }

    private static String vin(String station, int index) {
        String base = "GT" + station.toUpperCase() + "X" + String.format("%010d", index);
        return (base + "00000000000000000").substring(0, 17);
    }
}
