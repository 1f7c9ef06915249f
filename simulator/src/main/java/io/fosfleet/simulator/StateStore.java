package io.fosfleet.simulator;

import io.fosfleet.protocol.MacAddress;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Keeps each device's EEPROM in a state directory so that a restarted simulator finds its devices as they were:
 * {@code <mac>.json} (settings, readable by the owner only, as it holds the admin password) and
 * {@code <mac>.firmware} (the last flashed image).
 */
final class StateStore {

    private static final Logger LOG = Logger.getLogger(StateStore.class.getName());

    private final Path dir;
    /** The image last written per device, so a settings change does not rewrite megabytes of firmware. */
    private final Map<MacAddress, byte[]> writtenImages = new ConcurrentHashMap<>();

    StateStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the state directory " + dir, e);
        }
    }

    Optional<Eeprom> load(MacAddress mac) {
        Path file = file(mac, "json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            Path imageFile = file(mac, "firmware");
            byte[] image = Files.exists(imageFile) ? Files.readAllBytes(imageFile) : new byte[0];
            writtenImages.put(mac, image);
            return Optional.of(Eeprom.fromJson(new JsonObject(Files.readString(file)), image));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (DecodeException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("state file " + file + " is damaged: " + e.getMessage(), e);
        }
    }

    /** Writes the device's EEPROM; a failure is logged, the device runs on. Called under the device's lock. */
    void save(MacAddress mac, Eeprom eeprom) {
        try {
            write(file(mac, "json"), eeprom.toJson().encodePrettily().getBytes(StandardCharsets.UTF_8));
            byte[] image = eeprom.firmware() == null ? new byte[0] : eeprom.firmware().image();
            if (writtenImages.get(mac) != image) {
                Path imageFile = file(mac, "firmware");
                if (image.length == 0) {
                    Files.deleteIfExists(imageFile);
                } else {
                    write(imageFile, image);
                }
                writtenImages.put(mac, image);
            }
        } catch (IOException e) {
            LOG.warning("cannot save the state of " + mac + " in " + dir + ": " + e);
        }
    }

    private void write(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, content);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the directory's permissions are all there is.
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Path file(MacAddress mac, String extension) {
        return dir.resolve(mac.toString().replace(':', '-') + "." + extension);
    }
}
