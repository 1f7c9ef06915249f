package io.fosfleet.alert.routing;

import io.fosfleet.events.EventJson;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingRulesTest {

    private static final String NOC = """
            route:
              receiver: log
              group_by: [pair]
              routes:
                - matchers: ['severity="info"']
                  receiver: discard
                - matchers: ['severity="critical"']
                  receiver: mail
                  continue: true
                - matchers: ['severity="critical"', 'alertname=~"Failover|PrimaryDown"']
                  receiver: pager
                  group_wait: 0s
                - matchers: ['site=~"fra.*"']
                  receiver: fra
                  group_by: [site]
            receivers:
              - name: discard
              - name: log
                syslog: {host: 127.0.0.1}
              - name: mail
                mail: {to: [noc@example.com]}
              - name: pager
                webhook: {url: "https://pager.example.com/x", token_env: PAGER_TOKEN}
              - name: fra
                mail: {to: [fra@example.com]}
            """;

    @Test
    void aFailoverGoesToMailAndPagerBecauseMailSaysContinue() {
        List<Route> routes = parse(NOC).root().match(labels("Failover", "critical", "fra1"));
        assertThat(routes).extracting(Route::receiver).containsExactly("mail", "pager");
        assertThat(routes.get(1).groupWait()).isEqualTo(Duration.ZERO);
        assertThat(routes.get(1).groupBy()).containsExactly("pair");  // inherited
    }

    @Test
    void aWarningInFrankfurtGoesToTheSiteTeamGroupedPerSite() {
        List<Route> routes = parse(NOC).root().match(labels("ConfigDrift", "warning", "fra1"));
        assertThat(routes).extracting(Route::receiver).containsExactly("fra");
        assertThat(routes.get(0).groupBy()).containsExactly("site");
        assertThat(routes.get(0).groupWait()).isEqualTo(Duration.ofSeconds(10));  // the built-in default
    }

    @Test
    void whatNoChildTakesStaysWithTheRoot() {
        assertThat(parse(NOC).root().match(labels("ConfigDrift", "warning", "ber1")))
                .extracting(Route::receiver).containsExactly("log");
    }

    @Test
    void theFirstMatchingChildWinsWithoutContinue() {
        assertThat(parse(NOC).root().match(labels("RelayChanged", "info", "fra1")))
                .extracting(Route::receiver).containsExactly("discard");
    }

    @Test
    void theBuiltInDefaultSendsCriticalAndWarningToTheLocalSyslogAndDropsInfo() {
        RoutingRules rules = RoutingRules.parse(getClass().getClassLoader()
                .getResourceAsStream("default-rules.yaml"), "default");
        assertThat(rules.root().match(labels("Failover", "critical", ""))).extracting(Route::receiver)
                .containsExactly("local-syslog");
        assertThat(rules.root().match(labels("RelayChanged", "info", ""))).extracting(Route::receiver)
                .containsExactly("discard");
        assertThat(rules.receivers().get("local-syslog").channel()).get().isInstanceOf(ReceiverSpec.Syslog.class);
    }

    @Test
    void mistakesAreReportedWithTheirPlace() {
        assertThatThrownBy(() -> parse(NOC.replace("receiver: pager", "receiver: pagr")))
                .hasMessage("test: route.routes[2]: receiver 'pagr' is not defined; defined: discard, log, mail, pager, fra");
        assertThatThrownBy(() -> parse(NOC.replace("group_wait: 0s", "group_wait: soon")))
                .hasMessageContaining("route.routes[2]: group_wait 'soon' is not a duration like 500ms");
        assertThatThrownBy(() -> parse(NOC.replace("'site=~\"fra.*\"'", "'site~\"fra\"'")))
                .hasMessageContaining("route.routes[3].matchers[0] 'site~\"fra\"': not of the form");
        assertThatThrownBy(() -> parse(NOC.replace("syslog: {host: 127.0.0.1}", "syslog: {host: 127.0.0.1, transport: sctp}")))
                .hasMessageContaining("receivers[1] (log).syslog.transport: 'sctp' is not one of [udp, tcp]");
        assertThatThrownBy(() -> parse(NOC.replace("group_by: [site]", "group_by: [site]\n      matcher: x")))
                .hasMessageContaining("unknown key 'matcher'");
    }

    @Test
    void matchersFollowAlertmanager() {
        Map<String, String> labels = Map.of("site", "fra1", "pair", "");
        assertThat(Matcher.parse("site=~\"fra.*\"").matches(labels)).isTrue();
        assertThat(Matcher.parse("site=~\"fra\"").matches(labels)).isFalse();  // anchored
        assertThat(Matcher.parse("site!~\"ber.*\"").matches(labels)).isTrue();
        assertThat(Matcher.parse("site!=\"fra1\"").matches(labels)).isFalse();
        assertThat(Matcher.parse("pair=\"\"").matches(labels)).isTrue();
        assertThat(Matcher.parse("rack=\"\"").matches(labels)).isTrue();  // a missing label is empty
        assertThat(Matcher.parse("site!~\"ber.*\"").toString()).isEqualTo("site!~\"ber.*\"");
    }

    @Test
    void aPatternRe2CannotRunStopsTheFileNamingTheRouteAndTheMatcher() {
        assertThatThrownBy(() -> parse(NOC.replace("'site=~\"fra.*\"'", "'site=~\"(?!ber).*\"'")))
                .isInstanceOf(RoutingRules.RulesException.class)
                .hasMessageContaining("test: route.routes[3].matchers[0] 'site=~\"(?!ber).*\"': value:")
                .hasMessageContaining("not an RE2 regular expression")
                .hasMessageContaining("no lookaround");
        assertThatThrownBy(() -> parse(NOC.replace("'site=~\"fra.*\"'", "'site=~\"(fra)\\\\1\"'")))
                .hasMessageContaining("route.routes[3].matchers[0]").hasMessageContaining("no backreferences");
    }

    @Test
    void aPatternOrValueLongerThanTheLimitIsRefused() {
        assertThatThrownBy(() -> parse(NOC.replace("'site=~\"fra.*\"'", "'site=~\"" + "a".repeat(257) + "\"'")))
                .hasMessageContaining("route.routes[3].matchers[0]").hasMessageContaining("at most 256");
        assertThatThrownBy(() -> new Matcher("site", "a".repeat(257), true, true))
                .hasMessage("value: 257 characters; at most 256 allowed");
        assertThat(new Matcher("site", "a".repeat(256), true, true).matches(Map.of("site", "a".repeat(256)))).isTrue();
    }

    @Test
    void aMatcherIsStoredAndReadAsAlertmanagersJson() {
        Matcher m = Matcher.parse("site!~\"ber.*\"");
        String json = EventJson.toJson(m);
        assertThat(json).isEqualTo("{\"name\":\"site\",\"value\":\"ber.*\",\"isRegex\":true,\"isEqual\":false}");
        Matcher read = EventJson.fromJson(json, Matcher.class);
        assertThat(read).isEqualTo(m);
        assertThat(read.matches(Map.of("site", "fra1"))).isTrue();
    }

    @Test
    void aSyslogAppNameMustBeAnRfc5424AppName() {
        assertThatThrownBy(() -> parse(NOC.replace("syslog: {host: 127.0.0.1}", "syslog: {host: 127.0.0.1, app_name: 'two words'}")))
                .hasMessageContaining("receivers[1] (log).syslog: app_name 'two words' is not 1 to 48 printable ASCII");
    }

    @Test
    void withoutInhibitRulesTheBuiltInOnesApplyAndAnEmptyListTurnsThemOff() {
        assertThat(parse(NOC).inhibitRules()).isEqualTo(InhibitRule.DEFAULTS);
        assertThat(parse(NOC + "inhibit_rules: []\n").inhibitRules()).isEmpty();
    }

    @Test
    void inhibitRulesAreReadAsAlertmanagerWritesThem() {
        RoutingRules rules = parse(NOC + """
                inhibit_rules:
                  - source_matchers: ['alertname="DeviceUnreachable"']
                    target_matchers: ['severity=~"warning|info"']
                    equal: [device, pair]
                """);
        assertThat(rules.inhibitRules()).hasSize(1);
        InhibitRule rule = rules.inhibitRules().get(0);
        assertThat(rule.source()).containsExactly(Matcher.parse("alertname=\"DeviceUnreachable\""));
        assertThat(rule.target()).containsExactly(Matcher.parse("severity=~\"warning|info\""));
        assertThat(rule.equal()).containsExactly("device", "pair");
    }

    @Test
    void aBrokenInhibitRuleSaysWhereAndWhat() {
        assertThatThrownBy(() -> parse(NOC + """
                inhibit_rules:
                  - source_matchers: ['alertname="Failover"']
                    target_matchers: ['alertname=~"(Primary"']
                """)).hasMessageContaining("test: inhibit_rules[0].target_matchers[0] 'alertname=~\"(Primary\"'")
                .hasMessageContaining("not an RE2 regular expression");
        assertThatThrownBy(() -> parse(NOC + """
                inhibit_rules:
                  - target_matchers: ['alertname="PrimaryDown"']
                """)).hasMessage("test: inhibit_rules[0].source_matchers: is required, a list like ['alertname=\"Failover\"']");
        assertThatThrownBy(() -> parse(NOC + """
                inhibit_rules:
                  - source_match: {alertname: Failover}
                    target_matchers: ['alertname="PrimaryDown"']
                """)).hasMessageContaining("inhibit_rules[0]: unknown key 'source_match' (the old form; write it as"
                + " source_matchers");
        assertThatThrownBy(() -> parse(NOC + """
                inhibit_rules:
                  - source_matchers: ['alertname="Failover"']
                    target_matchers: ['alertname="PrimaryDown"']
                    equal: ['pair id']
                """)).hasMessageContaining("inhibit_rules[0].equal[0] 'pair id': not a label name");
        assertThatThrownBy(() -> parse(NOC + "inhibit_rule: []\n"))
                .hasMessageContaining("test: unknown key 'inhibit_rule'; allowed: inhibit_rules, receivers, route");
    }

    @Test
    void anAlertmanagerReceiverIsReadWithItsDefaults() {
        RoutingRules rules = parse(alertmanager("url: http://am.example.com:9093/"));
        var am = (ReceiverSpec.Alertmanager) rules.receivers().get("am").channel().orElseThrow();
        assertThat(am.url()).hasToString("http://am.example.com:9093");
        assertThat(am.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(am.resendInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(am.validFor()).isEqualTo(Duration.ofMinutes(4));
        assertThat(am.auth()).isEmpty();
        assertThat(am.labels()).isEmpty();
        assertThat(am.consoleUrl()).isEmpty();

        am = (ReceiverSpec.Alertmanager) parse(alertmanager("url: https://am.example.com/alertmanager",
                "timeout: 5s", "resend_interval: 30s",
                "basic_auth: {username: fosfleet, password_file: /run/secrets/am}",
                "labels: {env: prod, team: noc}", "console_url: https://fosfleet.example.com/console/"))
                .receivers().get("am").channel().orElseThrow();
        assertThat(am.url()).hasToString("https://am.example.com/alertmanager");
        assertThat(am.validFor()).isEqualTo(Duration.ofMinutes(2));
        assertThat(am.auth()).get().isInstanceOfSatisfying(ReceiverSpec.BasicAuth.class, b -> {
            assertThat(b.username()).isEqualTo("fosfleet");
            assertThat(b.password().origin()).isEqualTo("file /run/secrets/am");
        });
        assertThat(am.labels()).containsOnly(Map.entry("env", "prod"), Map.entry("team", "noc"));
        assertThat(am.consoleUrl()).get().hasToString("https://fosfleet.example.com/console");

        am = (ReceiverSpec.Alertmanager) parse(alertmanager("url: http://am:9093", "token_env: AM_TOKEN"))
                .receivers().get("am").channel().orElseThrow();
        assertThat(am.auth()).get().isInstanceOfSatisfying(ReceiverSpec.BearerAuth.class,
                b -> assertThat(b.token().origin()).isEqualTo("environment variable AM_TOKEN"));
    }

    @Test
    void aWrongAlertmanagerReceiverSaysWhereAndWhat() {
        String at = "test: receivers[1] (am).alertmanager";
        assertThatThrownBy(() -> parse(alertmanager("timeout: 5s")))
                .hasMessage(at + ": 'url' is required, the Alertmanager's base URL such as http://alertmanager:9093");
        assertThatThrownBy(() -> parse(alertmanager("url: ftp://am")))
                .hasMessage(at + ": url must be an http:// or https:// URL with a host");
        assertThatThrownBy(() -> parse(alertmanager("url: http://am:9093/api/v2/alerts")))
                .hasMessageContaining(at + ": url is the Alertmanager's base URL");
        assertThatThrownBy(() -> parse(alertmanager("url: http://noc:s3cret@am:9093")))
                .hasMessage(at + ": url must not contain user:password; use basic_auth with password_env or password_file");
        assertThatThrownBy(() -> parse(alertmanager("url: http://am/" + "x".repeat(2100))))
                .hasMessage(at + ": url is 2110 characters; at most 2048");
        assertThatThrownBy(() -> parse(alertmanager("url: http://am", "resend_interval: 100ms")))
                .hasMessage(at + ": resend_interval must be between 1s and 1h");
        assertThatThrownBy(() -> parse(alertmanager("url: http://am", "resend_interval: 99999999999999999999s")))
                .hasMessage(at + ": resend_interval '99999999999999999999s' is too large");
        assertThatThrownBy(() -> parse(alertmanager("url: http://am", "timeout: 3m")))
                .hasMessage(at + ": timeout must be between 1s and 2m");
        assertThatThrownBy(() -> parse(alertmanager("url: http://am", "basic_auth: {username: u, password: s3cret}")))
                .hasMessage(at + ".basic_auth: unknown key 'password'; allowed: password_env, password_file, username");
        assertThatThrownBy(() -> parse(alertmanager("url: http://am", "basic_auth: {username: u}")))
                .hasMessageContaining(at + ".basic_auth: give exactly one of password_env (the name of an environment"
                        + " variable holding the secret) and password_file");
        assertThatThrownBy(() -> parse(alertmanager("url: http://am", "basic_auth: {password_env: P}")))
                .hasMessage(at + ".basic_auth: 'username' is required");
        assertThatThrownBy(() -> parse(alertmanager("url: http://am", "token_env: 'not a name'")))
                .hasMessageContaining(at + ": token_env must name an environment variable");
        assertThatThrownBy(() -> parse(alertmanager("url: http://am", "token_env: T",
                "basic_auth: {username: u, password_env: P}")))
                .hasMessage(at + ": basic_auth or token_env/token_file, not both");
        assertThatThrownBy(() -> parse(alertmanager("url: http://am", "labels: {device: x}")))
                .hasMessageContaining(at + ".labels: 'device' is set by alert-service itself");
        assertThatThrownBy(() -> parse(alertmanager("url: http://am", "labels: {env: '" + "x".repeat(257) + "'}")))
                .hasMessage(at + ".labels.env: the value must be 1 to 256 characters without control characters");
        StringBuilder many = new StringBuilder("labels: {");
        for (int i = 0; i < 21; i++) {
            many.append(i == 0 ? "" : ", ").append("l").append(i).append(": v");
        }
        assertThatThrownBy(() -> parse(alertmanager("url: http://am", many + "}")))
                .hasMessage(at + ".labels: 21 labels; at most 20 allowed");
        assertThatThrownBy(() -> parse(alertmanager("url: http://am", "resend: 1m")))
                .hasMessage(at + ": unknown key 'resend'; allowed: basic_auth, console_url, labels, resend_interval,"
                        + " timeout, token_env, token_file, url");
        assertThatThrownBy(() -> parse(NOC.replace("syslog: {host: 127.0.0.1}",
                "syslog: {host: 127.0.0.1}\n    alertmanager: {url: 'http://am'}")))
                .hasMessageContaining("one channel per receiver (syslog, mail, webhook or alertmanager)");
    }

    /** The NOC rules with one more receiver, {@code am}, whose alertmanager block has these lines. */
    private static String alertmanager(String... lines) {
        return NOC.replace("  - name: discard\n", "  - name: discard\n  - name: am\n    alertmanager:\n"
                + String.join("", java.util.Arrays.stream(lines).map(l -> "      " + l + "\n").toList()));
    }

    private static RoutingRules parse(String yaml) {
        return RoutingRules.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test");
    }

    private static Map<String, String> labels(String alertname, String severity, String site) {
        return Map.of("alertname", alertname, "severity", severity, "site", site, "pair", "pbx-a");
    }
}
