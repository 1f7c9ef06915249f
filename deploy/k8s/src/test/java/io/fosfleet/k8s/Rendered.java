package io.fosfleet.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One rendered overlay: the objects as rendered and as typed models (those that fit their model). */
record Rendered(String overlay, List<ObjectNode> raw, List<HasMetadata> typed, List<String> schemaProblems) {

    /** The four services; their Deployments, images and ports are what the rules are about. */
    static final List<String> SERVICES = List.of("config-service", "device-gateway", "heartbeat-service",
            "alert-service");

    static Rendered of(Path k8sDir, String overlay) {
        return of(overlay, Kustomize.render(k8sDir.resolve("overlays").resolve(overlay)));
    }

    static Rendered of(String overlay, List<ObjectNode> raw) {
        List<HasMetadata> typed = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (ObjectNode o : raw) {
            try {
                HasMetadata t = Schema.typed(o);
                Schema.unknownFields(t).forEach(p -> problems.add(id(o) + ": unknown field(s) at " + p));
                typed.add(t);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        return new Rendered(overlay, raw, typed, problems);
    }

    static String id(ObjectNode o) {
        return o.path("kind").asText("?") + "/" + o.path("metadata").path("name").asText("?");
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return typed.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    /** Every workload's name, kind, replicas and pod template. */
    List<Workload> workloads() {
        List<Workload> w = new ArrayList<>();
        all(Deployment.class).forEach(d -> w.add(new Workload("Deployment/" + d.getMetadata().getName(),
                d.getMetadata().getName(), d.getSpec().getReplicas(), d.getSpec().getSelector(),
                d.getSpec().getTemplate())));
        all(StatefulSet.class).forEach(s -> w.add(new Workload("StatefulSet/" + s.getMetadata().getName(),
                s.getMetadata().getName(), s.getSpec().getReplicas(), s.getSpec().getSelector(),
                s.getSpec().getTemplate())));
        return w;
    }

    record Workload(String id, String name, Integer replicas, LabelSelector selector, PodTemplateSpec template) {
        boolean isService() {
            return SERVICES.contains(name);
        }
    }
}
