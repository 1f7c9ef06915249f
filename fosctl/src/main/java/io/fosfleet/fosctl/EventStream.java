package io.fosfleet.fosctl;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * config-service's {@code fosfleet.config.v1.EventApi/Stream} (config-service/src/main/proto/config_service.proto):
 * the request {@code EventFilter} and the streamed {@code Event}, encoded in protobuf's wire format by hand, so the
 * tool needs no generated code. Unknown fields of a newer server are skipped.
 */
final class EventStream {

    /** EventFilter: every non-empty list must contain the event's value. */
    record Filter(List<String> deviceIds, List<String> pairIds, List<String> sites, List<String> kinds,
                  List<String> types) {
    }

    /** Event. */
    record Event(String id, String kind, String type, String deviceId, String pairId, String site,
                 String occurredAt, String message, Map<String, String> details) {
    }

    static final MethodDescriptor<Filter, Event> STREAM = MethodDescriptor.<Filter, Event>newBuilder()
            .setType(MethodDescriptor.MethodType.SERVER_STREAMING)
            .setFullMethodName("fosfleet.config.v1.EventApi/Stream")
            .setRequestMarshaller(new FilterMarshaller())
            .setResponseMarshaller(new EventMarshaller())
            .build();

    private EventStream() {
    }

    static byte[] encode(Filter f) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            List<List<String>> fields = List.of(f.deviceIds(), f.pairIds(), f.sites(), f.kinds(), f.types());
            for (int i = 0; i < fields.size(); i++) {
                for (String s : fields.get(i)) {
                    out.writeString(i + 1, s);
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Event decode(InputStream stream) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(stream);
        String[] s = new String[9];
        Map<String, String> details = new LinkedHashMap<>();
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            int number = WireFormat.getTagFieldNumber(tag);
            boolean text = WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
            if (number >= 1 && number <= 8 && text) {
                s[number] = in.readStringRequireUtf8();
            } else if (number == 9 && text) {
                int limit = in.pushLimit(in.readRawVarint32());
                String key = "";
                String value = "";
                while (true) {
                    int t = in.readTag();
                    if (t == 0) {
                        break;
                    }
                    int n = WireFormat.getTagFieldNumber(t);
                    if (n == 1) {
                        key = in.readStringRequireUtf8();
                    } else if (n == 2) {
                        value = in.readStringRequireUtf8();
                    } else {
                        in.skipField(t);
                    }
                }
                in.popLimit(limit);
                details.put(key, value);
            } else {
                in.skipField(tag);
            }
        }
        return new Event(v(s[1]), v(s[2]), v(s[3]), v(s[4]), v(s[5]), v(s[6]), v(s[7]), v(s[8]), details);
    }

    private static String v(String s) {
        return s == null ? "" : s;
    }

    private static final class FilterMarshaller implements MethodDescriptor.Marshaller<Filter> {
        @Override
        public InputStream stream(Filter value) {
            return new ByteArrayInputStream(encode(value));
        }

        @Override
        public Filter parse(InputStream stream) {
            throw new UnsupportedOperationException("fosctl only sends filters");
        }
    }

    private static final class EventMarshaller implements MethodDescriptor.Marshaller<Event> {
        @Override
        public InputStream stream(Event value) {
            throw new UnsupportedOperationException("fosctl only reads events");
        }

        @Override
        public Event parse(InputStream stream) {
            try {
                return decode(stream);
            } catch (IOException e) {
                throw new UncheckedIOException("an event that cannot be read: " + e.getMessage(), e);
            }
        }
    }

    static List<String> list(List<String> values) {
        return values == null ? List.of() : new ArrayList<>(values);
    }
}
