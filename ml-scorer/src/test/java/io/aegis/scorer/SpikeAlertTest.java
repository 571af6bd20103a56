package io.aegis.scorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aegis.proto.v1.AnomalyScore;
import io.aegis.proto.v1.DefectAlert;
import io.aegis.proto.v1.FirmwareFlashed;
import io.aegis.proto.v1.MesEvent;
import io.aegis.proto.v1.TorqueSample;
import io.aegis.proto.v1.VehicleArrived;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.api.MessageInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A torque spike on a station with few samples raises one alert carrying the vehicle's VIN and firmware. */
@SpringBootTest(properties = "aegis.scorer.merge-window=500ms")
class SpikeAlertTest {

    private static final NatsTestStream NATS = new NatsTestStream();
    private static final String STATION = "5";
    private static final String VIN = "1HGBH41JXMN100005";

    @Autowired
    MeterRegistry meters;

    @DynamicPropertySource
    static void nats(DynamicPropertyRegistry registry) {
        NATS.register(registry);
    }

    @AfterAll
    static void deleteStream() throws Exception {
        NATS.close();
    }

    @Test
    void spikeRaisesOneAlertWithVehicle() throws Exception {
        long base = 1_714_234_567_000L;
        NATS.publishMes(arrived(base - 1_000));
        NATS.publishMes(flashed(base - 500, "v2.1.4"));
        await().atMost(Duration.ofSeconds(10)).until(() -> NATS.count(NATS.subjects.mes("wo-1")) == 2);

        List<TorqueSample> samples = new ArrayList<>();
        double[] normal = {43.1, 42.9, 43.0, 43.2, 42.8};
        for (int i = 0; i < normal.length; i++) {
            samples.add(NatsTestStream.sample(STATION, i + 1, base + i * 10L, normal[i]));
        }
        samples.add(NatsTestStream.sample(STATION, 6, base + 60, 61.8));
        NATS.publishTelemetry(samples);

        String alerts = NATS.subjects.alerts(STATION);
        await().atMost(Duration.ofSeconds(20)).until(() -> NATS.count(alerts) > 0);
        MessageInfo stored = NATS.last(alerts);
        DefectAlert alert = DefectAlert.parseFrom(stored.getData());

        assertThat(alert.getStationId()).isEqualTo(STATION);
        assertThat(alert.getTriggerTorqueNm()).isEqualTo(61.8);
        assertThat(alert.getTimestamp()).isEqualTo(base + 60);
        assertThat(alert.getTriggerSeq()).isEqualTo(6);
        assertThat(alert.getAnomalyScore()).isBetween(0.9999, 1.0);
        assertThat(alert.getVin()).isEqualTo(VIN);
        assertThat(alert.getFirmware()).isEqualTo("v2.1.4");
        assertThat(alert.getModelName()).isEqualTo(ZScoreScorer.NAME);
        assertThat(alert.getModelVersion()).isEqualTo(ZScoreScorer.VERSION);
        assertThat(alert.getFeaturesMap()).containsEntry(FeatureSpec.TORQUE, 61.8);
        assertThat(alert.getFeaturesMap().get(FeatureSpec.Z_SCORE)).isGreaterThan(10.0);
        assertThat(alert.getMergedSamples()).isEqualTo(1);
        assertThat(alert.getAlertId()).isEqualTo("alert-5-6");
        assertThat(stored.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo(alert.getAlertId());
        assertThat(NATS.count(alerts)).isEqualTo(1);
        assertThat(meters.counter("aegis.scorer.alerts.raised").count()).isEqualTo(1.0);
        // Three warm-up samples are not scored: the first three normal samples.
        assertThat(meters.counter("aegis.scorer.samples.scored").count()).isEqualTo(3.0);

        String scores = NATS.subjects.scores(STATION);
        await().atMost(Duration.ofSeconds(10)).until(() -> NATS.count(scores) > 0);
        AnomalyScore score = AnomalyScore.parseFrom(NATS.last(scores).getData());
        assertThat(score.getSeq()).isEqualTo(6);
        assertThat(score.getTorque()).isEqualTo(61.8);
        assertThat(score.getVin()).isEqualTo(VIN);
    }

    private static MesEvent arrived(long at) {
        return MesEvent.newBuilder()
                .setEventId("ev-arrived")
                .setWorkOrderId("wo-1")
                .setVin(VIN)
                .setOccurredAt(at)
                .setArrived(VehicleArrived.newBuilder().setStationId(STATION))
                .build();
    }

    private static MesEvent flashed(long at, String version) {
        return MesEvent.newBuilder()
                .setEventId("ev-flashed")
                .setWorkOrderId("wo-1")
                .setVin(VIN)
                .setAggregateSequence(1)
                .setOccurredAt(at)
                .setFirmwareFlashed(FirmwareFlashed.newBuilder()
                        .setStationId(STATION)
                        .setEcu("steering")
                        .setVersion(version)
                        .setResult("OK"))
                .build();
    }
}
