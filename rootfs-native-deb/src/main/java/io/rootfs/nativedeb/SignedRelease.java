package io.rootfs.nativedeb;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPObjectFactory;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPRuntimeOperationException;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.KeyFingerPrintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

/**
 * A repository's {@code InRelease}: an OpenPGP clear-signed text (RFC 4880, 7), checked inside
 * the JVM against archive keys given by fingerprint. A signature counts when it verifies, its key
 * belongs to a keyring whose primary key has one of the trusted fingerprints, is a document
 * signature with a current hash (not MD5, SHA-1 or RIPEMD-160), its keys are neither revoked nor
 * expired, and, when it is a subkey, the primary key has bound it for signing. One good signature
 * suffices, as for apt's gpgv.
 */
public final class SignedRelease {
    private static final String BEGIN = "-----BEGIN PGP SIGNED MESSAGE-----";
    private static final String SIGNATURE = "-----BEGIN PGP SIGNATURE-----";

    private SignedRelease() {
    }

    /** The keys that may sign: keyring files (binary or armored) and the fingerprints trusted among them. */
    public record TrustedKeys(PGPPublicKeyRingCollection rings, Set<String> fingerprints) {

        /**
         * A distro's {@code keys/trusted}: lines of {@code FINGERPRINT KEYRING-FILE} (files beside it),
         * {@code #} comments.
         */
        public static TrustedKeys fromList(Path trusted) throws IOException {
            List<Path> files = new ArrayList<>();
            List<String> fingerprints = new ArrayList<>();
            for (String line : Files.readAllLines(trusted)) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.strip().split("\\s+");
                if (parts.length != 2 || !parts[0].matches("[0-9A-Fa-f]{40}") || !parts[1].matches("[A-Za-z0-9._-]+")) {
                    throw new IllegalArgumentException(trusted + ": not 'FINGERPRINT FILE': " + line);
                }
                fingerprints.add(parts[0]);
                files.add(trusted.resolveSibling(parts[1]));
            }
            return load(files, fingerprints);
        }

