package io.kubesim.registry;

import static io.kubesim.registry.Fixtures.json;
import static io.kubesim.registry.Fixtures.message;
import static io.kubesim.registry.Fixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.kubesim.model.resource.ResourceType;
import io.kubesim.model.resource.Resources;

/** What the decoder rejects: unknown and duplicate fields (strict mode) and values of the wrong type (always). */
class DecodingTest {

    private final Registry registry = Fixtures.registry();
    private final MapState state = MapState.withNamespaces("default");

    @ParameterizedTest(name = "{0}")
    @MethodSource("unknown")
    void unknownFieldsAreReportedByPath(String name, ResourceType type, String object, List<String> expected) {
        assertThat(registry.unknownFields(type, tree(object))).isEqualTo(expected);
    }

    static Stream<Arguments> unknown() {
        return Stream.of(
                Arguments.of("a known pod has no unknown fields", Resources.PODS,
                        "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'web','labels':{'any-key':'v'}},'spec':{"
                                + "'containers':[{'name':'web','image':'nginx','resources':{'limits':{'cpu':'1'}}}],"
                                + "'nodeSelector':{'a':'b'}},'status':{'phase':'Pending'}}",
                        List.of()),
                Arguments.of("a misspelled container field is reported with its list index", Resources.PODS,
                        "{'spec':{'containers':[{'name':'a','image':'x'},{'name':'b','image':'y',"
                                + "'imagePullPolicyy':'Always'}]}}",
                        List.of("spec.containers[1].imagePullPolicyy")),
                Arguments.of("unknown fields at several levels are reported in document order", Resources.DEPLOYMENTS,
                        "{'metadata':{'name':'web','lables':{}},'spec':{'replica':3,'template':{'spec':{'foo':1}}},"
                                + "'extra':true}",
                        List.of("metadata.lables", "spec.replica", "spec.template.spec.foo", "extra")),
                Arguments.of("a node taint with an unknown field is reported", Resources.NODES,
                        "{'spec':{'taints':[{'key':'k','effect':'NoSchedule','severity':'high'}]}}",
                        List.of("spec.taints[0].severity")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strict")
    void strictDecodingErrorsOfARequestBody(String name, String body, List<String> expected) {
        assertThat(registry.strictDecodingErrors(Resources.PODS, body)).isEqualTo(expected);
    }

    static Stream<Arguments> strict() {
        return Stream.of(
                Arguments.of("a duplicate field is reported before unknown ones",
                        "{\"metadata\":{\"name\":\"a\",\"name\":\"b\"},\"spec\":{\"containerz\":[]}}",
                        List.of("duplicate field \"metadata.name\"", "unknown field \"spec.containerz\"")),
                Arguments.of("a clean body has no strict errors",
                        "{\"metadata\":{\"name\":\"a\"},\"spec\":{\"containers\":[]}}", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badTypes")
    void valuesOfTheWrongTypeAreBadRequests(String name, ResourceType type, String object, String expected) {
        assertThat(message(() -> registry.admitCreate(type, json(object), state))).isEqualTo(expected);
    }

    static Stream<Arguments> badTypes() {
        return Stream.of(
                Arguments.of("a string for replicas cannot be decoded", Resources.DEPLOYMENTS,
                        "{'metadata':{'name':'web','namespace':'default'},'spec':{'replicas':'3'}}",
                        "Deployment in version \"v1\" cannot be handled as a Deployment: json: cannot unmarshal "
                                + "string into Go struct field DeploymentSpec.spec.replicas of type int32"),
                Arguments.of("a number for an image cannot be decoded", Resources.PODS,
                        "{'metadata':{'name':'web','namespace':'default'},'spec':{'containers':[{'name':'web',"
                                + "'image':7}]}}",
                        "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal number into Go "
                                + "struct field Container.spec.containers.image of type string"),
                Arguments.of("a fractional grace period cannot be decoded", Resources.PODS,
                        "{'metadata':{'name':'web','namespace':'default'},'spec':{'terminationGracePeriodSeconds':"
                                + "1.5}}",
                        "Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal number 1.5 into Go "
                                + "struct field PodSpec.spec.terminationGracePeriodSeconds of type int64"),
                Arguments.of("an object for labels' value cannot be decoded", Resources.CONFIGMAPS,
                        "{'metadata':{'name':'cfg','namespace':'default','labels':{'a':{}}}}",
                        "ConfigMap in version \"v1\" cannot be handled as a ConfigMap: json: cannot unmarshal object "
                                + "into Go struct field ObjectMeta.metadata.labels.a of type string"),
                Arguments.of("a malformed quantity cannot be decoded", Resources.PODS,
                        "{'metadata':{'name':'web','namespace':'default'},'spec':{'containers':[{'name':'web',"
                                + "'image':'x','resources':{'limits':{'cpu':'one'}}}]}}",
                        "Pod in version \"v1\" cannot be handled as a Pod: quantities must match the regular "
                                + "expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
                Arguments.of("secret data that is not base64 cannot be decoded", Resources.SECRETS,
                        "{'metadata':{'name':'s','namespace':'default'},'data':{'k':'ab$c'}}",
                        "Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 2"));
    }
}
