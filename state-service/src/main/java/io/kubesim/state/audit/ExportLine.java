package io.kubesim.state.audit;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.json.KubeJson;
import io.kubesim.state.store.LogRow;

/**
 * One log row as a line of the export (JSON Lines):
 * {@code {"revision":7,"key":"/pods/default/web","type":"MODIFIED","prevRevision":5,"actor":"...","commandId":"...",
 * "decisionId":"...","replyCode":201,"time":"...","volatile":false,"object":{...}}} ({@code decisionId} only when
 * set). {@code object} is the stored JSON text verbatim, last in the line.
 */
final class ExportLine {

    private ExportLine() {
    }

    static String of(LogRow r) {
        ObjectNode o = KubeJson.json().createObjectNode();
        o.put("revision", r.revision()).put("key", r.key()).put("type", r.type().name())
                .put("prevRevision", r.prevRevision()).put("actor", r.actor()).put("commandId", r.commandId());
        if (r.decisionId() != null) {
            o.put("decisionId", r.decisionId());
        }
        o.put("replyCode", r.replyCode()).put("time", r.time().toString()).put("volatile", r.volatileRow());
        String head = KubeJson.write(o);
        // a raw line break can only be whitespace between tokens in JSON text: one line per row whatever was stored
        String object = r.object().indexOf('\n') < 0 && r.object().indexOf('\r') < 0 ? r.object()
                : r.object().replace('\n', ' ').replace('\r', ' ');
        return head.substring(0, head.length() - 1) + ",\"object\":" + object + "}";
    }
}
