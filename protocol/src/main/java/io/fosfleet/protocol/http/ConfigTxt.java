package io.fosfleet.protocol.http;

import io.fosfleet.protocol.DeviceIoException;
import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.ValueType;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Reads and writes the device's {@code /config.txt}: the magic line, then one {@code <cmd>_<key>=<value>} per line. */
public final class ConfigTxt {

    public static final String MAGIC_KEY = "bnfos_confmap_magic";
    public static final String MAGIC_VERSION = "0.1";

    private ConfigTxt() {
    }

    /**
     * Parses a config.txt body. Lines before the magic line and unknown keys are ignored, as the reference tool does;
     * a different magic version is read with a warning.
     *
     * @throws DeviceIoException of kind NO_CONFIGURATION when the body has no magic line
     */
    public static ConfigReading parse(String body) throws DeviceIoException {
        String magic = null;
        Map<Key, String> values = new EnumMap<>(Key.class);
        List<String> warnings = new ArrayList<>();
        String[] lines = body.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            boolean last = i == lines.length - 1;
            if (last && line.isEmpty()) {
                break;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                continue;
            }
            if (last) {
                warnings.add("last line of config.txt does not end with a newline: '" + line + "'");
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1);
            if (key.equals(MAGIC_KEY)) {
                magic = value;
                if (!value.equals(MAGIC_VERSION)) {
                    warnings.add("config.txt magic version is " + value + ", expected " + MAGIC_VERSION
                            + ": values may be read incorrectly");
                }
                continue;
            }
            if (magic == null) {
                continue;
            }
            Key.byConfigKey(key).ifPresent(k -> {
                if (k.type() != ValueType.BOOL && value.length() > k.type().maxLength()) {
                    warnings.add(k.keyword() + " is " + value.length() + " characters long, at most "
                            + k.type().maxLength() + " are allowed: truncated");
                }
                values.put(k, k.type().fromConfigTxt(value));
            });
        }
        if (magic == null) {
            throw new DeviceIoException(DeviceIoException.Kind.NO_CONFIGURATION,
                    "No valid configuration information found (config.txt has no " + MAGIC_KEY + " line)");
        }
        return new ConfigReading(magic, values, warnings);
    }

    /** Writes a config.txt body as a device does: every readable key present in {@code values}, in table order. */
    public static String format(Map<Key, String> values) {
        StringBuilder out = new StringBuilder(MAGIC_KEY).append('=').append(MAGIC_VERSION).append('\n');
        for (Key key : Key.values()) {
            String value = values.get(key);
            if (key.readable() && value != null) {
                out.append(key.configKey()).append('=').append(value).append('\n');
            }
        }
        return out.toString();
    }
}
