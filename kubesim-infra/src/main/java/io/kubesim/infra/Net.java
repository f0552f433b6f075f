package io.kubesim.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/** Loopback port helpers. */
public final class Net {

    public static final String LOOPBACK = "127.0.0.1";

    private Net() {
    }

    public static boolean isListening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(LOOPBACK, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port that is free right now on loopback (see {@link #freePorts(int, Set)}). */
    public static int freePort() {
        return freePorts(1, Set.of());
    }

    /**
     * The first of {@code count} consecutive ports that are free right now on loopback and not in {@code taken}.
     *
     * <p>The ports are picked below the kernel's ephemeral range ({@code /proc/sys/net/ipv4/ip_local_port_range},
     * 32768–60999 by default), never from it: a port the kernel handed out for {@code bind(0)} and that we closed
     * again can be taken by any outgoing connection (a Kafka client's, say) before the service that was meant to
     * listen on it binds it — which is how an e2e cluster start failed with "Port … was already in use".
     */
    public static int freePorts(int count, Set<Integer> taken) {
        if (count < 1 || count > 1000) {
            throw new IllegalArgumentException("count must be 1..1000: " + count);
        }
        int[] window = nonEphemeralWindow();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 500; attempt++) {
            int base = window[0] + random.nextInt(window[1] - window[0] - count + 1);
            if (allFree(base, count, taken)) {
                return base;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports in " + window[0] + "-" + window[1]);
    }

    private static boolean allFree(int base, int count, Set<Integer> taken) {
        for (int port = base; port < base + count; port++) {
            if (taken.contains(port) || !bindable(port)) {
                return false;
            }
        }
        return true;
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** [low, high] of loopback ports to pick from: 20000 up to the ephemeral range, or above it if that is larger. */
    static int[] nonEphemeralWindow() {
        int ephemeralLow = 32768;
        int ephemeralHigh = 60999;
        try { // readAllLines, not readString: the JDK reads a /proc file's reported size (0) and stops early
            String[] range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).getFirst().trim().split("\\s+");
            ephemeralLow = Integer.parseInt(range[0]);
            ephemeralHigh = Integer.parseInt(range[1]);
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: keep Linux's defaults
        }
        int below = ephemeralLow - 1 - 20000;
        int above = 65535 - (ephemeralHigh + 1);
        if (below >= above && below > 1000) {
            return new int[] {20000, ephemeralLow - 1};
        }
        if (above > 1000) {
            return new int[] {ephemeralHigh + 1, 65535};
        }
        return new int[] {10000, 65535};
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes. */
    public static boolean await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }
}
