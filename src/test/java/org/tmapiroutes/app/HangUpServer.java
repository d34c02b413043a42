package org.tmapiroutes.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A mail server that is down in the way a client notices: it takes each connection on 127.0.0.1 and hangs up at once,
 * noting when each attempt came, so a test counts the delivery attempts and sees when they were made.
 */
final class HangUpServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Instant> attempts = new CopyOnWriteArrayList<>();

    HangUpServer(int port) {
        try {
            server = new ServerSocket(port, 10, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread accept = new Thread(this::hangUp, "hang-up-server");
        accept.setDaemon(true);
        accept.start();
    }

    private void hangUp() {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                attempts.add(Instant.now());
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** When each connection came, oldest first; noted before the connection was closed. */
    List<Instant> attempts() {
        return List.copyOf(attempts);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
