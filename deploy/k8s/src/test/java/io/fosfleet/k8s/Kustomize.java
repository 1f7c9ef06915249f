package io.fosfleet.k8s;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A strict Kustomize renderer for exactly the subset our manifests use, so the build needs no kustomize binary:
 * {@code resources} (files and directories), {@code namespace}, {@code labels} (metadata labels only),
 * {@code patches} (inline JSON 6902 with a kind + name target), {@code replicas} and {@code images}. Every other
 * field, and every option of these it does not implement, is refused with an error naming it. The transformers run
 * in kustomize's order: patches, namespace, labels, replicas, images.
 */
final class Kustomize {

    static final ObjectMapper YAML = new YAMLMapper(new YAMLFactory());

    private static final Set<String> FIELDS =
            Set.of("apiVersion", "kind", "resources", "namespace", "labels", "patches", "replicas", "images");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass");
    private static final Set<String> SCALABLE = Set.of("Deployment", "StatefulSet", "ReplicaSet");

    private Kustomize() {
    }

    /** The objects the kustomization in {@code dir} renders to, in the order of its resources. */
    static List<ObjectNode> render(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dir + ": no kustomization.yaml");
        }
        JsonNode k = read(file).stream().findFirst()
                .orElseThrow(() -> new IllegalArgumentException(file + ": empty"));
        String where = file.toString();
        fieldsOf(k, FIELDS, where);
        expect(k, "apiVersion", "kustomize.config.k8s.io/v1beta1", where);
        expect(k, "kind", "Kustomization", where);

        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode r : array(k, "resources", where)) {
            String ref = text(r, where + " resources");
            if (ref.contains("://") || ref.startsWith("github.com/")) {
                throw new IllegalArgumentException(where + ": remote resource \"" + ref + "\" is not supported");
            }
            Path p = dir.resolve(ref).normalize();
            if (Files.isDirectory(p)) {
                objects.addAll(render(p));
            } else if (Files.isRegularFile(p)) {
                for (JsonNode doc : read(p)) {
                    if (!doc.isObject()) {
                        throw new IllegalArgumentException(p + ": a document is not an object");
                    }
                    objects.add((ObjectNode) doc);
                }
            } else {
                throw new IllegalArgumentException(where + ": resource \"" + ref + "\" does not exist");
            }
        }
        for (JsonNode patch : array(k, "patches", where)) {
            applyPatch(objects, patch, where);
        }
        if (k.has("namespace")) {
            String ns = text(k.get("namespace"), where + " namespace");
            for (ObjectNode o : objects) {
                if (!CLUSTER_SCOPED.contains(o.path("kind").asText())) {
                    metadata(o).put("namespace", ns);
                }
            }
        }
        for (JsonNode labels : array(k, "labels", where)) {
            applyLabels(objects, labels, where);
        }
        for (JsonNode r : array(k, "replicas", where)) {
            applyReplicas(objects, r, where);
        }
        for (JsonNode image : array(k, "images", where)) {
            applyImage(objects, image, where);
        }
        return objects;
    }

    private static void applyPatch(List<ObjectNode> objects, JsonNode patch, String where) {
        String what = where + " patches";
        fieldsOf(patch, Set.of("target", "patch"), what);
        JsonNode target = patch.get("target");
        if (target == null || !patch.has("patch")) {
            throw new IllegalArgumentException(what + ": only inline JSON 6902 patches with a target (kind, name) "
                    + "are supported");
        }
        fieldsOf(target, Set.of("kind", "name"), what + " target");
        String kind = text(target.get("kind"), what + " target.kind");
        String name = text(target.get("name"), what + " target.name");
        JsonNode ops = parse(text(patch.get("patch"), what + " patch"), what);
        if (!ops.isArray()) {
            throw new IllegalArgumentException(what + " " + kind + "/" + name + ": the patch is not a list of JSON "
                    + "6902 operations (strategic merge patches are not supported)");
        }
        ObjectNode o = objects.stream()
                .filter(x -> x.path("kind").asText().equals(kind) && x.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(what + ": no " + kind + "/" + name + " to patch"));
        for (JsonNode op : ops) {
            fieldsOf(op, Set.of("op", "path", "value"), what);
            String verb = text(op.get("op"), what + " op");
            JsonPointer pointer = JsonPointer.compile(text(op.get("path"), what + " path"));
            ContainerNode<?> parent = (ContainerNode<?>) o.at(pointer.head());
            if (parent == null || parent.isMissingNode() || !parent.isContainerNode()) {
                throw new IllegalArgumentException(what + " " + kind + "/" + name + ": no " + pointer.head());
            }
            String last = pointer.last().getMatchingProperty();
            switch (verb) {
                case "replace" -> {
                    requireExisting(o, pointer, what);
                    set(parent, last, op.get("value"), false);
                }
                case "add" -> set(parent, last, op.get("value"), true);
                case "remove" -> {
                    requireExisting(o, pointer, what);
                    if (parent instanceof ObjectNode obj) {
                        obj.remove(last);
                    } else {
                        ((ArrayNode) parent).remove(Integer.parseInt(last));
                    }
                }
                default -> throw new IllegalArgumentException(what + ": JSON 6902 operation \"" + verb
                        + "\" is not supported (add, replace, remove are)");
            }
        }
    }

    private static void requireExisting(ObjectNode o, JsonPointer pointer, String what) {
        if (o.at(pointer).isMissingNode()) {
            throw new IllegalArgumentException(what + ": nothing at " + pointer + " to replace or remove");
        }
    }

    private static void set(ContainerNode<?> parent, String key, JsonNode value, boolean add) {
        if (value == null) {
            throw new IllegalArgumentException("a JSON 6902 add or replace without a value");
        }
        if (parent instanceof ObjectNode obj) {
            obj.set(key, value.deepCopy());
        } else {
            ArrayNode arr = (ArrayNode) parent;
            if (key.equals("-")) {
                arr.add(value.deepCopy());
            } else if (add) {
                arr.insert(Integer.parseInt(key), value.deepCopy());
            } else {
                arr.set(Integer.parseInt(key), value.deepCopy());
            }
        }
    }

    private static void applyLabels(List<ObjectNode> objects, JsonNode labels, String where) {
        String what = where + " labels";
        fieldsOf(labels, Set.of("pairs", "includeSelectors", "includeTemplates"), what);
        if (labels.path("includeSelectors").asBoolean(false) || labels.path("includeTemplates").asBoolean(false)) {
            throw new IllegalArgumentException(what + ": includeSelectors and includeTemplates are not supported "
                    + "(label the selectors and templates in the resources themselves)");
        }
        JsonNode pairs = labels.get("pairs");
        if (pairs == null || !pairs.isObject()) {
            throw new IllegalArgumentException(what + ": pairs must be a map");
        }
        for (ObjectNode o : objects) {
            ObjectNode l = metadata(o).has("labels") ? (ObjectNode) metadata(o).get("labels")
                    : metadata(o).putObject("labels");
            for (Iterator<Map.Entry<String, JsonNode>> it = pairs.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                l.set(e.getKey(), TextNode.valueOf(text(e.getValue(), what + " " + e.getKey())));
            }
        }
    }

    private static void applyReplicas(List<ObjectNode> objects, JsonNode r, String where) {
        String what = where + " replicas";
        fieldsOf(r, Set.of("name", "count"), what);
        String name = text(r.get("name"), what + " name");
        if (r.get("count") == null || !r.get("count").canConvertToInt()) {
            throw new IllegalArgumentException(what + " " + name + ": count must be a number");
        }
        List<ObjectNode> matches = objects.stream()
                .filter(o -> SCALABLE.contains(o.path("kind").asText())
                        && o.path("metadata").path("name").asText().equals(name))
                .toList();
        if (matches.isEmpty()) {
            throw new IllegalArgumentException(what + ": no Deployment, StatefulSet or ReplicaSet named " + name);
        }
        for (ObjectNode o : matches) {
            ((ObjectNode) o.get("spec")).set("replicas", IntNode.valueOf(r.get("count").asInt()));
        }
    }

    private static void applyImage(List<ObjectNode> objects, JsonNode image, String where) {
        String what = where + " images";
        fieldsOf(image, Set.of("name", "newName", "newTag"), what);
        String name = text(image.get("name"), what + " name");
        int[] changed = {0};
        for (ObjectNode o : objects) {
            visitContainers(o, c -> {
                String ref = c.path("image").asText();
                int at = ref.indexOf('@');
                if (at >= 0) {
                    throw new IllegalArgumentException(what + ": image digests are not supported (" + ref + ")");
                }
                int colon = ref.lastIndexOf(':');
                boolean tagged = colon > ref.lastIndexOf('/');
                String repo = tagged ? ref.substring(0, colon) : ref;
                String tag = tagged ? ref.substring(colon + 1) : null;
                if (!repo.equals(name)) {
                    return;
                }
                String newRepo = image.has("newName") ? text(image.get("newName"), what + " newName") : repo;
                String newTag = image.has("newTag") ? text(image.get("newTag"), what + " newTag") : tag;
                c.put("image", newTag == null ? newRepo : newRepo + ":" + newTag);
                changed[0]++;
            });
        }
        if (changed[0] == 0) {
            throw new IllegalArgumentException(what + ": no container uses the image " + name);
        }
    }

    /** Calls {@code action} for every container and init container anywhere in {@code node}. */
    static void visitContainers(JsonNode node, java.util.function.Consumer<ObjectNode> action) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if ((e.getKey().equals("containers") || e.getKey().equals("initContainers")) && e.getValue().isArray()) {
                    e.getValue().forEach(c -> action.accept((ObjectNode) c));
                } else {
                    visitContainers(e.getValue(), action);
                }
            }
        } else if (node.isArray()) {
            node.forEach(n -> visitContainers(n, action));
        }
    }

    /** Every YAML document of {@code file} that is not empty (a document of comments only is). */
    static List<JsonNode> read(Path file) {
        try {
            List<JsonNode> docs = new ArrayList<>();
            try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(Files.readString(file))) {
                while (it.hasNext()) {
                    JsonNode doc = it.next();
                    if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                        docs.add(doc);
                    }
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String yaml, String what) {
        try {
            return YAML.readTree(yaml);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": not YAML: " + e.getMessage(), e);
        }
    }

    private static ObjectNode metadata(ObjectNode o) {
        return o.has("metadata") ? (ObjectNode) o.get("metadata") : o.putObject("metadata");
    }

    private static void fieldsOf(JsonNode node, Set<String> allowed, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": expected a map, found " + node.getNodeType());
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new IllegalArgumentException(where + ": field \"" + f + "\" is not supported by this renderer "
                        + "(supported: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static void expect(JsonNode k, String field, String value, String where) {
        if (!value.equals(k.path(field).asText())) {
            throw new IllegalArgumentException(where + ": " + field + " must be " + value);
        }
    }

    private static Iterable<JsonNode> array(JsonNode k, String field, String where) {
        JsonNode a = k.get(field);
        if (a == null) {
            return List.of();
        }
        if (!a.isArray()) {
            throw new IllegalArgumentException(where + ": " + field + " must be a list");
        }
        return a;
    }

    private static String text(JsonNode n, String where) {
        if (n == null || !n.isValueNode() || n.isNull()) {
            throw new IllegalArgumentException(where + ": expected a text value");
        }
        return n.asText();
    }
}
