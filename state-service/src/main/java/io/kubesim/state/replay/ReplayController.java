package io.kubesim.state.replay;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.kubesim.model.json.KubeJson;

/**
 * The log's read side over HTTP, for the gateway's audit API: scheduling decisions and a verify of the whole log
 * (the state at a revision or time, history, diff and export are in {@code io.kubesim.state.audit}).
 * (Nobody reads state-service's database but state-service.)
 */
@RestController
class ReplayController {

    private final Replayer replayer;
    private final io.kubesim.state.log.LogRepository repository;

    ReplayController(Replayer replayer, io.kubesim.state.log.LogRepository repository) {
        this.replayer = replayer;
        this.repository = repository;
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
