package io.kubesim.gateway.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class DiscoveryTest {

    private static final String KUBECTL_DISCOVERY_ACCEPT = "application/json;g=apidiscovery.k8s.io;v=v2;"
            + "as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
            + "application/json";

    private final Discovery discovery = Discovery.standard();

    static Stream<Arguments> documents() {
        return Stream.of(
                Arguments.of("GET /api/v1 lists the core resources and their subresources, pods/eviction in policy/v1",
                        (Function<Discovery, JsonNode>) d -> d.apiResourceList("v1").orElseThrow(), "api-v1.json"),
                Arguments.of("GET /apis/apps/v1 lists deployments/scale as autoscaling/v1 Scale",
                        (Function<Discovery, JsonNode>) d -> d.apiResourceList("apps/v1").orElseThrow(),
                        "apis-apps-v1.json"),
                Arguments.of("GET /apis lists every named group with its preferred version",
                        (Function<Discovery, JsonNode>) Discovery::apiGroupList, "apis.json"),
                Arguments.of("aggregated GET /api has one item for the core group",
                        (Function<Discovery, JsonNode>) Discovery::aggregatedCore, "aggregated-api.json"),
                Arguments.of("aggregated GET /apis has one item per named group",
                        (Function<Discovery, JsonNode>) Discovery::aggregatedGroups, "aggregated-apis.json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void servesTheDocument(String description, Function<Discovery, JsonNode> document, String expected)
            throws IOException {
        assertThat(document.apply(discovery)).isEqualTo(resource(expected));
    }

    @Test
    void apiListsTheCoreVersionAndTheServerAddress() {
        assertThat(discovery.apiVersions("10.0.0.1:6443")).isEqualTo(KubeJson.parse("{\"kind\":\"APIVersions\","
                + "\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":[{\"clientCIDR\":\"0.0.0.0/0\","
                + "\"serverAddress\":\"10.0.0.1:6443\"}]}"));
    }

    @Test
    void aGroupIsServedAtItsOwnPath() {
        assertThat(discovery.apiGroup("policy")).contains((ObjectNode) KubeJson.parse(
                "{\"kind\":\"APIGroup\",\"apiVersion\":\"v1\",\"name\":\"policy\",\"versions\":[{\"groupVersion\":"
                        + "\"policy/v1\",\"version\":\"v1\"}],\"preferredVersion\":{\"groupVersion\":\"policy/v1\","
                        + "\"version\":\"v1\"}}"));
        assertThat(discovery.apiGroup("autoscaling")).isEmpty();
        assertThat(discovery.apiGroup("")).isEmpty();
    }

    @Test
    void groupVersionsNotServedHaveNoResourceList() {
        assertThat(discovery.apiResourceList("apps/v1beta1")).isEmpty();
        assertThat(discovery.groupVersions()).containsExactly("v1", "apps/v1", "batch/v1", "coordination.k8s.io/v1",
                "policy/v1", "scheduling.k8s.io/v1");
    }

    @Test
    void aNewCatalogEntryIsDiscovered() {
        ResourceType widgets = new ResourceType("example.com", "v1", "Widget", "widgets", "widget", false,
                List.of("wd"), Set.of("status"), ConfigMap.class);

        Discovery extended = Discovery.of(List.of(Resources.PODS, widgets));

        assertThat(extended.apiResourceList("example.com/v1").orElseThrow().get("resources"))
                .isEqualTo(KubeJson.parse("[{\"name\":\"widgets\",\"singularName\":\"widget\",\"namespaced\":false,"
                        + "\"kind\":\"Widget\",\"verbs\":[\"create\",\"delete\",\"deletecollection\",\"get\",\"list\","
                        + "\"patch\",\"update\",\"watch\"],\"shortNames\":[\"wd\"],\"storageVersionHash\":"
                        + "\"gIwvi5rymmg=\"},{\"name\":\"widgets/status\",\"singularName\":\"\",\"namespaced\":false,"
                        + "\"kind\":\"Widget\",\"verbs\":[\"get\",\"patch\",\"update\"]}]"));
        assertThat(extended.apiGroupList().get("groups").findValuesAsString("name")).containsExactly("example.com");
    }

    @Test
    void aSubresourceWithoutDiscoveryRuleIsRefused() {
        ResourceType pods = new ResourceType("", "v1", "Pod", "pods", "pod", true, List.of(), Set.of("exec"),
                Pod.class);

        assertThatThrownBy(() -> Discovery.of(List.of(pods)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no discovery rule for subresource pods/exec");
    }

    static Stream<Arguments> storageVersionHashes() {
        return Stream.of(
                Arguments.of("pods", Resources.PODS, "xPOwRZ+Yhw8="),
                Arguments.of("nodes", Resources.NODES, "XwShjMxG9Fs="),
                Arguments.of("configmaps", Resources.CONFIGMAPS, "qFsyl6wFWjQ="),
                Arguments.of("deployments", Resources.DEPLOYMENTS, "8aSe+NMegvE="));
    }

    @ParameterizedTest(name = "the storage version hash of {0} is kube-apiserver's")
    @MethodSource("storageVersionHashes")
    void storageVersionHashIsUpstreams(String name, ResourceType type, String expected) {
        assertThat(ServedResource.of(type).storageVersionHash()).isEqualTo(expected);
    }

    static Stream<Arguments> acceptHeaders() {
        return Stream.of(
                Arguments.of("what kubectl sends prefers aggregated discovery", KUBECTL_DISCOVERY_ACCEPT, true),
                Arguments.of("plain JSON does not", "application/json, */*", false),
                Arguments.of("plain JSON first does not", "application/json,application/json;g=apidiscovery.k8s.io;"
                        + "v=v2;as=APIGroupDiscoveryList", false),
                Arguments.of("only v2beta1 does not", "application/json;g=apidiscovery.k8s.io;v=v2beta1;"
                        + "as=APIGroupDiscoveryList", false),
                Arguments.of("v2beta1 before v2 still finds v2", "application/json;g=apidiscovery.k8s.io;v=v2beta1;"
                        + "as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2;"
                        + "as=APIGroupDiscoveryList", true),
                Arguments.of("no Accept header does not", null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptHeaders")
    void acceptsAggregated(String description, String accept, boolean expected) {
        assertThat(Discovery.acceptsAggregated(accept)).isEqualTo(expected);
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = DiscoveryTest.class.getResourceAsStream(name)) {
            return KubeJson.json().readTree(in);
        }
    }
}
