package io.fosfleet.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/**
 * Our "schema": every rendered object must be of a kind we have a typed model for (fabric8 for Kubernetes, Strimzi's
 * for its resources), with the apiVersion we deploy, must bind to that model, and must leave no field over — the
 * models keep what they do not know in additionalProperties, so a typo or a field at the wrong level shows there.
 */
final class Schema {

    record Kind(String apiVersion, Class<? extends HasMetadata> type) {
    }

    static final Map<String, Kind> KINDS = Map.ofEntries(
            Map.entry("Namespace", new Kind("v1", Namespace.class)),
            Map.entry("ConfigMap", new Kind("v1", ConfigMap.class)),
            Map.entry("Secret", new Kind("v1", Secret.class)),
            Map.entry("Service", new Kind("v1", Service.class)),
            Map.entry("Deployment", new Kind("apps/v1", Deployment.class)),
            Map.entry("StatefulSet", new Kind("apps/v1", StatefulSet.class)),
            Map.entry("PodDisruptionBudget", new Kind("policy/v1", PodDisruptionBudget.class)),
            Map.entry("NetworkPolicy", new Kind("networking.k8s.io/v1", NetworkPolicy.class)),
            Map.entry("Kafka", new Kind("kafka.strimzi.io/v1", Kafka.class)),
            Map.entry("KafkaNodePool", new Kind("kafka.strimzi.io/v1", KafkaNodePool.class)),
            Map.entry("KafkaTopic", new Kind("kafka.strimzi.io/v1", KafkaTopic.class)),
            Map.entry("KafkaUser", new Kind("kafka.strimzi.io/v1", KafkaUser.class)),
            Map.entry("PrometheusRule", new Kind("monitoring.coreos.com/v1", PrometheusRule.class)),
            Map.entry("PodMonitor", new Kind("monitoring.coreos.com/v1", PodMonitor.class)));

    private static final JsonMapper MODELS = JsonMapper.builder().build();

    private Schema() {
    }

    /** The typed object, or an error naming the object and what is wrong with it. */
    static HasMetadata typed(ObjectNode o) {
        String id = Rendered.id(o);
        Kind kind = KINDS.get(o.path("kind").asText());
        if (kind == null) {
            throw new IllegalArgumentException(id + ": no model for this kind (known: " + KINDS.keySet() + ")");
        }
        if (!kind.apiVersion().equals(o.path("apiVersion").asText())) {
            throw new IllegalArgumentException(id + ": apiVersion must be " + kind.apiVersion());
        }
        try {
            return MODELS.readValue(o.toString(), kind.type());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(id + ": does not fit the " + kind.type().getSimpleName() + " model: "
                    + e.getMessage(), e);
        }
    }

    /** Where in {@code model} fields were left over, as {@code path: [names]}; empty when none. */
    static List<String> unknownFields(Object model) {
        List<String> found = new ArrayList<>();
        walk(model, "", found, new IdentityHashMap<>());
        return found;
    }

    private static void walk(Object value, String path, List<String> found, Map<Object, Boolean> seen) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                walk(e, path + "[" + i++ + "]", found, seen);
            }
            return;
        }
        if (value instanceof Map<?, ?> m) {
            m.forEach((k, v) -> walk(v, path + "[" + k + "]", found, seen));
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.strimzi.api")
                && !pkg.startsWith("io.fabric8.openshift.api.model.monitoring")) {
            return;
        }
        for (Method m : value.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers()) || !m.getName().startsWith("get")
                    || IGNORED_GETTERS.contains(m.getName())) {
                continue;
            }
            Object v;
            try {
                v = m.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue; // a computed convenience getter, not a field of the model
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    found.add((path.isEmpty() ? "." : path) + ": " + extra.keySet());
                }
            } else {
                walk(v, path + "." + property(m.getName()), found, seen);
            }
        }
    }

    private static final Set<String> IGNORED_GETTERS = Set.of("getClass");

    private static String property(String getter) {
        return Character.toLowerCase(getter.charAt(3)) + getter.substring(4);
    }
}
