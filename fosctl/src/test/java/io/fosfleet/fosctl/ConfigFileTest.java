package io.fosfleet.fosctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path home;

    @Test
    void theFileLivesUnderXdgConfigHomeElseUnderHomeDotConfig() {
        assertThat(ConfigFile.fromEnvironment(Map.of("XDG_CONFIG_HOME", "/x/cfg", "HOME", "/home/u")).path())
                .isEqualTo(Path.of("/x/cfg/fosfleet/fosctl.json"));
        assertThat(ConfigFile.fromEnvironment(Map.of("HOME", "/home/u")).path())
                .isEqualTo(Path.of("/home/u/.config/fosfleet/fosctl.json"));
        // a relative XDG_CONFIG_HOME is invalid by the spec and ignored
        assertThat(ConfigFile.fromEnvironment(Map.of("XDG_CONFIG_HOME", "rel", "HOME", "/home/u")).path())
                .isEqualTo(Path.of("/home/u/.config/fosfleet/fosctl.json"));
    }

    @Test
    void theTokenIsWrittenReadableByItsOwnerOnlyAlsoWhenTheFileExistedWithWiderRights() throws Exception {
        ConfigFile file = ConfigFile.fromEnvironment(Map.of("XDG_CONFIG_HOME", home.toString()));
        Files.createDirectories(file.path().getParent());
        Files.writeString(file.path(), "{}");
        Files.setPosixFilePermissions(file.path(), PosixFilePermissions.fromString("rw-r--r--"));

        file.save(new ConfigFile.Saved("http://cs:8080/", "admin", "secret-token", "2026-12-07T10:00:00Z"));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
        assertThat(file.load()).isEqualTo(new ConfigFile.Saved("http://cs:8080/", "admin", "secret-token",
                "2026-12-07T10:00:00Z"));
        try (var left = Files.list(file.path().getParent())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("fosctl.json");
        }
    }

    @Test
    void aNewDirectoryIsPrivateToo() throws Exception {
        ConfigFile file = ConfigFile.fromEnvironment(Map.of("XDG_CONFIG_HOME", home.resolve("new").toString()));
        file.save(new ConfigFile.Saved("http://cs/", null, "t", null));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path().getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
    }

    @Test
    void aStoredTokenIsSentOnlyToTheServerThatIssuedIt() {
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", home.toString());
        ConfigFile.fromEnvironment(env).save(new ConfigFile.Saved("http://cs.example:8080", "admin", "stored", null));
        Fosctl root = new Fosctl(env, System.in, System.out, System.err);
        assertThat(root.tokenFor(Fosctl.parseServer("http://cs.example:8080/"))).isEqualTo("stored");
        assertThat(root.tokenFor(Fosctl.parseServer("http://elsewhere:8080"))).isNull();
        Fosctl withEnv = new Fosctl(Map.of("XDG_CONFIG_HOME", home.toString(), "FOSFLEET_TOKEN", "from-env"),
                System.in, System.out, System.err);
        assertThat(withEnv.tokenFor(Fosctl.parseServer("http://elsewhere:8080"))).isEqualTo("from-env");
    }

    @Test
    void anUnreadableFileSaysWhichFileAndWhatToDo() throws Exception {
        Map<String, String> env = Map.of("XDG_CONFIG_HOME", home.toString(), "FOSFLEET_SERVER", "http://127.0.0.1:1");
        Path p = ConfigFile.fromEnvironment(env).path();
        Files.createDirectories(p.getParent());
        Files.writeString(p, "{not json");
        Run r = Run.of(env, "", "get", "devices");
        assertThat(r.code()).isEqualTo(Exit.USAGE);
        assertThat(r.err()).contains(p.toString()).contains("fosctl login").doesNotContain("at io.");
    }
}
