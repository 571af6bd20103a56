package io.aegis.edge.publish;

import io.nats.client.impl.Headers;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages that were not acknowledged before shutdown, kept on disk until the next start resends them.
 *
 * <p>Each file is written to a temporary name and renamed, so a file with the final name is always complete. Layout:
 * the magic number, the message count, then per message its subject, message id, sample count, headers and body.
 */
final class Spool {

    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    private static final int MAGIC = 0x41454731; // "AEG1"
    private static final String SUFFIX = ".spool";

    private final Path directory;

    Spool(String directory) {
        this.directory = Path.of(directory);
    }

    record File(Path path, List<OutboundMessage> messages) {}

    void write(List<OutboundMessage> messages) {
        try {
            Files.createDirectories(directory);
            Path target = directory.resolve(
                    "unacknowledged-" + System.currentTimeMillis() + "-" + System.nanoTime() + SUFFIX);
            Path temporary = directory.resolve(target.getFileName() + ".tmp");
            try (DataOutputStream out =
                    new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(temporary)))) {
                out.writeInt(MAGIC);
                out.writeInt(messages.size());
                for (OutboundMessage message : messages) {
                    writeMessage(out, message);
                }
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            log.info(
                    "[spool] wrote {} unacknowledged messages to {}; they are resent at the next start",
                    messages.size(),
                    target);
        } catch (IOException e) {
            log.error(
                    "[spool] could not write {} unacknowledged messages to {}; they are lost",
                    messages.size(),
                    directory,
                    e);
        }
    }

    private static void writeMessage(DataOutputStream out, OutboundMessage message) throws IOException {
        out.writeUTF(message.subject());
        out.writeUTF(message.messageId());
        out.writeInt(message.samples());
        Headers headers = message.headers();
        List<String[]> pairs = new ArrayList<>();
        if (headers != null) {
            for (String key : headers.keySet()) {
                for (String value : headers.get(key)) {
                    pairs.add(new String[] {key, value});
                }
            }
        }
        out.writeInt(pairs.size());
        for (String[] pair : pairs) {
            out.writeUTF(pair[0]);
            out.writeUTF(pair[1]);
        }
        out.writeInt(message.body().length);
        out.write(message.body());
    }

    List<File> files() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        List<File> files = new ArrayList<>();
        try (Stream<Path> paths = Files.list(directory)) {
            for (Path path :
                    paths.filter(p -> p.toString().endsWith(SUFFIX)).sorted().toList()) {
                files.add(new File(path, read(path)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the spool directory " + directory, e);
        }
        return files;
    }

    private static List<OutboundMessage> read(Path path) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path)))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("spool file " + path + " does not start with the spool magic number");
            }
            int count = in.readInt();
            List<OutboundMessage> messages = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String subject = in.readUTF();
                String messageId = in.readUTF();
                int samples = in.readInt();
                Headers headers = new Headers();
                int pairs = in.readInt();
                for (int p = 0; p < pairs; p++) {
                    headers.add(in.readUTF(), in.readUTF());
                }
                byte[] body = new byte[in.readInt()];
                in.readFully(body);
                messages.add(new OutboundMessage(subject, headers, body, messageId, samples));
            }
            return messages;
        }
    }

    void delete(File file) {
        try {
            Files.deleteIfExists(file.path());
        } catch (IOException e) {
            log.warn(
                    "[spool] could not delete {}; its messages will be resent once more (JetStream drops copies"
                            + " inside its duplicate window)",
                    file.path(),
                    e);
        }
    }
}
