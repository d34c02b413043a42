package org.tmapiroutes.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * A real SFTP server (Apache MINA SSHD) on 127.0.0.1, for {@code --demo} and the tests: one user with a password
 * and/or an authorized public key, files kept under a folder on disk, and a known_hosts line for its host key.
 */
public final class EmbeddedSftpServer implements AutoCloseable {

    private final SshServer server;
    private final Path root;
    private final Set<PublicKey> authorizedKeys = new CopyOnWriteArraySet<>();

    /**
     * @param root     the folder the user's uploads land in
     * @param hostKey  where the server keeps its host key (created when missing)
     * @param user     the one user
     * @param password the user's password, or {@code null} for key authentication only
     */
    public EmbeddedSftpServer(Path root, Path hostKey, String user, String password) {
        this.root = root;
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider(hostKey);
        keys.setAlgorithm(KeyUtils.EC_ALGORITHM);
        server.setKeyPairProvider(keys);
        server.setPasswordAuthenticator((u, p, session) -> user.equals(u) && password != null && password.equals(p));
        server.setPublickeyAuthenticator((u, key, session) -> user.equals(u)
                && authorizedKeys.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(root));
    }

    public EmbeddedSftpServer authorize(PublicKey key) {
        authorizedKeys.add(key);
        return this;
    }

    public EmbeddedSftpServer start() {
        try {
            Files.createDirectories(root);
            server.start();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the SFTP server", e);
        }
    }

    /** Starts (again) on a given port, e.g. after a test stopped it to play an outage. */
    public EmbeddedSftpServer start(int port) {
        server.setPort(port);
        return start();
    }

    public int port() {
        return server.getPort();
    }

    public Path root() {
        return root;
    }

    /** The known_hosts line for this server's host key. */
    public String knownHostsLine() {
        try {
            KeyPair pair = server.getKeyPairProvider().loadKeys(null).iterator().next();
            return "[127.0.0.1]:" + port() + " " + PublicKeyEntry.toString(pair.getPublic());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the SFTP server's host key", e);
        }
    }

    /** Writes a known_hosts file that trusts this server. */
    public Path writeKnownHosts(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return Files.writeString(file, knownHostsLine() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void stop() {
        try {
            server.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
