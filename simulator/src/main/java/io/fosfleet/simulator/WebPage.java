package io.fosfleet.simulator;

import io.fosfleet.protocol.Key;
import io.fosfleet.protocol.RelayMode;
import io.fosfleet.protocol.Scenario;
import java.util.Map;

/**
 * The device's own web page, server-rendered like the manual's pictures 1–9: relay state and scenario, the switch
 * button, scenario config, power ports, the watchdog with its seconds left, then the power-up defaults, watchdog,
 * network and mail/alert configuration. Every form submits the same {@code /?cmd=N&…} set requests bnfos uses.
 */
final class WebPage {

    private WebPage() {
    }

    /**
     * @param notice a line shown at the top (the outcome of the last request), or null
     */
    static String render(DeviceStatus s, Map<Key, String> v, String notice) {
        StringBuilder h = new StringBuilder(8192);
        String name = esc(v.get(Key.HOSTNAME));
        h.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>berofos ").append(name)
                .append("</title>\n<style>body{font-family:sans-serif;margin:1em 2em;max-width:52em}"
                        + "fieldset{margin:.6em 0}legend{font-weight:bold}td{padding:.15em .6em}"
                        + ".on{color:#070}.off{color:#a00}.notice{background:#ffd;padding:.3em}</style>"
                        + "</head><body>\n");
        h.append("<h1>berofos ").append(name).append("</h1>\n");
        if (notice != null) {
            h.append("<p class=\"notice\">").append(esc(notice)).append("</p>\n");
        }

        // Picture 1: the state of the relays and the operating scenario.
        boolean ab = s.relayMode() == RelayMode.A_B;
        boolean bypass = s.scenario() == Scenario.BYPASS;
        h.append("<table id=\"state\"><tr><td>Scenario</td><td id=\"scenario\">").append(s.scenario().deviceName())
                .append("</td></tr>\n");
        h.append(connection("A-B", ab));
        if (bypass) {
            h.append(connection("C-D", ab));
        }
        h.append(connection("A-D", !ab)).append("</table>\n");

        h.append("<h2>Control/Status</h2>\n");
        // Picture 2: relay mode and the switch button.
        h.append("<fieldset id=\"relay\"><legend>Relay-Mode</legend>Relays connect <b id=\"connections\">")
                .append(s.connections()).append("</b> ");
        RelayMode other = ab ? RelayMode.A_D : RelayMode.A_B;
        h.append(form(4, hidden("mode", Integer.toString(other.wireValue())),
                "switch: " + other.connections(s.scenario())));
        h.append("</fieldset>\n");
        // Picture 3: scenario.
        h.append("<fieldset id=\"scenario-config\"><legend>Scenario Config</legend>")
                .append(form(1, select("sz", v.get(Key.SCENARIO), "0", "fallback", "1", "bypass"), "save"))
                .append("</fieldset>\n");
        // Picture 4: power ports.
        h.append("<fieldset id=\"powerports\"><legend>Powerports</legend><table>");
        for (int port = 1; port <= 2; port++) {
            boolean on = port == 1 ? s.power1() : s.power2();
            String p = Integer.toString(port - 1);
            h.append("<tr><td>Power port ").append(port).append("</td><td id=\"power").append(port)
                    .append("\" class=\"").append(on ? "on\">on" : "off\">off").append("</td><td>")
                    .append(form(5, hidden("p", p) + hidden("s", "1"), "on")).append("</td><td>")
                    .append(form(5, hidden("p", p) + hidden("s", "0"), "off")).append("</td></tr>");
        }
        h.append("</table></fieldset>\n");
        // Picture 5: watchdog state, seconds left, on/off and refresh.
        String[] states = {"off", "on", "failure"};
        h.append("<fieldset id=\"watchdog\"><legend>Watchdog</legend>State: <b id=\"wdogstate\">")
                .append(states[s.watchdogState()]).append("</b>, seconds left: <b id=\"wdogrtime\">")
                .append(s.watchdogSecondsLeft()).append("</b> <a href=\"/\">refresh</a> ")
                .append(form(6, hidden("wen", "1"), s.watchdogState() == 2 ? "re-arm" : "on"))
                .append(form(6, hidden("wen", "0"), "off")).append("</fieldset>\n");

        h.append("<h2>Configuration</h2>\n");
        // Picture 6: power-up defaults.
        h.append("<fieldset id=\"defaults\"><legend>berofos</legend>").append(form(1,
                row("Relay mode at power-up", select("rm", v.get(Key.MODEDEF), "0", "0: A-D",
                        "1", "1: A-B (bypass: A-B, C-D)"))
                        + row("Power port 1 at power-up", onOffSelect("p0", v.get(Key.POWER1DEF)))
                        + row("Power port 2 at power-up", onOffSelect("p1", v.get(Key.POWER2DEF))), "save"))
                .append("</fieldset>\n");
        // Picture 7: watchdog configuration.
        h.append("<fieldset id=\"watchdog-config\"><legend>Watchdog Config</legend>").append(form(2,
                row("Watchdog at power-up", onOffSelect("wen", v.get(Key.WDOGDEF)))
                        + row("Watchdog Intervall (s)", input("wintv", v.get(Key.WDOGITIME)))
                        + row("Audio Failover", onOffSelect("as", v.get(Key.WDOGAUDIO)))
                        + row("Mail on failover", onOffSelect("men", v.get(Key.WDOGMAIL))), "save"))
                .append("</fieldset>\n");
        // Picture 8: network configuration.
        h.append("<fieldset id=\"network\"><legend>Network Config</legend>").append(form(3,
                row("DHCP", onOffSelect("dhcp", v.get(Key.DHCP)))
                        + row("Hostname", input("dn", v.get(Key.HOSTNAME)))
                        + row("IP address", input("ip", v.get(Key.ADDRESS)))
                        + row("Netmask", input("nm", v.get(Key.NETMASK)))
                        + row("Gateway", input("gw", v.get(Key.GATEWAY)))
                        + row("DNS", input("dns", v.get(Key.DNS)))
                        + row("HTTP port", input("port", v.get(Key.PORT)))
                        + row("Password", onOffSelect("pwd", v.get(Key.PWD)))
                        + row("Admin password (max. 15, empty: unchanged)",
                                "<input type=\"password\" name=\"apwd\" maxlength=\"15\" value=\"\">"), "save"))
                .append("<p>Network settings take effect after a restart.</p></fieldset>\n");
        // Picture 9: syslog and mail.
        h.append("<fieldset id=\"alerts\"><legend>Mail / Alerts</legend>").append(form(3,
                row("Syslog", onOffSelect("syslog", v.get(Key.SYSLOG)))
                        + row("Syslog server", input("slgip", v.get(Key.SLGIP)))
                        + row("Syslog port", input("slgpt", v.get(Key.SLGPT))), "save"))
                .append(form(2, row("SMTP server", input("mhost", v.get(Key.SMTPSERV)))
                        + row("Sender", input("mfrom", v.get(Key.SMTPFROM)))
                        + row("Recipient", input("mto", v.get(Key.SMTPTO))), "save"))
                .append(form(7, "", "send test mail")).append("</fieldset>\n");

        h.append("<p><small>MAC ").append(s.mac()).append(" · firmware ")
                .append(s.firmwareVersion().isEmpty() ? "none" : "v" + s.firmwareVersion())
                .append(" · bootloader v").append(DeviceModel.BOOTLOADER_MAJOR).append('.')
                .append(DeviceModel.BOOTLOADER_MINOR).append("</small></p>\n</body></html>\n");
        return h.toString();
    }