        /** @throws IllegalArgumentException when a file holds no key, or a fingerprint is in none of them */
        public static TrustedKeys load(Collection<Path> keyrings, Collection<String> fingerprints) throws IOException {
            List<PGPPublicKeyRing> rings = new ArrayList<>();
            for (Path file : keyrings) {
                try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
                    PGPPublicKeyRingCollection c = new PGPPublicKeyRingCollection(in, fingerprintCalculator());
                    c.getKeyRings().forEachRemaining(rings::add);
                } catch (PGPException | RuntimeException e) {
                    throw new IllegalArgumentException(file + " is not an OpenPGP keyring: " + e.getMessage(), e);
                }
            }
            Set<String> wanted = fingerprints.stream().map(f -> f.replace(" ", "").toUpperCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
            Set<String> present = rings.stream().map(r -> fingerprint(r.getPublicKey())).collect(Collectors.toSet());
            for (String f : wanted) {
                if (!present.contains(f)) {
                    throw new IllegalArgumentException("No key with fingerprint " + f + " in " + keyrings);
                }
            }
            return new TrustedKeys(new PGPPublicKeyRingCollection(rings), wanted);
        }
    }

    /**
     * The text the message says is signed, read without checking the signature (as {@link #verify}
     * returns it once checked): to start work that counts only after the check.
     *
     * @throws BadSignatureException when it is no clear-signed message
     */
    public static String claimedText(byte[] inRelease, String source) {
        return Message.of(inRelease, source).joined();
    }

    /** A clear-signed message taken apart: the text lines (dash-escapes removed) and the armored signature block. */
    private record Message(List<String> text, String armored) {
        static Message of(byte[] inRelease, String source) {
            List<String> lines = List.of(new String(inRelease, StandardCharsets.UTF_8).split("\r?\n", -1));
            int at = 0;
            while (at < lines.size() && lines.get(at).isBlank()) {
                at++;
            }
            if (at >= lines.size() || !lines.get(at).strip().equals(BEGIN)) {
                throw new BadSignatureException(source + " is not a clear-signed OpenPGP message");
            }
            at++;
            while (at < lines.size() && !lines.get(at).isEmpty()) { // armor headers (Hash: SHA512)
                at++;
            }
            at++;
            List<String> text = new ArrayList<>();
            while (at < lines.size() && !lines.get(at).equals(SIGNATURE)) {
                String line = lines.get(at++);
                text.add(line.startsWith("- ") ? line.substring(2) : line);
            }
            if (at >= lines.size()) {
                throw new BadSignatureException(source + " holds no signature block");
            }
            return new Message(text, String.join("\n", lines.subList(at, lines.size())));
        }

        String joined() {
            return String.join("\n", text) + "\n";
        }
    }

    /**
     * Checks the signature and returns the signed text (lines ending in {@code \n}).
     *
     * @param source names the file in messages (its URL)
     * @throws BadSignatureException when no trusted key signed exactly this text
     */
    public static String verify(byte[] inRelease, TrustedKeys keys, String source, java.time.Instant now) {
        Message message = Message.of(inRelease, source);
        List<String> text = message.text();
        byte[] signed = text.stream().map(SignedRelease::stripTrailingBlanks).collect(Collectors.joining("\r\n"))
                .getBytes(StandardCharsets.UTF_8);
        String armored = message.armored();
        List<String> seen = new ArrayList<>();
        for (PGPSignature sig : signatures(armored, source)) {
            String issuer = String.format("%016X", sig.getKeyID());
            PGPPublicKeyRing ring = keys.rings().getPublicKeyRing(sig.getKeyID());
            if (ring == null || !keys.fingerprints().contains(fingerprint(ring.getPublicKey()))) {
                seen.add(issuer + " (not a trusted key)");
                continue;
            }
            PGPPublicKey key = ring.getPublicKey(sig.getKeyID());
            try {
                String unusable = unusable(ring.getPublicKey(), key, sig, now);
                if (unusable != null) {
                    seen.add(issuer + " (" + unusable + ")");
                    continue;
                }
                if (checked(sig, key, () -> {
                    sig.update(signed);
                    return sig.verify();
                })) {
                    return message.joined();
                }
                seen.add(issuer + " (BAD signature)");
            } catch (PGPException | RuntimeException e) {
                // what cannot be checked counts as no signature (a forged one may name a trusted key's
                // id with another algorithm): the others are still looked at
                seen.add(issuer + " (" + e.getMessage() + ")");
            }
        }
        throw new BadSignatureException(source + " is not signed by a trusted archive key: its signatures are "
                + String.join(", ", seen) + "; trusted: " + String.join(", ", keys.fingerprints()));
    }

    private static List<PGPSignature> signatures(String armored, String source) {
        List<PGPSignature> all = new ArrayList<>();
        try (InputStream in = new ArmoredInputStream(new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII)))) {
            PGPObjectFactory factory = new PGPObjectFactory(in, fingerprintCalculator());
            for (Object o = factory.nextObject(); o != null; o = factory.nextObject()) {
                if (o instanceof PGPSignatureList list) {
                    list.forEach(all::add);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new BadSignatureException(source + ": its signature block cannot be read (" + e.getMessage() + ")");
        }
        if (all.isEmpty()) {
            throw new BadSignatureException(source + " holds no signature");
        }
        return all;
    }

    /**
     * Why this signature cannot count, or null: as gpgv, a document signature (binary or text) with
     * a current hash, by a key neither revoked nor expired now, and a subkey only when its primary
     * key bound it for signing.
     */
    private static String unusable(PGPPublicKey primary, PGPPublicKey key, PGPSignature sig, java.time.Instant now)
            throws PGPException {
        if (sig.getSignatureType() != PGPSignature.BINARY_DOCUMENT
                && sig.getSignatureType() != PGPSignature.CANONICAL_TEXT_DOCUMENT) {
            return "not a document signature";
        }
        if (List.of(HashAlgorithmTags.MD5, HashAlgorithmTags.SHA1, HashAlgorithmTags.RIPEMD160)
                .contains(sig.getHashAlgorithm())) {
            return "a weak hash algorithm";
        }
        if (primary.hasRevocation() || key.hasRevocation()) {
            return "a revoked key";
        }
        for (PGPPublicKey k : key == primary ? List.of(primary) : List.of(primary, key)) {
            long valid = k.getValidSeconds();
            if (valid > 0 && k.getCreationTime().toInstant().plusSeconds(valid).isBefore(now)) {
                return "an expired key, since " + k.getCreationTime().toInstant().plusSeconds(valid);
            }
        }
        if (key == primary) {
            return null;
        }
        for (Iterator<PGPSignature> it = key.getSignaturesOfType(PGPSignature.SUBKEY_BINDING); it.hasNext();) {
            PGPSignature binding = it.next();
            if (checked(binding, primary, () -> binding.verifyCertification(primary, key))) {
                var flags = binding.getHashedSubPackets();
                if (flags != null && flags.getKeyFlags() != 0 && (flags.getKeyFlags() & KeyFlags.SIGN_DATA) == 0) {
                    return "a subkey not bound for signing";
                }
                return null;
            }
        }
        return "a subkey its primary key does not bind";
    }

    /**
     * Bouncy Castle parses the OpenPGP packets; the hashes and the RSA (or DSA, EdDSA) arithmetic are
     * the JDK's own (JCA's default providers, none registered), and Bouncy Castle's own engines only
     * for an algorithm the JDK lacks (brainpool curves, say). In a fresh JVM, as every build is,
     * Bouncy Castle's engines took 0.30-0.37 s to check Debian's InRelease (their classes loaded from
     * a signed jar, then run cold), the JDK's 0.04-0.08 s (three runs each, 2026-11-29): time on the
     * cold build's path, beside the index read, on two cores.
     */
    private static boolean checked(PGPSignature sig, PGPPublicKey by, Check check) throws PGPException {
        try {
            sig.init(new JcaPGPContentVerifierBuilderProvider(), by);
            return check.run();
        } catch (PGPException | PGPRuntimeOperationException inTheJdk) {
            // an algorithm the JDK lacks, or a signature it cannot even read (which Bouncy Castle
            // then refuses too): either way Bouncy Castle's engine decides
            sig.init(new BcPGPContentVerifierBuilderProvider(), by);
            try {
                return check.run();
            } catch (PGPException | RuntimeException again) {
                again.addSuppressed(inTheJdk);
                throw again;
            }
        }
    }

    /** A check of a signature {@link #checked} has initialised. */
    private interface Check {
        boolean run() throws PGPException;
    }

    private static KeyFingerPrintCalculator fingerprintCalculator() {
        return new JcaKeyFingerprintCalculator();
    }

    private static String stripTrailingBlanks(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == ' ' || line.charAt(end - 1) == '\t')) {
            end--;
        }
        return line.substring(0, end);
    }

    static String fingerprint(PGPPublicKey key) {
        return HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
    }

    /** The text is not signed by a trusted key, or the signature does not match it. */
    public static final class BadSignatureException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadSignatureException(String message) {
            super(message);
        }
    }
}
