package io.github.mediastreams.signalling.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed TLS certificate and its private key as PEM files in a directory of their own, made once and reused
 * until they expire or no longer name every host. Browsers warn about it, as the tutorial says they will; it exists
 * so that {@code getUserMedia} works over HTTPS without anyone committing a key.
 */
public final class SelfSignedCertificate {

	static final Duration VALIDITY = Duration.ofDays(365);

	private final Path certificate;

	private final Path privateKey;

	private SelfSignedCertificate(Path certificate, Path privateKey) {
		this.certificate = certificate;
		this.privateKey = privateKey;
	}

	/**
	 * Returns the certificate in {@code directory}, making it first if it is missing, expires within a day or does
	 * not name every one of {@code hosts}.
	 * @param directory where the PEM files live
	 * @param hosts the host names and IP addresses the certificate must name
	 * @param clock the clock for validity
	 * @return the certificate's files
	 */
	public static SelfSignedCertificate ensure(Path directory, Set<String> hosts, Clock clock) {
		Path certificate = directory.resolve("certificate.pem");
		Path privateKey = directory.resolve("private-key.pem");
		try {
			if (!isUsable(certificate, privateKey, hosts, clock)) {
				create(directory, certificate, privateKey, hosts, clock);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write a self-signed certificate in " + directory, ex);
		}
		return new SelfSignedCertificate(certificate, privateKey);
	}

	/** @return the PEM file of the certificate */
	public Path certificate() {
		return this.certificate;
	}

	/** @return the PEM file of the private key, readable by its owner only */
	public Path privateKey() {
		return this.privateKey;
	}

	private static boolean isUsable(Path certificate, Path privateKey, Set<String> hosts, Clock clock)
			throws IOException {
		if (!Files.isReadable(certificate) || !Files.isReadable(privateKey)) {
			return false;
		}
		try (Reader reader = Files.newBufferedReader(certificate); PEMParser parser = new PEMParser(reader)) {
			if (!(parser.readObject() instanceof X509CertificateHolder holder)) {
				return false;
			}
			if (holder.getNotAfter().toInstant().isBefore(clock.instant().plus(Duration.ofDays(1)))) {
				return false;
			}
			Extension san = holder.getExtension(Extension.subjectAlternativeName);
			if (san == null) {
				return false;
			}
			Set<String> named = new LinkedHashSet<>();
			for (GeneralName name : GeneralNames.getInstance(san.getParsedValue()).getNames()) {
				named.add(name.getTagNo() == GeneralName.iPAddress ? ipText(name) : name.getName().toString());
			}
			return named.containsAll(hosts);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static String ipText(GeneralName name) {
		byte[] bytes = org.bouncycastle.asn1.DEROctetString.getInstance(name.getName()).getOctets();
		try {
			return InetAddress.getByAddress(bytes).getHostAddress();
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static void create(Path directory, Path certificate, Path privateKey, Set<String> hosts, Clock clock)
			throws IOException {
		try {
			// RSA and PKCS#8: what every TLS stack and PEM reader on the way takes without surprises.
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048, new SecureRandom());
			KeyPair keys = generator.generateKeyPair();
			Instant now = clock.instant();
			X500Name subject = new X500Name("CN=" + hosts.iterator().next() + ",O=Media Streams for Java (self-signed)");
			List<GeneralName> names = new ArrayList<>();
			for (String host : hosts) {
				names.add(new GeneralName(isIpAddress(host) ? GeneralName.iPAddress : GeneralName.dNSName, host));
			}
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
					new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofMinutes(5))),
					Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
			builder.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(names.toArray(GeneralName[]::new)));
			builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
			builder.addExtension(Extension.extendedKeyUsage, false,
					new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
			X509Certificate cert = new JcaX509CertificateConverter()
				.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
			Files.createDirectories(directory);
			writeOwnerOnly(privateKey, pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
			Files.writeString(certificate, pem(cert));
		}
		catch (GeneralSecurityException | OperatorCreationException ex) {
			throw new IllegalStateException("Could not make a self-signed certificate", ex);
		}
	}

	private static boolean isIpAddress(String host) {
		return host.matches("[0-9.]+") || host.contains(":");
	}

	private static String pem(Object object) throws IOException {
		StringWriter text = new StringWriter();
		try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
			writer.writeObject(object);
		}
		return text.toString();
	}

	private static void writeOwnerOnly(Path file, String content) throws IOException {
		Files.deleteIfExists(file);
		try {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		catch (UnsupportedOperationException ex) {
			Files.createFile(file);
		}
		try (Writer writer = Files.newBufferedWriter(file)) {
			writer.write(content);
		}
	}
}
