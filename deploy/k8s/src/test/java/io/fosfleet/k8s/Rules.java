package io.fosfleet.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.ProcessRoles;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Our own rules for the rendered manifests; each returns what it found wrong, an empty list when nothing. */
final class Rules {

    static final String LIVE = "/q/health/live";
    static final String READY = "/q/health/ready";
    static final String METRICS = "/q/metrics";
    /** A placeholder in a Secret template: {@code <what to put here>}. */
    static final Pattern PLACEHOLDER = Pattern.compile("<[^<>\\n]+>");
    /** Keys whose literal value would be a secret. */
    static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|secret|token|private|credential).*");

    private Rules() {
    }

    /** Every container: liveness and readiness probes (the services': on Quarkus' health paths), requests, limits. */
    static List<String> probesAndResources(Rendered r) {
        List<String> problems = new ArrayList<>();
        for (Rendered.Workload w : r.workloads()) {
            for (Container c : w.template().getSpec().getContainers()) {
                String where = w.id() + " container " + c.getName();
                problems.addAll(resources(where, c.getResources()));
                problems.addAll(probe(where, "liveness", c.getLivenessProbe(), w.isService() ? LIVE : null, c));
                problems.addAll(probe(where, "readiness", c.getReadinessProbe(), w.isService() ? READY : null, c));
            }
            for (Container c : w.template().getSpec().getInitContainers()) {
                problems.addAll(resources(w.id() + " init container " + c.getName(), c.getResources()));
            }
        }
        for (KafkaNodePool pool : r.all(KafkaNodePool.class)) {
            problems.addAll(resources("KafkaNodePool/" + pool.getMetadata().getName(), pool.getSpec().getResources()));
        }
        for (Kafka kafka : r.all(Kafka.class)) {
            var eo = kafka.getSpec().getEntityOperator();
            if (eo == null || eo.getTopicOperator() == null) {
                problems.add("Kafka/" + kafka.getMetadata().getName() + ": no Topic Operator, the KafkaTopics would "
                        + "do nothing");
            } else {
                problems.addAll(resources("Kafka/" + kafka.getMetadata().getName() + " topic operator",
                        eo.getTopicOperator().getResources()));
            }
        }
        return problems;
    }

    private static List<String> resources(String where, ResourceRequirements res) {
        List<String> problems = new ArrayList<>();
        Map<String, Quantity> requests = res == null ? Map.of() : res.getRequests();
        Map<String, Quantity> limits = res == null ? Map.of() : res.getLimits();
        for (String resource : List.of("cpu", "memory")) {
            Quantity request = requests.get(resource);
            Quantity limit = limits.get(resource);
            if (request == null || limit == null) {
                problems.add(where + ": no " + resource + (request == null ? " request" : " limit"));
                continue;
            }
            try {
                if (Quantity.getAmountInBytes(request).compareTo(Quantity.getAmountInBytes(limit)) > 0) {
                    problems.add(where + ": " + resource + " request " + request + " above its limit " + limit);
                }
            } catch (IllegalArgumentException e) {
                problems.add(where + ": " + resource + " is not a quantity: " + e.getMessage());
            }
        }
        return problems;
    }

    private static List<String> probe(String where, String kind, Probe p, String path, Container c) {
        if (p == null) {
            return List.of(where + ": no " + kind + " probe");
        }
        if (path == null) {
            return List.of();
        }
        if (p.getHttpGet() == null || !path.equals(p.getHttpGet().getPath())) {
            return List.of(where + ": the " + kind + " probe must GET " + path);
        }
        if (containerPort(c, p.getHttpGet().getPort()).isEmpty()) {
            return List.of(where + ": the " + kind + " probe's port " + p.getHttpGet().getPort().getValue()
                    + " is not a port of the container");
        }
        return List.of();
    }

    static Optional<ContainerPort> containerPort(Container c, IntOrString port) {
        return c.getPorts().stream()
                .filter(p -> port.getValue() instanceof Integer i ? p.getContainerPort().equals(i)
                        : port.getValue().equals(p.getName()))
                .findFirst();
    }

    /**
     * No secret value in the manifests: no Secret is rendered (they are applied from the templates), no literal value
     * under a secret-like key in a ConfigMap or env, and everything that refers to a Secret finds it and the key in
     * the templates (or in the Secret Strimzi makes for a KafkaUser).
     */
    static List<String> secrets(Rendered r, Map<String, Set<String>> templates) {
        List<String> problems = new ArrayList<>();
        // Strimzi's User Operator makes a Secret per SCRAM KafkaUser, named after it, with these keys
        Map<String, Set<String>> templateKeys = new java.util.HashMap<>(templates);
        r.all(io.strimzi.api.kafka.model.user.KafkaUser.class).forEach(u -> templateKeys.put(u.getMetadata().getName(),
                Set.of("password", "sasl.jaas.config")));
        r.all(Secret.class).forEach(s -> problems.add("Secret/" + s.getMetadata().getName() + " is rendered: secrets "
                + "are applied from the templates in secrets/, never from the overlays"));
        for (ConfigMap cm : r.all(ConfigMap.class)) {
            cm.getData().forEach((k, v) -> {
                if (SECRET_KEY.matcher(k).matches()) {
                    problems.add("ConfigMap/" + cm.getMetadata().getName() + ": " + k + " looks like a secret: put "
                            + "it in a Secret");
                }
            });
        }
        for (Rendered.Workload w : r.workloads()) {
            for (Container c : w.template().getSpec().getContainers()) {
                String where = w.id() + " container " + c.getName();
                for (EnvVar e : c.getEnv()) {
                    if (e.getValue() != null && SECRET_KEY.matcher(e.getName()).matches()) {
                        problems.add(where + ": env " + e.getName() + " has a literal value; take it from a Secret");
                    }
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        var ref = e.getValueFrom().getSecretKeyRef();
                        problems.addAll(secretRef(where + " env " + e.getName(), ref.getName(), ref.getKey(),
                                templateKeys));
                    }
                }
                for (EnvFromSource e : c.getEnvFrom()) {
                    if (e.getSecretRef() != null) {
                        problems.addAll(secretRef(where + " envFrom", e.getSecretRef().getName(), null, templateKeys));
                    }
                }
            }
            for (Volume v : w.template().getSpec().getVolumes()) {
                if (v.getSecret() != null) {
                    String name = v.getSecret().getSecretName();
                    problems.addAll(secretRef(w.id() + " volume " + v.getName(), name, null, templateKeys));
                    v.getSecret().getItems().forEach(i -> problems.addAll(
                            secretRef(w.id() + " volume " + v.getName(), name, i.getKey(), templateKeys)));
                }
            }
        }
        return problems;
    }

    private static List<String> secretRef(String where, String name, String key, Map<String, Set<String>> templates) {
        if (!templates.containsKey(name)) {
            return List.of(where + ": Secret " + name + " has no template in secrets/");
        }
        if (key != null && !templates.get(name).contains(key)) {
            return List.of(where + ": the template of Secret " + name + " has no key " + key);
        }
        return List.of();
    }

    /**
     * A Secret template holds placeholders only: each value is {@code <...>}, or, for a properties file, each
     * secret-like property's value is.
     */
    static List<String> templateValues(Secret s) {
        List<String> problems = new ArrayList<>();
        String where = "template Secret/" + s.getMetadata().getName();
        if (!s.getData().isEmpty()) {
            problems.add(where + ": data holds encoded values; a template uses stringData placeholders");
        }
        s.getStringData().forEach((k, v) -> {
            if (k.endsWith(".properties")) {
                v.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(l -> {
                    int eq = l.indexOf('=');
                    String key = eq < 0 ? l : l.substring(0, eq);
                    String value = eq < 0 ? "" : l.substring(eq + 1).strip();
                    String property = key.substring(key.lastIndexOf('.') + 1);
                    if (SECRET_KEY.matcher(property).matches() && !PLACEHOLDER.matcher(value).matches()) {
                        problems.add(where + " " + k + ": " + key + " is not a placeholder <...>");
                    }
                });
            } else if (!PLACEHOLDER.matcher(v).matches()) {
                problems.add(where + ": " + k + " is not a placeholder <...>");
            }
        });
        return problems;
    }

    /** The replicas of the named Deployments. */
    static List<String> replicas(Rendered r, Map<String, Integer> expected) {
        Map<String, Integer> actual = r.workloads().stream().filter(Rendered.Workload::isService)
                .collect(Collectors.toMap(Rendered.Workload::name, w -> w.replicas() == null ? 1 : w.replicas()));
        return expected.equals(actual) ? List.of()
                : List.of(r.overlay() + ": replicas " + actual + ", expected " + expected);
    }

    /**
     * heartbeat-service survives a node: its replicas never share a node, a drain takes one at a time, and a stopping
     * replica gets the time to hand its devices over.
     */
    static List<String> heartbeatAvailability(Rendered r) {
        List<String> problems = new ArrayList<>();
        Rendered.Workload w = r.workloads().stream().filter(x -> x.name().equals("heartbeat-service")).findFirst()
                .orElse(null);
        if (w == null) {
            return List.of("no heartbeat-service Deployment");
        }
        Map<String, String> labels = w.template().getMetadata().getLabels();
        List<PodDisruptionBudget> pdbs = r.all(PodDisruptionBudget.class).stream()
                .filter(p -> Selectors.matches(p.getSpec().getSelector(), labels)).toList();
        if (pdbs.size() != 1) {
            problems.add("heartbeat-service: " + pdbs.size() + " PodDisruptionBudgets select its pods, expected 1");
        } else {
            var spec = pdbs.get(0).getSpec();
            int replicas = w.replicas() == null ? 1 : w.replicas();
            Integer allowed = spec.getMaxUnavailable() != null ? spec.getMaxUnavailable().getIntVal()
                    : spec.getMinAvailable() != null && spec.getMinAvailable().getIntVal() != null
                    ? replicas - spec.getMinAvailable().getIntVal() : null;
            if (allowed == null || allowed != 1) {
                problems.add("heartbeat-service: its PodDisruptionBudget must let exactly one replica go at a time "
                        + "(as a number, not a percentage), allows " + allowed);
            }
        }
        var affinity = w.template().getSpec().getAffinity();
        List<PodAffinityTerm> required = affinity == null || affinity.getPodAntiAffinity() == null ? List.of()
                : affinity.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        if (required.stream().noneMatch(t -> "kubernetes.io/hostname".equals(t.getTopologyKey())
                && Selectors.matches(t.getLabelSelector(), labels))) {
            problems.add("heartbeat-service: no required pod anti-affinity on kubernetes.io/hostname against its own "
                    + "pods");
        }
        Long grace = w.template().getSpec().getTerminationGracePeriodSeconds();
        if (grace == null || grace < 35) {
            problems.add("heartbeat-service: terminationGracePeriodSeconds " + grace + " is shorter than its 30 s "
                    + "handover plus a margin (35 s)");
        }
        return problems;
    }

    /**
     * Every topic has its KafkaTopic on our cluster with the cleanup policy the services expect, a delete topic has a
     * retention, device-gateway's four topics have one partition count, and there is no KafkaTopic for anything else.
     */
    static List<String> topics(Rendered r, Map<String, Boolean> compactedByTopic, Set<String> samePartitions) {
        List<String> problems = new ArrayList<>();
        String cluster = r.all(Kafka.class).stream().map(k -> k.getMetadata().getName()).findFirst().orElse("?");
        Map<String, KafkaTopic> byName = new HashMap<>();
        for (KafkaTopic t : r.all(KafkaTopic.class)) {
            String name = t.getSpec().getTopicName() != null ? t.getSpec().getTopicName() : t.getMetadata().getName();
            byName.put(name, t);
            if (!compactedByTopic.containsKey(name)) {
                problems.add("KafkaTopic " + name + ": no service uses this topic");
            }
            if (!cluster.equals(t.getMetadata().getLabels().get("strimzi.io/cluster"))) {
                problems.add("KafkaTopic " + name + ": label strimzi.io/cluster must be " + cluster);
            }
        }
        compactedByTopic.forEach((name, compacted) -> {
            KafkaTopic t = byName.get(name);
            if (t == null) {
                problems.add("topic " + name + " has no KafkaTopic");
                return;
            }
            Map<String, Object> config = t.getSpec().getConfig() == null ? Map.of() : t.getSpec().getConfig();
            String policy = String.valueOf(config.get("cleanup.policy"));
            if (!policy.equals(compacted ? "compact" : "delete")) {
                problems.add("KafkaTopic " + name + ": cleanup.policy " + policy + ", expected "
                        + (compacted ? "compact" : "delete"));
            }
            if (!compacted && !config.containsKey("retention.ms")) {
                problems.add("KafkaTopic " + name + ": a history topic needs a retention.ms");
            }
            if (t.getSpec().getPartitions() == null || t.getSpec().getPartitions() < 1) {
                problems.add("KafkaTopic " + name + ": no partition count");
            }
        });
        Set<Integer> counts = samePartitions.stream().map(byName::get).filter(Objects::nonNull)
                .map(t -> t.getSpec().getPartitions()).collect(Collectors.toSet());
        if (counts.size() > 1) {
            problems.add("topics " + samePartitions + " must have one partition count, have " + counts);
        }
        return problems;
    }

    /**
     * The Kafka cluster: {@code brokers} nodes that are brokers, records kept on min(3, brokers) of them and a write
     * accepted on one fewer (one in a one-node cluster), heartbeat-service's 2 s session timeout allowed, and the
     * services pointed at its bootstrap service.
     */
    static List<String> kafka(Rendered r, int brokers) {
        List<String> problems = new ArrayList<>();
        List<Kafka> clusters = r.all(Kafka.class);
        if (clusters.size() != 1) {
            return List.of(clusters.size() + " Kafka clusters, expected 1");
        }
        Kafka kafka = clusters.get(0);
        String name = kafka.getMetadata().getName();
        int actual = r.all(KafkaNodePool.class).stream()
                .filter(p -> name.equals(p.getMetadata().getLabels().get("strimzi.io/cluster")))
                .filter(p -> p.getSpec().getRoles().contains(ProcessRoles.BROKER))
                .mapToInt(p -> p.getSpec().getReplicas()).sum();
        if (actual != brokers) {
            problems.add(r.overlay() + ": " + actual + " Kafka brokers, expected " + brokers);
        }
        boolean controllers = r.all(KafkaNodePool.class).stream()
                .anyMatch(p -> p.getSpec().getRoles().contains(ProcessRoles.CONTROLLER));
        if (!controllers) {
            problems.add("no KafkaNodePool with the controller role: KRaft needs controllers");
        }
        Map<String, Object> config = kafka.getSpec().getKafka().getConfig();
        int rf = Math.min(3, brokers);
        int isr = rf == 1 ? 1 : rf - 1;
        Map<String, Integer> expected = Map.of("default.replication.factor", rf, "offsets.topic.replication.factor", rf,
                "transaction.state.log.replication.factor", rf, "min.insync.replicas", isr,
                "transaction.state.log.min.isr", isr);
        expected.forEach((k, v) -> {
            if (!String.valueOf(v).equals(String.valueOf(config.get(k)))) {
                problems.add(r.overlay() + ": Kafka " + k + " is " + config.get(k) + ", expected " + v);
            }
        });
        Object minSession = config.get("group.min.session.timeout.ms");
        if (minSession == null || Long.parseLong(minSession.toString()) > 2000) {
            problems.add("Kafka group.min.session.timeout.ms " + minSession + " refuses heartbeat-service's 2 s "
                    + "session timeout");
        }
        var plain = kafka.getSpec().getKafka().getListeners().stream().filter(l -> l.getPort() == 9092).findFirst();
        if (plain.isEmpty()) {
            problems.add("Kafka has no listener on 9092");
        }
        String bootstrap = name + "-kafka-bootstrap:9092";
        for (String service : Rendered.SERVICES) {
            String actualBootstrap = r.find(ConfigMap.class, service).map(cm -> cm.getData()
                    .get("KAFKA_BOOTSTRAP_SERVERS")).orElse(null);
            if (!bootstrap.equals(actualBootstrap)) {
                problems.add(service + ": KAFKA_BOOTSTRAP_SERVERS " + actualBootstrap + ", expected " + bootstrap);
            }
        }
        return problems;
    }

    /** Prometheus scrapes every service's /q/metrics on its HTTP port. */
    static List<String> prometheus(Rendered r) {
        List<String> problems = new ArrayList<>();
        for (Rendered.Workload w : r.workloads()) {
            if (!w.isService()) {
                continue;
            }
            Map<String, String> a = w.template().getMetadata().getAnnotations();
            Container c = w.template().getSpec().getContainers().get(0);
            String httpPort = c.getPorts().stream().filter(p -> "http".equals(p.getName()))
                    .map(p -> String.valueOf(p.getContainerPort())).findFirst().orElse("none");
            if (!"true".equals(a.get("prometheus.io/scrape")) || !METRICS.equals(a.get("prometheus.io/path"))
                    || !httpPort.equals(a.get("prometheus.io/port"))) {
                problems.add(w.id() + ": expected the annotations prometheus.io/scrape=true, path=" + METRICS
                        + ", port=" + httpPort + "; has " + a);
            }
        }
        return problems;
    }

    /**
     * What refers to something finds it: ConfigMaps the pods read, pods a Service selects and their named ports, the
     * service images (built by deploy/images as {@code fosfleet/<service>:<version>}, maybe under a registry).
     */
    static List<String> references(Rendered r, String version) {
        List<String> problems = new ArrayList<>();
        Set<String> configMaps = r.all(ConfigMap.class).stream().map(c -> c.getMetadata().getName())
                .collect(Collectors.toSet());
        for (Rendered.Workload w : r.workloads()) {
            var spec = w.template().getSpec();
            Stream.concat(
                    spec.getContainers().stream().flatMap(c -> c.getEnvFrom().stream())
                            .filter(e -> e.getConfigMapRef() != null).map(e -> e.getConfigMapRef().getName()),
                    spec.getVolumes().stream().filter(v -> v.getConfigMap() != null)
                            .map(v -> v.getConfigMap().getName()))
                    .filter(n -> !configMaps.contains(n))
                    .forEach(n -> problems.add(w.id() + ": ConfigMap " + n + " is not in the manifests"));
            if (w.isService()) {
                String image = spec.getContainers().get(0).getImage();
                String expected = "fosfleet/" + w.name() + ":" + version;
                if (!image.equals(expected) && !image.endsWith("/" + expected)) {
                    problems.add(w.id() + ": image " + image + " is not the one deploy/images builds (" + expected
                            + ")");
                }
            }
            if (!Selectors.matches(w.selector(), w.template().getMetadata().getLabels())) {
                problems.add(w.id() + ": its selector does not match its pod template");
            }
        }
        for (Service s : r.all(Service.class)) {
            List<Rendered.Workload> selected = r.workloads().stream()
                    .filter(w -> Selectors.matchesLabels(s.getSpec().getSelector(), w.template().getMetadata()
                            .getLabels()))
                    .toList();
            if (selected.isEmpty()) {
                problems.add("Service/" + s.getMetadata().getName() + " selects no pods");
            }
            for (ServicePort p : s.getSpec().getPorts()) {
                for (Rendered.Workload w : selected) {
                    boolean found = w.template().getSpec().getContainers().stream()
                            .anyMatch(c -> containerPort(c, p.getTargetPort()).map(cp ->
                                    Objects.equals(protocol(cp.getProtocol()), protocol(p.getProtocol())))
                                    .orElse(false));
                    if (!found) {
                        problems.add("Service/" + s.getMetadata().getName() + " port " + p.getName() + ": "
                                + w.id() + " has no " + protocol(p.getProtocol()) + " port "
                                + p.getTargetPort().getValue());
                    }
                }
            }
        }
        return problems;
    }

    static String protocol(String p) {
        return p == null ? "TCP" : p;
    }
}
