package io.aegis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.api.clickhouse.ClickHouseReader;
import io.aegis.api.security.Role;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.graphql.test.tester.HttpGraphQlTester;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GraphQlQueriesTest {

    static final long T0 = 1_714_234_567_890L;
    static final String VIN_A = "1HGBH41JXMN100005";
    static final String VIN_B = "1HGBH41JXMN100006";

    static final TestClickHouse clickHouse = TestClickHouse.create();
    static final TestNats nats = TestNats.create();

    @LocalServerPort
    int port;

    @Autowired
    ClickHouseReader reader;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.register(registry, clickHouse, nats);
    }

    @BeforeAll
    static void seed() {
        clickHouse.insert(
                "station_occupancy",
                List.of(
                        occupancy("5", "wo-1", VIN_A, T0 - 60_000, 0, 1),
                        occupancy("6", "wo-2", VIN_B, T0 - 120_000, T0 - 90_000, 1),
                        // Station 7: the vehicle left in a later row version, so the station is empty now.
                        occupancy("7", "wo-3", "VIN7", T0 - 50_000, 0, 1),
                        occupancy("7", "wo-3", "VIN7", T0 - 50_000, T0 - 10_000, 2)));
        clickHouse.insert(
                "firmware_history",
                List.of(
                        flash("f1", VIN_A, "BCM", "v2.1.3", "OK", T0 - 50_000),
                        flash("f2", VIN_A, "ABS", "v1.0.0", "OK", T0 - 45_000),
                        flash("f3", VIN_A, "BCM", "v2.1.4", "OK", T0 - 40_000),
                        flash("f4", VIN_A, "ABS", "v9.9.9", "FAILED", T0 - 30_000)));
        List<Map<String, Object>> samples = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            samples.add(sample("5", i + 1, T0 + i * 10L, 40.0 + i, VIN_A, 1));
        }
        // Corrected row: the first version joined VIN_A, the newer one VIN_B; only the newer one may be returned.
        samples.add(sample("5", 100, T0 + 500, 12.5, VIN_A, 1));
        samples.add(sample("5", 100, T0 + 500, 12.5, VIN_B, 2));
        clickHouse.insert("telemetry", samples);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        clickHouse.close();
        nats.close();
    }

    HttpGraphQlTester graphQl() {
        WebTestClient client = WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port + "/graphql")
                .defaultHeader("X-API-Key", TestProperties.key(Role.ADMIN))
                .build();
        return HttpGraphQlTester.create(client);
    }

    @Test
    void stationsShowCurrentVehicleAndFirmware() {
        List<Map<String, Object>> stations = graphQl()
                .document("{ stations { id vin workOrderId arrivedAt firmware firmwareEcus { ecu version } } }")
                .execute()
                .path("stations")
                .entityList(Map.class)
                .get()
                .stream()
                .map(station -> (Map<String, Object>) station)
                .toList();

        assertThat(stations).extracting(station -> station.get("id")).containsExactly("5", "6", "7");
        Map<String, Object> five = stations.get(0);
        assertThat(five.get("vin")).isEqualTo(VIN_A);
        assertThat(five.get("workOrderId")).isEqualTo("wo-1");
        assertThat(((Number) five.get("arrivedAt")).longValue()).isEqualTo(T0 - 60_000);
        assertThat(five.get("firmware")).isEqualTo("v2.1.4");
        assertThat((List<Map<String, Object>>) five.get("firmwareEcus"))
                .extracting(ecu -> ecu.get("ecu") + "=" + ecu.get("version"))
                .containsExactly("BCM=v2.1.4", "ABS=v1.0.0");
        assertThat(stations.get(1).get("vin")).isNull();
        assertThat(stations.get(2).get("vin")).isNull();
        assertThat((List<?>) stations.get(2).get("firmwareEcus")).isEmpty();
    }

    @Test
    void telemetryByVinReturnsLatestRowVersions() {
        List<Map<String, Object>> samples = telemetry(VIN_A, T0, T0 + 1_000, 100);

        assertThat(samples).hasSize(5);
        assertThat(samples)
                .extracting(sample -> ((Number) sample.get("seq")).longValue())
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        Map<String, Object> first = samples.get(0);
        assertThat(((Number) first.get("timestamp")).longValue()).isEqualTo(T0);
        assertThat(first.get("torque")).isEqualTo(40.0);
        assertThat(first.get("firmware")).isEqualTo("v2.1.4");
        assertThat(first.get("status")).isEqualTo("JOINED");
        assertThat(telemetry(VIN_B, T0, T0 + 1_000, 100))
                .extracting(sample -> ((Number) sample.get("seq")).longValue())
                .containsExactly(100L);
    }

    @Test
    void telemetryHonoursRangeAndLimit() {
        assertThat(telemetry(VIN_A, T0 + 10, T0 + 40, 100)).hasSize(3);
        assertThat(telemetry(VIN_A, T0, T0 + 1_000, 2)).hasSize(2);
    }

    @Test
    void telemetryRejectsInjectionInVin() {
        for (String vin :
                List.of("X' OR 1=1 --", "A'; DROP TABLE telemetry", "A UNION SELECT 1", "A/*c*/", "A".repeat(5000))) {
            graphQl()
                    .document("query($vin: String!) { telemetry(vin: $vin, from: " + T0 + ", to: " + (T0 + 1000)
                            + ") { seq } }")
                    .variable("vin", vin)
                    .execute()
                    .errors()
                    .satisfy(errors -> {
                        assertThat(errors).hasSize(1);
                        assertThat(errors.get(0).getMessage())
                                .startsWith("vin '")
                                .contains("is invalid");
                        assertThat(errors.get(0).getExtensions()).containsEntry("field", "vin");
                    });
        }
    }

    @Test
    void telemetryRejectsReversedRange() {
        graphQl()
                .document("{ telemetry(vin: \"" + VIN_A + "\", from: " + (T0 + 10) + ", to: " + T0 + ") { seq } }")
                .execute()
                .errors()
                .satisfy(errors -> assertThat(errors.get(0).getMessage()).contains("must be greater than from"));
    }

    @Test
    void stationPageCostsFixedRoundTrips() {
        long before = reader.roundTrips();

        graphQl()
                .document("{ stations { id firmware firmwareEcus { ecu } lastSample { seq torque } } }")
                .execute()
                .path("stations[0].lastSample.seq")
                .entity(Long.class)
                .isEqualTo(100L);

        // stations, firmware for every VIN, last sample for every station.
        assertThat(reader.roundTrips() - before).isEqualTo(3);
    }

    private List<Map<String, Object>> telemetry(String vin, long from, long to, int limit) {
        return graphQl()
                .document("query($vin: String!, $from: Long!, $to: Long!, $limit: Int) {"
                        + " telemetry(vin: $vin, from: $from, to: $to, limit: $limit) {"
                        + " seq timestamp torque vin firmware status stationId } }")
                .variable("vin", vin)
                .variable("from", from)
                .variable("to", to)
                .variable("limit", limit)
                .execute()
                .path("telemetry")
                .entityList(Map.class)
                .get()
                .stream()
                .map(sample -> (Map<String, Object>) sample)
                .toList();
    }

    static Map<String, Object> occupancy(
            String station, String workOrder, String vin, long arrivedAt, long leftAt, long version) {
        return Map.of(
                "station_id", station,
                "work_order_id", workOrder,
                "vin", vin,
                "arrived_at", arrivedAt,
                "left_at", leftAt,
                "version", version);
    }

    static Map<String, Object> flash(String eventId, String vin, String ecu, String firmware, String result, long at) {
        return Map.of(
                "event_id", eventId,
                "work_order_id", "wo-1",
                "vin", vin,
                "station_id", "5",
                "ecu", ecu,
                "firmware", firmware,
                "result", result,
                "flashed_at", at);
    }

    static Map<String, Object> sample(
            String station, long seq, long timestamp, double torque, String vin, long version) {
        Map<String, Object> row = new HashMap<>();
        row.put("station_id", station);
        row.put("seq", seq);
        row.put("timestamp", timestamp);
        row.put("torque", torque);
        row.put("vin", vin);
        row.put("firmware", "v2.1.4");
        row.put("firmware_ecus", "{\"BCM\":\"v2.1.4\"}");
        row.put("work_order_id", "wo-1");
        row.put("status", "JOINED");
        row.put("ingest_timestamp", timestamp + 5);
        row.put("version", version);
        return row;
    }
}
