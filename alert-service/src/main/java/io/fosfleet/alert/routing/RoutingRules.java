package io.fosfleet.alert.routing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The routing file, parsed and checked: the routing tree and the receivers it names. Every mistake is reported with
 * where it is and what is allowed, and a file with a mistake is never half applied.
 */
public record RoutingRules(Route root, Map<String, ReceiverSpec> receivers, List<InhibitRule> inhibitRules) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]{0,63}");
    private static final Pattern APP_NAME = Pattern.compile("[!-~]{1,48}");
    private static final List<String> FACILITIES = List.of("kern", "user", "mail", "daemon", "auth", "syslog", "lpr",
            "news", "uucp", "cron", "authpriv", "ftp", "ntp", "audit", "alert", "clock", "local0", "local1", "local2",
            "local3", "local4", "local5", "local6", "local7");
    private static final Set<String> ROUTE_KEYS = Set.of("receiver", "matchers", "group_by", "group_wait",
            "group_interval", "repeat_interval", "continue", "routes");

    private static final Set<String> INHIBIT_KEYS = Set.of("source_matchers", "target_matchers", "equal");
    private static final Set<String> TOP_KEYS = Set.of("route", "receivers", "inhibit_rules");

    public RoutingRules {
        receivers = Map.copyOf(receivers);
        inhibitRules = List.copyOf(inhibitRules);
    }

    /** Rules with the built-in inhibit rules. */
    public RoutingRules(Route root, Map<String, ReceiverSpec> receivers) {
        this(root, receivers, InhibitRule.DEFAULTS);
    }

    public static RoutingRules parse(InputStream yaml, String origin) {
        JsonNode doc;
        try {
            doc = YAML.readTree(yaml);
        } catch (IOException e) {
            throw new RulesException(origin + ": not valid YAML: " + e.getMessage());
        }
        if (doc == null || !doc.isObject()) {
            throw new RulesException(origin + ": expected a mapping with 'route' and 'receivers'");
        }
        for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!TOP_KEYS.contains(key)) {
                throw new RulesException(origin + ": unknown key '" + key + "'; allowed: "
                        + String.join(", ", new java.util.TreeSet<>(TOP_KEYS)));
            }
        }
        Map<String, ReceiverSpec> receivers = new LinkedHashMap<>();
        JsonNode list = doc.path("receivers");
        if (!list.isArray() || list.isEmpty()) {
            throw new RulesException(origin + ": 'receivers' must be a non-empty list");
        }
        for (int i = 0; i < list.size(); i++) {
            ReceiverSpec r = receiver(list.get(i), origin + ": receivers[" + i + "]");
            if (receivers.put(r.name(), r) != null) {
                throw new RulesException(origin + ": receiver '" + r.name() + "' is defined twice");
            }
        }
        JsonNode route = doc.path("route");
        if (!route.isObject()) {
            throw new RulesException(origin + ": 'route' (the root of the routing tree) is missing");
        }
        if (route.has("matchers")) {
            throw new RulesException(origin + ": route: the root route matches everything and takes no 'matchers'");
        }
        Route defaults = new Route("", List.of(), null, List.of("pair"), Duration.ofSeconds(10), Duration.ofMinutes(1),
                Duration.ofHours(4), false, List.of());
        Route root = route(route, defaults, "0", origin + ": route", receivers.keySet());
        if (root.receiver() == null) {
            throw new RulesException(origin + ": route: the root route needs a 'receiver'");
        }
        List<InhibitRule> inhibit = doc.has("inhibit_rules")
                ? inhibitRules(doc.get("inhibit_rules"), origin + ": inhibit_rules") : InhibitRule.DEFAULTS;
        return new RoutingRules(root, receivers, inhibit);
    }

    /**
     * Alertmanager's {@code inhibit_rules}: a list of {source_matchers, target_matchers, equal}. An empty list (or
     * null) turns inhibition off; the key absent means the built-in rules.
     */
    private static List<InhibitRule> inhibitRules(JsonNode node, String where) {
        if (node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new RulesException(where + ": must be a list of rules with source_matchers, target_matchers and"
                    + " equal ([] turns inhibition off)");
        }
        List<InhibitRule> rules = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode rule = node.get(i);
            String at = where + "[" + i + "]";
            if (!rule.isObject()) {
                throw new RulesException(at + ": must be a mapping with source_matchers, target_matchers and equal");
            }
            for (Iterator<String> it = rule.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (!INHIBIT_KEYS.contains(key)) {
                    String hint = key.equals("source_match") || key.equals("target_match")
                            || key.endsWith("_match_re") ? " (the old form; write it as " + key.replaceAll("_match(_re)?$",
                            "_matchers") + ": ['name=\"value\"'])" : "";
                    throw new RulesException(at + ": unknown key '" + key + "'" + hint + "; allowed: "
                            + String.join(", ", new java.util.TreeSet<>(INHIBIT_KEYS)));
                }
            }
            List<Matcher> source = matchers(rule.path("source_matchers"), at + ".source_matchers", true);
            List<Matcher> target = matchers(rule.path("target_matchers"), at + ".target_matchers", true);
            List<String> equal = new ArrayList<>();
            JsonNode eq = rule.path("equal");
            if (!eq.isMissingNode() && !eq.isArray()) {
                throw new RulesException(at + ".equal: must be a list of label names, e.g. [pair]");
            }
            for (int j = 0; j < eq.size(); j++) {
                String label = eq.get(j).asText("");
                if (!LABEL.matcher(label).matches()) {
                    throw new RulesException(at + ".equal[" + j + "] '" + label + "': not a label name"
                            + " ([a-zA-Z_][a-zA-Z0-9_]*, at most " + Matcher.MAX_NAME + " characters)");
                }
                equal.add(label);
            }
            rules.add(new InhibitRule(source, target, equal));
        }
        return rules;
    }

    private static List<Matcher> matchers(JsonNode list, String where, boolean required) {
        if (list.isMissingNode() || list.isNull()) {
            if (required) {
                throw new RulesException(where + ": is required, a list like ['alertname=\"Failover\"']");
            }
            return List.of();
        }
        if (!list.isArray() || (required && list.isEmpty())) {
            throw new RulesException(where + ": must be a non-empty list like ['alertname=\"Failover\"']");
        }
        List<Matcher> matchers = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            try {
                matchers.add(Matcher.parse(list.get(i).asText()));
            } catch (IllegalArgumentException e) {
                throw new RulesException(where + "[" + i + "] '" + list.get(i).asText() + "': " + e.getMessage());
            }
        }
        return matchers;
    }

    private static Route route(JsonNode node, Route parent, String path, String where, Set<String> receiverNames) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!ROUTE_KEYS.contains(key)) {
                throw new RulesException(where + ": unknown key '" + key + "'; allowed: " + String.join(", ",
                        new java.util.TreeSet<>(ROUTE_KEYS)));
            }
        }
        String receiver = node.has("receiver") ? node.get("receiver").asText() : parent.receiver();
        if (receiver != null && !receiverNames.contains(receiver)) {
            throw new RulesException(where + ": receiver '" + receiver + "' is not defined; defined: "
                    + String.join(", ", receiverNames));
        }
        List<Matcher> matchers = new ArrayList<>();
        JsonNode list = node.path("matchers");
        for (int i = 0; i < list.size(); i++) {
            try {
                matchers.add(Matcher.parse(list.get(i).asText()));
            } catch (IllegalArgumentException e) {
                // The matcher's position and text, so a pattern RE2 refuses is found at once in a long file.
                throw new RulesException(where + ".matchers[" + i + "] '" + list.get(i).asText() + "': " + e.getMessage());
            }
        }
        List<String> groupBy = parent.groupBy();
        if (node.has("group_by")) {
            groupBy = new ArrayList<>();
            for (JsonNode g : node.get("group_by")) {
                groupBy.add(g.asText());
            }
        }
        Route self = new Route(path, matchers, receiver, groupBy,
                duration(node, "group_wait", parent.groupWait(), where),
                duration(node, "group_interval", parent.groupInterval(), where),
                duration(node, "repeat_interval", parent.repeatInterval(), where),
                node.path("continue").asBoolean(false), List.of());
        List<Route> children = new ArrayList<>();
        JsonNode routes = node.path("routes");
        for (int i = 0; i < routes.size(); i++) {
            children.add(route(routes.get(i), self, path + "." + i, where + ".routes[" + i + "]", receiverNames));
        }
        return new Route(path, matchers, receiver, groupBy, self.groupWait(), self.groupInterval(),
                self.repeatInterval(), self.continueMatching(), children);
    }

    private static ReceiverSpec receiver(JsonNode node, String where) {
        String name = node.path("name").asText("");
        if (name.isBlank()) {
            throw new RulesException(where + ": a receiver needs a 'name'");
        }
        where = where + " (" + name + ")";
        List<ReceiverSpec.Channel> channels = new ArrayList<>();
        if (node.has("syslog")) {
            channels.add(syslog(node.get("syslog"), where + ".syslog"));
        }
        if (node.has("mail")) {
            channels.add(mail(node.get("mail"), where + ".mail"));
        }
        if (node.has("webhook")) {
            channels.add(webhook(node.get("webhook"), where + ".webhook"));
        }
        if (node.has("alertmanager")) {
            channels.add(alertmanager(node.get("alertmanager"), where + ".alertmanager"));
        }
        if (channels.size() > 1) {
            throw new RulesException(where + ": one channel per receiver (syslog, mail, webhook or alertmanager); define one receiver"
                    + " per channel and route to several with 'continue: true'");
        }
        Optional<Integer> maxAttempts = Optional.empty();
        if (node.has("max_attempts")) {
            int n = node.get("max_attempts").asInt(0);
            if (n < 1) {
                throw new RulesException(where + ": max_attempts must be at least 1");
            }
            maxAttempts = Optional.of(n);
        }
        return new ReceiverSpec(name, channels.stream().findFirst(), maxAttempts);
    }

    private static ReceiverSpec.Syslog syslog(JsonNode n, String where) {
        String host = required(n, "host", where);
        int port = n.path("port").asInt(514);
        if (port < 1 || port > 65535) {
            throw new RulesException(where + ": port " + port + " is outside 1..65535");
        }
        var transport = oneOf(n.path("transport").asText("udp"), ReceiverSpec.Syslog.Transport.class, where + ".transport");
        var format = oneOf(n.path("format").asText("rfc5424"), ReceiverSpec.Syslog.Format.class, where + ".format");
        String facilityName = n.path("facility").asText("local0").toLowerCase(Locale.ROOT);
        int facility = FACILITIES.indexOf(facilityName);
        if (facility < 0) {
            throw new RulesException(where + ": facility '" + facilityName + "' is unknown; allowed: "
                    + String.join(", ", FACILITIES));
        }
        Optional<Integer> severity = Optional.empty();
        if (n.has("severity")) {
            int s = n.get("severity").asInt(-1);
            if (s < 0 || s > 7) {
                throw new RulesException(where + ": severity must be 0 (emerg) .. 7 (debug)");
            }
            severity = Optional.of(s);
        }
        String appName = n.path("app_name").asText("fosfleet");
        if (!APP_NAME.matcher(appName).matches()) {
            throw new RulesException(where + ": app_name '" + appName + "' is not 1 to 48 printable ASCII characters"
                    + " without spaces (RFC 5424 APP-NAME)");
        }
        return new ReceiverSpec.Syslog(host, port, transport, format, facility, severity, appName);
    }

    private static ReceiverSpec.Mail mail(JsonNode n, String where) {
        List<String> to = new ArrayList<>();
        for (JsonNode t : n.path("to")) {
            to.add(t.asText());
        }
        if (to.isEmpty() || to.stream().anyMatch(a -> !a.contains("@"))) {
            throw new RulesException(where + ": 'to' must list at least one address like noc@example.com");
        }
        return new ReceiverSpec.Mail(to, Optional.ofNullable(n.path("from").textValue()));
    }

    private static ReceiverSpec.Webhook webhook(JsonNode n, String where) {
        URI url;
        try {
            url = URI.create(required(n, "url", where));
        } catch (IllegalArgumentException e) {
            throw new RulesException(where + ": url is not a URI: " + e.getMessage());
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
            throw new RulesException(where + ": url must be http:// or https://");
        }
        return new ReceiverSpec.Webhook(url, Optional.ofNullable(n.path("token_env").textValue()),
                duration(n, "timeout", Duration.ofSeconds(10), where));
    }

    /** Longest URL accepted for a receiver. */
    public static final int MAX_URL = 2048;
    /** At most this many fixed labels per Alertmanager receiver. */
    public static final int MAX_LABELS = 20;
    /** Longest fixed label value, user name, environment variable name or secret file path. */
    public static final int MAX_VALUE = 256;
    private static final Set<String> ALERTMANAGER_KEYS = Set.of("url", "timeout", "resend_interval", "basic_auth",
            "token_env", "token_file", "labels", "console_url");
    private static final Set<String> BASIC_AUTH_KEYS = Set.of("username", "password_env", "password_file");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,255}");

    /**
     * An Alertmanager receiver: base URL, optional basic or bearer authentication (the secret named by an environment
     * variable or a file, never written here), timeout, resend interval, fixed labels and the console's URL.
     */
    private static ReceiverSpec.Alertmanager alertmanager(JsonNode n, String where) {
        if (!n.isObject()) {
            throw new RulesException(where + ": must be a mapping with at least 'url'");
        }
        knownKeys(n, ALERTMANAGER_KEYS, where);
        URI url = httpUrl(n, "url", where).orElseThrow(() -> new RulesException(where + ": 'url' is required, the"
                + " Alertmanager's base URL such as http://alertmanager:9093"));
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new RulesException(where + ": url must be the Alertmanager's base URL, without '?' or '#'");
        }
        String base = url.toString().replaceAll("/+$", "");
        if (base.endsWith("/api/v2/alerts") || base.endsWith("/api/v2") || base.endsWith("/api/v1/alerts")) {
            throw new RulesException(where + ": url is the Alertmanager's base URL (e.g. http://alertmanager:9093);"
                    + " /api/v2/alerts is added when sending");
        }
        Duration timeout = duration(n, "timeout", Duration.ofSeconds(10), where);
        within(timeout, Duration.ofSeconds(1), Duration.ofMinutes(2), "timeout", where);
        Duration resend = duration(n, "resend_interval", Duration.ofMinutes(1), where);
        within(resend, Duration.ofSeconds(1), Duration.ofHours(1), "resend_interval", where);
        Optional<ReceiverSpec.Auth> auth = Optional.empty();
        boolean token = n.has("token_env") || n.has("token_file");
        if (n.has("basic_auth")) {
            if (token) {
                throw new RulesException(where + ": basic_auth or token_env/token_file, not both");
            }
            JsonNode b = n.get("basic_auth");
            if (!b.isObject()) {
                throw new RulesException(where + ".basic_auth: must be a mapping with username and password_env or"
                        + " password_file");
            }
            knownKeys(b, BASIC_AUTH_KEYS, where + ".basic_auth");
            String username = required(b, "username", where + ".basic_auth");
            if (username.length() > MAX_VALUE || username.contains(":") || hasControl(username)) {
                throw new RulesException(where + ".basic_auth: username must be at most " + MAX_VALUE + " characters,"
                        + " without ':' or control characters");
            }
            auth = Optional.of(new ReceiverSpec.BasicAuth(username, secret(b, "password_env", "password_file",
                    where + ".basic_auth")));
        } else if (token) {
            auth = Optional.of(new ReceiverSpec.BearerAuth(secret(n, "token_env", "token_file", where)));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode l = n.path("labels");
        if (!l.isMissingNode()) {
            if (!l.isObject()) {
                throw new RulesException(where + ".labels: must be a mapping of label names to values, e.g. {env: prod}");
            }
            if (l.size() > MAX_LABELS) {
                throw new RulesException(where + ".labels: " + l.size() + " labels; at most " + MAX_LABELS + " allowed");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = l.fields(); it.hasNext(); ) {
                var e = it.next();
                String name = e.getKey();
                if (!LABEL.matcher(name).matches()) {
                    throw new RulesException(where + ".labels: '" + name + "' is not a label name ([a-zA-Z_][a-zA-Z0-9_]*,"
                            + " at most " + Matcher.MAX_NAME + " characters)");
                }
                if (io.fosfleet.alert.receiver.AlertmanagerSender.OWN_LABELS.contains(name)) {
                    throw new RulesException(where + ".labels: '" + name + "' is set by alert-service itself; its own"
                            + " labels are " + String.join(", ", io.fosfleet.alert.receiver.AlertmanagerSender.OWN_LABELS));
                }
                String value = e.getValue().isValueNode() ? e.getValue().asText() : "";
                if (value.isEmpty() || value.length() > MAX_VALUE || hasControl(value)) {
                    throw new RulesException(where + ".labels." + name + ": the value must be 1 to " + MAX_VALUE
                            + " characters without control characters");
                }
                labels.put(name, value);
            }
        }
        Optional<URI> console = httpUrl(n, "console_url", where).map(u -> URI.create(u.toString().replaceAll("/+$", "")));
        return new ReceiverSpec.Alertmanager(URI.create(base), auth, timeout, resend, labels, console);
    }

    private static void knownKeys(JsonNode n, Set<String> allowed, String where) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw new RulesException(where + ": unknown key '" + key + "'; allowed: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)));
            }
        }
    }

    /** An http(s) URL of at most {@link #MAX_URL} characters, without user:password in it; empty when the key is absent. */
    private static Optional<URI> httpUrl(JsonNode n, String key, String where) {
        if (!n.has(key)) {
            return Optional.empty();
        }
        String text = n.get(key).asText("");
        if (text.length() > MAX_URL) {
            throw new RulesException(where + ": " + key + " is " + text.length() + " characters; at most " + MAX_URL);
        }
        URI url;
        try {
            url = new URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new RulesException(where + ": " + key + " is not a URL: " + e.getReason());
        }
        if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
            throw new RulesException(where + ": " + key + " must be an http:// or https:// URL with a host");
        }
        if (url.getRawUserInfo() != null) {
            // a password in the URL would end up in logs and messages
            throw new RulesException(where + ": " + key + " must not contain user:password; use basic_auth with"
                    + " password_env or password_file");
        }
        return Optional.of(url);
    }

    /** Exactly one of an environment variable's name and a file's path. */
    private static ReceiverSpec.Secret secret(JsonNode n, String envKey, String fileKey, String where) {
        boolean env = n.has(envKey);
        boolean file = n.has(fileKey);
        if (env == file) {
            throw new RulesException(where + ": give exactly one of " + envKey + " (the name of an environment variable"
                    + " holding the secret) and " + fileKey + " (a file holding it); never the secret itself");
        }
        String value = n.get(env ? envKey : fileKey).asText("");
        if (env && !ENV_NAME.matcher(value).matches()) {
            throw new RulesException(where + ": " + envKey + " must name an environment variable ([A-Za-z_][A-Za-z0-9_]*,"
                    + " at most " + MAX_VALUE + " characters)");
        }
        if (!env && (value.isBlank() || value.length() > MAX_VALUE || hasControl(value))) {
            throw new RulesException(where + ": " + fileKey + " must be a file path of 1 to " + MAX_VALUE + " characters");
        }
        return env ? new ReceiverSpec.Secret(Optional.of(value), Optional.empty())
                : new ReceiverSpec.Secret(Optional.empty(), Optional.of(java.nio.file.Path.of(value)));
    }

    private static void within(Duration d, Duration min, Duration max, String key, String where) {
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new RulesException(where + ": " + key + " must be between " + text(min) + " and " + text(max));
        }
    }

    private static String text(Duration d) {
        return d.toHours() > 0 && d.toMinutesPart() == 0 ? d.toHours() + "h"
                : d.toMinutes() > 0 && d.toSecondsPart() == 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }

    private static String required(JsonNode n, String key, String where) {
        String v = n.path(key).asText("");
        if (v.isBlank()) {
            throw new RulesException(where + ": '" + key + "' is required");
        }
        return v;
    }

    private static <E extends Enum<E>> E oneOf(String text, Class<E> type, String where) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RulesException(where + ": '" + text + "' is not one of "
                    + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT));
        }
    }

    static Duration duration(JsonNode node, String key, Duration fallback, String where) {
        if (!node.has(key)) {
            return fallback;
        }
        var m = DURATION.matcher(node.get(key).asText());
        if (!m.matches()) {
            throw new RulesException(where + ": " + key + " '" + node.get(key).asText()
                    + "' is not a duration like 500ms, 30s, 5m, 4h or 1d");
        }
        try {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new RulesException(where + ": " + key + " '" + node.get(key).asText() + "' is too large");
        }
    }

    /** The routing file is wrong; the message says where and how. */
    public static final class RulesException extends RuntimeException {
        public RulesException(String message) {
            super(message);
        }
    }
}
