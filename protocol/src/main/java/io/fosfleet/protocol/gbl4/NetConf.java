package io.fosfleet.protocol.gbl4;

import io.fosfleet.protocol.Ipv4Address;

/**
 * Network settings as SET_NETCONF carries them.
 *
 * @param phyConf bit0 probe 10 Mbit, bit1 probe 100 Mbit (3 = auto)
 * @param options bit0 DHCP, bit1 HTTP auth, bit2 IP ACL
 */
public record NetConf(Ipv4Address address, Ipv4Address netmask, Ipv4Address gateway, int phyConf, int options,
        int httpPort) {

    public static final int PHY_PROBE_10MBIT = 0x01;
    public static final int PHY_PROBE_100MBIT = 0x02;
    public static final int PHY_PROBE_AUTO = 0x03;
    public static final int OPT_DHCP = 0x01;
    public static final int OPT_HTTP_AUTH = 0x02;
    public static final int OPT_IP_ACL = 0x04;

    public NetConf {
        Gbl4Frames.requireUnsigned("phy_conf", phyConf, 0xff);
        Gbl4Frames.requireUnsigned("options", options, 0xff);
        Gbl4Frames.requireUnsigned("http_port", httpPort, 0xffff);
    }

    public boolean dhcp() {
        return (options & OPT_DHCP) != 0;
    }

    public boolean httpAuth() {
        return (options & OPT_HTTP_AUTH) != 0;
    }
}
