package io.aegis.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.aegis.api.clickhouse.ClickHouseReader;
import io.aegis.api.grpc.GrpcServer;
import io.aegis.api.security.Role;
import io.aegis.proto.v1.DefectAlert;
import io.aegis.proto.v1.EcuVersion;
import io.aegis.proto.v1.TimeTravelGrpc;
import io.aegis.proto.v1.VinAtRequest;
import io.aegis.proto.v1.VinAtResponse;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    /** Visits station 7 after VIN7 left; its arrival was corrected from T0 + 100 s to T0 + 104 s. */
    static final String VIN_C = "1HGBH41JXMN100007";

    static final TestClickHouse clickHouse = TestClickHouse.create();
    static final TestNats nats = TestNats.create();

    @LocalServerPort
    int port;

    @Autowired
    ClickHouseReader reader;

    @Autowired
    GrpcServer grpcServer;

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
        // Station 6: a visit replaced by a correction keeps its old, still open row; it must not count as present.
        clickHouse.insert(
                "station_occupancy",
                List.of(Map.of(
                        "station_id", "6",
                        "work_order_id", "wo-x",
                        "vin", "VINX",
                        "arrived_at", T0 - 130_000,
                        "left_at", 0,
                        "superseded_by", "c-1",
                        "version", 3)));
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
        seedCorrectedVisit();
        List<Map<String, Object>> crowd = new ArrayList<>();
        for (int i = 10; i < 60; i++) {
            crowd.add(occupancy("s" + i, "wo-s" + i, "VINS" + i, T0 - 1_000, 0, 1));
        }
        clickHouse.insert("station_occupancy", crowd);
        clickHouse.insert(
                "mes_events",
                List.of(
                        event(
                                "e1",
                                "wo-1",
                                VIN_A,
                                0,
                                "created",
                                "",
                                T0 - 70_000,
                                T0 - 70_000,
                                "",
                                "{\"model\":\"sedan\"}"),
                        event("e2", "wo-1", VIN_A, 1, "released", "", T0 - 65_000, T0 - 65_000, "", "{}"),
                        event("e3", "wo-1", VIN_A, 2, "arrived", "5", T0 - 60_000, T0 - 60_000, "", "{}"),
                        event("e4", "wo-1", VIN_A, 3, "defect_reported", "", T0 + 3_600_000, T0 + 3_600_000, "", "{}"),
                        event("f1", "wo-2", VIN_B, 0, "created", "", T0 - 200_000, T0 - 200_000, "", "{}"),
                        event("f2", "wo-2", VIN_B, 1, "released", "", T0 - 190_000, T0 - 190_000, "", "{}"),
                        event("f3", "wo-2", VIN_B, 2, "arrived", "6", T0 - 120_000, T0 - 120_000, "", "{}"),
                        event("f4", "wo-2", VIN_B, 3, "left", "6", T0 - 90_000, T0 - 90_000, "", "{}"),
                        event("f5", "wo-2", VIN_B, 4, "completed", "", T0 - 80_000, T0 - 80_000, "", "{}"),
                        // Recorded an hour later: corrects the arrival time of f3.
                        event(
                                "f6",
                                "wo-2",
                                VIN_B,
                                5,
                                "station_visit_corrected",
                                "6",
                                T0 - 125_000,
                                T0 + 3_600_000,
                                "f3",
                                "{}")));
        clickHouse.insert(
                "defects",
                List.of(Map.of(
                        "event_id", "e4",
                        "work_order_id", "wo-1",
                        "vin", VIN_A,
                        "code", "STEERING_PULL",
                        "description", "pulls left",
                        "detected_at", T0 + 3_600_000,
                        "reported_at", T0 + 3_600_500,
                        "source", "eol",
                        "station_id", "9")));
        clickHouse.insert(
                "alerts",
                List.of(Map.of(
                        "alert_id",
                        "al-1",
                        "stream_seq",
                        42,
                        "station_id",
                        "5",
                        "anomaly_score",
                        0.97,
                        "trigger_torque_nm",
                        44.0,
                        "timestamp",
                        T0 + 40,
                        "vin",
                        VIN_A,
                        "firmware",
                        "v2.1.4",
                        "model_name",
                        "zscore",
                        "model_version",
                        "1")));
    }

    /**
     * Seeds VIN_C at station 7, whose visit [T0 + 100 s, T0 + 110 s) was corrected to start at T0 + 104 s. The sample
     * and score taken at T0 + 101 s still carry VIN_C because they were joined before the correction.
     */
    static void seedCorrectedVisit() {
        Map<String, Object> superseded = new HashMap<>(occupancy("7", "wo-4", VIN_C, T0 + 100_000, T0 + 110_000, 2));
        superseded.put("superseded_by", "c-2");
        clickHouse.insert(
                "station_occupancy", List.of(superseded, occupancy("7", "wo-4", VIN_C, T0 + 104_000, T0 + 110_000, 1)));
        clickHouse.insert(
                "telemetry",
                List.of(sample("7", 1, T0 + 101_000, 30.0, VIN_C, 1), sample("7", 2, T0 + 105_000, 31.0, VIN_C, 1)));
        clickHouse.insert(
                "scores",
                List.of(score(1, T0 + 101_000, VIN_C), score(2, T0 + 105_000, VIN_C), score(3, T0 + 108_000, VIN_C)));
    }

    static Map<String, Object> score(long seq, long timestamp, String vin) {
        return Map.of(
                "station_id",
                "7",
                "seq",
                seq,
                "timestamp",
                timestamp,
                "score",
                0.9,
                "torque",
                30.0,
                "vin",
                vin,
                "model_name",
                "zscore",
                "model_version",
                "1");
    }

    static Map<String, Object> event(
            String id,
            String workOrder,
            String vin,
            long sequence,
            String type,
            String station,
            long occurredAt,
            long recordedAt,
            String corrects,
            String payload) {
        Map<String, Object> row = new HashMap<>();
        row.put("event_id", id);
        row.put("work_order_id", workOrder);
        row.put("vin", vin);
        row.put("aggregate_sequence", sequence);
        row.put("event_type", type);
        row.put("station_id", station);
        row.put("occurred_at", occurredAt);
        row.put("recorded_at", recordedAt);
        row.put("corrects_event_id", corrects);
        row.put("payload_json", payload);
        return row;
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

        assertThat(stations).hasSize(53);
        assertThat(stations.subList(0, 3))
                .extracting(station -> station.get("id"))
                .containsExactly("5", "6", "7");
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

        var response = graphQl()
                .document("{ stations { id firmware firmwareEcus { ecu } lastSample { seq torque }"
                        + " workOrder { id state stationId firmware { ecu } } } }")
                .execute();

        // stations, firmware of every VIN, work orders of every station, last sample of every station.
        assertThat(reader.roundTrips() - before).isEqualTo(4);
        response.path("stations").entityList(Object.class).hasSize(53);
        response.path("stations[0].lastSample.seq").entity(Long.class).isEqualTo(100L);
        response.path("stations[0].workOrder.state").entity(String.class).isEqualTo("IN_PROGRESS");
        response.path("stations[0].workOrder.stationId").entity(String.class).isEqualTo("5");
        response.path("stations[3].workOrder").valueIsNull();
    }

    @Test
    void workOrdersPageWithCursor() {
        var first = graphQl()
                .document("{ workOrders(first: 1) { edges { cursor node { id vin model state createdAt } }"
                        + " pageInfo { hasNextPage endCursor } } }")
                .execute();
        first.path("workOrders.edges[0].node.id").entity(String.class).isEqualTo("wo-1");
        first.path("workOrders.edges[0].node.model").entity(String.class).isEqualTo("sedan");
        first.path("workOrders.edges[0].node.state").entity(String.class).isEqualTo("IN_PROGRESS");
        first.path("workOrders.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(true);
        String cursor =
                first.path("workOrders.pageInfo.endCursor").entity(String.class).get();

        var second = graphQl()
                .document("query($after: String) { workOrders(first: 1, after: $after) {"
                        + " edges { node { id state } } pageInfo { hasNextPage } } }")
                .variable("after", cursor)
                .execute();
        second.path("workOrders.edges[0].node.id").entity(String.class).isEqualTo("wo-2");
        second.path("workOrders.edges[0].node.state").entity(String.class).isEqualTo("COMPLETED");
        second.path("workOrders.pageInfo.hasNextPage").entity(Boolean.class).isEqualTo(false);
    }

    @Test
    void workOrdersFilterByStateAndStation() {
        graphQl()
                .document("{ workOrders(filter: {state: COMPLETED}) { edges { node { id } } } }")
                .execute()
                .path("workOrders.edges[*].node.id")
                .entityList(String.class)
                .containsExactly("wo-2");
        graphQl()
                .document("{ workOrders(filter: {stationId: \"5\"}) { edges { node { id defects { code } } } } }")
                .execute()
                .path("workOrders.edges[*].node.id")
                .entityList(String.class)
                .containsExactly("wo-1");
    }

    @Test
    void searchFindsReadingsOfVinsWithLaterDefect() {
        List<Long> seqs = graphQl()
                .document("{ telemetrySearch(filter: {from: " + T0 + ", to: " + (T0 + 1_000) + ", minTorque: 42.0,"
                        + " firmware: \"v2.1.4\", laterDefectCode: \"STEERING\"}) { seq vin torque } }")
                .execute()
                .path("telemetrySearch[*].seq")
                .entityList(Long.class)
                .get();

        assertThat(seqs).containsExactly(4L, 5L);
    }

    @Test
    void searchWithoutDefectFilterIncludesOtherVins() {
        List<Long> seqs = graphQl()
                .document("{ telemetrySearch(filter: {from: " + T0 + ", to: " + (T0 + 1_000) + ", maxTorque: 20.0})"
                        + " { seq } }")
                .execute()
                .path("telemetrySearch[*].seq")
                .entityList(Long.class)
                .get();

        assertThat(seqs).containsExactly(100L);
    }

    @Test
    void vinAtReplaysStateAndForesight() {
        var response = graphQl()
                .document("query($vin: String!, $at: Long!) { vinAt(vin: $vin, at: $at, windowMs: 1000) {"
                        + " station { stationId workOrderId arrivedAt leftAt }"
                        + " workOrder { workOrderId state lastEventType }"
                        + " firmware { ecu version }"
                        + " samples { downsampled totalSamples points { timestamp torque count } }"
                        + " alerts { alertId } scores { seq }"
                        + " foresight { sawItComing leadTimeMs defect { code } firstAlert { alertId } } } }")
                .variable("vin", VIN_A)
                .variable("at", T0 + 45)
                .execute();

        response.path("vinAt.station.stationId").entity(String.class).isEqualTo("5");
        response.path("vinAt.station.leftAt").valueIsNull();
        response.path("vinAt.workOrder.state").entity(String.class).isEqualTo("IN_PROGRESS");
        response.path("vinAt.workOrder.lastEventType").entity(String.class).isEqualTo("arrived");
        response.path("vinAt.firmware[*].version").entityList(String.class).containsExactly("v2.1.4", "v1.0.0");
        response.path("vinAt.samples.downsampled").entity(Boolean.class).isEqualTo(false);
        response.path("vinAt.samples.totalSamples").entity(Long.class).isEqualTo(5L);
        response.path("vinAt.alerts[*].alertId").entityList(String.class).containsExactly("al-1");
        response.path("vinAt.foresight.sawItComing").entity(Boolean.class).isEqualTo(true);
        response.path("vinAt.foresight.defect.code").entity(String.class).isEqualTo("STEERING_PULL");
        response.path("vinAt.foresight.firstAlert.alertId").entity(String.class).isEqualTo("al-1");
        response.path("vinAt.foresight.leadTimeMs").entity(Long.class).isEqualTo(3_600_000L - 40);
    }

    @Test
    void vinAtShowsFirmwareOfThatInstant() {
        graphQl()
                .document("{ vinAt(vin: \"" + VIN_A + "\", at: " + (T0 - 42_000) + ") { firmware { ecu version } } }")
                .execute()
                .path("vinAt.firmware[*].version")
                .entityList(String.class)
                .containsExactly("v1.0.0", "v2.1.3");
    }

    @Test
    void vinAtDownsamplesWideWindow() {
        var response = graphQl()
                .document("{ vinAt(vin: \"" + VIN_A + "\", at: " + (T0 + 20) + ", windowMs: 100, maxPoints: 2) {"
                        + " samples { downsampled bucketMs totalSamples points { count minTorque maxTorque } } } }")
                .execute();

        response.path("vinAt.samples.downsampled").entity(Boolean.class).isEqualTo(true);
        response.path("vinAt.samples.totalSamples").entity(Long.class).isEqualTo(5L);
        assertThat(response.path("vinAt.samples.points")
                        .entityList(Object.class)
                        .get())
                .hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void vinAtReadsSamplesOfCorrectedVisits() {
        var response = graphQl()
                .document("{ vinAt(vin: \"" + VIN_C + "\", at: " + (T0 + 106_000) + ", windowMs: 10000) {"
                        + " samples { totalSamples points { stationId timestamp } } scores { seq } } }")
                .execute();

        response.path("vinAt.samples.totalSamples").entity(Long.class).isEqualTo(2L);
        response.path("vinAt.samples.points[*].timestamp")
                .entityList(Long.class)
                .containsExactly(T0 + 101_000, T0 + 105_000);
        response.path("vinAt.scores[*].seq").entityList(Long.class).containsExactly(2L, 1L);
    }

    @Test
    void vinAtWithoutVisitsHasNoSamples() {
        var response = graphQl()
                .document("{ vinAt(vin: \"1HGBH41JXMN100009\", at: " + (T0 + 106_000) + ") {"
                        + " samples { totalSamples points { timestamp } } scores { seq } } }")
                .execute();

        response.path("vinAt.samples.totalSamples").entity(Long.class).isEqualTo(0L);
        response.path("vinAt.samples.points").entityList(Object.class).hasSize(0);
        response.path("vinAt.scores").entityList(Object.class).hasSize(0);
    }

    @Test
    void eventsAsKnownBeforeCorrection() {
        graphQl()
                .document("{ workOrderEvents(workOrderId: \"wo-2\", knownAt: " + T0 + ") { eventId } }")
                .execute()
                .path("workOrderEvents[*].eventId")
                .entityList(String.class)
                .containsExactly("f1", "f2", "f3", "f4", "f5");
        var later = graphQl()
                .document("{ workOrderEvents(workOrderId: \"wo-2\") { eventId correctsEventId correctedByEventId } }")
                .execute();
        later.path("workOrderEvents[2].correctedByEventId").entity(String.class).isEqualTo("f6");
        later.path("workOrderEvents[5].correctsEventId").entity(String.class).isEqualTo("f3");
    }

    @Test
    void mutationWithoutCommandSideReports503() {
        var response = graphQl()
                .document("mutation { releaseWorkOrder(idempotencyKey: \"k-1\", workOrderId: \"wo-1\") {"
                        + " ok problem { status code detail } } }")
                .execute();

        response.path("releaseWorkOrder.ok").entity(Boolean.class).isEqualTo(false);
        response.path("releaseWorkOrder.problem.status").entity(Integer.class).isEqualTo(503);
    }

    @Test
    void grpcTimeTravelMatchesGraphQl() throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcServer.port())
                .usePlaintext()
                .build();
        try {
            Metadata metadata = new Metadata();
            metadata.put(
                    Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), TestProperties.key(Role.AUDITOR));
            TimeTravelGrpc.TimeTravelBlockingStub stub = TimeTravelGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                    .withDeadlineAfter(10, TimeUnit.SECONDS);

            VinAtResponse response = stub.vinAt(VinAtRequest.newBuilder()
                    .setVin(VIN_A)
                    .setAt(T0 + 45)
                    .setWindowMs(1_000)
                    .build());
            StatusRuntimeException invalid = org.junit.jupiter.api.Assertions.assertThrows(
                    StatusRuntimeException.class,
                    () -> stub.vinAt(VinAtRequest.newBuilder()
                            .setVin("A' OR 1=1")
                            .setAt(T0)
                            .build()));

            assertThat(response.getStationId()).isEqualTo("5");
            assertThat(response.getWorkOrderState()).isEqualTo("IN_PROGRESS");
            assertThat(response.getFirmwareList())
                    .extracting(EcuVersion::getVersion)
                    .containsExactly("v2.1.4", "v1.0.0");
            assertThat(response.getSamplesCount()).isEqualTo(5);
            assertThat(response.getAlertsList())
                    .extracting(DefectAlert::getAlertId)
                    .containsExactly("al-1");
            assertThat(response.getSawItComing()).isTrue();
            assertThat(response.getLeadTimeMs()).isEqualTo(3_600_000L - 40);
            assertThat(invalid.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(invalid.getStatus().getDescription()).startsWith("vin '");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void tooComplexQueryIsRejected() {
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            fields.append(" a").append(i).append(": id");
        }

        graphQl()
                .document("{ stations { ...wide } } fragment wide on Station {" + fields + " }")
                .execute()
                .errors()
                .satisfy(errors -> {
                    assertThat(errors).hasSize(1);
                    assertThat(errors.get(0).getMessage()).containsIgnoringCase("complexity");
                });
    }

    @Test
    void cyclicFragmentsAreRejected() {
        graphQl()
                .document("query { stations { ...a } } fragment a on Station { id ...b }"
                        + " fragment b on Station { id ...a }")
                .execute()
                .errors()
                .satisfy(errors -> {
                    assertThat(errors).isNotEmpty();
                    assertThat(errors.get(0).getMessage()).containsIgnoringCase("fragment");
                });
    }

    @Test
    void injectionInTextArgumentsIsRejected() {
        List<String> attacks = List.of(
                "x' OR '1'='1",
                "a\\'; DROP TABLE telemetry --",
                "1 UNION SELECT * FROM system.tables",
                "a/* comment */",
                "Z".repeat(10_000));
        List<String> documents = List.of(
                "query($v: String!) { telemetry(vin: $v, from: " + T0 + ", to: " + (T0 + 1) + ") { seq } }",
                "query($v: ID!) { station(id: $v) { id } }",
                "query($v: String) { telemetrySearch(filter: {from: " + T0 + ", to: " + (T0 + 1)
                        + ", vin: $v}) { seq } }",
                "query($v: String) { telemetrySearch(filter: {from: " + T0 + ", to: " + (T0 + 1)
                        + ", stationId: $v}) { seq } }",
                "query($v: String) { telemetrySearch(filter: {from: " + T0 + ", to: " + (T0 + 1)
                        + ", firmware: $v}) { seq } }",
                "query($v: String) { telemetrySearch(filter: {from: " + T0 + ", to: " + (T0 + 1)
                        + ", builtWithFirmware: $v}) { seq } }",
                "query($v: String) { telemetrySearch(filter: {from: " + T0 + ", to: " + (T0 + 1)
                        + ", laterDefectCode: $v}) { seq } }",
                "query($v: String) { workOrders(filter: {vin: $v}) { edges { cursor } } }",
                "query($v: String) { workOrders(filter: {stationId: $v}) { edges { cursor } } }",
                "query($v: String) { workOrders(after: $v) { edges { cursor } } }",
                "query($v: ID!) { workOrder(id: $v) { id } }",
                "query($v: String) { recentAlerts(stationId: $v) { alertId } }",
                "query($v: String!) { vinAt(vin: $v, at: " + T0 + ") { vin } }",
                "query($v: ID!) { workOrderEvents(workOrderId: $v) { eventId } }");
        for (String document : documents) {
            for (String attack : attacks) {
                graphQl()
                        .document(document)
                        .variable("v", attack)
                        .execute()
                        .errors()
                        .satisfy(errors -> {
                            assertThat(errors).as(document).hasSize(1);
                            assertThat(errors.get(0).getErrorType().toString())
                                    .as(document)
                                    .isEqualTo("BAD_REQUEST");
                            assertThat(errors.get(0).getMessage()).as(document).contains("is invalid");
                        });
            }
        }
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
