package io.kubesim.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import tools.jackson.databind.JsonNode;

class OpenApiV3Test {

    private static final OpenApiV3 OPEN_API = OpenApiV3.standard();

    @Test
    void theIndexPointsAtEveryGroupVersionWithTheSha512OfItsDocument() throws Exception {
        StringBuilder expected = new StringBuilder("{\"paths\":{");
        List<String> paths = List.of("api/v1", "apis/apps/v1", "apis/batch/v1", "apis/coordination.k8s.io/v1",
                "apis/policy/v1", "apis/scheduling.k8s.io/v1");
        for (String path : paths) {
            byte[] body = OPEN_API.groupVersion(path).orElseThrow().json();
            String hash = HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(body));
            expected.append(path.equals("api/v1") ? "" : ",").append("\"").append(path)
                    .append("\":{\"serverRelativeURL\":\"/openapi/v3/").append(path).append("?hash=").append(hash)
                    .append("\"}");
        }
        expected.append("}}");

        assertThat(KubeJson.parse(OPEN_API.index().json())).isEqualTo(KubeJson.parse(expected.toString()));
        assertThat(OPEN_API.paths()).isEqualTo(paths);
    }

    @Test
    void documentsAreBuiltOnceAndUnknownPathsHaveNone() {
        assertThat(OpenApiV3.standard()).isSameAs(OPEN_API);
        assertThat(OPEN_API.groupVersion("apis/autoscaling/v1")).isEmpty();
    }

    @Test
    void theCoreDocumentHasAnOperationPerAdvertisedVerb() {
        Map<String, List<String>> operations = new LinkedHashMap<>();
        document("api/v1").get("paths").properties().forEach(path -> {
            List<String> methods = new ArrayList<>(path.getValue().propertyNames());
            methods.remove("parameters");
            operations.put(path.getKey(), methods);
        });

        assertThat(operations).isEqualTo(Map.ofEntries(
                Map.entry("/api/v1/configmaps", List.of("get")),
                Map.entry("/api/v1/events", List.of("get")),
                Map.entry("/api/v1/namespaces", List.of("get", "post")),
                Map.entry("/api/v1/namespaces/{name}", List.of("get", "put", "delete", "patch")),
                Map.entry("/api/v1/namespaces/{name}/status", List.of("get", "put", "patch")),
                Map.entry("/api/v1/namespaces/{namespace}/configmaps", List.of("get", "post", "delete")),
                Map.entry("/api/v1/namespaces/{namespace}/configmaps/{name}", List.of("get", "put", "delete", "patch")),
                Map.entry("/api/v1/namespaces/{namespace}/events", List.of("get", "post", "delete")),
                Map.entry("/api/v1/namespaces/{namespace}/events/{name}", List.of("get", "put", "delete", "patch")),
                Map.entry("/api/v1/namespaces/{namespace}/pods", List.of("get", "post", "delete")),
                Map.entry("/api/v1/namespaces/{namespace}/pods/{name}", List.of("get", "put", "delete", "patch")),
                Map.entry("/api/v1/namespaces/{namespace}/pods/{name}/binding", List.of("post")),
                Map.entry("/api/v1/namespaces/{namespace}/pods/{name}/eviction", List.of("post")),
                Map.entry("/api/v1/namespaces/{namespace}/pods/{name}/log", List.of("get")),
                Map.entry("/api/v1/namespaces/{namespace}/pods/{name}/status", List.of("get", "put", "patch")),
                Map.entry("/api/v1/namespaces/{namespace}/secrets", List.of("get", "post", "delete")),
                Map.entry("/api/v1/namespaces/{namespace}/secrets/{name}", List.of("get", "put", "delete", "patch")),
                Map.entry("/api/v1/namespaces/{namespace}/serviceaccounts", List.of("get", "post", "delete")),
                Map.entry("/api/v1/namespaces/{namespace}/serviceaccounts/{name}",
                        List.of("get", "put", "delete", "patch")),
                Map.entry("/api/v1/namespaces/{namespace}/services", List.of("get", "post", "delete")),
                Map.entry("/api/v1/namespaces/{namespace}/services/{name}", List.of("get", "put", "delete", "patch")),
                Map.entry("/api/v1/namespaces/{namespace}/services/{name}/status", List.of("get", "put", "patch")),
                Map.entry("/api/v1/nodes", List.of("get", "post", "delete")),
                Map.entry("/api/v1/nodes/{name}", List.of("get", "put", "delete", "patch")),
                Map.entry("/api/v1/nodes/{name}/status", List.of("get", "put", "patch")),
                Map.entry("/api/v1/pods", List.of("get")),
                Map.entry("/api/v1/secrets", List.of("get")),
                Map.entry("/api/v1/serviceaccounts", List.of("get")),
                Map.entry("/api/v1/services", List.of("get"))));
    }

    @Test
    void thePodPatchOperationIsShapedAsKubeApiserversAndLetsTheServerValidate() {
        JsonNode patch = document("api/v1").get("paths").get("/api/v1/namespaces/{namespace}/pods/{name}")
                .get("patch");

        assertThat(patch.get("operationId").stringValue()).isEqualTo("patchCoreV1NamespacedPod");
        assertThat(patch.get("x-kubernetes-action").stringValue()).isEqualTo("patch");
        assertThat(patch.get("x-kubernetes-group-version-kind"))
                .isEqualTo(KubeJson.parse("{\"group\":\"\",\"kind\":\"Pod\",\"version\":\"v1\"}"));
        assertThat(patch.get("parameters").findValuesAsString("name"))
                .containsExactly("dryRun", "fieldManager", "fieldValidation", "force");
        assertThat(patch.get("requestBody").get("content").propertyNames()).containsExactly(
                "application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json",
                "application/strategic-merge-patch+json");
        assertThat(patch.get("responses").propertyNames()).containsExactly("200", "201", "401");
        assertThat(patch.get("responses").get("200").get("content").get("application/json"))
                .isEqualTo(KubeJson.parse("{\"schema\":{\"$ref\":\"#/components/schemas/io.k8s.api.core.v1.Pod\"}}"));
    }

    @Test
    void theEvictionSubresourceAcceptsAPolicyV1Eviction() {
        JsonNode post = document("api/v1").get("paths").get("/api/v1/namespaces/{namespace}/pods/{name}/eviction")
                .get("post");

        assertThat(post.get("operationId").stringValue()).isEqualTo("createCoreV1NamespacedPodEviction");
        assertThat(post.get("x-kubernetes-group-version-kind"))
                .isEqualTo(KubeJson.parse("{\"group\":\"policy\",\"kind\":\"Eviction\",\"version\":\"v1\"}"));
        assertThat(post.get("requestBody").get("content").get("*/*").get("schema").get("$ref").stringValue())
                .isEqualTo("#/components/schemas/io.k8s.api.policy.v1.Eviction");
    }

    static Stream<Arguments> resources() {
        return Resources.all().stream().map(type -> Arguments.of(type.qualifiedName(), type));
    }

    @ParameterizedTest(name = "kubectl finds a PATCH of {0} with fieldValidation, so it sends fieldValidation=Strict")
    @MethodSource("resources")
    void kubectlLeavesValidationToTheServer(String name, ResourceType type) {
        JsonNode paths = document(documentPath(type)).get("paths");
        boolean found = false;
        for (JsonNode path : paths.values()) {
            JsonNode patch = path.path("patch");
            JsonNode gvk = patch.path("x-kubernetes-group-version-kind");
            if (gvk.path("kind").stringValue("").equals(type.kind())
                    && gvk.path("group").stringValue("").equals(type.group())
                    && gvk.path("version").stringValue("").equals(type.version())
                    && patch.get("parameters").findValuesAsString("name").contains("fieldValidation")) {
                found = true;
            }
        }
        assertThat(found).isTrue();
    }

    @ParameterizedTest(name = "kubectl explain finds the schema of {0} by its group, version and kind")
    @MethodSource("resources")
    void explainFindsTheKind(String name, ResourceType type) {
        JsonNode schemas = document(documentPath(type)).get("components").get("schemas");
        List<String> carriers = new ArrayList<>();
        schemas.properties().forEach(schema -> {
            for (JsonNode gvk : schema.getValue().path("x-kubernetes-group-version-kind")) {
                if (gvk.equals(KubeJson.parse("{\"group\":\"" + type.group() + "\",\"kind\":\"" + type.kind()
                        + "\",\"version\":\"" + type.version() + "\"}"))) {
                    carriers.add(schema.getKey());
                }
            }
        });

        assertThat(carriers).containsExactly(SchemaNames.of(type.javaType()));
    }

    static Stream<Arguments> documents() {
        return OPEN_API.paths().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "every $ref of {0} resolves within the document")
    @MethodSource("documents")
    void referencesResolve(String path) {
        JsonNode document = document(path);
        List<String> refs = new ArrayList<>();
        SchemaGenerator.collectRefs(document, refs);

        assertThat(refs).isNotEmpty().allSatisfy(ref -> assertThat(document.get("components").get("schemas").has(ref))
                .as(ref).isTrue());
        assertThat(document.get("openapi").stringValue()).isEqualTo("3.0.0");
        assertThat(document.get("info")).isEqualTo(KubeJson.parse("{\"title\":\"Kubernetes\",\"version\":\"v1.32.4\"}"));
    }

    @Test
    void tolerationsAreDescribedForKubectlExplain() {
        JsonNode schemas = document("api/v1").get("components").get("schemas");

        assertThat(schemas.get("io.k8s.api.core.v1.PodSpec").get("properties").get("tolerations").get("items"))
                .isEqualTo(KubeJson.parse("{\"$ref\":\"#/components/schemas/io.k8s.api.core.v1.Toleration\"}"));
        assertThat(schemas.get("io.k8s.api.core.v1.Toleration").get("properties").get("effect"))
                .isEqualTo(KubeJson.parse("{\"type\":\"string\",\"description\":\"The taint effect to match; empty "
                        + "matches every effect.\",\"enum\":[\"NoExecute\",\"NoSchedule\",\"PreferNoSchedule\"]}"));
        assertThat(schemas.get("io.k8s.api.core.v1.PodSpec").get("required"))
                .isEqualTo(KubeJson.parse("[\"containers\"]"));
    }

    private static JsonNode document(String path) {
        return KubeJson.parse(OPEN_API.groupVersion(path).orElseThrow().json());
    }

    private static String documentPath(ResourceType type) {
        return type.group().isEmpty() ? "api/" + type.version() : "apis/" + type.apiVersion();
    }

    /**
     * kubectl apply computes its strategic merge patch from these extensions of the v3 document (without them it
     * replaces whole lists and never prints "unchanged").
     */
    @Test
    void listsCarryTheirPatchStrategyAndMergeKey() {
        JsonNode schemas = document("api/v1").path("components").path("schemas");

        assertThat(patchMeta(schemas, "io.k8s.api.core.v1.PodSpec", "containers")).isEqualTo("merge name");
        assertThat(patchMeta(schemas, "io.k8s.api.core.v1.Container", "env")).isEqualTo("merge name");
        assertThat(patchMeta(schemas, "io.k8s.api.core.v1.Container", "ports")).isEqualTo("merge containerPort");
        assertThat(patchMeta(schemas, "io.k8s.api.core.v1.PodStatus", "conditions")).isEqualTo("merge type");
        assertThat(patchMeta(schemas, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "finalizers"))
                .isEqualTo("merge ");
        assertThat(patchMeta(schemas, "io.k8s.api.core.v1.NodeSpec", "taints")).isEqualTo(" ");
        assertThat(patchMeta(schemas, "io.k8s.api.core.v1.PodSpec", "tolerations")).isEqualTo(" ");
    }

    private static String patchMeta(JsonNode schemas, String schema, String property) {
        JsonNode p = schemas.path(schema).path("properties").path(property);
        assertThat(p.isObject()).as(schema + "." + property).isTrue();
        return p.path("x-kubernetes-patch-strategy").asString("") + " "
                + p.path("x-kubernetes-patch-merge-key").asString("");
    }
}
