package io.fosfleet.cli;

import io.fosfleet.protocol.gbl4.DeviceInfo;
import io.fosfleet.protocol.gbl4.NetConf;
import java.util.ArrayList;
import java.util.List;

/** The scan listing on standard output, one block per device, byte for byte as the reference tool prints it. */
final class ScanListing {

    private ScanListing() {
    }

    /** The block of the {@code number}th device found, ending with an empty line. */
    static String format(int number, DeviceInfo d) {
        return "#" + number + ":\n"
                + " mac: " + d.mac().toUpperCaseString() + "\n"
                + " bootloader: v" + d.bootloaderMajor() + "." + d.bootloaderMinor() + "\n"
                + " firmware: v" + d.firmwareMajor() + "." + d.firmwareMinor() + "\n"
                + " device mode: " + (d.devmode() != DeviceInfo.DEVMODE_OPERATIONAL ? "FLASH MODE" : "OPERATIONAL")
                + "\n\n"
                + " address: " + d.address() + "\n"
                + " netmask: " + d.netmask() + "\n"
                + " gateway: " + d.gateway() + "\n"
                + " phy conf: " + hex(d.phyConf()) + " (" + phyConf(d.phyConf()) + ")\n"
                + " phy state: " + hex(d.phyState()) + " (" + phyState(d.phyState()) + ")\n"
                + " options: " + hex(d.options()) + " " + options(d.options()) + "\n"
                + " http port: " + d.httpPort() + "\n"
                + "\n";
    }

    private static String hex(int value) {
        return String.format("0x%02x", value);
    }

    /** Both probe bits together are "auto"; no bit names nothing. */
    private static String phyConf(int phy) {
        if (phy == NetConf.PHY_PROBE_AUTO) {
            return "PROBE_AUTO";
        }
        List<String> names = new ArrayList<>();
        if ((phy & NetConf.PHY_PROBE_10MBIT) != 0) {
            names.add("PROBE_10MBIT");
        }
        if ((phy & NetConf.PHY_PROBE_100MBIT) != 0) {
            names.add("PROBE_100MBIT");
        }
        return String.join(" | ", names);
    }

    /** Always a speed, 10 unless the 100 Mbit bit is set. */
    private static String phyState(int state) {
        return ((state & DeviceInfo.PHY_LINK_BEAT) != 0 ? "LINK_BEAT | " : "")
                + ((state & DeviceInfo.PHY_LINK_100MBIT) != 0 ? "LINK_100MBIT" : "LINK_10MBIT")
                + ((state & DeviceInfo.PHY_LINK_FDX) != 0 ? " | LINK_FDX" : "");
    }

    /** The option names in parentheses, nothing at all when no option is set. */
    private static String options(int options) {
        List<String> names = new ArrayList<>();
        if ((options & NetConf.OPT_DHCP) != 0) {
            names.add("OPT_DHCP");
        }
        if ((options & NetConf.OPT_HTTP_AUTH) != 0) {
            names.add("OPT_HTTP_AUTH");
        }
        if ((options & NetConf.OPT_IP_ACL) != 0) {
            names.add("OPT_IP_ACL");
        }
        return names.isEmpty() ? "" : "(" + String.join(" | ", names) + ")";
    }
}
