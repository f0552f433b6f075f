package io.kubesim.infra;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The cluster's TLS material: a self-signed CA and a serving certificate for the gateway (SANs localhost and
 * 127.0.0.1), as PEM files under {@code dir}: {@code ca.crt}, {@code ca.key}, {@code server.crt}, {@code server.key}.
 * Created once; later calls keep the existing files so kubeconfigs stay valid.
 */
public final class Pki {

    private static final Duration VALIDITY = Duration.ofDays(3650);

    private Pki() {
    }

    public static Path caCert(Path dir) {
        return dir.resolve("ca.crt");
    }

    public static Path serverCert(Path dir) {
        return dir.resolve("server.crt");
    }

    public static Path serverKey(Path dir) {
        return dir.resolve("server.key");
    }

    public static void ensure(Path dir) {
        if (Files.exists(caCert(dir)) && Files.exists(serverCert(dir)) && Files.exists(serverKey(dir))) {
            return;
        }
        try {
            Files.createDirectories(dir);
            SecureRandom random = new SecureRandom();
            KeyPair caKeys = ecKeys();
            X500Name caName = new X500Name("CN=kubesim-ca");
            Instant now = Instant.now().minus(Duration.ofHours(1));
            var caBuilder = new JcaX509v3CertificateBuilder(caName, new BigInteger(127, random), Date.from(now),
                    Date.from(now.plus(VALIDITY)), caName, caKeys.getPublic());
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            caBuilder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            caBuilder.addExtension(Extension.subjectKeyIdentifier, false,
                    ext.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate ca = sign(caBuilder.build(signer(caKeys.getPrivate())));

            KeyPair serverKeys = ecKeys();
            var serverBuilder = new JcaX509v3CertificateBuilder(ca, new BigInteger(127, random), Date.from(now),
                    Date.from(now.plus(VALIDITY)), new X500Name("CN=kubesim-apiserver"), serverKeys.getPublic());
            serverBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            serverBuilder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            serverBuilder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            serverBuilder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.dNSName, "kubernetes"),
                    new GeneralName(GeneralName.dNSName, "api-gateway"),
                    new GeneralName(GeneralName.iPAddress, InetAddress.getByName("127.0.0.1").getHostAddress())}));
            serverBuilder.addExtension(Extension.authorityKeyIdentifier, false,
                    ext.createAuthorityKeyIdentifier(ca));
            X509Certificate server = sign(serverBuilder.build(signer(caKeys.getPrivate())));

            writePem(dir.resolve("ca.key"), caKeys.getPrivate());
            writePem(caCert(dir), ca);
            writePem(serverKey(dir), serverKeys.getPrivate());
            writePem(serverCert(dir), server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the cluster certificates: " + e.getMessage(), e);
        }
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
        return new JcaContentSignerBuilder("SHA256withECDSA").build(key);
    }

    private static X509Certificate sign(X509CertificateHolder holder) throws GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static void writePem(Path file, Object value) throws IOException {
        StringWriter sw = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(sw)) {
            if (value instanceof PrivateKey key) {
                w.writeObject(new JcaPKCS8Generator(key, null));
            } else {
                w.writeObject(value);
            }
        }
        Files.writeString(file, sw.toString());
        if (value instanceof PrivateKey) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }
}
