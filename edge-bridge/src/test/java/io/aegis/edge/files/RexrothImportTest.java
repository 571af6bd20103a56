package io.aegis.edge.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegis.contract.Subjects;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TighteningResult;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamInfoOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Imports the real Rexroth files through the HTTP route and the watched folder, into the real NATS server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RexrothImportTest {

    private static final String ROOT =
            "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private static final String STREAM = "EDGE_" + ROOT.toUpperCase();
    private static final Subjects SUBJECTS = new Subjects(ROOT);

    @TempDir
    static Path temp;

    private static Connection nats;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("aegis.nats.subject-root", () -> ROOT);
        registry.add("aegis.nats.stream", () -> STREAM);
        registry.add("aegis.edge.publish.spool-dir", () -> temp.resolve("spool").toString());
        registry.add("aegis.files.watch-dir", () -> temp.resolve("inbox").toString());
        registry.add("aegis.files.station-id", () -> "3");
        registry.add("aegis.files.zone", () -> "Europe/Berlin");
        registry.add("aegis.files.poll-interval", () -> "100ms");
        registry.add("aegis.files.settle-time", () -> "100ms");
    }

    @BeforeAll
    static void connect() throws Exception {
        nats = Nats.connect("nats://127.0.0.1:4222");
    }

    @AfterAll
    static void deleteStream() throws Exception {
        nats.jetStreamManagement().deleteStream(STREAM);
        nats.close();
    }

    private HttpResponse<String> upload(byte[] body, String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/files/rexroth" + query))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static long messagesOn(String subject) throws Exception {
        var info = nats.jetStreamManagement().getStreamInfo(STREAM, StreamInfoOptions.filterSubjects(subject));
        Long count = info.getStreamState().getSubjectMap().get(subject);
        return count == null ? 0 : count;
    }

    @Test
    void uploadIsStoredBeforeCreated() throws Exception {
        HttpResponse<String> response = upload(RexrothChannelFileTest.resource("Ch_000001596334.json"), "?station=9");

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).contains("\"tighteningId\":\"1596334\"").contains("\"samples\":621");
        MessageInfo last = nats.jetStreamManagement().getLastMessage(STREAM, SUBJECTS.tightening("9"));
        assertThat(TighteningResult.parseFrom(last.getData()).getTighteningId()).isEqualTo("1596334");
        assertThat(messagesOn(SUBJECTS.telemetry("9"))).isEqualTo(2);
    }

    @Test
    void repeatedUploadIsDroppedByDuplicateWindow() throws Exception {
        byte[] file = RexrothChannelFileTest.resource("Ch_000001621524.json");

        assertThat(upload(file, "?station=8").statusCode()).isEqualTo(201);
        long telemetry = messagesOn(SUBJECTS.telemetry("8"));
        assertThat(upload(file, "?station=8").statusCode()).isEqualTo(201);

        assertThat(messagesOn(SUBJECTS.telemetry("8"))).isEqualTo(telemetry);
        assertThat(messagesOn(SUBJECTS.tightening("8"))).isEqualTo(1);
    }

    @Test
    void invalidUploadNamesField() throws Exception {
        HttpResponse<String> response = upload("{\"format\":\"csv\"}".getBytes(), "");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"format\"").contains("\"rule\":\"must be \\\"channel\\\"\"");
    }

    @Test
    void invalidStationIsRejected() throws Exception {
        HttpResponse<String> response = upload(RexrothChannelFileTest.resource("Ch_000001596334.json"), "?station=a.b");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"field\":\"station\"");
    }

    @Test
    void watchedFolderImportsAndMovesFile() throws Exception {
        Path inbox = temp.resolve("inbox");
        Files.createDirectories(inbox);
        Files.write(inbox.resolve("run.json.part"), RexrothChannelFileTest.resource("Ch_000001596334.json"));
        Files.move(inbox.resolve("run.json.part"), inbox.resolve("run.json"));
        Files.writeString(inbox.resolve("broken.json"), "not json");

        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(inbox.resolve("imported/run.json")));
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(inbox.resolve("rejected/broken.json")));
        assertThat(Files.readString(inbox.resolve("rejected/broken.json.error.txt")))
                .contains("must be valid JSON");
        MessageInfo last = nats.jetStreamManagement().getLastMessage(STREAM, SUBJECTS.telemetry("3"));
        TelemetryBatch batch = TelemetryBatch.parseFrom(last.getData());
        assertThat(batch.getSamples(0).getSource()).isEqualTo("rexroth-file");
        assertThat(batch.getStationId()).isEqualTo("3");
    }
}
