package io.fosfleet.config;

import static io.fosfleet.config.Api.admin;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Inventory built through the REST API, with ids and MACs unique per test run (the PostgreSQL database persists). */
public final class Fixtures {

    private Fixtures() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    public static String randomMac() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format("00:19:32:%02x:%02x:%02x", r.nextInt(256), r.nextInt(256), r.nextInt(256));
    }

    public static Map<String, Object> device(String id) {
        Map<String, Object> d = new HashMap<>();
        d.put("id", id);
        d.put("name", "berofos " + id);
        d.put("mac", randomMac());
        d.put("host", "10.0.0.5");
        d.put("credentialName", "rack-a");
        d.put("site", "fra1");
        d.put("rack", "r7");
        return d;
    }

    public static String createDevice(Map<String, Object> body) {
        return admin().body(body).post("/api/devices").then().statusCode(201).extract().path("id");
    }

    public static String createDevice() {
        return createDevice(device(unique("fos")));
    }

    public static String createNode(String host) {
        String id = unique("pbx");
        admin().body(Map.of("id", id, "name", "PBX " + id, "host", host, "probes", List.of(
                        Map.of("type", "TCP", "port", 5060, "interval", "PT2S", "timeout", "PT1S",
                                "failureThreshold", 3, "successThreshold", 2))))
                .post("/api/nodes").then().statusCode(201);
        return id;
    }

    public static String createPair(String deviceId) {
        String id = unique("pair");
        admin().body(Map.of("id", id, "deviceId", deviceId, "primaryNodeId", createNode("10.0.1.10"),
                        "secondaryNodeId", createNode("10.0.1.11"), "kickInterval", "PT2S", "startDelay", "PT1S"))
                .post("/api/pairs").then().statusCode(201);
        return id;
    }
}
