package io.aegis.edge.openprotocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A tightening controller speaking Open Protocol on a loopback socket, for tests. It replies to communication start,
 * subscriptions and keep-alives, records everything the integrator sends, and lets the test push raw bytes.
 */
final class ControllerSimulator implements AutoCloseable {

    private final ServerSocket server;
    private final int maxResultRevision;
    private final List<Frame> received = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile Socket connection;
    private volatile int subscribedRevision;
    private volatile Consumer<Frame> onReceive = frame -> {};

    ControllerSimulator(int maxResultRevision) throws IOException {
        this.maxResultRevision = maxResultRevision;
        this.server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "controller-simulator");
        this.acceptor.setDaemon(true);
        this.acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    int subscribedRevision() {
        return subscribedRevision;
    }

    List<Frame> received() {
        return received;
    }

    long count(int mid) {
        return received.stream().filter(f -> f.mid() == mid).count();
    }

    void onReceive(Consumer<Frame> listener) {
        this.onReceive = listener;
    }

    private void accept() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                connection = socket;
                serve(socket);
            } catch (IOException e) {
                // The integrator disconnected or the simulator was closed; wait for the next connection.
            }
        }
    }

    private void serve(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        FrameDecoder decoder = new FrameDecoder();
        byte[] buffer = new byte[4096];
        int count;
        while ((count = in.read(buffer)) >= 0) {
            for (Frame frame : decoder.feed(buffer, count).frames()) {
                received.add(frame);
                answer(frame, socket.getOutputStream());
                onReceive.accept(frame);
            }
        }
    }

    private void answer(Frame frame, OutputStream out) throws IOException {
        switch (frame.mid()) {
            case 1 -> {
                if (frame.revision() > 2) {
                    send(out, Mid0061Frames.frame(4, 1, "000197"));
                } else {
                    send(
                            out,
                            Mid0061Frames.frame(
                                    2,
                                    frame.revision(),
                                    "010001" + "0201" + "03" + String.format("%-25s", "Test controller")));
                }
            }
            case 60 -> {
                if (frame.revision() > maxResultRevision) {
                    send(out, Mid0061Frames.frame(4, 1, "006097"));
                } else {
                    subscribedRevision = frame.revision();
                    send(out, Mid0061Frames.frame(5, 1, "0060"));
                }
            }
            case 8 -> send(out, Mid0061Frames.frame(5, 1, "0008"));
            case 9999 -> send(out, Mid0061Frames.frame(9999, 1, ""));
            default -> {}
        }
    }

    /** Sends bytes to the connected integrator as they are. */
    void send(byte[] bytes) throws IOException {
        send(connection.getOutputStream(), bytes);
    }

    private synchronized void send(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        Socket current = connection;
        if (current != null) {
            current.close();
        }
    }
}
