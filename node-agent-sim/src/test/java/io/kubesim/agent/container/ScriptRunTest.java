package io.kubesim.agent.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ScriptRunTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final Set<String> services = new HashSet<>();
    private final List<String> output = new ArrayList<>();
    private final Expander expander = new Expander(Map.of("GREETING", "hello"), "myapp-pod", "default");

    private final ScriptRun.Environment env = new ScriptRun.Environment() {
        @Override
        public boolean serviceExists(String namespace, String name) {
            return services.contains((namespace == null ? "default" : namespace) + "/" + name);
        }

        @Override
        public String expand(String text, Instant at) {
            return expander.expand(text, at);
        }

        @Override
        public void output(Instant at, String line) {
            output.add(Duration.between(T0, at).toSeconds() + "s " + line);
        }
    };

    @Test
    void an_until_loop_polls_every_two_seconds_until_the_service_exists() {
        ScriptRun run = new ScriptRun(CommandParser.script("until nslookup myservice; do echo waiting for "
                + "myservice; sleep 2; done"), T0, env);
        assertThat(run.advance(T0)).isEqualTo(new ScriptRun.Progress.Sleeping(T0.plusSeconds(2)));
        assertThat(run.advance(T0.plusSeconds(5))).isEqualTo(new ScriptRun.Progress.Sleeping(T0.plusSeconds(6)));
        services.add("default/myservice");
        assertThat(run.advance(T0.plusSeconds(6))).isEqualTo(new ScriptRun.Progress.Exited(0, T0.plusSeconds(6)));
        assertThat(output).isEqualTo(List.of("0s waiting for myservice", "2s waiting for myservice",
                "4s waiting for myservice"));
    }

    @Test
    void a_run_started_in_the_past_replays_up_to_now() {
        ScriptRun run = new ScriptRun(CommandParser.script("echo $GREETING from $HOSTNAME; sleep 10; exit 4"), T0,
                env);
        assertThat(run.advance(T0.plusSeconds(30))).isEqualTo(new ScriptRun.Progress.Exited(4,
                T0.plusSeconds(10)));
        assertThat(output).isEqualTo(List.of("0s hello from myapp-pod"));
    }

    @Test
    void a_loop_without_sleep_takes_a_second_per_iteration() {
        ScriptRun run = new ScriptRun(CommandParser.script("while true; do echo tick; done"), T0, env);
        assertThat(run.advance(T0.plusMillis(2500))).isEqualTo(new ScriptRun.Progress.Sleeping(T0.plusSeconds(3)));
        assertThat(output).isEqualTo(List.of("0s tick", "1s tick", "2s tick"));
    }

    @Test
    void a_server_runs_forever_and_the_last_status_is_the_exit_code() {
        assertThat(new ScriptRun(new Script.Serve(), T0, env).advance(T0.plusSeconds(999)))
                .isEqualTo(new ScriptRun.Progress.Forever());
        assertThat(new ScriptRun(CommandParser.script("nslookup missing"), T0, env).advance(T0))
                .isEqualTo(new ScriptRun.Progress.Exited(1, T0));
    }
}
