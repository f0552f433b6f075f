package io.kubesim.model.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Status;

import io.kubesim.model.json.KubeJson;
import io.kubesim.model.resource.Resources;

/** The Status bodies kubectl prints, worded as kube-apiserver words them. */
class StatusesTest {

    static Stream<Arguments> statuses() {
        return Stream.of(
                Arguments.of("a missing pod", Statuses.notFound(Resources.PODS, "nope"),
                        """
                        {"apiVersion":"v1","kind":"Status","metadata":{},"code":404,"details":{"kind":"pods",\
                        "name":"nope"},"message":"pods \\"nope\\" not found","reason":"NotFound","status":"Failure"}"""),
                Arguments.of("a duplicate deployment", Statuses.alreadyExists(Resources.DEPLOYMENTS, "web"),
                        """
                        {"apiVersion":"v1","kind":"Status","metadata":{},"code":409,"details":{"group":"apps",\
                        "kind":"deployments","name":"web"},"message":"deployments.apps \\"web\\" already exists",\
                        "reason":"AlreadyExists","status":"Failure"}"""),
                Arguments.of("a stale update", Statuses.conflictModified(Resources.NODES, "n1"),
                        """
                        {"apiVersion":"v1","kind":"Status","metadata":{},"code":409,"details":{"kind":"nodes",\
                        "name":"n1"},"message":"Operation cannot be fulfilled on nodes \\"n1\\": the object has \
                        been modified; please apply your changes to the latest version and try again",\
                        "reason":"Conflict","status":"Failure"}"""),
                Arguments.of("two invalid fields", Statuses.invalid(Resources.PODS, "web", List.of(
                        FieldError.required("spec.containers[0].image", ""),
                        FieldError.notSupported("spec.restartPolicy", "Sometimes",
                                List.of("Always", "OnFailure", "Never")))),
                        """
                        {"apiVersion":"v1","kind":"Status","metadata":{},"code":422,"details":{"causes":[\
                        {"field":"spec.containers[0].image","message":"Required value","reason":"FieldValueRequired"},\
                        {"field":"spec.restartPolicy","message":"Unsupported value: \\"Sometimes\\": supported \
                        values: \\"Always\\", \\"OnFailure\\", \\"Never\\"","reason":"FieldValueNotSupported"}],\
                        "kind":"Pod","name":"web"},"message":"Pod \\"web\\" is invalid: [spec.containers[0].image: \
                        Required value, spec.restartPolicy: Unsupported value: \\"Sometimes\\": supported values: \
                        \\"Always\\", \\"OnFailure\\", \\"Never\\"]","reason":"Invalid","status":"Failure"}"""),
                Arguments.of("a viewer deleting a pod", Statuses.forbidden("", "pods", "web",
                        "User \"viewer\" cannot delete resource \"pods\" in API group \"\" in the namespace "
                                + "\"default\""),
                        """
                        {"apiVersion":"v1","kind":"Status","metadata":{},"code":403,"details":{"kind":"pods",\
                        "name":"web"},"message":"pods \\"web\\" is forbidden: User \\"viewer\\" cannot delete \
                        resource \\"pods\\" in API group \\"\\" in the namespace \\"default\\"","reason":"Forbidden",\
                        "status":"Failure"}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuses")
    void statusBodiesMatchKubeApiserver(String description, Status status, String expectedJson) {
        assertThat(KubeJson.parse(KubeJson.write(status))).isEqualTo(KubeJson.parse(expectedJson));
    }
}
