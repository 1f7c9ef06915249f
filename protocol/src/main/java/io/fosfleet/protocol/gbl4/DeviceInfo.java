package io.fosfleet.protocol.gbl4;

import io.fosfleet.protocol.Ipv4Address;
import io.fosfleet.protocol.MacAddress;

/**
 * What a device tells about itself in its GET_NETCONF (scan) reply.
 *
 * @param hwmagic 0x0050 or 0x00bb for a berofos
 * @param devmode 0 operational, 1 flash mode
 * @param phyState bit0 link beat, bit1 100 Mbit (else 10), bit2 full duplex
 */
public record DeviceInfo(MacAddress mac, int hwmagic, int bootloaderMajor, int bootloaderMinor, int firmwareMajor,
        int firmwareMinor, int devmode, Ipv4Address address, Ipv4Address netmask, Ipv4Address gateway, int phyConf,
        int phyState, int options, int httpPort) {

    public static final int HWMAGIC_BEROFOS = 0x0050;
    public static final int HWMAGIC_BEROFOS_2 = 0x00bb;
    public static final int DEVMODE_OPERATIONAL = 0;
    public static final int DEVMODE_FLASH = 1;
    public static final int PHY_LINK_BEAT = 0x01;
    public static final int PHY_LINK_100MBIT = 0x02;
    public static final int PHY_LINK_FDX = 0x04;

    public DeviceInfo {
        Gbl4Frames.requireUnsigned("hwmagic", hwmagic, 0xffff);
        Gbl4Frames.requireUnsigned("bootloader major", bootloaderMajor, 0xff);
        Gbl4Frames.requireUnsigned("bootloader minor", bootloaderMinor, 0xff);
        Gbl4Frames.requireUnsigned("firmware major", firmwareMajor, 0xff);
        Gbl4Frames.requireUnsigned("firmware minor", firmwareMinor, 0xff);
        Gbl4Frames.requireUnsigned("devmode", devmode, 0xff);
        Gbl4Frames.requireUnsigned("phy_conf", phyConf, 0xff);
        Gbl4Frames.requireUnsigned("phy_state", phyState, 0xff);
        Gbl4Frames.requireUnsigned("options", options, 0xff);
        Gbl4Frames.requireUnsigned("http_port", httpPort, 0xffff);
    }

    /** Only these hardware magics are berofos devices; scans ignore every other reply. */
    public boolean isBerofos() {
        return hwmagic == HWMAGIC_BEROFOS || hwmagic == HWMAGIC_BEROFOS_2;
    }

    public boolean flashMode() {
        return devmode == DEVMODE_FLASH;
    }

    public NetConf netConf() {
        return new NetConf(address, netmask, gateway, phyConf, options, httpPort);
    }
}
