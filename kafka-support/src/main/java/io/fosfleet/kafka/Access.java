package io.fosfleet.kafka;

import io.fosfleet.events.Topic;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What each Kafka user of fosfleet may do on a secured cluster, derived from the {@link Topic} catalogue so that the
 * grants cannot drift from the code: a service writes the topics it produces (and may create them), reads the topics
 * it consumes and writes their dead letters, and uses the consumer groups whose names start with its own name. The
 * PBX nodes ({@value Topic#PBX_NODE}) only write their heartbeats. Everything else is refused.
 *
 * <p>The Kubernetes manifests declare these grants as Strimzi {@code KafkaUser} ACLs (a test keeps them equal), and
 * the tests' secured in-process broker is given {@link #aclBindings()}.
 */
public record Access(String user, Set<Topic> writes, Set<Topic> reads, String groupPrefix) {

    /** The users: one per service, and the PBX nodes. */
    public static final List<String> USERS = List.of("config-service", "device-gateway", "heartbeat-service",
            "alert-service", Topic.PBX_NODE);

    public Access {
        writes = Collections.unmodifiableSet(EnumSet.copyOf(writes));
        reads = Collections.unmodifiableSet(reads.isEmpty() ? EnumSet.noneOf(Topic.class) : EnumSet.copyOf(reads));
    }

    /**
     * The grants of one user.
     *
     * @throws IllegalArgumentException for a user the plan does not know
     */
    public static Access of(String user) {
        if (!USERS.contains(user)) {
            throw new IllegalArgumentException("no Kafka user \"" + user + "\" in the access plan; users: " + USERS);
        }
        Set<Topic> writes = EnumSet.noneOf(Topic.class);
        Set<Topic> reads = EnumSet.noneOf(Topic.class);
        for (Topic t : Topic.values()) {
            if (t.writers().contains(user)) {
                writes.add(t);
            }
            if (t.readers().contains(user)) {
                reads.add(t);
            }
        }
        return new Access(user, writes, reads, user.equals(Topic.PBX_NODE) ? null : user);
    }

    /** Every user's grants, in {@link #USERS} order. */
    public static List<Access> plan() {
        return USERS.stream().map(Access::of).toList();
    }

    /** Whether this user may create topics: the services may create the topics they write; the PBX nodes none. */
    public boolean createsTopics() {
        return groupPrefix != null;
    }

    /** The Kafka principal, {@code User:<name>}. */
    public String principal() {
        return "User:" + user;
    }

    /**
     * The ACLs that give exactly these grants: per written topic {@code Write} (and {@code Create} for a service),
     * per read topic {@code Read}, and {@code Read} on the groups whose names start with the service's name
     * ({@code config-service}, {@code config-service-live-...}). Each of them implies {@code Describe}.
     */
    public List<AclBinding> aclBindings() {
        List<AclBinding> acls = new ArrayList<>();
        for (Topic t : writes) {
            acls.add(topicAcl(t, AclOperation.WRITE));
            if (createsTopics()) {
                acls.add(topicAcl(t, AclOperation.CREATE));
            }
        }
        for (Topic t : reads) {
            acls.add(topicAcl(t, AclOperation.READ));
        }
        if (groupPrefix != null) {
            acls.add(new AclBinding(new ResourcePattern(ResourceType.GROUP, groupPrefix, PatternType.PREFIXED),
                    allow(AclOperation.READ)));
        }
        return List.copyOf(acls);
    }

    /** Every user's {@link #aclBindings()}. */
    public static List<AclBinding> allAclBindings() {
        return plan().stream().flatMap(a -> a.aclBindings().stream()).toList();
    }

    /** The topics this user may do {@code operation} on ({@code WRITE}, {@code CREATE} or {@code READ}). */
    public Set<Topic> topics(AclOperation operation) {
        return switch (operation) {
            case WRITE -> writes;
            case CREATE -> createsTopics() ? writes : Set.of();
            case READ -> reads;
            default -> throw new IllegalArgumentException("the plan grants write, create and read on topics, not "
                    + operation);
        };
    }

    private AclBinding topicAcl(Topic topic, AclOperation operation) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic.topicName(), PatternType.LITERAL),
                allow(operation));
    }

    private AccessControlEntry allow(AclOperation operation) {
        return new AccessControlEntry(principal(), "*", operation, AclPermissionType.ALLOW);
    }

    @Override
    public String toString() {
        return user + ": writes " + names(writes) + ", reads " + names(reads)
                + (groupPrefix == null ? ", no groups" : ", groups " + groupPrefix + "*");
    }

    private static List<String> names(Set<Topic> topics) {
        return topics.stream().map(Topic::topicName).toList();
    }

    static {
        // every writer and reader named in the catalogue must be a user of the plan
        for (Topic t : Topic.values()) {
            List<String> named = new ArrayList<>(t.writers());
            named.addAll(t.readers());
            for (String n : named) {
                if (!USERS.contains(n)) {
                    throw new ExceptionInInitializerError("topic " + t.topicName() + " names \"" + n
                            + "\", which is not a Kafka user of the access plan: " + USERS);
                }
            }
        }
    }
}
