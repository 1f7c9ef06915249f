package io.fosfleet.alert.delivery;

import io.fosfleet.events.Alert;
import io.fosfleet.events.DeviceId;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A notification that used up its retry budget, as written to the dead-letter topic: what it was, where it should
 * have gone, and why it could not. Never carries a secret: the reason is the channel's error, not its settings.
 */
public record DeadLetter(UUID id, DeviceId deviceId, String receiver, Alert.Channel channel, List<UUID> eventIds,
                         Alert.Severity severity, String subject, String text, int attempts, String reason,
                         Instant firstAttemptAt, Instant deadLetteredAt) {

    public DeadLetter {
        eventIds = List.copyOf(eventIds);
    }
}
