package io.kubesim.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import tools.jackson.databind.node.ObjectNode;

import io.kubesim.model.json.KubeJson;

/** A {@link StateView} over a map, for tests. */
final class MapState implements StateView {

    private final Map<String, ObjectNode> objects = new TreeMap<>();

    static MapState withNamespaces(String... names) {
        MapState s = new MapState();
        for (String n : names) {
            s.put("/namespaces/" + n, "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + n
                    + "\"},\"status\":{\"phase\":\"Active\"}}");
        }
        return s;
    }

    MapState put(String key, String json) {
        objects.put(key, (ObjectNode) KubeJson.parse(json));
        return this;
    }

    @Override
    public Optional<ObjectNode> get(String key) {
        return Optional.ofNullable(objects.get(key)).map(ObjectNode::deepCopy);
    }

    @Override
    public List<ObjectNode> list(String keyPrefix) {
        List<ObjectNode> out = new ArrayList<>();
        objects.forEach((k, v) -> {
            if (k.startsWith(keyPrefix)) {
                out.add(v.deepCopy());
            }
        });
        return out;
    }
}
