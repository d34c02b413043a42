package org.tmapiroutes.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A STARTTLS front for a plain SMTP server (GreenMail speaks STARTTLS only as a client): it answers the greeting and
 * EHLO itself, offers STARTTLS, turns the connection into TLS with the given server certificate, and from then on
 * relays every byte to the plain server, which answers the client's second EHLO and everything after it.
 */
final class StartTlsFront implements AutoCloseable {

    private final ServerSocket server;
    private final SSLContext tls;
    private final int smtpPort;

    StartTlsFront(SSLContext tls, int smtpPort) throws IOException {
        this.tls = tls;
        this.smtpPort = smtpPort;
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "starttls-front");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread session = new Thread(() -> serve(client), "starttls-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            reply(out, "220 localhost ESMTP STARTTLS front");
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                String command = line.toUpperCase(Locale.ROOT);
                if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                    reply(out, "250-localhost\r\n250 STARTTLS");
                } else if (command.startsWith("STARTTLS")) {
                    reply(out, "220 Ready to start TLS");
                    break;
                } else if (command.startsWith("QUIT")) {
                    reply(out, "221 Bye");
                    return;
                } else {
                    reply(out, "530 Must issue a STARTTLS command first");
                }
            }
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(client, null, client.getPort(), false);
            secure.setUseClientMode(false);
            secure.startHandshake();
            try (secure; Socket plain = new Socket(InetAddress.getLoopbackAddress(), smtpPort)) {
                InputStream fromServer = plain.getInputStream();
                // the plain server's own greeting: the client already had one
                readLine(fromServer);
                Thread up = new Thread(() -> copy(secure, plain), "starttls-up");
                up.setDaemon(true);
                up.start();
                copy(plain, secure);
            }
        } catch (IOException refusedOrClosed) {
            // the client refused the certificate, or hung up
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException closed) {
            // one side hung up
        } finally {
            try {
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private static void reply(OutputStream out, String lines) throws IOException {
        out.write((lines + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one line byte by byte, so nothing after it is consumed before the TLS handshake. */
    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                return line.toString(StandardCharsets.US_ASCII).strip();
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
