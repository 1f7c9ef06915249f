package io.fosfleet.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The SIP side of a simulated PBX node: answers a request datagram as a SIP user agent server does, copying Via,
 * From, To, Call-ID and CSeq (RFC 3261 §8.2.6): {@code 200 OK} to OPTIONS, {@code 501 Not Implemented} to other
 * methods, nothing to ACK, to responses or to what is not SIP.
 */
final class SipMessages {

    private SipMessages() {
    }

    /**
     * @param toTag added to the To header when the request's To has no tag (one tag per node keeps dialogs stable)
     * @param server the Server header's value
     */
    static Optional<String> answer(String request, String toTag, String server) {
        String[] lines = request.split("\r?\n", -1);
        String[] requestLine = lines[0].trim().split(" ");
        if (requestLine.length != 3 || !requestLine[2].equals("SIP/2.0") || requestLine[0].equals("ACK")) {
            return Optional.empty();
        }
        List<String> vias = new ArrayList<>();
        String from = null;
        String to = null;
        String callId = null;
        String cseq = null;
        for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String value = lines[i].substring(colon + 1).trim();
            switch (lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT)) {
                case "via", "v" -> vias.add(value);
                case "from", "f" -> from = value;
                case "to", "t" -> to = value;
                case "call-id", "i" -> callId = value;
                case "cseq" -> cseq = value;
                default -> {
                    // Other headers do not go into the answer.
                }
            }
        }
        if (vias.isEmpty() || from == null || to == null || callId == null || cseq == null) {
            return Optional.empty();
        }
        boolean options = requestLine[0].equals("OPTIONS");
        StringBuilder answer = new StringBuilder(options ? "SIP/2.0 200 OK\r\n" : "SIP/2.0 501 Not Implemented\r\n");
        vias.forEach(via -> answer.append("Via: ").append(via).append("\r\n"));
        answer.append("From: ").append(from).append("\r\n")
                .append("To: ").append(to).append(to.toLowerCase(Locale.ROOT).contains(";tag=") ? "" : ";tag=" + toTag)
                .append("\r\n")
                .append("Call-ID: ").append(callId).append("\r\n")
                .append("CSeq: ").append(cseq).append("\r\n")
                .append("Allow: INVITE, ACK, CANCEL, OPTIONS, BYE\r\n")
                .append("Server: ").append(server).append("\r\n")
                .append("Content-Length: 0\r\n\r\n");
        return Optional.of(answer.toString());
    }
}
