package io.aegis.edge.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aegis.proto.v1.TelemetryBatch;
import io.aegis.proto.v1.TighteningResult;
import io.aegis.proto.v1.WorkOrderCommand;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over everything a run emits, in order: each item contributes a type byte, its length and its bytes
 * (protobuf for messages, JSON for ground truth). Two runs with equal digests emitted the same stream.
 */
public final class StreamDigest implements SimulationSink {

    private final MessageDigest digest;
    private final ObjectMapper json = Json.mapper();
    private long items;

    public StreamDigest() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    @Override
    public void telemetry(TelemetryBatch batch) {
        update((byte) 1, batch.toByteArray());
    }

    @Override
    public void tightening(TighteningResult result) {
        update((byte) 2, result.toByteArray());
    }

    @Override
    public void command(WorkOrderCommand command) {
        update((byte) 3, command.toByteArray());
    }

    @Override
    public void groundTruth(GroundTruthRecord record) {
        try {
            update((byte) 4, json.writeValueAsBytes(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("ground truth record cannot be written as JSON: " + record, e);
        }
    }

    private synchronized void update(byte type, byte[] bytes) {
        digest.update(type);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
        items++;
    }

    public synchronized long items() {
        return items;
    }

    /** Returns the hex digest of what was emitted so far, without ending the digest. */
    public synchronized String hex() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the SHA-256 implementation cannot be cloned", e);
        }
    }
}
