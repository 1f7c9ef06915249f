package io.fosfleet.fosctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutputTest {

    private static JsonNode json(String text) throws Exception {
        return Api.JSON.readTree(text);
    }

    @Test
    void aTableHasAlignedColumnsAndDashesForNothing() throws Exception {
        JsonNode pairs = json("[{\"id\":\"fra1-a\",\"deviceId\":\"fra1-a-fos\",\"primaryNodeId\":\"fra1-a-pbx1\","
                + "\"secondaryNodeId\":\"fra1-a-pbx2\",\"failoverPolicy\":\"MANUAL\",\"kickInterval\":\"PT2S\","
                + "\"maintenance\":true,\"haCheck\":{\"verdict\":\"OK\"}},"
                + "{\"id\":\"b\",\"deviceId\":\"b-fos\",\"primaryNodeId\":\"p\",\"secondaryNodeId\":null,"
                + "\"failoverPolicy\":\"AUTO\",\"kickInterval\":\"PT0.25S\",\"maintenance\":false,\"haCheck\":{}}]");
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        Output.print(new java.io.PrintStream(bytes, true, java.nio.charset.StandardCharsets.UTF_8), pairs,
                ReadCommands.columns(ReadCommands.Resource.pairs), Output.Format.table, 120);
        assertThat(bytes.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(
                "ID      DEVICE      PRIMARY      SECONDARY    POLICY  KICK   MAINTENANCE  HA\n"
                        + "fra1-a  fra1-a-fos  fra1-a-pbx1  fra1-a-pbx2  MANUAL  2s     yes          OK\n"
                        + "b       b-fos       p            -            AUTO    250ms  no           -\n");
    }

    @Test
    void aTableWiderThanTheTerminalCutsTheWidestColumn() {
        String table = Output.table(List.of("ID", "DETAIL"),
                List.<String[]>of(new String[] {"a1", "x".repeat(100)}, new String[] {"b2", "short"}), 40);
        assertThat(table.lines()).allMatch(l -> l.length() <= 40);
        assertThat(table).contains("a1  " + "x".repeat(35) + "…").contains("b2  short");
    }

    @Test
    void controlCharactersFromTheServerDoNotBreakLines() {
        String table = Output.table(List.of("ID"), List.<String[]>of(new String[] {Exit.oneLine("a\nb\u001b[31m")}),
                80);
        assertThat(table).isEqualTo("ID\na b [31m\n");
    }

    @Test
    void jsonAndYamlKeepTheApisData() throws Exception {
        JsonNode devices = json("[{\"id\":\"fos-1\",\"httpPort\":80}]");
        assertThat(Output.document(devices, Output.Format.json)).contains("\"id\" : \"fos-1\"");
        assertThat(Output.document(devices, Output.Format.yaml)).isEqualTo("- id: fos-1\n  httpPort: 80");
    }

    @Test
    void problemDetailsBecomeOneLineWithTheFieldsAtFault() {
        String body = "{\"title\":\"Invalid request\",\"status\":400,\"detail\":\"1 field is invalid\","
                + "\"errors\":[{\"field\":\"reason\",\"problem\":\"missing\",\"allowed\":\"one line\"}]}";
        Exit.Failure f = Api.failure(400, body, "POST /api/x");
        assertThat(f.code).isEqualTo(Exit.REFUSED);
        assertThat(f.getMessage()).isEqualTo("1 field is invalid: reason: missing (one line)");
        assertThat(Api.failure(401, "{\"detail\":\"token expired\"}", "GET /api/devices").code)
                .isEqualTo(Exit.UNAUTHENTICATED);
        assertThat(Api.failure(403, "", "GET /api/devices").getMessage())
                .isEqualTo("forbidden: GET /api/devices answered 403");
        assertThat(Api.failure(404, "<html>", "GET /api/pairs/x").code).isEqualTo(Exit.NOT_FOUND);
        assertThat(Api.failure(409, null, "x").code).isEqualTo(Exit.REFUSED);
        assertThat(Api.failure(503, null, "x").code).isEqualTo(Exit.SERVER_ERROR);
    }
}
