package io.aegis.edge.sim;

import io.aegis.contract.Subjects;
import io.aegis.contract.TelemetryCodec;
import io.aegis.edge.mes.MesCommandClient;
import io.aegis.edge.publish.OutboundMessage;
import io.aegis.edge.publish.SequenceGapMonitor;
import io.aegis.edge.publish.TighteningMessages;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TighteningResult;
import io.aegis.proto.v1.WorkOrderCommand;

/** Sends the simulator's output where it belongs: JetStream, the command side and the ground-truth files. */
final class PublishingSink implements SimulationSink {

    private final Subjects subjects;
    private final io.aegis.edge.publish.JetStreamPublisher publisher;
    private final MesCommandClient mes;
    private final GroundTruthWriter groundTruth;
    private final SequenceGapMonitor gaps;

    PublishingSink(
            Subjects subjects,
            io.aegis.edge.publish.JetStreamPublisher publisher,
            MesCommandClient mes,
            GroundTruthWriter groundTruth,
            SequenceGapMonitor gaps) {
        this.subjects = subjects;
        this.publisher = publisher;
        this.mes = mes;
        this.groundTruth = groundTruth;
        this.gaps = gaps;
    }

    @Override
    public void telemetry(TelemetryBatch batch) throws InterruptedException {
        publisher
                .publish(new OutboundMessage(
                        subjects.telemetry(batch.getStationId()),
                        TelemetryCodec.headers(),
                        TelemetryCodec.encode(batch),
                        TelemetryCodec.messageId(batch),
                        batch.getSamplesCount()))
                .thenRun(() ->
                        batch.getSamplesList().forEach(s -> gaps.observe("samples", s.getStationId(), s.getSeq())));
    }

    @Override
    public void tightening(TighteningResult result) throws InterruptedException {
        publisher.publish(TighteningMessages.outbound(subjects, result));
    }

    @Override
    public void command(WorkOrderCommand command) throws InterruptedException {
        mes.submit(command);
    }

    @Override
    public void groundTruth(GroundTruthRecord record) {
        groundTruth.write(record);
    }
}
