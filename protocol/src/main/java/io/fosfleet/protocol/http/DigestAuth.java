package io.fosfleet.protocol.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP Digest access authentication (RFC 7616, and the RFC 2617 form without {@code qop}) as a berofos challenges
 * with it: algorithms MD5, MD5-sess, SHA-256 and SHA-256-sess, {@code qop=auth}. Used by {@link HttpDeviceClient} to
 * answer a challenge and by the simulator to check an answer. No password ever appears in a string made here except
 * hashed.
 */
public final class DigestAuth {

    /** The longest challenge or authorization header read; a real one is about 150 characters. */
    public static final int MAX_HEADER_CHARS = 4096;

    private static final SecureRandom RANDOM = new SecureRandom();

    private DigestAuth() {
    }

    /**
     * A Digest challenge from a {@code WWW-Authenticate} header.
     *
     * @param qop {@code "auth"} when the server offers it, null when it offers no qop (the RFC 2617 form)
     * @param opaque null when absent
     */
    public record Challenge(String realm, String nonce, String algorithm, String qop, String opaque) {
    }

    /**
     * Reads a {@code WWW-Authenticate: Digest ...} value that we can answer: a realm and a nonce, a supported
     * algorithm (MD5 when none is named), and either no qop or one that includes {@code auth}.
     *
     * @return empty for another scheme, a malformed value or one we cannot answer (say {@code qop="auth-int"} only)
     */
    public static Optional<Challenge> parseChallenge(String header) {
        if (header == null || header.length() > MAX_HEADER_CHARS || !header.regionMatches(true, 0, "Digest ", 0, 7)) {
            return Optional.empty();
        }
        Map<String, String> p = parseParams(header.substring(7));
        String realm = p.get("realm");
        String nonce = p.get("nonce");
        String algorithm = p.getOrDefault("algorithm", "MD5");
        if (realm == null || nonce == null || nonce.isEmpty() || hashName(algorithm) == null) {
            return Optional.empty();
        }
        String qop = null;
        if (p.containsKey("qop")) {
            boolean auth = List.of(p.get("qop").split(",")).stream().map(String::trim).anyMatch("auth"::equals);
            if (!auth) {
                return Optional.empty();
            }
            qop = "auth";
        }
        return Optional.of(new Challenge(realm, nonce, algorithm, qop, p.get("opaque")));
    }

    /**
     * The comma-separated {@code name=value} or {@code name="quoted value"} pairs after the scheme; names in lower
     * case; a malformed pair ends the reading. Never throws.
     */
    public static Map<String, String> parseParams(String s) {
        Map<String, String> params = new LinkedHashMap<>();
        if (s == null || s.length() > MAX_HEADER_CHARS) {
            return params;
        }
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && (s.charAt(i) == ',' || s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
                i++;
            }
            int eq = s.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String name = s.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            while (i < n && s.charAt(i) == ' ') {
                i++;
            }
            StringBuilder value = new StringBuilder();
            if (i < n && s.charAt(i) == '"') {
                i++;
                while (i < n && s.charAt(i) != '"') {
                    if (s.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    }
                    value.append(s.charAt(i++));
                }
                if (i >= n) {
                    break;
                }
                i++;
            } else {
                while (i < n && s.charAt(i) != ',') {
                    value.append(s.charAt(i++));
                }
            }
            if (name.isEmpty()) {
                break;
            }
            params.putIfAbsent(name, value.toString().trim());
        }
        return params;
    }

    /** The {@code Authorization} header that answers {@code c} for a GET of {@code uri} (path and query). */
    static String authorization(Challenge c, HttpDeviceClient.Credentials credentials, String method, String uri) {
        String nc = "00000001";
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        String cnonce = HexFormat.of().formatHex(random);
        String response = response(c.algorithm(), credentials.user(), c.realm(), credentials.password(), method, uri,
                c.nonce(), nc, cnonce, c.qop());
        StringBuilder h = new StringBuilder("Digest username=\"").append(quote(credentials.user()))
                .append("\", realm=\"").append(quote(c.realm()))
                .append("\", nonce=\"").append(quote(c.nonce()))
                .append("\", uri=\"").append(quote(uri))
                .append("\", algorithm=").append(c.algorithm());
        if (c.qop() != null) {
            h.append(", qop=").append(c.qop()).append(", nc=").append(nc).append(", cnonce=\"").append(cnonce)
                    .append('"');
        }
        h.append(", response=\"").append(response).append('"');
        if (c.opaque() != null) {
            h.append(", opaque=\"").append(quote(c.opaque())).append('"');
        }
        return h.toString();
    }

    /**
     * The {@code response} value: {@code H(HA1:nonce:nc:cnonce:qop:HA2)} with qop, {@code H(HA1:nonce:HA2)} without,
     * where {@code HA1 = H(user:realm:password)} (for a {@code -sess} algorithm {@code H(that:nonce:cnonce)}) and
     * {@code HA2 = H(method:uri)}, all lower-case hex.
     *
     * @throws IllegalArgumentException for an algorithm other than MD5, MD5-sess, SHA-256, SHA-256-sess
     */
    public static String response(String algorithm, String user, String realm, String password, String method,
            String uri, String nonce, String nc, String cnonce, String qop) {
        String hash = hashName(algorithm);
        if (hash == null) {
            throw new IllegalArgumentException("unsupported Digest algorithm " + algorithm);
        }
        String ha1 = hex(hash, user + ":" + realm + ":" + password);
        if (algorithm.toLowerCase(Locale.ROOT).endsWith("-sess")) {
            ha1 = hex(hash, ha1 + ":" + nonce + ":" + cnonce);
        }
        String ha2 = hex(hash, method + ":" + uri);
        return qop == null ? hex(hash, ha1 + ":" + nonce + ":" + ha2)
                : hex(hash, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
    }

    private static String hashName(String algorithm) {
        return switch (algorithm.toUpperCase(Locale.ROOT)) {
            case "MD5", "MD5-SESS" -> "MD5";
            case "SHA-256", "SHA-256-SESS" -> "SHA-256";
            default -> null;
        };
    }

    private static String hex(String hash, String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(hash).digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(hash + " missing from this Java runtime", e);
        }
    }

    private static String quote(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
