package io.kubesim.scheduler.plugins.defaultbinder;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.kubesim.model.command.CommandReply;
import io.kubesim.model.json.KubeJson;
import io.kubesim.scheduler.framework.BindPlugin;
import io.kubesim.scheduler.framework.PodInfo;
import io.kubesim.scheduler.framework.Status;

class DefaultBinderTest {

    private static final PodInfo POD = PodInfo.of(new io.fabric8.kubernetes.api.model.PodBuilder().withNewMetadata()
            .withNamespace("default").withName("web").withUid("u-1").endMetadata().build());

    static Stream<Arguments> replies() {
        CommandReply bound = new CommandReply("c", 201, 7, KubeJson.parse("{}"), null);
        CommandReply conflict = new CommandReply("c", 409, 0, null, KubeJson.parse(
                "{\"kind\":\"Status\",\"code\":409,\"message\":\"pod web is already assigned to node \\\"n2\\\"\"}"));
        CommandReply bare = new CommandReply("c", 500, 0, null, null);
        return Stream.of(
                Arguments.of("a bind state-service accepts succeeds", CompletableFuture.completedFuture(bound),
                        new Status(Status.Code.SUCCESS, List.of(), "DefaultBinder")),
                Arguments.of("a refused bind is an error with state-service's message",
                        CompletableFuture.completedFuture(conflict), new Status(Status.Code.ERROR, List.of(
                                "running Bind plugin \"DefaultBinder\": pod web is already assigned to node \"n2\""),
                                "DefaultBinder")),
                Arguments.of("a refusal without a Status names the code", CompletableFuture.completedFuture(bare),
                        new Status(Status.Code.ERROR, List.of("running Bind plugin \"DefaultBinder\": binding "
                                + "answered 500"), "DefaultBinder")),
                Arguments.of("no reply in time is a timeout error",
                        CompletableFuture.failedFuture(new CompletionException(new TimeoutException())),
                        new Status(Status.Code.ERROR, List.of("running Bind plugin \"DefaultBinder\": timed out "
                                + "waiting for the binding reply"), "DefaultBinder")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replies")
    void theBindersStatusFollowsStateServicesReply(String name, CompletableFuture<CommandReply> reply,
            Status expected) {
        DefaultBinder binder = new DefaultBinder((pod, node, decisionId) -> reply);

        assertThat(BindPlugin.runAll(List.of(binder), POD, "n1", "d-1").join()).isEqualTo(expected);
    }

    @Test
    void theBindCommandCarriesThePodTheNodeAndTheDecision() {
        StringBuilder sent = new StringBuilder();
        DefaultBinder binder = new DefaultBinder((pod, node, decisionId) -> {
            sent.append(pod.pod().getMetadata().getName()).append(" -> ").append(node).append(" (")
                    .append(decisionId).append(')');
            return CompletableFuture.completedFuture(new CommandReply("c", 201, 1, null, null));
        });

        binder.bind(POD, "n1", "d-1").join();

        assertThat(sent).hasToString("web -> n1 (d-1)");
    }

    @Test
    void bindPluginsRunInOrderUntilOneDoesNotSkip() {
        StringBuilder order = new StringBuilder();
        BindPlugin skipping = plugin("Skipper", order, Status.SKIP);
        BindPlugin binding = plugin("Binder", order, Status.SUCCESS);
        BindPlugin never = plugin("Never", order, Status.SUCCESS);

        Status status = BindPlugin.runAll(List.of(skipping, binding, never), POD, "n1", "d-1").join();

        assertThat(status).isEqualTo(new Status(Status.Code.SUCCESS, List.of(), "Binder"));
        assertThat(order).hasToString("Skipper Binder ");
    }

    @Test
    void whenEveryPluginSkipsTheResultIsSkip() {
        assertThat(BindPlugin.runAll(List.of(plugin("Skipper", new StringBuilder(), Status.SKIP)), POD, "n1", "d-1")
                .join().isSkip()).isTrue();
        assertThat(BindPlugin.runAll(List.of(), POD, "n1", "d-1").join().isSkip()).isTrue();
    }

    private static BindPlugin plugin(String name, StringBuilder order, Status answer) {
        return new BindPlugin() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CompletableFuture<Status> bind(PodInfo pod, String nodeName, String decisionId) {
                order.append(name).append(' ');
                return CompletableFuture.completedFuture(answer);
            }
        };
    }
}
