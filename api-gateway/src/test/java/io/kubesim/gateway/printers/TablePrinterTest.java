package io.kubesim.gateway.printers;

import static io.kubesim.gateway.printers.Fixtures.CLOCK;
import static io.kubesim.gateway.printers.Fixtures.json;
import static io.kubesim.gateway.printers.Fixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;
import io.kubesim.model.status.ApiException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class TablePrinterTest {

    private static final String KUBECTL_ACCEPT = "application/json;as=Table;v=v1;g=meta.k8s.io,"
            + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    private static final String WEB = "{'kind':'Pod','apiVersion':'v1','metadata':{'name':'web','namespace':'default',"
            + "'uid':'u-1','resourceVersion':'41','creationTimestamp':'2025-06-01T11:55:00Z','labels':{'app':'web'}},"
            + "'spec':{'nodeName':'n1','containers':[{'name':'web','image':'nginx'}]},'status':{'phase':'Running',"
            + "'podIP':'10.244.1.5','containerStatuses':[{'name':'web','ready':true,'restartCount':0,'state':"
            + "{'running':{}}}]}}";
    private static final String DONE = "{'metadata':{'name':'once','namespace':'default','resourceVersion':'42',"
            + "'creationTimestamp':'2025-06-01T11:59:15Z'},'spec':{'containers':[{'name':'c','image':'busybox'}]},"
            + "'status':{'phase':'Succeeded','containerStatuses':[{'name':'c','ready':false,'restartCount':0,"
            + "'state':{'terminated':{'exitCode':0,'reason':'Completed'}}}]}}";

    @Test
    void aPodListIsTheTableKubeApiserverReturnsToKubectl() throws IOException {
        ObjectNode table = TablePrinter.table(Resources.PODS, List.of(json(WEB), json(DONE)), TableOptions.DEFAULT,
                CLOCK, "1000");

        assertThat(table).isEqualTo(resource("pod-list-table.json"));
    }

    @Test
    void includeObjectObjectPutsTheWholeObjectInTheRow() {
        ObjectNode pod = json(DONE);

        ObjectNode table = TablePrinter.table(Resources.PODS, pod, TableOptions.fromQuery("Object"), CLOCK);

        ObjectNode expected = pod.deepCopy();
        expected.put("kind", "Pod").put("apiVersion", "v1");
        assertThat(table.get("rows").get(0).get("object")).isEqualTo(expected);
    }

    @Test
    void includeObjectNoneLeavesTheRowObjectNull() {
        ObjectNode table = TablePrinter.table(Resources.PODS, json(WEB), TableOptions.fromQuery("None"), CLOCK);

        assertThat(table.get("rows")).isEqualTo(tree("[{'cells':['web','1/1','Running','0','5m','10.244.1.5','n1',"
                + "'<none>','<none>'],'object':null}]"));
    }

    @Test
    void aSingleObjectTableCarriesTheObjectsResourceVersion() {
        ObjectNode table = TablePrinter.table(Resources.PODS, json(WEB), TableOptions.DEFAULT, CLOCK);

        assertThat(table.get("metadata")).isEqualTo(json("{'resourceVersion':'41'}"));
        assertThat(table.get("rows")).hasSize(1);
    }

    @Test
    void laterWatchEventsCarryNoColumnDefinitions() {
        ObjectNode table = TablePrinter.table(Resources.PODS, json(WEB), TableOptions.DEFAULT.withoutHeaders(), CLOCK);

        assertThat(table.get("columnDefinitions").isNull()).isTrue();
        assertThat(table.get("rows").get(0).get("cells").get(2).stringValue()).isEqualTo("Running");
    }

    @Test
    void aPagedListKeepsItsContinueToken() {
        ObjectNode table = TablePrinter.table(Resources.NODES, List.of(), TableOptions.DEFAULT, CLOCK,
                json("{'resourceVersion':'77','continue':'eyJ2IjoxfQ','remainingItemCount':12}"));

        assertThat(table.get("metadata")).isEqualTo(json("{'resourceVersion':'77','continue':'eyJ2IjoxfQ',"
                + "'remainingItemCount':12}"));
        assertThat(table.get("rows")).isEqualTo(tree("[]"));
    }

    @Test
    void aResourceWithoutPrinterGetsNameAndAge() {
        ResourceType widgets = new ResourceType("example.com", "v1", "Widget", "widgets", "widget", true, List.of(),
                Set.of(), ConfigMap.class);

        ObjectNode table = TablePrinter.table(widgets, List.of(json("{'metadata':{'name':'w1','creationTimestamp':"
                + "'2025-06-01T09:00:00Z'}}")), TableOptions.fromQuery("None"), CLOCK, "5");

        assertThat(table.get("columnDefinitions").findValuesAsString("name")).containsExactly("Name", "Age");
        assertThat(table.get("rows")).isEqualTo(tree("[{'cells':['w1','3h'],'object':null}]"));
    }

    @Test
    void everyResourceOfTheCatalogHasColumnsAndMatchingCells() {
        for (ResourceType type : Resources.all()) {
            ObjectNode table = TablePrinter.table(type, List.of(json("{'metadata':{'name':'a'}}")),
                    TableOptions.DEFAULT, CLOCK, "1");

            assertThat(table.get("rows").get(0).get("cells").size())
                    .as(type.qualifiedName()).isEqualTo(table.get("columnDefinitions").size());
        }
    }

    @Test
    void anUnknownIncludeObjectValueIsABadRequest() {
        assertThatThrownBy(() -> TableOptions.fromQuery("Everything"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.status().getReason()).isEqualTo("BadRequest");
                    assertThat(e.getMessage()).isEqualTo("Unable to find valid table options: includeObject: "
                            + "Invalid value: \"Everything\": must be 'Metadata', 'Object', 'None', or empty");
                });
    }

    static Stream<Arguments> acceptHeaders() {
        return Stream.of(
                Arguments.of("what kubectl get sends asks for a Table", KUBECTL_ACCEPT, true),
                Arguments.of("parameters may come in any order", "application/json; g=meta.k8s.io; as=Table; v=v1",
                        true),
                Arguments.of("plain JSON does not", "application/json", false),
                Arguments.of("plain JSON preferred before a Table does not",
                        "application/json,application/json;as=Table;v=v1;g=meta.k8s.io", false),
                Arguments.of("a v1beta1 Table alone does not", "application/json;as=Table;v=v1beta1;g=meta.k8s.io",
                        false),
                Arguments.of("a wildcard does not", "*/*", false),
                Arguments.of("protobuf first then a Table does",
                        "application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io,"
                                + "application/json;as=Table;v=v1;g=meta.k8s.io", true),
                Arguments.of("no Accept header does not", null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptHeaders")
    void acceptsTable(String description, String accept, boolean expected) {
        assertThat(TablePrinter.acceptsTable(accept)).isEqualTo(expected);
    }

    private static JsonNode resource(String name) throws IOException {
        try (InputStream in = TablePrinterTest.class.getResourceAsStream(name)) {
            return KubeJson.json().readTree(in);
        }
    }
}
