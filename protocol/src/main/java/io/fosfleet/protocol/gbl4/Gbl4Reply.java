package io.fosfleet.protocol.gbl4;

import io.fosfleet.protocol.MacAddress;

/** A GBL4 reply, as a device sends it and a client receives it. */
public sealed interface Gbl4Reply {

    Gbl4Command command();

    /** The MAC of the device that answered. */
    MacAddress mac();

    /** GET_NETCONF reply: the device's identity and network settings. */
    record NetconfInfo(DeviceInfo info) implements Gbl4Reply {
        @Override
        public Gbl4Command command() {
            return Gbl4Command.GET_NETCONF;
        }

        @Override
        public MacAddress mac() {
            return info.mac();
        }
    }

    /** SET_NETCONF reply; a non-zero errcode is a failure. */
    record SetNetconfAck(MacAddress mac, int errcode) implements Gbl4Reply {
        public SetNetconfAck {
            Gbl4Frames.requireUnsigned("errcode", errcode, 0xff);
        }

        @Override
        public Gbl4Command command() {
            return Gbl4Command.SET_NETCONF;
        }
    }

    /** FLASH_PREP reply: the echo of the request. */
    record FlashPrepAck(MacAddress mac, int numPages, int crc) implements Gbl4Reply {
        public FlashPrepAck {
            Gbl4Frames.requireUnsigned("numpages", numPages, 0xffff);
            Gbl4Frames.requireUnsigned("crc", crc, 0xff);
        }

        @Override
        public Gbl4Command command() {
            return Gbl4Command.FLASH_PREP;
        }
    }

    /** FLASH_PAGE reply: the page number received. */
    record FlashPageAck(MacAddress mac, int page) implements Gbl4Reply {
        public FlashPageAck {
            Gbl4Frames.requireUnsigned("curpage", page, 0xffff);
        }

        @Override
        public Gbl4Command command() {
            return Gbl4Command.FLASH_PAGE;
        }
    }

    /** RESET reply; a non-zero errcode is a failure. */
    record ResetAck(MacAddress mac, int errcode) implements Gbl4Reply {
        public ResetAck {
            Gbl4Frames.requireUnsigned("errcode", errcode, 0xff);
        }

        @Override
        public Gbl4Command command() {
            return Gbl4Command.RESET;
        }
    }

    /** PING reply: the echo of the request. */
    record Pong(MacAddress mac, int n) implements Gbl4Reply {
        public Pong {
            Gbl4Frames.requireUnsigned("n", n, 0xffff);
        }

        @Override
        public Gbl4Command command() {
            return Gbl4Command.PING;
        }
    }

    /** KICK_WDOG reply: the echo of the request. */
    record KickAck(MacAddress mac, int flag) implements Gbl4Reply {
        public KickAck {
            Gbl4Frames.requireUnsigned("flag", flag, 0xff);
        }

        @Override
        public Gbl4Command command() {
            return Gbl4Command.KICK_WDOG;
        }
    }
}
