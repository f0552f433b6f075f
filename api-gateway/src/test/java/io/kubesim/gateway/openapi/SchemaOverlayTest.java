package io.kubesim.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class SchemaOverlayTest {

    @Test
    void theOverlayAddsDescriptionsRequiredFieldsAndEnums() {
        Map<String, ObjectNode> schemas = schemas();

        SchemaOverlay.apply(schemas, json("{'io.k8s.api.core.v1.Taint':{'description':'A taint.','required':['key'],"
                + "'properties':{'effect':{'description':'The effect.','enum':['NoSchedule','NoExecute']}}}}"));

        assertThat(schemas.get("io.k8s.api.core.v1.Taint")).isEqualTo(json("{'type':'object','properties':{"
                + "'effect':{'type':'string','description':'The effect.','enum':['NoSchedule','NoExecute']},"
                + "'key':{'type':'string'}},'description':'A taint.','required':['key']}"));
    }

    @Test
    void theStandardFieldsOfTopLevelKindsAreDescribed() {
        Map<String, ObjectNode> schemas = schemas();

        SchemaOverlay.apply(schemas, json("{}"));

        JsonNode properties = schemas.get("io.k8s.api.core.v1.TaintList").get("properties");
        assertThat(properties.get("items").get("description").stringValue())
                .isEqualTo("The Taint objects of the list.");
        assertThat(properties.get("metadata").get("description").stringValue()).startsWith("The list's metadata");
        assertThat(properties.get("kind").get("description").stringValue()).startsWith("The kind of the object");
    }

    @Test
    void anUnknownSchemaInTheOverlayIsAnError() {
        assertThatThrownBy(() -> SchemaOverlay.apply(schemas(), json("{'io.k8s.api.core.v1.Nope':{}}")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("schema-overlay.json names unknown schema io.k8s.api.core.v1.Nope");
    }

    @Test
    void anUnknownPropertyInTheOverlayIsAnError() {
        assertThatThrownBy(() -> SchemaOverlay.apply(schemas(), json("{'io.k8s.api.core.v1.Taint':{'properties':"
                + "{'colour':{'description':'?'}}}}")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("schema-overlay.json names unknown property io.k8s.api.core.v1.Taint.colour");
    }

    @Test
    void theShippedOverlayFitsTheGeneratedSchemas() {
        assertThatCode(() -> OpenApiV3.of(Resources.all())).doesNotThrowAnyException();
    }

    private static Map<String, ObjectNode> schemas() {
        Map<String, ObjectNode> schemas = new TreeMap<>();
        schemas.put("io.k8s.api.core.v1.Taint", (ObjectNode) json("{'type':'object','properties':{"
                + "'effect':{'type':'string'},'key':{'type':'string'}}}"));
        schemas.put("io.k8s.api.core.v1.TaintList", (ObjectNode) json("{'type':'object',"
                + "'x-kubernetes-group-version-kind':[{'group':'','kind':'TaintList','version':'v1'}],'properties':{"
                + "'apiVersion':{'type':'string'},'kind':{'type':'string'},'metadata':{'allOf':[{'$ref':'x'}]},"
                + "'items':{'type':'array'}}}"));
        return schemas;
    }

    private static JsonNode json(String singleQuoted) {
        return KubeJson.parse(singleQuoted.replace('\'', '"'));
    }
}
