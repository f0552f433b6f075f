package io.kubesim.agent.container;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Quantity;

/**
 * How one simulated container behaves: its {@link Script} plus what pod annotations override. Each annotation applies
 * to every container of the pod, or to one container with the container name appended after a dot
 * ({@code kubesim.io/run-seconds.web}); the per-container form wins.
 *
 * <table>
 *   <caption>annotations</caption>
 *   <tr><td>{@value #RUN_SECONDS}</td><td>the process ends this many seconds after it starts, whatever its command
 *       does (its echo output still appears), with {@value #EXIT_CODE} (default 0)</td></tr>
 *   <tr><td>{@value #EXIT_CODE}</td><td>the exit code the process ends with; without {@value #RUN_SECONDS} it
 *       replaces the code of a process that ends by itself</td></tr>
 *   <tr><td>{@value #MEMORY_USAGE}</td><td>memory the process uses (a quantity, e.g. {@code 300Mi}); above the
 *       container's memory limit the process is OOM-killed {@link #OOM_AFTER} after it starts (exit code 137,
 *       reason OOMKilled)</td></tr>
 *   <tr><td>{@value #READY_AFTER_SECONDS}</td><td>the container turns ready this long after it starts (default: at
 *       once, or after the readiness probe's {@code initialDelaySeconds})</td></tr>
 *   <tr><td>{@value #IGNORE_SIGTERM}</td><td>{@code "true"}: on deletion the process keeps running until the grace
 *       period ends and is then killed (exit code 137); otherwise it exits at once</td></tr>
 * </table>
 *
 * @param script         what the process does
 * @param runFor         fixed run time, or null
 * @param exitCode       exit code override, or null
 * @param oomKilled      whether the process exceeds its memory limit
 * @param readyAfter     how long after start the container is ready
 * @param ignoresSigterm whether SIGTERM is ignored
 */
public record Behaviour(Script script, Duration runFor, Integer exitCode, boolean oomKilled, Duration readyAfter,
        boolean ignoresSigterm) {

    public static final String RUN_SECONDS = "kubesim.io/run-seconds";
    public static final String EXIT_CODE = "kubesim.io/exit-code";
    public static final String MEMORY_USAGE = "kubesim.io/memory-usage";
    public static final String READY_AFTER_SECONDS = "kubesim.io/ready-after-seconds";
    public static final String IGNORE_SIGTERM = "kubesim.io/ignore-sigterm";
    /** When an OOM-killed process dies after its start. */
    public static final Duration OOM_AFTER = Duration.ofSeconds(1);

    /** The behaviour of {@code container} of a pod with {@code annotations}, running {@code script}. */
    public static Behaviour of(Map<String, String> annotations, Container container, Script script) {
        Map<String, String> a = annotations == null ? Map.of() : annotations;
        String name = container.getName();
        Duration runFor = seconds(annotation(a, RUN_SECONDS, name), RUN_SECONDS);
        String code = annotation(a, EXIT_CODE, name);
        Integer exitCode = null;
        if (code != null) {
            try {
                exitCode = Integer.parseInt(code.trim()) & 0xff;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(EXIT_CODE + " must be an integer, was " + code);
            }
        }
        boolean oom = false;
        String usage = annotation(a, MEMORY_USAGE, name);
        Quantity limit = container.getResources() == null || container.getResources().getLimits() == null ? null
                : container.getResources().getLimits().get("memory");
        if (usage != null && limit != null) {
            BigDecimal used = Quantity.getAmountInBytes(new Quantity(usage.trim()));
            oom = used.compareTo(Quantity.getAmountInBytes(limit)) > 0;
        }
        Duration readyAfter = seconds(annotation(a, READY_AFTER_SECONDS, name), READY_AFTER_SECONDS);
        if (readyAfter == null) {
            Integer delay = container.getReadinessProbe() == null ? null
                    : container.getReadinessProbe().getInitialDelaySeconds();
            readyAfter = Duration.ofSeconds(delay == null ? 0 : delay);
        }
        boolean ignoresSigterm = "true".equalsIgnoreCase(annotation(a, IGNORE_SIGTERM, name));
        return new Behaviour(script, runFor, exitCode, oom, readyAfter, ignoresSigterm);
    }

    private static String annotation(Map<String, String> a, String key, String container) {
        String own = a.get(key + "." + container);
        return own != null ? own : a.get(key);
    }

    private static Duration seconds(String value, String key) {
        if (value == null) {
            return null;
        }
        try {
            BigDecimal s = new BigDecimal(value.trim());
            if (s.signum() < 0) {
                throw new IllegalArgumentException(key + " must not be negative, was " + value);
            }
            return Duration.ofNanos(s.multiply(BigDecimal.valueOf(1_000_000_000L)).longValue());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number of seconds, was " + value);
        }
    }
}