    private static String connection(String ports, boolean connected) {
        return "<tr><td>" + ports + "</td><td class=\"" + (connected ? "on\">connected" : "off\">disconnected")
                + "</td></tr>\n";
    }

    private static String form(int cmd, String fields, String button) {
        boolean table = fields.startsWith("<tr>");
        return "<form method=\"get\" action=\"/\" style=\"display:" + (table ? "block" : "inline")
                + "\"><input type=\"hidden\" name=\"cmd\" value=\"" + cmd + "\">"
                + (table ? "<table>" + fields + "</table>" : fields)
                + "<button type=\"submit\">" + esc(button) + "</button></form>";
    }

    private static String row(String label, String field) {
        return "<tr><td>" + esc(label) + "</td><td>" + field + "</td></tr>";
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + esc(value) + "\">";
    }

    private static String input(String name, String value) {
        return "<input name=\"" + name + "\" value=\"" + esc(value) + "\">";
    }

    private static String onOffSelect(String name, String value) {
        return select(name, value, "1", "on", "0", "off");
    }

    /** A select whose options are value, label pairs; booleans use selects, as an unchecked checkbox sends nothing. */
    private static String select(String name, String current, String... valuesAndLabels) {
        StringBuilder s = new StringBuilder("<select name=\"").append(name).append("\">");
        for (int i = 0; i < valuesAndLabels.length; i += 2) {
            s.append("<option value=\"").append(valuesAndLabels[i]).append('"')
                    .append(valuesAndLabels[i].equals(current) ? " selected" : "").append('>')
                    .append(esc(valuesAndLabels[i + 1])).append("</option>");
        }
        return s.append("</select>").toString();
    }

    private static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
