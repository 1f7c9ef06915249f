package io.fosfleet.config;

import static io.fosfleet.config.Api.admin;
import static io.fosfleet.config.Api.viewer;
import static io.fosfleet.config.Fixtures.createDevice;
import static io.fosfleet.config.Fixtures.createPair;
import static io.fosfleet.config.Fixtures.randomMac;
import static io.fosfleet.config.Fixtures.unique;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import io.fosfleet.testing.KafkaBrokerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /etc/bnfos.conf and res_bnfos bnfos.conf: dry-run preview, import, line-numbered errors, export. */
@QuarkusTest
@WithTestResource(KafkaBrokerTestResource.class)
class ImportExportTest {

    @Test
    void scanFileIsPreviewedThenImported() {
        String a = unique("fos");
        String b = unique("fos");
        String macA = randomMac().toUpperCase();
        String conf = "\n[" + a + "]\nmac = " + macA + "\nhost = 10.1.0.5\n#login = <user>:<password>\n"
                + "\n[" + b + "]\nmac = " + randomMac().toUpperCase() + "\nhost = 10.1.0.6\nlogin = admin:s3cret\n";

        admin().contentType(ContentType.TEXT).body(conf).post("/api/import/etc-bnfos-conf").then().statusCode(200)
                .body("dryRun", equalTo(true)).body("applied", equalTo(false))
                .body("changes.action", equalTo(java.util.List.of("CREATE", "CREATE")))
                .body("warnings[0].line", equalTo(7))
                .body("warnings[0].message", containsString("credential '" + b + "'"))
                .body(org.hamcrest.Matchers.not(containsString("s3cret")));
        viewer().get("/api/devices/" + a).then().statusCode(404);

        admin().contentType(ContentType.TEXT).body(conf).post("/api/import/etc-bnfos-conf?dryRun=false").then()
                .statusCode(200).body("applied", equalTo(true));
        viewer().get("/api/devices/" + a).then().statusCode(200).body("host", equalTo("10.1.0.5"))
                .body("mac", equalTo(macA.toLowerCase()));
        viewer().get("/api/devices/" + b).then().statusCode(200).body("credentialName", equalTo(b));

        String moved = conf.replace("10.1.0.5", "10.1.0.50");
        admin().contentType(ContentType.TEXT).body(moved).post("/api/import/etc-bnfos-conf").then().statusCode(200)
                .body("changes.action", equalTo(java.util.List.of("UPDATE", "UNCHANGED")));

        viewer().contentType(ContentType.TEXT).get("/api/export/etc-bnfos-conf").then().statusCode(200)
                .body(containsString("[" + a + "]\nmac = " + macA + "\nhost = 10.1.0.5\n#login = <user>:<password>"));
    }

    @Test
    void brokenFileIsRefusedWholeNamingTheLine() {
        String good = unique("fos");
        String conf = "[" + good + "]\nmac = " + randomMac() + "\nhost = 10.1.1.5\n\n[bad]\nmac = 00:19:32\n";
        admin().contentType(ContentType.TEXT).body(conf).post("/api/import/etc-bnfos-conf?dryRun=false").then()
                .statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("line 6"))
                .body("errors[0].problem", containsString("bad MAC notation"));
        viewer().get("/api/devices/" + good).then().statusCode(404);

        String noHost = "[" + good + "]\nmac = " + randomMac() + "\n;host = 0.0.0.0\n";
        admin().contentType(ContentType.TEXT).body(noHost).post("/api/import/etc-bnfos-conf").then().statusCode(200)
                .body("errors[0].line", equalTo(1)).body("errors[0].message", containsString("has no host"));
    }

    @Test
    void resBnfosKickTimingUpdatesThePairAndIsExported() {
        String deviceId = createDevice();
        String pairId = createPair(deviceId);
        String mac = viewer().get("/api/devices/" + deviceId).then().extract().path("mac");
        String conf = "; res_bnfos\n[my_berofos]\n\ndev_mac=" + mac.toUpperCase() + "\n;dev_ip=\nkick_interval=3\n"
                + "kick_start_delay=7\nevents_cmd=logger\n";

        admin().contentType(ContentType.TEXT).body(conf).post("/api/import/res-bnfos-conf?dryRun=false").then()
                .statusCode(200).body("applied", equalTo(true))
                .body("changes[0].target", equalTo("pair " + pairId))
                .body("warnings[0].line", equalTo(8));
        viewer().get("/api/pairs/" + pairId).then().body("kickInterval", equalTo("PT3S"))
                .body("startDelay", equalTo("PT7S"));
        viewer().contentType(ContentType.TEXT).get("/api/export/res-bnfos-conf").then().statusCode(200)
                .body(containsString("[" + deviceId + "]\ndev_mac=" + mac.toUpperCase() + "\ndev_ip=10.0.0.5\n"
                        + "kick_interval=3\nkick_start_delay=7\n"));
    }

    @Test
    void resBnfosErrorsNameEveryLine() {
        String conf = "kick_interval=5\n[x]\ndev_mac=zz\n[y]\ndev_mac=" + randomMac() + "\nkick_interval=0\n"
                + "colour=red\n";
        admin().contentType(ContentType.TEXT).body(conf).post("/api/import/res-bnfos-conf").then().statusCode(200)
                .body("errors.line", equalTo(java.util.List.of(1, 3, 5, 7)))
                .body("errors[0].message", containsString("outside a section"))
                .body("errors[1].message", containsString("bad MAC"))
                .body("errors[3].message", containsString("unknown key 'colour'"));
    }

    @Test
    void viewerCannotImport() {
        viewer().contentType(ContentType.TEXT).body("").post("/api/import/etc-bnfos-conf").then().statusCode(403);
        admin().contentType(ContentType.TEXT).body("").post("/api/import/etc-bnfos-conf").then().statusCode(200)
                .body("changes", hasSize(0));
    }
}
