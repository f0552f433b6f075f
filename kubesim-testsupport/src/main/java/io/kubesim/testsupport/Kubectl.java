package io.kubesim.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real kubectl (/usr/bin/kubectl, the 1.32 build picked by the dispatcher from the gateway's /version)
 * against a kubeconfig, with a fresh discovery cache folder for every command so caching cannot hide a bug.
 */
public final class Kubectl {

    /** What one kubectl run printed. */
    public record Result(int exitCode, String out, String err) {
        public Result assertOk() {
            if (exitCode != 0) {
                throw new AssertionError("kubectl failed (" + exitCode + "):\n" + err + "\n" + out);
            }
            return this;
        }
    }

    private final Path kubeconfig;
    private final Path work;

    public Kubectl(Path kubeconfig, Path work) {
        this.kubeconfig = kubeconfig;
        this.work = work;
    }

    public Result run(String... args) {
        return run(null, Map.of(), args);
    }

    /** Runs kubectl with {@code stdin} as its input (e.g. {@code apply -f -}). */
    public Result runWithInput(String stdin, String... args) {
        return run(stdin, Map.of(), args);
    }

    public Result run(String stdin, Map<String, String> env, String... args) {
        try {
            Path cache = Files.createTempDirectory(work, "kubectl-cache-");
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/kubectl", "--kubeconfig", kubeconfig.toString(),
                    "--cache-dir", cache.toString()));
            cmd.addAll(List.of(args));
            Path out = Files.createTempFile(work, "out", ".txt");
            Path err = Files.createTempFile(work, "err", ".txt");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("HOME", work.toString());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 120 s");
            }
            return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Starts kubectl without waiting (for {@code get -w}); the caller reads and destroys it. */
    public Process start(String... args) throws IOException {
        Path cache = Files.createTempDirectory(work, "kubectl-cache-");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/kubectl", "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", cache.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("HOME", work.toString());
        return pb.start();
    }
}
