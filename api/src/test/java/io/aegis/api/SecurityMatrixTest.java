package io.aegis.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.aegis.api.grpc.GrpcServer;
import io.aegis.api.security.AccessPolicy;
import io.aegis.api.security.Role;
import io.aegis.proto.v1.IngestRequest;
import io.aegis.proto.v1.ReleaseWorkOrder;
import io.aegis.proto.v1.TelemetryIngestGrpc;
import io.aegis.proto.v1.WorkOrderCommand;
import io.aegis.proto.v1.WorkOrderServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/** Every role against every operation, over GraphQL, HTTP routes, SSE and gRPC, plus the credential checks. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecurityMatrixTest {

    static final long T0 = 1_714_234_567_890L;
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    static final TestClickHouse clickHouse = TestClickHouse.create();
    static final TestNats nats = TestNats.create();

    /** GraphQL root fields with a valid document each and the roles that may use them. */
    static final Map<String, Set<Role>> GRAPHQL = Map.of(
            "{ stations { id } }",
            AccessPolicy.LIVE,
            "{ recentAlerts { alertId } }",
            AccessPolicy.LIVE,
            "{ telemetry(vin: \"A1\", from: " + T0 + ", to: " + (T0 + 1) + ") { seq } }",
            AccessPolicy.TELEMETRY,
            "{ telemetrySearch(filter: {from: " + T0 + ", to: " + (T0 + 1) + "}) { seq } }",
            AccessPolicy.SEARCH,
            "{ workOrders { pageInfo { hasNextPage } } }",
            AccessPolicy.WORK_ORDERS,
            "{ vinAt(vin: \"A1\", at: " + T0 + ") { vin } }",
            AccessPolicy.AUDIT,
            "{ workOrderEvents(workOrderId: \"wo-1\") { eventId } }",
            AccessPolicy.AUDIT,
            "mutation { releaseWorkOrder(idempotencyKey: \"k\", workOrderId: \"wo-1\") { ok } }",
            AccessPolicy.MES_WRITE);

    @LocalServerPort
    int port;

    @Autowired
    GrpcServer grpcServer;

    ManagedChannel channel;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestProperties.register(registry, clickHouse, nats);
        registry.add("aegis.nats.request-timeout", () -> "500ms");
        // Every document of the role table is at most 3 levels deep; the depth test goes one level further.
        registry.add("aegis.graphql.max-depth", () -> "3");
    }

    @BeforeEach
    void openChannel() {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcServer.port())
                .usePlaintext()
                .build();
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @AfterAll
    static void cleanUp() throws Exception {
        clickHouse.close();
        nats.close();
    }

    @Test
    void graphQlFieldsFollowRoleTable() {
        List<String> mismatches = new ArrayList<>();
        for (Role role : Role.values()) {
            for (Map.Entry<String, Set<Role>> operation : GRAPHQL.entrySet()) {
                Map<String, Object> body = graphQl(operation.getKey(), "X-API-Key", TestProperties.key(role));
                boolean forbidden = String.valueOf(body.get("errors")).contains("FORBIDDEN");
                boolean allowed = operation.getValue().contains(role);
                if (forbidden == allowed) {
                    mismatches.add(role + " " + operation.getKey() + " -> " + body);
                }
                if (forbidden) {
                    assertThat(String.valueOf(body.get("errors"))).contains("requires one of the roles");
                }
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void httpRoutesFollowRoleTable() {
        List<String> mismatches = new ArrayList<>();
        for (Role role : Role.values()) {
            String key = TestProperties.key(role);
            check(mismatches, role, "SSE", AccessPolicy.LIVE, status("GET", "/api/alerts/stream", key));
            check(
                    mismatches,
                    role,
                    "release",
                    AccessPolicy.MES_WRITE,
                    status("POST", "/api/workorders/wo-1/release", key));
            check(mismatches, role, "level4", AccessPolicy.MES_WRITE, status("POST", "/api/level4/state", key));
            check(mismatches, role, "metrics", AccessPolicy.ADMIN_ONLY, status("GET", "/actuator/metrics", key));
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void forbiddenRouteNamesRequiredRoles() {
        String body = WebClient.create("http://127.0.0.1:" + port)
                .post()
                .uri("/api/workorders/wo-1/release")
                .header("X-API-Key", TestProperties.key(Role.SUPERVISOR))
                .header("Idempotency-Key", "k-1")
                .exchangeToMono(response -> {
                    assertThat(response.statusCode().value()).isEqualTo(403);
                    assertThat(response.headers().contentType()).contains(MediaType.APPLICATION_PROBLEM_JSON);
                    return response.bodyToMono(String.class);
                })
                .block(TIMEOUT);

        assertThat(body).contains("api-key:supervisor").contains("requires one of the roles [mes, admin]");
    }

    @Test
    void depthCountsExpandedFragments() {
        Map<String, Object> body = graphQl(
                "{ stations { ...withFirmware } } fragment withFirmware on Station { workOrder { firmware { ecu } } }",
                "X-API-Key",
                TestProperties.key(Role.ADMIN));

        assertThat(String.valueOf(body.get("errors"))).containsIgnoringCase("depth");
        assertThat(body.get("data")).isNull();
    }

    @Test
    void missingCredentialGets401() {
        for (String[] route : List.of(
                new String[] {"POST", "/graphql"},
                new String[] {"GET", "/api/alerts/stream"},
                new String[] {"POST", "/api/workorders"},
                new String[] {"POST", "/api/level4/state"})) {
            assertThat(status(route[0], route[1], null)).as(route[1]).isEqualTo(401);
        }
    }

    @Test
    void wrongApiKeyGets401() {
        String body = WebClient.create("http://127.0.0.1:" + port)
                .post()
                .uri("/graphql")
                .header("X-API-Key", "not-a-key-of-this-installation")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", "{ stations { id } }"))
                .exchangeToMono(response -> {
                    assertThat(response.statusCode().value()).isEqualTo(401);
                    return response.bodyToMono(String.class);
                })
                .block(TIMEOUT);

        assertThat(body).contains("the API key is not valid").doesNotContain("not-a-key-of-this-installation");
    }

    @Test
    void openPathsNeedNoCredential() {
        assertThat(status("GET", "/actuator/health", null)).isEqualTo(200);
        assertThat(status("GET", "/", null)).isNotIn(401, 403);
    }

    @Test
    void hmacJwtCarriesRoles() throws Exception {
        String token =
                jwt(List.of("quality"), new Date(System.currentTimeMillis() + 60_000), TestProperties.HMAC_SECRET);

        Map<String, Object> allowed = graphQl(
                "{ telemetrySearch(filter: {from: " + T0 + ", to: " + (T0 + 1) + "}) { seq } }",
                HttpHeaders.AUTHORIZATION,
                "Bearer " + token);
        Map<String, Object> denied = graphQl(
                "mutation { releaseWorkOrder(idempotencyKey: \"k\", workOrderId: \"wo-1\") { ok } }",
                HttpHeaders.AUTHORIZATION,
                "Bearer " + token);

        assertThat(allowed.get("errors")).isNull();
        assertThat(String.valueOf(denied.get("errors"))).contains("FORBIDDEN").contains("alice");
    }

    @Test
    void expiredOrForgedJwtGets401() throws Exception {
        byte[] otherSecret = new byte[32];
        String expired =
                jwt(List.of("admin"), new Date(System.currentTimeMillis() - 600_000), TestProperties.HMAC_SECRET);
        String forged = jwt(List.of("admin"), new Date(System.currentTimeMillis() + 60_000), otherSecret);

        assertThat(statusWithHeader("/graphql", HttpHeaders.AUTHORIZATION, "Bearer " + expired))
                .isEqualTo(401);
        assertThat(statusWithHeader("/graphql", HttpHeaders.AUTHORIZATION, "Bearer " + forged))
                .isEqualTo(401);
    }

    @Test
    void streamAcceptsAccessTokenParameter() {
        int status = WebClient.create("http://127.0.0.1:" + port)
                .get()
                .uri("/api/alerts/stream?access_token=" + TestProperties.key(Role.SUPERVISOR))
                .exchangeToMono(SecurityMatrixTest::statusOnly)
                .block(TIMEOUT);

        assertThat(status).isEqualTo(200);
    }

    @Test
    void grpcServicesFollowRoleTable() {
        List<String> mismatches = new ArrayList<>();
        WorkOrderCommand command = WorkOrderCommand.newBuilder()
                .setIdempotencyKey("k-grpc")
                .setWorkOrderId("wo-1")
                .setRelease(ReleaseWorkOrder.getDefaultInstance())
                .build();
        for (Role role : Role.values()) {
            Status.Code execute = grpcCode(() ->
                    withKey(WorkOrderServiceGrpc.newBlockingStub(channel), role).execute(command));
            Status.Code ingest = grpcCode(() -> withKey(TelemetryIngestGrpc.newBlockingStub(channel), role)
                    .ingest(IngestRequest.getDefaultInstance()));
            if ((execute == Status.Code.PERMISSION_DENIED) == AccessPolicy.MES_WRITE.contains(role)) {
                mismatches.add(role + " Execute -> " + execute);
            }
            if ((ingest == Status.Code.PERMISSION_DENIED) == AccessPolicy.INGEST.contains(role)) {
                mismatches.add(role + " Ingest -> " + ingest);
            }
        }
        assertThat(mismatches).isEmpty();
    }

    @Test
    void grpcWithoutCredentialIsUnauthenticated() {
        Status.Code code = grpcCode(() -> TelemetryIngestGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .ingest(IngestRequest.getDefaultInstance()));
        Status.Code health = grpcCode(() -> HealthGrpc.newBlockingStub(channel)
                .withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()));

        assertThat(code).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(health).isEqualTo(Status.Code.OK);
    }

    private void check(List<String> mismatches, Role role, String name, Set<Role> allowed, int status) {
        boolean denied = status == 403;
        if (status == 401 || denied == allowed.contains(role)) {
            mismatches.add(role + " " + name + " -> " + status);
        }
    }

    private int status(String method, String path, String apiKey) {
        return WebClient.create("http://127.0.0.1:" + port)
                .method(org.springframework.http.HttpMethod.valueOf(method))
                .uri(path)
                .headers(headers -> {
                    if (apiKey != null) {
                        headers.set("X-API-Key", apiKey);
                    }
                    headers.set("Idempotency-Key", "k-" + System.nanoTime());
                })
                .exchangeToMono(SecurityMatrixTest::statusOnly)
                .block(TIMEOUT);
    }

    private int statusWithHeader(String path, String header, String value) {
        return WebClient.create("http://127.0.0.1:" + port)
                .post()
                .uri(path)
                .header(header, value)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", "{ stations { id } }"))
                .exchangeToMono(SecurityMatrixTest::statusOnly)
                .block(TIMEOUT);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> graphQl(String document, String header, String value) {
        return WebClient.create("http://127.0.0.1:" + port)
                .post()
                .uri("/graphql")
                .header(header, value)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("query", document))
                .retrieve()
                .bodyToMono(Map.class)
                .block(TIMEOUT);
    }

    /** Reads the status and at most the first body chunk, so an endless SSE body does not keep the call open. */
    private static reactor.core.publisher.Mono<Integer> statusOnly(ClientResponse response) {
        return response.bodyToFlux(DataBuffer.class)
                .map(DataBufferUtils::release)
                .take(1)
                .then(reactor.core.publisher.Mono.just(response.statusCode().value()));
    }

    private static <S extends AbstractStub<S>> S withKey(S stub, Role role) {
        Metadata metadata = new Metadata();
        metadata.put(Metadata.Key.of("x-api-key", Metadata.ASCII_STRING_MARSHALLER), TestProperties.key(role));
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(metadata))
                .withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    private static Status.Code grpcCode(Runnable call) {
        try {
            call.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    private static String jwt(List<String> roles, Date expiresAt, byte[] secret) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject("alice")
                .claim("roles", roles)
                .expirationTime(expiresAt)
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(secret));
        return jwt.serialize();
    }
}
