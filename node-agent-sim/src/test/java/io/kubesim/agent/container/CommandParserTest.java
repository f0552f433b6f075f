package io.kubesim.agent.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.kubesim.agent.container.Script.And;
import io.kubesim.agent.container.Script.Echo;
import io.kubesim.agent.container.Script.Exit;
import io.kubesim.agent.container.Script.If;
import io.kubesim.agent.container.Script.Lookup;
import io.kubesim.agent.container.Script.Not;
import io.kubesim.agent.container.Script.Or;
import io.kubesim.agent.container.Script.Sequence;
import io.kubesim.agent.container.Script.Serve;
import io.kubesim.agent.container.Script.Sleep;
import io.kubesim.agent.container.Script.Status;
import io.kubesim.agent.container.Script.Until;
import io.kubesim.agent.container.Script.While;
import io.kubesim.agent.registry.ImageCatalog.RunKind;

class CommandParserTest {

    private static final String SEED_002_INIT = "until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/"
            + "serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done";

    static Stream<Arguments> commands() {
        return Stream.of(
                Arguments.of("sleep 5 runs five seconds", List.of("sleep", "5"), null, RunKind.EXIT,
                        new Sleep(Duration.ofSeconds(5))),
                Arguments.of("sh -c with echo and sleep prints, then sleeps an hour",
                        List.of("sh", "-c", "echo hi && sleep 3600"), null, RunKind.EXIT,
                        new And(new Echo("hi"), new Sleep(Duration.ofHours(1)))),
                Arguments.of("exit 1 in a shell exits 1", List.of("/bin/sh", "-c", "exit 1"), null, RunKind.EXIT,
                        new Exit(1)),
                Arguments.of("busybox without a command runs sh, which exits at once", null, null, RunKind.EXIT,
                        new Status(0)),
                Arguments.of("nginx without a command serves until stopped", null, null, RunKind.SERVER,
                        new Serve()),
                Arguments.of("args only: busybox runs sleep 100000 (seed 002)", null, List.of("sleep", "100000"),
                        RunKind.EXIT, new Sleep(Duration.ofSeconds(100000))),
                Arguments.of("args that are flags go to the image's entrypoint", null, List.of("--port", "6380"),
                        RunKind.SERVER, new Serve()),
                Arguments.of("seed 002's init container waits for its Service",
                        List.of("sh", "-c", SEED_002_INIT), null, RunKind.EXIT,
                        new Until(new Lookup("myservice", null),
                                new Sequence(List.of(new Echo("waiting for myservice"),
                                        new Sleep(Duration.ofSeconds(2)))))),
                Arguments.of("seed 002's app container prints, then sleeps",
                        List.of("sh", "-c", "echo The app is running! && sleep 3600"), null, RunKind.EXIT,
                        new And(new Echo("The app is running!"), new Sleep(Duration.ofSeconds(3600)))),
                Arguments.of("a lookup in another namespace names it", List.of("nslookup", "db.prod"), null,
                        RunKind.EXIT, new Lookup("db", "prod")),
                Arguments.of("names outside the cluster resolve", List.of("nslookup", "www.google.com"), null,
                        RunKind.EXIT, new Status(0)),
                Arguments.of("an unknown program runs until stopped", List.of("python", "app.py"), null,
                        RunKind.EXIT, new Serve()),
                Arguments.of("sleep infinity never ends", List.of("sleep", "infinity"), null, RunKind.EXIT,
                        new Sleep(null)),
                Arguments.of("sleep with units adds up", List.of("sleep", "1m", "30"), null, RunKind.EXIT,
                        new Sleep(Duration.ofSeconds(90))),
                Arguments.of("a while-true loop prints the date forever",
                        List.of("sh", "-c", "while true; do date; sleep 5; done"), null, RunKind.EXIT,
                        new While(new Status(0), new Sequence(List.of(new Echo("$(date)"),
                                new Sleep(Duration.ofSeconds(5)))))),
                Arguments.of("a for loop is unrolled",
                        List.of("sh", "-c", "for i in 1 2 3; do echo step $i; done"), null, RunKind.EXIT,
                        new Sequence(List.of(new Echo("step 1"), new Echo("step 2"), new Echo("step 3")))),
                Arguments.of("if, ! and || keep their meaning",
                        List.of("sh", "-c", "if ! nslookup db; then echo no db || exit 3; else exit 0; fi"), null,
                        RunKind.EXIT, new If(new Not(new Lookup("db", null)),
                                new Or(new Echo("no db"), new Exit(3)), new Exit(0))),
                Arguments.of("output redirected to a file does not reach the log",
                        List.of("sh", "-c", "echo secret > /tmp/x; echo shown 2>&1"), null, RunKind.EXIT,
                        new Sequence(List.of(new Status(0), new Echo("shown")))),
                Arguments.of("tail -f keeps a container alive", List.of("tail", "-f", "/dev/null"), null,
                        RunKind.EXIT, new Serve()),
                Arguments.of("unparseable shell runs until stopped", List.of("sh", "-c", "echo 'unterminated"),
                        null, RunKind.EXIT, new Serve()),
                Arguments.of("exec hands over to the program", List.of("sh", "-c", "echo start; exec sleep 10"),
                        null, RunKind.EXIT, new Sequence(List.of(new Echo("start"),
                                new Sleep(Duration.ofSeconds(10))))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commands")
    void commands_become_behaviour(String sentence, List<String> command, List<String> args, RunKind image,
            Script expected) {
        assertThat(CommandParser.parse(command, args, image)).isEqualTo(expected);
    }
}
