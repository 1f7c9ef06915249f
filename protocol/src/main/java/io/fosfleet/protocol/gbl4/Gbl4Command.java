package io.fosfleet.protocol.gbl4;

import java.util.Optional;

/** GBL4 command numbers with the payload sizes of their requests and replies (docs/protocol.md §1). */
public enum Gbl4Command {
    GET_NETCONF(1, 0, 30),
    SET_NETCONF(2, 22, 7),
    FLASH_PREP(3, 9, 9),
    FLASH_PAGE(4, 520, 8),
    RESET(5, 6, 7),
    PING(9, 8, 8),
    KICK_WDOG(11, 7, 7);

    private final int code;
    private final int requestPayload;
    private final int replyPayload;

    Gbl4Command(int code, int requestPayload, int replyPayload) {
        this.code = code;
        this.requestPayload = requestPayload;
        this.replyPayload = replyPayload;
    }

    public int code() {
        return code;
    }

    public int requestPayloadSize() {
        return requestPayload;
    }

    public int replyPayloadSize() {
        return replyPayload;
    }

    public static Optional<Gbl4Command> byCode(int code) {
        for (Gbl4Command c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
