package io.aegis.edge.openprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static final byte[] KEEP_ALIVE = Mid0061Frames.frame(9999, 1, "");

    private static FrameDecoder.Result feed(FrameDecoder decoder, byte[]... chunks) {
        List<Frame> frames = new ArrayList<>();
        List<FrameDecoder.Malformed> malformed = new ArrayList<>();
        for (byte[] chunk : chunks) {
            FrameDecoder.Result result = decoder.feed(chunk, chunk.length);
            frames.addAll(result.frames());
            malformed.addAll(result.malformed());
        }
        return new FrameDecoder.Result(frames, malformed);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] joined = new byte[length];
        int position = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, position, part.length);
            position += part.length;
        }
        return joined;
    }

    @Test
    void frameSplitAcrossReadsIsJoined() {
        byte[] frame = Mid0061Frames.frame(61, 2, "x".repeat(365));
        FrameDecoder decoder = new FrameDecoder();

        FrameDecoder.Result result =
                feed(decoder, Mid0061Frames.split(frame, 3, 20, 200).toArray(byte[][]::new));

        assertThat(result.malformed()).isEmpty();
        assertThat(result.frames()).hasSize(1);
        assertThat(result.frames().get(0).mid()).isEqualTo(61);
        assertThat(result.frames().get(0).revision()).isEqualTo(2);
        assertThat(result.frames().get(0).data()).hasSize(365);
        assertThat(decoder.buffered()).isZero();
    }

    @Test
    void blankRevisionMeansRevisionOne() {
        byte[] frame = Mid0061Frames.frame(61, "   ", "abc".getBytes(StandardCharsets.US_ASCII));

        FrameDecoder.Result result = feed(new FrameDecoder(), frame);

        assertThat(result.frames()).hasSize(1);
        assertThat(result.frames().get(0).revision()).isEqualTo(1);
    }

    @Test
    void lengthShorterThanFrameIsSkipped() {
        byte[] frame = Mid0061Frames.frame(61, 1, "0123456789");
        frame[2] = '2'; // declares 25 bytes, but the frame has 30 before its NUL
        frame[3] = '5';

        FrameDecoder.Result result = feed(new FrameDecoder(), frame, KEEP_ALIVE);

        assertThat(result.malformed()).hasSize(1);
        assertThat(result.malformed().get(0).reason()).contains("length 25");
        assertThat(result.frames()).extracting(Frame::mid).containsExactly(9999);
    }

    @Test
    void lengthLongerThanFrameIsSkippedWithoutWaiting() {
        byte[] frame = Mid0061Frames.frame(61, 1, "0123456789");
        frame[2] = '9'; // declares 90 bytes, but the frame ends after 30

        FrameDecoder.Result result = feed(new FrameDecoder(), frame, KEEP_ALIVE);

        assertThat(result.malformed()).hasSize(1);
        assertThat(result.malformed().get(0).reason()).contains("ends after 30 bytes");
        assertThat(result.frames()).extracting(Frame::mid).containsExactly(9999);
    }

    @Test
    void truncatedFrameDoesNotHoldBackNextFrame() {
        byte[] full = Mid0061Frames.frame(61, 2, "y".repeat(365));
        byte[] truncated = java.util.Arrays.copyOf(full, 150);
        truncated[149] = 0;

        FrameDecoder.Result result = feed(new FrameDecoder(), truncated, KEEP_ALIVE);

        assertThat(result.malformed()).hasSize(1);
        assertThat(result.frames()).extracting(Frame::mid).containsExactly(9999);
    }

    @Test
    void garbageBeforeFrameIsSkipped() {
        byte[] garbage = {(byte) 0xFF, 'A', 'B', 0};

        FrameDecoder.Result result = feed(new FrameDecoder(), concat(garbage, KEEP_ALIVE));

        assertThat(result.malformed()).hasSize(1);
        assertThat(result.malformed().get(0).reason()).contains("not 4 digits");
        assertThat(result.frames()).extracting(Frame::mid).containsExactly(9999);
    }

    @Test
    void nulInsideDataIsKeptWhenLengthMatches() {
        byte[] data = {'0', '1', 0, 0x7F, (byte) 0x80, '9'};

        FrameDecoder.Result result = feed(new FrameDecoder(), Mid0061Frames.frame(900, "001", data), KEEP_ALIVE);

        assertThat(result.malformed()).isEmpty();
        assertThat(result.frames()).extracting(Frame::mid).containsExactly(900, 9999);
        assertThat(result.frames().get(0).data()).containsExactly(data);
    }

    @Test
    void nonNumericMidIsSkipped() {
        byte[] frame = Mid0061Frames.frame(61, 1, "abc");
        frame[5] = 'X';

        FrameDecoder.Result result = feed(new FrameDecoder(), frame, KEEP_ALIVE);

        assertThat(result.malformed()).hasSize(1);
        assertThat(result.malformed().get(0).reason()).contains("MID");
        assertThat(result.frames()).extracting(Frame::mid).containsExactly(9999);
    }
}
