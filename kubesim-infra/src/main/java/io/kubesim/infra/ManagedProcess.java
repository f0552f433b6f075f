package io.kubesim.infra;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A process kubesim starts in the background and later stops by pid: it runs in its own session (so a Ctrl-C in the
 * terminal that ran {@code ./kubesim up} does not reach it), writes its output to a log file, and its pid to a pid
 * file.
 */
public final class ManagedProcess {

    private final String name;
    private final Path pidFile;
    private final Path logFile;

    public ManagedProcess(String name, Path pidFile, Path logFile) {
        this.name = name;
        this.pidFile = pidFile;
        this.logFile = logFile;
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public Path pidFile() {
        return pidFile;
    }

    /** Starts the command detached; returns its pid. */
    public long start(List<String> command, Path workDir, Map<String, String> env) {
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(pidFile.getParent());
            List<String> full = new ArrayList<>();
            if (new File("/usr/bin/setsid").canExecute()) {
                full.add("/usr/bin/setsid");
            }
            full.addAll(command);
            ProcessBuilder pb = new ProcessBuilder(full)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            long pid = p.pid();
            Files.writeString(pidFile, pid + "\n", StandardCharsets.US_ASCII);
            return pid;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** The recorded pid, if the pid file exists and that process is alive. */
    public OptionalLong alivePid() {
        OptionalLong pid = readPid(pidFile);
        if (pid.isPresent() && ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false)) {
            return pid;
        }
        return OptionalLong.empty();
    }

    public boolean isAlive() {
        return alivePid().isPresent();
    }

    /** SIGTERM, then SIGKILL after {@code grace}; removes the pid file. Returns whether a process was stopped. */
    public boolean stop(Duration grace) {
        OptionalLong pid = alivePid();
        boolean stopped = false;
        if (pid.isPresent()) {
            stopped = terminate(pid.getAsLong(), grace);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stopped;
    }

    /** Sends SIGTERM (or SIGKILL after the grace period) to one pid and waits for it to end. */
    public static boolean terminate(long pid, Duration grace) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        handle.get().destroy();
        if (!waitForExit(handle.get(), grace)) {
            handle.get().destroyForcibly();
            waitForExit(handle.get(), Duration.ofSeconds(5));
        }
        return true;
    }

    private static boolean waitForExit(ProcessHandle handle, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (handle.isAlive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return !handle.isAlive();
    }

    static OptionalLong readPid(Path file) {
        try {
            if (!Files.exists(file)) {
                return OptionalLong.empty();
            }
            String first = Files.readAllLines(file, StandardCharsets.US_ASCII).stream().findFirst().orElse("").trim();
            return first.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(first));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The java binary of the running JVM, for child JVMs. */
    public static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Last lines of the log, for error messages. */
    public String logTail(int lines) {
        try {
            if (!Files.exists(logFile)) {
                return "";
            }
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }
}
