package io.fosfleet.protocol.conf;

import io.fosfleet.protocol.InvalidValueException;
import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.MacAddress;
import io.fosfleet.protocol.ValueType;
import io.fosfleet.protocol.gbl4.DeviceInfo;
import io.fosfleet.protocol.http.HttpDeviceClient.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The devices of {@code /etc/bnfos.conf} (docs/protocol.md §4), as {@code bnfos --scan -x} writes it and
 * {@code bnfos -f fosN} reads it: one section per device with its MAC, host and login.
 */
public record BnfosConf(List<Device> devices) {

    /** Where the reference tool keeps the file. */
    public static final Path DEFAULT_PATH = Path.of("/etc/bnfos.conf");

    private static final Pattern SECTION = Pattern.compile("\\[([^\\[\\]]*)]");
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z]+)\\s*=\\s*(.*)");
    private static final Pattern LOOKS_NUMERIC = Pattern.compile("[0-9.]+");

    /**
     * One section.
     *
     * @param name the section name, e.g. {@code fos1}; compared without regard to case
     * @param mac null when the section gives none
     * @param host a host name or an IPv4 address; null when the section gives none (a scanned device without
     *     address)
     * @param login null when the section gives none (a scan writes it commented out)
     */
    public record Device(String name, MacAddress mac, String host, Credentials login) {

        public Device {
            if (name == null || name.isBlank() || !name.equals(name.strip())
                    || name.chars().anyMatch(c -> c == '[' || c == ']' || Character.isISOControl(c))) {
                throw new InvalidValueException("section", name, "a section name such as fos1");
            }
        }
    }

    public BnfosConf {
        devices = List.copyOf(devices);
        Set<String> names = new HashSet<>();
        for (Device d : devices) {
            if (!names.add(d.name().toLowerCase(Locale.ROOT))) {
                throw new InvalidValueException("section", d.name(), "each section name once");
            }
        }
    }

    /**
     * What a scan writes: sections {@code fos1}, {@code fos2}, … in the order the devices answered, the address as
     * host (none for a device at 0.0.0.0), no login.
     */
    public static BnfosConf fromScan(List<DeviceInfo> scanned) {
        List<Device> devices = new ArrayList<>();
        for (DeviceInfo info : scanned) {
            String host = info.address().equals(Ipv4Address.ANY) ? null : info.address().toString();
            devices.add(new Device("fos" + (devices.size() + 1), info.mac(), host, null));
        }
        return new BnfosConf(devices);
    }

    /** The section of that name ({@code -f fos3}), whatever its case. */
    public Optional<Device> device(String name) {
        return devices.stream().filter(d -> d.name().equalsIgnoreCase(name)).findFirst();
    }

    public static BnfosConf read(Path file) throws IOException, BnfosConfException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** Writes the file's text with {@link #format()}. */
    public void write(Path file) throws IOException {
        Files.writeString(file, format(), StandardCharsets.UTF_8);
    }

    /**
     * The text as the reference tool writes it: each section preceded by an empty line, the MAC in upper case, a
     * missing host as {@code ;host = 0.0.0.0} and a missing login as {@code #login = <user>:<password>}, so that an
     * operator sees where to fill them in.
     */
    public String format() {
        StringBuilder out = new StringBuilder();
        for (Device d : devices) {
            out.append("\n[").append(d.name()).append("]\n");
            if (d.mac() != null) {
                out.append("mac = ").append(d.mac().toUpperCaseString()).append('\n');
            }
            out.append(d.host() == null ? ";host = 0.0.0.0" : "host = " + d.host()).append('\n');
            out.append(d.login() == null ? "#login = <user>:<password>"
                    : "login = " + d.login().user() + ":" + d.login().password()).append('\n');
        }
        return out.toString();
    }

    /**
     * Reads the file's text. Sections are {@code [name]}; keys {@code mac}, {@code host} and {@code login}, in any
     * case, as {@code key = value}; lines starting with {@code #} or {@code ;} are comments.
     *
     * @throws BnfosConfException naming the first line that cannot be read and why
     */
    public static BnfosConf parse(String text) throws BnfosConfException {
        List<Device> devices = new ArrayList<>();
        Set<String> names = new HashSet<>();
        SectionBuilder section = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int number = i + 1;
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                Matcher m = SECTION.matcher(line);
                if (!m.matches() || m.group(1).isBlank()) {
                    throw new BnfosConfException(number, "a section header is '[name]', e.g. [fos1]");
                }
                if (section != null) {
                    devices.add(section.build());
                }
                String name = m.group(1).strip();
                if (!names.add(name.toLowerCase(Locale.ROOT))) {
                    throw new BnfosConfException(number, "section [" + name + "] appears a second time");
                }
                section = new SectionBuilder(name);
                continue;
            }
            Matcher m = ASSIGNMENT.matcher(line);
            if (!m.matches()) {
                // The line is not repeated: a mistyped login line holds a password.
                throw new BnfosConfException(number, "expected 'key = value' (mac, host or login) or a [section]");
            }
            String key = m.group(1).toLowerCase(Locale.ROOT);
            String value = m.group(2).strip();
            if (section == null) {
                throw new BnfosConfException(number, "'" + key + "' outside a section: put a [fosN] line before it");
            }
            section.set(number, key, value);
        }
        if (section != null) {
            devices.add(section.build());
        }
        return new BnfosConf(devices);
    }

    private static String abbreviate(String line) {
        return line.length() > 60 ? line.substring(0, 60) + "…" : line;
    }

    /** The keys of one section while it is read. */
    private static final class SectionBuilder {
        private final String name;
        private MacAddress mac;
        private String host;
        private Credentials login;

        SectionBuilder(String name) {
            this.name = name;
        }

        void set(int number, String key, String value) throws BnfosConfException {
            switch (key) {
                case "mac" -> {
                    once(number, key, mac);
                    try {
                        mac = MacAddress.parse(value);
                    } catch (InvalidValueException e) {
                        throw new BnfosConfException(number, "bad MAC notation '" + abbreviate(value)
                                + "', expected XX:XX:XX:XX:XX:XX");
                    }
                }
                case "host" -> {
                    once(number, key, host);
                    host = host(number, value);
                }
                case "login" -> {
                    once(number, key, login);
                    try {
                        login = Credentials.parse(value);
                    } catch (InvalidValueException e) {
                        // The value is not repeated: it may be a password.
                        throw new BnfosConfException(number, "login must be <user>:<password>");
                    }
                }
                default -> throw new BnfosConfException(number, "unknown key '" + key
                        + "' in [" + name + "]; known keys are mac, host and login");
            }
        }

        private void once(int number, String key, Object current) throws BnfosConfException {
            if (current != null) {
                throw new BnfosConfException(number, key + " appears a second time in [" + name + "]");
            }
        }

        private static String host(int number, String value) throws BnfosConfException {
            try {
                // Digits and dots only: meant as an address, so it must be a valid one.
                if (LOOKS_NUMERIC.matcher(value).matches()) {
                    return Ipv4Address.parse(value).toString();
                }
                return ValueType.HOST.normalize("host", value);
            } catch (InvalidValueException e) {
                throw new BnfosConfException(number, "bad host '" + abbreviate(value)
                        + "', expected an IPv4 address such as 10.0.0.5 or a host name");
            }
        }

        Device build() {
            return new Device(name, mac, host, login);
        }
    }
}
