package io.kubesim.gateway.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.kubesim.model.json.KubeJson;
import tools.jackson.databind.JsonNode;

class SchemaGeneratorTest {

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of(Pod.class, "io.k8s.api.core.v1.Pod"),
                Arguments.of(ObjectMeta.class, "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"),
                Arguments.of(Quantity.class, "io.k8s.apimachinery.pkg.api.resource.Quantity"),
                Arguments.of(IntOrString.class, "io.k8s.apimachinery.pkg.util.intstr.IntOrString"),
                Arguments.of(Deployment.class, "io.k8s.api.apps.v1.Deployment"),
                Arguments.of(Job.class, "io.k8s.api.batch.v1.Job"),
                Arguments.of(Lease.class, "io.k8s.api.coordination.v1.Lease"),
                Arguments.of(PodDisruptionBudget.class, "io.k8s.api.policy.v1.PodDisruptionBudget"),
                Arguments.of(PriorityClass.class, "io.k8s.api.scheduling.v1.PriorityClass"),
                Arguments.of(AutoscalingV1.Scale.class, "io.k8s.api.autoscaling.v1.Scale"));
    }

    @ParameterizedTest(name = "{0} is named {1}")
    @MethodSource("names")
    void namesSchemasAsKubeApiserver(Class<?> type, String expected) {
        assertThat(SchemaNames.of(type)).isEqualTo(expected);
    }

    @Test
    void aClassOutsideTheModelHasNoSchemaName() {
        assertThatThrownBy(() -> SchemaNames.of(String.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a Kubernetes model class: java.lang.String");
    }

    @Test
    void aFabric8ClassBecomesAnObjectWithOneSortedPropertyPerJsonProperty() {
        SchemaGenerator generator = new SchemaGenerator();

        String name = generator.define(Toleration.class);

        assertThat(generator.schemas().get(name)).isEqualTo(json("{'type':'object','properties':{"
                + "'effect':{'type':'string'},'key':{'type':'string'},'operator':{'type':'string'},"
                + "'tolerationSeconds':{'type':'integer','format':'int64'},'value':{'type':'string'}}}"));
    }

    @Test
    void aRecordBecomesAnObjectWhoseModelFieldsAreReferences() {
        SchemaGenerator generator = new SchemaGenerator();

        generator.define(AutoscalingV1.Scale.class);

        assertThat(generator.schemas().get("io.k8s.api.autoscaling.v1.Scale")).isEqualTo(json("{'type':'object',"
                + "'properties':{'apiVersion':{'type':'string'},'kind':{'type':'string'},"
                + "'metadata':{'allOf':[{'$ref':'#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'}]},"
                + "'spec':{'allOf':[{'$ref':'#/components/schemas/io.k8s.api.autoscaling.v1.ScaleSpec'}]},"
                + "'status':{'allOf':[{'$ref':'#/components/schemas/io.k8s.api.autoscaling.v1.ScaleStatus'}]}}}"));
        assertThat(generator.schemas().get("io.k8s.api.autoscaling.v1.ScaleStatus")).isEqualTo(json(
                "{'type':'object','properties':{'replicas':{'type':'integer','format':'int32'},"
                        + "'selector':{'type':'string'}}}"));
    }

    static Stream<Arguments> properties() {
        return Stream.of(
                Arguments.of("a list of objects is an array of references", "io.k8s.api.core.v1.PodSpec",
                        "tolerations", "{'type':'array','items':{'$ref':'#/components/schemas/"
                                + "io.k8s.api.core.v1.Toleration'}}"),
                Arguments.of("a string map is an object with string additional properties",
                        "io.k8s.api.core.v1.PodSpec", "nodeSelector",
                        "{'type':'object','additionalProperties':{'type':'string'}}"),
                Arguments.of("a quantity map refers to Quantity", "io.k8s.api.core.v1.ResourceRequirements", "limits",
                        "{'type':'object','additionalProperties':{'$ref':'#/components/schemas/"
                                + "io.k8s.apimachinery.pkg.api.resource.Quantity'}}"),
                Arguments.of("an int-or-string field refers to IntOrString", "io.k8s.api.apps.v1.RollingUpdateDeployment",
                        "maxSurge", "{'allOf':[{'$ref':'#/components/schemas/"
                                + "io.k8s.apimachinery.pkg.util.intstr.IntOrString'}]}"),
                Arguments.of("a java.time field refers to MicroTime", "io.k8s.api.coordination.v1.LeaseSpec",
                        "renewTime", "{'allOf':[{'$ref':'#/components/schemas/"
                                + "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime'}]}"),
                Arguments.of("a timestamp fabric8 types as a string stays a string",
                        "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "creationTimestamp", "{'type':'string'}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("properties")
    void typesPropertiesAsUpstream(String description, String schema, String property, String expected) {
        SchemaGenerator generator = new SchemaGenerator();
        generator.define(Deployment.class);
        generator.define(Lease.class);

        assertThat(generator.schemas().get(schema).get("properties").get(property)).isEqualTo(json(expected));
    }

    @Test
    void scalarTypesAreLeafSchemas() {
        SchemaGenerator generator = new SchemaGenerator();
        generator.define(Quantity.class);
        generator.define(IntOrString.class);

        assertThat(generator.schemas().get("io.k8s.apimachinery.pkg.api.resource.Quantity").get("oneOf"))
                .isEqualTo(json("[{'type':'string'},{'type':'number'}]"));
        assertThat(generator.schemas().get("io.k8s.apimachinery.pkg.util.intstr.IntOrString"))
                .isEqualTo(json("{'description':'IntOrString is a type that can hold an int32 or a string.  When used "
                        + "in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type.',"
                        + "'format':'int-or-string','oneOf':[{'type':'integer'},{'type':'string'}]}"));
    }

    @Test
    void theClosureHoldsExactlyTheReachableSchemas() {
        SchemaGenerator generator = new SchemaGenerator();
        generator.define(Deployment.class);
        generator.define(Lease.class);

        assertThat(generator.closure(List.of("io.k8s.api.coordination.v1.LeaseSpec")).keySet())
                .containsExactly("io.k8s.api.coordination.v1.LeaseSpec",
                        "io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime");
    }

    private static JsonNode json(String singleQuoted) {
        return KubeJson.parse(singleQuoted.replace('\'', '"'));
    }
}
