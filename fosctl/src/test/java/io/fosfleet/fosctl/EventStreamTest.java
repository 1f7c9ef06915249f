package io.fosfleet.fosctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventStreamTest {

    @Test
    void anEventIsReadFieldByFieldWithItsDetailsAndUnknownFieldsSkipped() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeString(1, "ev-1");
        out.writeString(2, "DEVICE");
        out.writeString(3, "RELAY_CHANGED");
        out.writeString(4, "fos-1");
        out.writeString(7, "2026-12-07T01:00:00Z");
        out.writeString(8, "relay A-D");
        out.writeInt64(42, 7);               // a field of a newer server
        ByteArrayOutputStream entry = new ByteArrayOutputStream();
        CodedOutputStream e = CodedOutputStream.newInstance(entry);
        e.writeString(1, "relay");
        e.writeString(2, "A-D");
        e.flush();
        out.writeByteArray(9, entry.toByteArray());
        out.flush();

        EventStream.Event ev = EventStream.decode(new ByteArrayInputStream(bytes.toByteArray()));

        assertThat(ev).isEqualTo(new EventStream.Event("ev-1", "DEVICE", "RELAY_CHANGED", "fos-1", "", "",
                "2026-12-07T01:00:00Z", "relay A-D", Map.of("relay", "A-D")));
    }

    @Test
    void aFilterIsWrittenAsRepeatedStrings() throws Exception {
        byte[] bytes = EventStream.encode(new EventStream.Filter(List.of("fos-1"), List.of(), List.of(),
                List.of("DEVICE"), List.of("FAILOVER", "RELAY_CHANGED")));
        var in = com.google.protobuf.CodedInputStream.newInstance(bytes);
        StringBuilder seen = new StringBuilder();
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            seen.append(tag >>> 3).append('=').append(in.readStringRequireUtf8()).append(' ');
        }
        assertThat(seen.toString()).isEqualTo("1=fos-1 4=DEVICE 5=FAILOVER 5=RELAY_CHANGED ");
    }
}
