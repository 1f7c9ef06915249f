package io.fosfleet.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;

/**
 * The token-signing key pair of one local run, made fresh at each start: no signing key is shipped in a jar or kept in
 * Git, so a demo's tokens are worth nothing anywhere else.
 */
public final class DemoKeys {

    private final Path privateKey;
    private final Path publicKey;

    private DemoKeys(Path privateKey, Path publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** Generates an RSA pair and writes it as PEM (PKCS#8 private key, owner-only; X.509 public key) into {@code dir}. */
    public static DemoKeys generate(Path dir) throws IOException {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot generate the demo token key pair: " + e.getMessage(), e);
        }
        Files.createDirectories(dir);
        Path privateKey = dir.resolve("privateKey.pem");
        Path publicKey = dir.resolve("publicKey.pem");
        Files.deleteIfExists(privateKey);
        Files.createFile(privateKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
        return new DemoKeys(privateKey, publicKey);
    }

    /**
     * The pair {@link #generate} writes into {@code dir}, without making it: for a launch plan that is only checked
     * or printed (the services' properties name the same files).
     */
    static DemoKeys placeholder(Path dir) {
        return new DemoKeys(dir.resolve("privateKey.pem"), dir.resolve("publicKey.pem"));
    }

    /** What config-service needs: verify and sign with this pair, and issue tokens to the demo users. */
    public List<String> configServiceProperties() {
        return List.of("-Dmp.jwt.verify.publickey.location=" + publicKey,
                "-Dsmallrye.jwt.sign.key.location=" + privateKey,
                "-Dfosfleet.config.auth.demo-users=true");
    }

    /** What a service that only checks config-service's tokens needs. */
    public List<String> verifierProperties() {
        return List.of("-Dmp.jwt.verify.publickey.location=" + publicKey);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
