package io.fosfleet.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Our renderer does what kustomize does for the fields we use, and refuses the ones it does not implement. */
class KustomizeTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "monitoring"})
    void rendersTheSameObjectsAsKubectlKustomize(String overlay) throws Exception {
        Path kubectl = onPath("kubectl");
        assumeTrue(kubectl != null, "kubectl is not on the PATH: the comparison with kustomize is skipped");
        Path overlayDir = ManifestsTest.DIR.resolve("overlays").resolve(overlay);
        Process p = new ProcessBuilder(kubectl.toString(), "kustomize", overlayDir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("kubectl kustomize " + overlay).isZero();
        Path rendered = dir.resolve("kubectl.yaml");
        Files.writeString(rendered, out);

        Map<String, JsonNode> theirs = byId(Kustomize.read(rendered));
        Map<String, JsonNode> ours = byId(new ArrayList<>(ManifestsTest.rendered(overlay).raw()));
        assertThat(ours.keySet()).isEqualTo(theirs.keySet());
        for (String id : ours.keySet()) {
            assertThat(ours.get(id)).as(id).isEqualTo(theirs.get(id));
        }
    }

    @Test
    void appliesPatchesNamespaceLabelsReplicasAndImagesInKustomizesOrder() throws IOException {
        write("base/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                namespace: fleet
                labels:
                  - pairs: {team: noc}
                resources: [app.yaml]
                """);
        write("base/app.yaml", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: app}
                spec:
                  replicas: 1
                  template:
                    spec:
                      containers:
                        - {name: app, image: "fosfleet/app:1.0"}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: fleet}
                """);
        write("overlay/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../base]
                replicas: [{name: app, count: 4}]
                images: [{name: fosfleet/app, newName: reg.example/fosfleet/app, newTag: "2.0"}]
                patches:
                  - target: {kind: Deployment, name: app}
                    patch: |-
                      - {op: add, path: /spec/paused, value: true}
                      - {op: replace, path: /spec/replicas, value: 2}
                """);
        List<ObjectNode> out = Kustomize.render(dir.resolve("overlay"));
        assertThat(out).hasSize(2);
        ObjectNode app = out.get(0);
        assertThat(app.at("/metadata/namespace").asText()).isEqualTo("fleet");
        assertThat(app.at("/metadata/labels/team").asText()).isEqualTo("noc");
        assertThat(app.at("/spec/replicas").asInt()).isEqualTo(4);
        assertThat(app.at("/spec/paused").asBoolean()).isTrue();
        assertThat(app.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("reg.example/fosfleet/app:2.0");
        assertThat(app.at("/spec/template/metadata").isMissingNode()).as("labels stay out of templates").isTrue();
        assertThat(out.get(1).at("/metadata/namespace").isMissingNode()).as("a Namespace has none").isTrue();
    }

    @Test
    void refusesAFieldItDoesNotImplement() throws IOException {
        write("k/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: []
                commonAnnotations: {a: b}
                """);
        assertThatThrownBy(() -> Kustomize.render(dir.resolve("k")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("field \"commonAnnotations\" is not supported by this renderer");
    }

    @Test
    void refusesAStrategicMergePatchAndLabelsInSelectors() throws IOException {
        write("k/app.yaml", "{apiVersion: v1, kind: ConfigMap, metadata: {name: app}}\n");
        write("k/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [app.yaml]
                patches:
                  - target: {kind: ConfigMap, name: app}
                    patch: |-
                      data: {a: b}
                """);
        assertThatThrownBy(() -> Kustomize.render(dir.resolve("k")))
                .hasMessageContaining("strategic merge patches are not supported");
        write("k/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [app.yaml]
                labels: [{pairs: {a: b}, includeSelectors: true}]
                """);
        assertThatThrownBy(() -> Kustomize.render(dir.resolve("k")))
                .hasMessageContaining("includeSelectors and includeTemplates are not supported");
    }

    @Test
    void refusesAReplicaCountOrImageThatMatchesNothing() throws IOException {
        write("k/app.yaml", "{apiVersion: v1, kind: ConfigMap, metadata: {name: app}}\n");
        write("k/kustomization.yaml", """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [app.yaml]
                replicas: [{name: app, count: 2}]
                """);
        assertThatThrownBy(() -> Kustomize.render(dir.resolve("k")))
                .hasMessageContaining("no Deployment, StatefulSet or ReplicaSet named app");
    }

    private void write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
    }

    private static Map<String, JsonNode> byId(List<? extends JsonNode> objects) {
        Map<String, JsonNode> m = new TreeMap<>();
        for (JsonNode o : objects) {
            String id = o.path("apiVersion").asText() + " " + o.path("kind").asText() + " "
                    + o.path("metadata").path("namespace").asText() + "/" + o.path("metadata").path("name").asText();
            assertThat(m.put(id, o)).as("duplicate " + id).isNull();
        }
        return m;
    }

    private static Path onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, command);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }
}
