package io.fosfleet.fosctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * The signed-in state: {@code $XDG_CONFIG_HOME/fosfleet/fosctl.json} (else {@code ~/.config/fosfleet/fosctl.json}),
 * holding the server URL, the user, the token and its expiry. Written readable by its owner only (mode 600, its
 * directory 700), through a temporary file of that mode moved into place, so the token is never readable by others,
 * not even for a moment.
 */
final class ConfigFile {

    /** What the file holds; any field may be null. */
    record Saved(String server, String user, String token, String expiresAt) {
        static final Saved EMPTY = new Saved(null, null, null, null);
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private final Path path;

    ConfigFile(Path path) {
        this.path = path;
    }

    /** The file's place from the environment: FOSCTL_CONFIG, else XDG_CONFIG_HOME, else HOME/.config. */
    static ConfigFile fromEnvironment(Map<String, String> env) {
        String explicit = env.get("FOSCTL_CONFIG");
        if (explicit != null && !explicit.isBlank()) {
            return new ConfigFile(Path.of(explicit));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base;
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            base = Path.of(xdg);
        } else {
            String home = env.getOrDefault("HOME", System.getProperty("user.home"));
            base = Path.of(home, ".config");
        }
        return new ConfigFile(base.resolve("fosfleet").resolve("fosctl.json"));
    }

    Path path() {
        return path;
    }

    Saved load() {
        if (!Files.isRegularFile(path)) {
            return Saved.EMPTY;
        }
        try {
            JsonNode n = JSON.readTree(path.toFile());
            return new Saved(text(n, "server"), text(n, "user"), text(n, "token"), text(n, "expiresAt"));
        } catch (IOException e) {
            throw new Exit.Failure(Exit.USAGE, path + " cannot be read (" + e.getClass().getSimpleName()
                    + "); remove it and sign in again with fosctl login");
        }
    }

    void save(Saved saved) {
        ObjectNode n = JSON.createObjectNode();
        put(n, "server", saved.server());
        put(n, "user", saved.user());
        put(n, "token", saved.token());
        put(n, "expiresAt", saved.expiresAt());
        Path dir = path.toAbsolutePath().getParent();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
            }
            Path tmp = dir.resolve("." + path.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(tmp, PosixFilePermissions.asFileAttribute(FILE_MODE));
            } catch (FileAlreadyExistsException e) {
                throw new IOException("temporary file " + tmp + " appeared while writing", e);
            }
            Files.setPosixFilePermissions(tmp, FILE_MODE);   // the umask may have taken bits away, never added
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
            try {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new Exit.Failure(Exit.USAGE, "cannot write " + path + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void put(ObjectNode n, String field, String value) {
        if (value != null) {
            n.put(field, value);
        }
    }
}
