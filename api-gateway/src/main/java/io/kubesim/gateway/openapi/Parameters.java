package io.kubesim.gateway.openapi;

import java.util.List;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The request parameters of the operations, as staging/src/k8s.io/apiserver/pkg/endpoints/installer.go declares them
 * and inline as in kube-apiserver's v3 documents (with their
 * {@code uniqueItems: true} quirk). kubectl 1.32 looks for {@code fieldValidation} among a PATCH operation's
 * parameters to decide that the server validates fields itself (kubectl-protocol.md §3).
 */
final class Parameters {

    static final List<ObjectNode> LIST = List.of(
            query("allowWatchBookmarks", "boolean", "allowWatchBookmarks requests watch events with type "
                    + "\"BOOKMARK\". Servers that do not implement bookmarks may ignore this flag and bookmarks are "
                    + "sent "
                    + "at the server's discretion."),
            query("continue", "string", "The continue option should be set when retrieving more results from the "
                    + "server. Since this value is server defined, clients may only use the continue value from a "
                    + "previous query result with identical query parameters (except for the value of continue)."),
            query("fieldSelector", "string", "A selector to restrict the list of returned objects by their fields. "
                    + "Defaults to everything."),
            query("labelSelector", "string", "A selector to restrict the list of returned objects by their labels. "
                    + "Defaults to everything."),
            query("limit", "integer", "limit is a maximum number of responses to return for a list call. If more "
                    + "items exist, the server will set the `continue` field on the list metadata to a value that "
                    + "can be "
                    + "used with the same initial query to retrieve the next set of results."),
            query("resourceVersion", "string", "resourceVersion sets a constraint on what resource versions a "
                    + "request may be served from. Defaults to unset"),
            query("resourceVersionMatch", "string", "resourceVersionMatch determines how resourceVersion is applied "
                    + "to list calls. Defaults to unset"),
            query("sendInitialEvents", "boolean", "`sendInitialEvents=true` may be set together with `watch=true`. "
                    + "In that case, the watch stream will begin with synthetic events to produce the current state of "
                    + "objects in the collection."),
            query("timeoutSeconds", "integer", "Timeout for the list/watch call. This limits the duration of the "
                    + "call, regardless of any activity or inactivity."),
            query("watch", "boolean", "Watch for changes to the described resources and return them as a stream of "
                    + "add, update, and remove notifications. Specify resourceVersion."));

    private static final ObjectNode DRY_RUN = query("dryRun", "string", "When present, indicates that modifications "
            + "should not be persisted. An invalid or unrecognized dryRun directive will result in an error response "
            + "and no further processing of the request. Valid values are: - All: all dry run stages will be "
            + "processed");
    private static final ObjectNode FIELD_MANAGER = query("fieldManager", "string", "fieldManager is a name "
            + "associated with the actor or entity that is making these changes. The value must be less than or "
            + "128 characters long, and only contain printable characters, as defined by "
            + "https://golang.org/pkg/unicode/#IsPrint.");
    private static final ObjectNode FIELD_VALIDATION = query("fieldValidation", "string", "fieldValidation "
            + "instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or "
            + "duplicate fields. Valid values are: - Ignore: This will ignore any unknown fields that are silently "
            + "dropped from the object, and will ignore all but the last duplicate field that the decoder encounters. "
            + "- Warn: This will send a warning via the standard warning response header for each unknown field that "
            + "is dropped from the object, and for each duplicate field that is encountered. - Strict: This will fail "
            + "the request with a BadRequest error if any unknown fields would be dropped from the object, or if any "
            + "duplicate fields are present. The error returned from the server will contain all unknown and "
            + "duplicate fields encountered.");

    static final List<ObjectNode> WRITE = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION);

    static final List<ObjectNode> PATCH = List.of(DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION,
            query("force", "boolean", "Force is going to \"force\" Apply requests. It means user will re-acquire "
                    + "conflicting fields owned by other people. Force flag must be unset for non-apply patch "
                    + "requests."));

    static final List<ObjectNode> DELETE = List.of(DRY_RUN,
            query("gracePeriodSeconds", "integer", "The duration in seconds before the object should be deleted. "
                    + "Value must be non-negative integer. The value zero indicates delete immediately. If this value "
                    + "is nil, the default grace period for the specified type will be used. Defaults to a per object "
                    + "value if not specified. zero means delete immediately."),
            query("orphanDependents", "boolean", "Deprecated: please use the PropagationPolicy, this field will be "
                    + "deprecated in 1.7. Should the dependent objects be orphaned."),
            query("propagationPolicy", "string", "Whether and how garbage collection will be performed. Either this "
                    + "field or OrphanDependents may be set, but not both. Acceptable values are: 'Orphan' - orphan "
                    + "the "
                    + "dependents; 'Background' - allow the garbage collector to delete the dependents in the "
                    + "background; 'Foreground' - a cascading policy that deletes all dependents in the foreground."));

    static final List<ObjectNode> LOG = List.of(
            query("container", "string", "The container for which to stream logs. Defaults to only container if "
                    + "there is one container in the pod."),
            query("follow", "boolean", "Follow the log stream of the pod. Defaults to false."),
            query("limitBytes", "integer", "If set, the number of bytes to read from the server before terminating "
                    + "the log output."),
            query("previous", "boolean", "Return previous terminated container logs. Defaults to false."),
            query("sinceSeconds", "integer", "A relative time in seconds before the current time from which to show "
                    + "logs."),
            query("tailLines", "integer", "If set, the number of lines from the end of the logs to show."),
            query("timestamps", "boolean", "If true, add an RFC3339 or RFC3339Nano timestamp at the beginning of "
                    + "every line of log output. Defaults to false."));

    static final ObjectNode PRETTY = query("pretty", "string", "If 'true', then the output is pretty printed. "
            + "Defaults to 'false' unless the user-agent indicates a browser or command-line HTTP tool (curl and "
            + "wget).");

    static final ObjectNode NAMESPACE = path("namespace", "object name and auth scope, such as for teams and "
            + "projects");

    private Parameters() {
    }

    /** The {@code {name}} path parameter of a kind. */
    static ObjectNode name(String kind) {
        return path("name", "name of the " + kind);
    }

    private static ObjectNode query(String name, String type, String description) {
        ObjectNode parameter = JsonNodeFactory.instance.objectNode()
                .put("name", name).put("in", "query").put("description", description);
        parameter.putObject("schema").put("type", type).put("uniqueItems", true);
        return parameter;
    }

    private static ObjectNode path(String name, String description) {
        ObjectNode parameter = JsonNodeFactory.instance.objectNode()
                .put("name", name).put("in", "path").put("description", description).put("required", true);
        parameter.putObject("schema").put("type", "string").put("uniqueItems", true);
        return parameter;
    }
}
