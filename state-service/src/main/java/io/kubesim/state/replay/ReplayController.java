package io.kubesim.state.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import io.kubesim.model.json.KubeJson;
import io.kubesim.state.log.CommandWriter;

/**
 * The log's read side over HTTP, for the gateway's audit API: the state at a revision and a verify of the whole log.
 * (Nobody reads state-service's database but state-service.)
 */
@RestController
class ReplayController {

    private final Replayer replayer;
    private final CommandWriter writer;
    private final io.kubesim.state.log.LogRepository repository;

    ReplayController(Replayer replayer, CommandWriter writer, io.kubesim.state.log.LogRepository repository) {
        this.replayer = replayer;
        this.writer = writer;
        this.repository = repository;
    }

    /** Objects under a key prefix as they were at {@code revision} (default: now). */
    @GetMapping("/kubesim/v1/state")
    Map<String, Object> state(@RequestParam(required = false) Long revision,
            @RequestParam(defaultValue = "/") String prefix) {
        long at = revision == null ? writer.revision() : revision;
        List<JsonNode> items = new ArrayList<>();
        replayer.stateAt(at).forEach((key, v) -> {
            if (key.startsWith(prefix)) {
                items.add(KubeJson.parse(v.object()));
            }
        });
        return Map.of("revision", at, "items", items);
    }

    /** The scheduler's decision records for one pod, oldest first. */
    @GetMapping("/kubesim/v1/decisions")
    Map<String, Object> decisions(@RequestParam String pod) {
        return Map.of("pod", pod, "items", repository.decisions(pod).stream().map(KubeJson::parse).toList());
    }

    @PostMapping("/kubesim/v1/verify")
    Replayer.Verification verify() {
        return replayer.verify();
    }
}
