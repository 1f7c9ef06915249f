package io.fosfleet.k8s;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;

/**
 * Decides, from the rendered NetworkPolicies alone, whether one endpoint may open a connection to another, the way
 * the Kubernetes NetworkPolicy semantics define it: a pod selected by no policy of a direction is open in that
 * direction; a selected pod accepts only what one of the policies selecting it allows; both ends must agree.
 * Policies apply to pods of {@code namespace} only; ipBlocks match endpoints outside the cluster.
 */
final class Reachability {

    /** A pod (namespace and labels, its named ports) or, with {@code ip}, something outside the cluster. */
    record Endpoint(String namespace, Map<String, String> namespaceLabels, Map<String, String> labels,
                    Map<String, Integer> namedPorts, String ip) {

        static Endpoint pod(String namespace, Map<String, String> labels, Map<String, Integer> namedPorts) {
            return new Endpoint(namespace, Map.of("kubernetes.io/metadata.name", namespace), labels, namedPorts, null);
        }

        static Endpoint outside(String ip) {
            return new Endpoint(null, Map.of(), Map.of(), Map.of(), ip);
        }
    }

    private final String namespace;
    private final List<NetworkPolicy> policies;

    Reachability(String namespace, List<NetworkPolicy> policies) {
        this.namespace = namespace;
        this.policies = policies;
    }

    boolean allowed(Endpoint from, Endpoint to, int port, String protocol) {
        return egressAllowed(from, to, port, protocol) && ingressAllowed(from, to, port, protocol);
    }

    private boolean egressAllowed(Endpoint from, Endpoint to, int port, String protocol) {
        List<NetworkPolicy> selecting = selecting(from, "Egress");
        return selecting.isEmpty() || selecting.stream().flatMap(p -> p.getSpec().getEgress().stream())
                .anyMatch(rule -> peers(rule.getTo(), to) && ports(rule.getPorts(), to, port, protocol));
    }

    private boolean ingressAllowed(Endpoint from, Endpoint to, int port, String protocol) {
        List<NetworkPolicy> selecting = selecting(to, "Ingress");
        return selecting.isEmpty() || selecting.stream().flatMap(p -> p.getSpec().getIngress().stream())
                .anyMatch(rule -> peers(rule.getFrom(), from) && ports(rule.getPorts(), to, port, protocol));
    }

    private List<NetworkPolicy> selecting(Endpoint e, String type) {
        if (e.ip() != null || !namespace.equals(e.namespace())) {
            return List.of();
        }
        return policies.stream()
                .filter(p -> Selectors.matches(p.getSpec().getPodSelector(), e.labels()))
                .filter(p -> types(p).contains(type))
                .toList();
    }

    /** policyTypes as the API server defaults them: Ingress always, Egress when there are egress rules. */
    private static List<String> types(NetworkPolicy p) {
        if (!p.getSpec().getPolicyTypes().isEmpty()) {
            return p.getSpec().getPolicyTypes();
        }
        return p.getSpec().getEgress().isEmpty() ? List.of("Ingress") : List.of("Ingress", "Egress");
    }

    private boolean peers(List<NetworkPolicyPeer> peers, Endpoint e) {
        return peers.isEmpty() || peers.stream().anyMatch(peer -> peer(peer, e));
    }

    private boolean peer(NetworkPolicyPeer peer, Endpoint e) {
        if (peer.getIpBlock() != null) {
            if (e.ip() == null) {
                return false;
            }
            boolean in = inCidr(e.ip(), peer.getIpBlock().getCidr());
            return in && peer.getIpBlock().getExcept().stream().noneMatch(x -> inCidr(e.ip(), x));
        }
        if (e.ip() != null) {
            return false;
        }
        boolean namespaceOk = peer.getNamespaceSelector() == null ? namespace.equals(e.namespace())
                : Selectors.matches(peer.getNamespaceSelector(), e.namespaceLabels());
        boolean podOk = peer.getPodSelector() == null || Selectors.matches(peer.getPodSelector(), e.labels());
        return namespaceOk && podOk;
    }

    private static boolean ports(List<NetworkPolicyPort> ports, Endpoint to, int port, String protocol) {
        return ports.isEmpty() || ports.stream().anyMatch(p -> {
            if (p.getEndPort() != null) {
                throw new IllegalArgumentException("endPort is not evaluated here");
            }
            if (!Rules.protocol(p.getProtocol()).equals(protocol)) {
                return false;
            }
            IntOrString q = p.getPort();
            if (q == null) {
                return true;
            }
            return q.getValue() instanceof Integer i ? i == port : Integer.valueOf(port).equals(
                    to.namedPorts().get((String) q.getValue()));
        });
    }

    static boolean inCidr(String ip, String cidr) {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        long mask = bits == 0 ? 0 : 0xFFFFFFFFL << (32 - bits) & 0xFFFFFFFFL;
        return (ipv4(ip) & mask) == (ipv4(parts[0]) & mask);
    }

    private static long ipv4(String ip) {
        long v = 0;
        for (String octet : ip.split("\\.")) {
            v = v << 8 | Integer.parseInt(octet);
        }
        return v;
    }
}
