package io.fosfleet.protocol.gbl4;

import io.fosfleet.protocol.MacAddress;
import java.util.Arrays;
import java.util.Optional;

/** A GBL4 request, as a client sends it and a device receives it. */
public sealed interface Gbl4Request {

    Gbl4Command command();

    /** The MAC the request is addressed to; empty for a scan, which every device answers. */
    Optional<MacAddress> target();

    /** GET_NETCONF: discovery; every device that receives it answers. */
    record Scan() implements Gbl4Request {
        @Override
        public Gbl4Command command() {
            return Gbl4Command.GET_NETCONF;
        }

        @Override
        public Optional<MacAddress> target() {
            return Optional.empty();
        }
    }

    /** SET_NETCONF: new network settings, applied by the device at its next restart. */
    record SetNetconf(MacAddress mac, NetConf netConf) implements Gbl4Request {
        @Override
        public Gbl4Command command() {
            return Gbl4Command.SET_NETCONF;
        }

        @Override
        public Optional<MacAddress> target() {
            return Optional.of(mac);
        }
    }

    /** FLASH_PREP: announces an image of {@code numPages} 512-byte pages whose bytes XOR to {@code crc}. */
    record FlashPrep(MacAddress mac, int numPages, int crc) implements Gbl4Request {
        public FlashPrep {
            Gbl4Frames.requireUnsigned("numpages", numPages, 0xffff);
            Gbl4Frames.requireUnsigned("crc", crc, 0xff);
        }

        @Override
        public Gbl4Command command() {
            return Gbl4Command.FLASH_PREP;
        }

        @Override
        public Optional<MacAddress> target() {
            return Optional.of(mac);
        }
    }

    /** FLASH_PAGE: one 512-byte page of the image. */
    record FlashPage(MacAddress mac, int page, byte[] data) implements Gbl4Request {
        public static final int PAGE_SIZE = 512;

        public FlashPage {
            Gbl4Frames.requireUnsigned("curpage", page, 0xffff);
            if (data == null || data.length != PAGE_SIZE) {
                throw new IllegalArgumentException("a flash page holds exactly " + PAGE_SIZE + " bytes");
            }
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public Gbl4Command command() {
            return Gbl4Command.FLASH_PAGE;
        }

        @Override
        public Optional<MacAddress> target() {
            return Optional.of(mac);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FlashPage p && mac.equals(p.mac) && page == p.page && Arrays.equals(data, p.data);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * mac.hashCode() + page) + Arrays.hashCode(data);
        }

        @Override
        public String toString() {
            return "FlashPage[mac=" + mac + ", page=" + page + "]";
        }
    }

    /** RESET: factory reset; erases firmware and settings (flash mode). */
    record Reset(MacAddress mac) implements Gbl4Request {
        @Override
        public Gbl4Command command() {
            return Gbl4Command.RESET;
        }

        @Override
        public Optional<MacAddress> target() {
            return Optional.of(mac);
        }
    }

    /** PING: the device echoes it; {@code n} is 0 from bnfos. */
    record Ping(MacAddress mac, int n) implements Gbl4Request {
        public Ping {
            Gbl4Frames.requireUnsigned("n", n, 0xffff);
        }

        public Ping(MacAddress mac) {
            this(mac, 0);
        }

        @Override
        public Gbl4Command command() {
            return Gbl4Command.PING;
        }

        @Override
        public Optional<MacAddress> target() {
            return Optional.of(mac);
        }
    }

    /** KICK_WDOG: the heartbeat "magic packet" that reloads the watchdog countdown; the flag byte is 0. */
    record Kick(MacAddress mac, int flag) implements Gbl4Request {
        public Kick {
            Gbl4Frames.requireUnsigned("flag", flag, 0xff);
        }

        public Kick(MacAddress mac) {
            this(mac, 0);
        }

        @Override
        public Gbl4Command command() {
            return Gbl4Command.KICK_WDOG;
        }

        @Override
        public Optional<MacAddress> target() {
            return Optional.of(mac);
        }
    }
}
