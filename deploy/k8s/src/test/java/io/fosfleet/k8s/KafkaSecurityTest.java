package io.fosfleet.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fosfleet.kafka.Access;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.KafkaAuthorizationSimple;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.kafka.listener.KafkaListenerAuthenticationScramSha512;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclOperation;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.resource.PatternType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kafka is secured in every overlay: the listener takes SCRAM-SHA-512 sign-ins, the cluster authorizes by ACL, each
 * KafkaUser's ACLs are exactly the access plan ({@link Access}, derived from the topic catalogue) so they cannot
 * drift, each service signs in as its own user with the password from the Secret Strimzi makes, and no password is
 * written in the manifests.
 */
class KafkaSecurityTest {

    /** A JAAS line or SCRAM password written out in a manifest. */
    private static final Pattern WRITTEN_PASSWORD = Pattern.compile("(?i)(ScramLoginModule|PlainLoginModule"
            + "|password\\s*=\\s*\"|sasl\\.jaas\\.config\\s*[:=]\\s*\\S)");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyKafkaUsersAclsAreExactlyTheAccessPlan(String overlay) {
        Rendered r = ManifestsTest.rendered(overlay);
        Map<String, KafkaUser> users = r.all(KafkaUser.class).stream()
                .collect(Collectors.toMap(u -> u.getMetadata().getName(), u -> u));
        assertThat(users.keySet()).as("KafkaUsers").containsExactlyInAnyOrderElementsOf(Access.USERS);
        for (Access access : Access.plan()) {
            KafkaUser user = users.get(access.user());
            assertThat(user.getMetadata().getLabels()).as(access.user()).containsEntry("strimzi.io/cluster", "fosfleet");
            assertThat(user.getSpec().getAuthentication()).as(access.user() + " authentication")
                    .isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
            // no password of our own: the User Operator makes a random one
            assertThat(((KafkaUserScramSha512ClientAuthentication) user.getSpec().getAuthentication()).getPassword())
                    .as(access.user() + " password").isNull();
            assertThat(user.getSpec().getAuthorization()).as(access.user() + " authorization")
                    .isInstanceOf(KafkaUserAuthorizationSimple.class);
            Set<String> manifest = acls(access.user(), (KafkaUserAuthorizationSimple) user.getSpec().getAuthorization());
            Set<String> plan = access.aclBindings().stream().map(KafkaSecurityTest::acl)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(manifest).as(access.user() + "'s ACLs in kafka-users.yaml against the access plan")
                    .containsExactlyElementsOf(plan);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theClusterTakesScramSignInsOnlyAndAuthorizesByAcl(String overlay) {
        Kafka kafka = ManifestsTest.rendered(overlay).all(Kafka.class).get(0);
        List<GenericKafkaListener> listeners = kafka.getSpec().getKafka().getListeners();
        assertThat(listeners).isNotEmpty().allSatisfy(l -> assertThat(l.getAuth()).as("listener " + l.getName())
                .isInstanceOf(KafkaListenerAuthenticationScramSha512.class));
        assertThat(kafka.getSpec().getKafka().getAuthorization()).isInstanceOf(KafkaAuthorizationSimple.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceSignsInAsItsOwnUserWithThePasswordFromStrimzisSecret(String overlay) {
        Rendered r = ManifestsTest.rendered(overlay);
        for (String service : Rendered.SERVICES) {
            Deployment d = r.find(Deployment.class, service).orElseThrow();
            Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, EnvVar> env = c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
            assertThat(env.get("KAFKA_SECURITY_PROTOCOL").getValue()).as(service).isEqualTo("SASL_PLAINTEXT");
            assertThat(env.get("KAFKA_SASL_MECHANISM").getValue()).as(service).isEqualTo("SCRAM-SHA-512");
            EnvVar jaas = env.get("KAFKA_SASL_JAAS_CONFIG");
            assertThat(jaas.getValue()).as(service + " KAFKA_SASL_JAAS_CONFIG written out").isNull();
            assertThat(jaas.getValueFrom().getSecretKeyRef().getName()).as(service).isEqualTo(service);
            assertThat(jaas.getValueFrom().getSecretKeyRef().getKey()).as(service).isEqualTo("sasl.jaas.config");
        }
    }

    @Test
    void noKafkaPasswordIsWrittenInTheManifests() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ManifestsTest.DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") && !p.toString().contains("/target/"))
                    .toList()) {
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    if (WRITTEN_PASSWORD.matcher(lines.get(i)).find()) {
                        found.add(ManifestsTest.DIR.relativize(f) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }

    @Test
    void aWrittenOutJaasLineIsFound() {
        assertThat(WRITTEN_PASSWORD.matcher("  KAFKA_SASL_JAAS_CONFIG: org.apache.kafka.common.security.scram"
                + ".ScramLoginModule required username=\"a\" password=\"b\";").find()).isTrue();
        assertThat(WRITTEN_PASSWORD.matcher("  sasl.jaas.config: x").find()).isTrue();
        assertThat(WRITTEN_PASSWORD.matcher("                  key: sasl.jaas.config").find()).isFalse();
    }

    /** One ACL as text: principal, resource type, name, pattern, operation. */
    private static String acl(String principal, String type, String name, String pattern, String operation) {
        return String.join(" ", principal, type, name, pattern, operation);
    }

    private static String acl(AclBinding b) {
        return acl(b.entry().principal(), b.pattern().resourceType().name().toLowerCase(), b.pattern().name(),
                b.pattern().patternType() == PatternType.PREFIXED ? "prefix" : b.pattern().patternType().name()
                        .toLowerCase(), b.entry().operation().name().toLowerCase()) + " host " + b.entry().host();
    }

    /** A KafkaUser's ACLs as text, one operation each (a rule may list several). */
    private static Set<String> acls(String user, KafkaUserAuthorizationSimple authorization) {
        Set<String> acls = new TreeSet<>();
        for (AclRule rule : authorization.getAcls()) {
            String type;
            String name;
            AclResourcePatternType pattern;
            if (rule.getResource() instanceof AclRuleTopicResource t) {
                type = "topic";
                name = t.getName();
                pattern = t.getPatternType();
            } else if (rule.getResource() instanceof AclRuleGroupResource g) {
                type = "group";
                name = g.getName();
                pattern = g.getPatternType();
            } else {
                acls.add("unexpected resource " + rule.getResource());
                continue;
            }
            List<AclOperation> operations = new ArrayList<>(rule.getOperations() == null ? List.of()
                    : rule.getOperations());
            if (rule.getOperation() != null) {
                operations.add(rule.getOperation());
            }
            String host = rule.getHost() == null ? "*" : rule.getHost();
            for (AclOperation op : operations) {
                acls.add(acl("User:" + user, type, name, (pattern == null
                        ? AclResourcePatternType.LITERAL : pattern).toValue(), op.toValue().toLowerCase())
                        + " host " + host);
            }
        }
        return acls;
    }
}
