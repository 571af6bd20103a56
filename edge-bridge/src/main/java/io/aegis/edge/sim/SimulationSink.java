package io.aegis.edge.sim;

import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TighteningResult;
import io.aegis.proto.v1.WorkOrderCommand;

/** Receives the simulator's output in its deterministic order. A sink may block to apply back-pressure. */
public interface SimulationSink {

    void telemetry(TelemetryBatch batch) throws InterruptedException;

    void tightening(TighteningResult result) throws InterruptedException;

    void command(WorkOrderCommand command) throws InterruptedException;

    void groundTruth(GroundTruthRecord record) throws InterruptedException;
}
