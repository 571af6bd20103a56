package io.aegis.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.aegis.api.grpc.GrpcServer;
import io.aegis.api.security.Role;
import io.aegis.proto.v1.CommandReply;
import io.aegis.proto.v1.IngestRequest;
import io.aegis.proto.v1.IngestResponse;
import io.aegis.proto.v1.Problem;
import io.aegis.proto.v1.SampleRejection;
import io.aegis.proto.v1.TelemetryIngestGrpc;
import io.aegis.proto.v1.TorqueSample;
import io.aegis.proto.v1.WorkOrderCommand;
import io.aegis.proto.v1.WorkOrderServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.MetadataUtils;
import io.nats.client.Dispatcher;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * MES routes and the gRPC services against the real NATS server. The command side is another module, so a NATS
 * responder in the test replaces it and replies with CommandReplies chosen per test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WorkOrderRoutesTest {

    static final TestClickHouse clickHouse = TestClickHouse.create();
    static final TestNats nats = TestNats.create();

    @LocalServerPort
    int port;

    @Autowired
    GrpcServer grpcServer;

    final List<WorkOrderCommand> received = new CopyOnWriteArrayList<>();
    Dispatcher responder;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.register(registry, clickHouse, nats);
        registry.add("aegis.nats.request-timeout", () -> "1s");
    }

    @AfterEach
    void stopResponder() throws Exception {
        if (responder != null) {
            nats.connection().closeDispatcher(responder);
            // The flush returns once the server has processed the unsubscribe, so the next test's request cannot
            // reach this responder and time out instead of finding no responders.
            nats.connection().flush(java.time.Duration.ofSeconds(2));
            responder = null;
        }
    }

    @AfterAll
    static void cleanUp() throws Exception {
        clickHouse.close();
        nats.close();
    }

    WebTestClient client() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("X-API-Key", TestProperties.key(Role.MES))
                .build();
    }

    void respondWith(CommandReply reply) throws Exception {
        responder = nats.connection().createDispatcher(message -> {
            try {
                received.add(WorkOrderCommand.parseFrom(message.getData()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            nats.connection().publish(message.getReplyTo(), reply.toByteArray());
        });
        responder.subscribe(nats.subjects().workOrderCommands());
        nats.connection().flush(java.time.Duration.ofSeconds(2));
    }

    @Test
    void createSendsCommandAndReturnsResult() throws Exception {
        respondWith(CommandReply.newBuilder()
                .setOk(true)
                .setWorkOrderId("wo-1")
                .setVin("1HGBH41JXMN100005")
                .addEventIds("e-1")
                .setAggregateSequence(0)
                .addVinFlags("CHECK_DIGIT_MISMATCH")
                .build());

        client().post()
                .uri("/api/workorders")
                .header("Idempotency-Key", "key-1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"work_order_id\":\"wo-1\",\"vin\":\"1HGBH41JXMN100005\",\"model\":\"sedan\","
                        + "\"route\":[{\"station_id\":\"5\",\"operation\":\"tighten\",\"flashes_firmware\":true}],"
                        + "\"vin_policy\":\"LENIENT\",\"occurred_at\":1714234500000}")
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.work_order_id")
                .isEqualTo("wo-1")
                .jsonPath("$.event_ids[0]")
                .isEqualTo("e-1")
                .jsonPath("$.vin_flags[0]")
                .isEqualTo("CHECK_DIGIT_MISMATCH")
                .jsonPath("$.replayed")
                .isEqualTo(false);

        assertThat(received).hasSize(1);
        WorkOrderCommand command = received.get(0);
        assertThat(command.getIdempotencyKey()).isEqualTo("key-1");
        assertThat(command.getWorkOrderId()).isEqualTo("wo-1");
        assertThat(command.getOccurredAt()).isEqualTo(1_714_234_500_000L);
        assertThat(command.getCreate().getVin()).isEqualTo("1HGBH41JXMN100005");
        assertThat(command.getCreate().getVinPolicyValue()).isEqualTo(1);
        assertThat(command.getCreate().getRoute(0).getFlashesFirmware()).isTrue();
        assertThat(command.getCorrelationId()).isNotEmpty();
        assertThat(command.getIssuedBy()).isEqualTo("api-key:mes");
    }

    @Test
    void arriveCarriesPathIdAndStation() throws Exception {
        respondWith(CommandReply.newBuilder().setOk(true).setWorkOrderId("wo-2").build());

        client().post()
                .uri("/api/workorders/wo-2/arrive")
                .header("Idempotency-Key", "key-2")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"station_id\":\"5\",\"occurred_at\":1714234560000}")
                .exchange()
                .expectStatus()
                .isOk();

        assertThat(received.get(0).getWorkOrderId()).isEqualTo("wo-2");
        assertThat(received.get(0).getArrive().getStationId()).isEqualTo("5");
    }

    @Test
    void rejectionBecomesProblemJson() throws Exception {
        respondWith(CommandReply.newBuilder()
                .setOk(false)
                .setWorkOrderId("wo-3")
                .setProblem(Problem.newBuilder()
                        .setStatus(409)
                        .setCode("STATION_OCCUPIED")
                        .setTitle("Station occupied")
                        .setDetail("station 5 holds wo-9")
                        .setField("station_id")
                        .setValue("5")
                        .setRule("a station holds one vehicle at a time")
                        .setOccupantWorkOrderId("wo-9")
                        .setOccupantVin("VIN9"))
                .build());

        client().post()
                .uri("/api/workorders/wo-3/arrive")
                .header("Idempotency-Key", "key-3")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"station_id\":\"5\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(409)
                .jsonPath("$.code")
                .isEqualTo("STATION_OCCUPIED")
                .jsonPath("$.field")
                .isEqualTo("station_id")
                .jsonPath("$.value")
                .isEqualTo("5")
                .jsonPath("$.rule")
                .isEqualTo("a station holds one vehicle at a time")
                .jsonPath("$.occupant_work_order_id")
                .isEqualTo("wo-9");
    }

    @Test
    void missingIdempotencyKeyIsRejected() {
        client().post()
                .uri("/api/workorders/wo-4/release")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("Idempotency-Key");
    }

    @Test
    void unknownFieldIsRejected() {
        client().post()
                .uri("/api/workorders/wo-4/arrive")
                .header("Idempotency-Key", "key-5")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"station\":\"5\"}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.field")
                .isEqualTo("station");
    }

    @Test
    void noCommandSideGives503() {
        client().post()
                .uri("/api/workorders/wo-5/release")
                .header("Idempotency-Key", "key-6")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail)
                        .contains("no command side is listening")
                        .contains(nats.subjects().workOrderCommands()));
    }

    @Test
    void level4StateSendsSnapshotCommand() throws Exception {
        respondWith(CommandReply.newBuilder().setOk(true).setWorkOrderId("wo-6").build());

        client().post()
                .uri("/api/level4/state")
                .header("Idempotency-Key", "key-7")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(
                        "{\"vin\":\"1HGBH41JXMN100005\",\"station_id\":\"5\",\"ecu\":\"EPS\",\"firmware\":\"v2.1.4\"}")
                .exchange()
                .expectStatus()
                .isOk();

        assertThat(received.get(0).getApplyLevel4State().getFirmware()).isEqualTo("v2.1.4");
    }

    @Test
    void grpcIngestPublishesValidSamplesAndRejectsOthers() throws Exception {
        IngestRequest request = IngestRequest.newBuilder()
                .addSamples(sample("5", 1, 43.21))
                .addSamples(sample("5", 2, 43.5))
                .addSamples(sample("bad station", 3, 40.0))
                .addSamples(sample("6", 1, 12_000.0))
                .addSamples(sample("6", 2, 41.0))
                .build();
        ManagedChannel channel = channel();
        try {
            TelemetryIngestGrpc.TelemetryIngestBlockingStub stub = ingestStub(channel);

            IngestResponse first = stub.ingest(request);
            IngestResponse retry = stub.ingest(request);

            assertThat(first.getAccepted()).isEqualTo(3);
            assertThat(first.getDuplicates()).isZero();
            assertThat(first.getRejectionsList())
                    .extracting(SampleRejection::getIndex, SampleRejection::getField)
                    .containsExactly(tuple(2, "station_id"), tuple(3, "torque"));
            assertThat(first.getRejections(1).getValue()).isEqualTo("12000.0");
            assertThat(retry.getAccepted()).isZero();
            assertThat(retry.getDuplicates()).isEqualTo(3);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        var state = nats.connection()
                .jetStreamManagement()
                .getStreamInfo(nats.stream(), io.nats.client.api.StreamInfoOptions.allSubjects())
                .getStreamState();
        assertThat(state.getSubjectMap()).containsEntry(nats.subjects().telemetry("5"), 1L);
        assertThat(state.getSubjectMap()).containsEntry(nats.subjects().telemetry("6"), 1L);
    }

    @Test
    void grpcIngestRejectsOversizedRequest() throws Exception {
        IngestRequest.Builder request = IngestRequest.newBuilder();
        for (int i = 0; i < 1_001; i++) {
            request.addSamples(sample("7", i + 1, 40.0));
        }
        ManagedChannel channel = channel();
        try {
            StatusRuntimeException error = org.junit.jupiter.api.Assertions.assertThrows(
                    StatusRuntimeException.class, () -> ingestStub(channel).ingest(request.build()));
            assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(error.getStatus().getDescription()).contains("1001").contains("at most 1000");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void grpcExecuteUsesCommandPath() throws Exception {
        respondWith(CommandReply.newBuilder().setOk(true).setWorkOrderId("wo-g").build());
        ManagedChannel channel = channel();
        try {
            Metadata metadata = new Metadata();
            metadata.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), TestProperties.key(Role.MES));
            CommandReply reply = WorkOrderServiceGrpc.newBlockingStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .execute(WorkOrderCommand.newBuilder()
                            .setIdempotencyKey("key-g")
                            .setWorkOrderId("wo-g")
                            .setRelease(io.aegis.proto.v1.ReleaseWorkOrder.getDefaultInstance())
                            .build());

            assertThat(reply.getOk()).isTrue();
            assertThat(received.get(0).getIssuedBy()).isEqualTo("api-key:mes");
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    ManagedChannel channel() {
        return ManagedChannelBuilder.forAddress("127.0.0.1", grpcServer.port())
                .usePlaintext()
                .build();
    }

    static TelemetryIngestGrpc.TelemetryIngestBlockingStub ingestStub(ManagedChannel channel) {
        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), TestProperties.key(Role.EDGE));
        return TelemetryIngestGrpc.newBlockingStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                .withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    static TorqueSample sample(String station, long seq, double torque) {
        return TorqueSample.newBuilder()
                .setStationId(station)
                .setSeq(seq)
                .setTorque(torque)
                .setTimestamp(1_714_234_567_890L + seq)
                .build();
    }

    @Test
    void grpcHealthReportsServing() throws Exception {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcServer.port())
                .usePlaintext()
                .build();
        try {
            HealthCheckResponse response = HealthGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(5, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance());
            assertThat(response.getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
