package io.kubesim.agent.logs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import io.fabric8.kubernetes.api.model.Status;

import io.kubesim.agent.container.ContainerLog;
import io.kubesim.agent.loop.AgentLoop;
import io.kubesim.agent.pod.LogLookup;
import io.kubesim.agent.pod.PodManager;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;
import io.kubesim.model.status.Statuses;

/**
 * The kubelet's container log endpoint, for {@code kubectl logs} through the gateway (which forwards
 * {@code GET /api/v1/namespaces/{ns}/pods/{name}/log} here, as kube-apiserver does to the kubelet;
 * pkg/kubelet/server/server.go getContainerLogs):
 * <pre>
 * GET /kubesim/v1/logs/{namespace}/{pod}/{container}
 *     ?follow=&amp;previous=&amp;tailLines=&amp;timestamps=&amp;sinceSeconds=&amp;limitBytes=
 * GET /kubesim/v1/logs/{namespace}/{pod}       (the pod's only container)
 * </pre>
 * Output is what the container's {@code echo}s wrote, one run per container id; {@code follow} streams until the
 * container stops. Errors are Kubernetes {@code Status} objects with the kubelet's words.
 */
@RestController
class LogController {

    /** The CRI log timestamp format the kubelet prints with {@code timestamps=true}. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final long FOLLOW_POLL_MILLIS = 100;

    private final PodManager pods;
    private final AgentLoop loop;

    LogController(PodManager pods, AgentLoop loop) {
        this.pods = pods;
        this.loop = loop;
    }

    @GetMapping("/kubesim/v1/logs/{namespace}/{pod}")
    ResponseEntity<StreamingResponseBody> onlyContainer(@PathVariable String namespace, @PathVariable String pod,
            @RequestParam(defaultValue = "false") boolean follow,
            @RequestParam(defaultValue = "false") boolean previous,
            @RequestParam(required = false) Long tailLines,
            @RequestParam(defaultValue = "false") boolean timestamps,
            @RequestParam(required = false) Long sinceSeconds,
            @RequestParam(required = false) Long limitBytes) {
        Optional<List<String>> names = pods.containerNames(namespace, pod);
        if (names.isEmpty()) {
            return error(Statuses.notFound(Resources.PODS, pod));
        }
        if (names.get().size() != 1) {
            return error(Statuses.badRequest("a container name must be specified for pod " + pod
                    + ", choose one of: [" + String.join(" ", names.get()) + "]"));
        }
        return logs(namespace, pod, names.get().getFirst(), follow, previous, tailLines, timestamps, sinceSeconds,
                limitBytes);
    }

    @GetMapping("/kubesim/v1/logs/{namespace}/{pod}/{container}")
    ResponseEntity<StreamingResponseBody> logs(@PathVariable String namespace, @PathVariable String pod,
            @PathVariable String container,
            @RequestParam(defaultValue = "false") boolean follow,
            @RequestParam(defaultValue = "false") boolean previous,
            @RequestParam(required = false) Long tailLines,
            @RequestParam(defaultValue = "false") boolean timestamps,
            @RequestParam(required = false) Long sinceSeconds,
            @RequestParam(required = false) Long limitBytes) {
        LogLookup lookup = pods.logs(namespace, pod, container, previous);
        if (lookup instanceof LogLookup.Missing m) {
            return error(m.code() == 404 ? Statuses.notFound(Resources.PODS, pod)
                    : Statuses.failure(m.code(), "BadRequest", m.message(), null, null, null, List.of()));
        }
        ContainerLog log = ((LogLookup.Found) lookup).log();
        Selection first = loop.call(() -> select(log, tailLines, sinceSeconds));
        Output out = new Output(timestamps, limitBytes);
        StreamingResponseBody body = stream -> {
            long next = out.write(stream, first.lines(), first.next());
            while (follow && !out.full()) {
                long from = next;
                Selection more = loop.call(() -> new Selection(log.since(from), log.next(), log.finished()));
                next = out.write(stream, more.lines(), more.next());
                if (more.finished() && more.lines().isEmpty()) {
                    break;
                }
                if (more.lines().isEmpty()) {
                    sleep();
                }
            }
        };
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(body);
    }

    private record Selection(List<ContainerLog.Line> lines, long next, boolean finished) {
    }

    private Selection select(ContainerLog log, Long tailLines, Long sinceSeconds) {
        List<ContainerLog.Line> lines = log.since(0);
        if (sinceSeconds != null) {
            Instant from = loop.now().minusSeconds(sinceSeconds);
            lines = lines.stream().filter(l -> !l.time().isBefore(from)).toList();
        }
        if (tailLines != null && tailLines >= 0 && lines.size() > tailLines) {
            lines = lines.subList(lines.size() - tailLines.intValue(), lines.size());
        }
        return new Selection(lines, log.next(), log.finished());
    }

    /** Writes lines, honouring {@code timestamps} and {@code limitBytes}. */
    private static final class Output {
        private final boolean timestamps;
        private final Long limit;
        private long written;

        Output(boolean timestamps, Long limit) {
            this.timestamps = timestamps;
            this.limit = limit;
        }

        boolean full() {
            return limit != null && written >= limit;
        }

        long write(OutputStream stream, List<ContainerLog.Line> lines, long next) throws IOException {
            for (ContainerLog.Line l : lines) {
                String text = (timestamps ? TIMESTAMP.format(l.time()) + " " : "") + l.text() + "\n";
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                int n = bytes.length;
                if (limit != null) {
                    n = (int) Math.min(n, Math.max(0, limit - written));
                }
                stream.write(bytes, 0, n);
                written += n;
                if (full()) {
                    break;
                }
            }
            stream.flush();
            return next;
        }
    }

    private static void sleep() throws IOException {
        try {
            Thread.sleep(FOLLOW_POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static ResponseEntity<StreamingResponseBody> error(Status status) {
        byte[] body = KubeJson.writeBytes(status);
        return ResponseEntity.status(HttpStatus.valueOf(status.getCode())).contentType(MediaType.APPLICATION_JSON)
                .body(stream -> stream.write(body));
    }
}
