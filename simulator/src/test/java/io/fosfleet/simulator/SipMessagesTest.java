package io.fosfleet.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How a simulated PBX node answers SIP requests. */
class SipMessagesTest {

    @Test
    void compactHeadersAreUnderstoodAndAnExistingToTagIsKept() {
        String request = "OPTIONS sip:x@h SIP/2.0\nv: SIP/2.0/UDP a:1;branch=z9hG4bK1\nf: <sip:a@a>;tag=1\n"
                + "t: <sip:x@h>;tag=9\ni: abc\nCSeq: 1 OPTIONS\n\n";

        assertThat(SipMessages.answer(request, "t4g", "srv")).hasValue("SIP/2.0 200 OK\r\n"
                + "Via: SIP/2.0/UDP a:1;branch=z9hG4bK1\r\nFrom: <sip:a@a>;tag=1\r\nTo: <sip:x@h>;tag=9\r\n"
                + "Call-ID: abc\r\nCSeq: 1 OPTIONS\r\nAllow: INVITE, ACK, CANCEL, OPTIONS, BYE\r\nServer: srv\r\n"
                + "Content-Length: 0\r\n\r\n");
    }

    @Test
    void otherMethodsAre501AckResponsesAndGarbageGetNothing() {
        String headers = "Via: SIP/2.0/UDP a:1\r\nFrom: <sip:a@a>;tag=1\r\nTo: <sip:x@h>\r\nCall-ID: c\r\n"
                + "CSeq: 2 %s\r\n\r\n";

        assertThat(SipMessages.answer("INVITE sip:x@h SIP/2.0\r\n" + headers.formatted("INVITE"), "t", "s"))
                .hasValueSatisfying(a -> assertThat(a).startsWith("SIP/2.0 501 Not Implemented\r\n"));
        assertThat(SipMessages.answer("ACK sip:x@h SIP/2.0\r\n" + headers.formatted("ACK"), "t", "s")).isEmpty();
        assertThat(SipMessages.answer("SIP/2.0 200 OK\r\n" + headers.formatted("OPTIONS"), "t", "s")).isEmpty();
        assertThat(SipMessages.answer("OPTIONS sip:x@h SIP/2.0\r\nVia: SIP/2.0/UDP a:1\r\n\r\n", "t", "s"))
                .as("no From, To, Call-ID, CSeq").isEmpty();
        assertThat(SipMessages.answer("GBL\u0004\u0001L", "t", "s")).isEmpty();
    }
}
