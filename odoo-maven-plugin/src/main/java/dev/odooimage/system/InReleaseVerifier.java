package dev.odooimage.system;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

import dev.odooimage.util.OdooImageException;

/**
 * Checks an {@code InRelease} file (an OpenPGP cleartext-signed message) against a keyring with
 * Bouncy Castle and returns the signed text: only that text is trusted, never the bytes around
 * it. Like apt, one good signature by a known key is enough, signatures by unknown keys are
 * ignored (Debian signs with the keys of several releases), and a bad signature by a known key
 * refuses the file.
 */
public final class InReleaseVerifier {
    private static final Provider BC = new BouncyCastleProvider();
    private final PGPPublicKeyRingCollection keys;

    private InReleaseVerifier(PGPPublicKeyRingCollection keys) {
        this.keys = keys;
    }

    /** A verifier trusting the public keys of {@code keyring}: armored blocks (text around them ignored) or binary. */
    public static InReleaseVerifier of(byte[] keyring) {
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        String text = new String(keyring, StandardCharsets.ISO_8859_1);
        try {
            if (text.contains("-----BEGIN PGP PUBLIC KEY BLOCK-----")) {
                int at = 0;
                while ((at = text.indexOf("-----BEGIN PGP PUBLIC KEY BLOCK-----", at)) >= 0) {
                    int end = text.indexOf("-----END PGP PUBLIC KEY BLOCK-----", at);
                    String block = text.substring(at, end + "-----END PGP PUBLIC KEY BLOCK-----".length()) + "\n";
                    rings.addAll(read(PGPUtil.getDecoderStream(new ByteArrayInputStream(
                            block.getBytes(StandardCharsets.ISO_8859_1)))));
                    at = end;
                }
            } else {
                rings.addAll(read(new ByteArrayInputStream(keyring)));
            }
            return new InReleaseVerifier(new PGPPublicKeyRingCollection(rings));
        } catch (IOException | RuntimeException e) {
            throw new OdooImageException("cannot read the archive keyring: " + e.getMessage(), e);
        }
    }

    private static List<PGPPublicKeyRing> read(InputStream in) throws IOException {
        List<PGPPublicKeyRing> out = new ArrayList<>();
        PGPPublicKeyRingCollection c;
        try {
            c = new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator());
        } catch (PGPException e) {
            throw new IOException(e.getMessage(), e);
        }
        c.getKeyRings().forEachRemaining(out::add);
        return out;
    }

    /** The Debian archive keys this plugin ships (see docs/system-packages.md). */
    public static InReleaseVerifier debianArchiveKeys() {
        try (InputStream in = InReleaseVerifier.class.getResourceAsStream("debian-archive-keys.asc")) {
            return of(in.readAllBytes());
        } catch (IOException e) {
            throw new OdooImageException("cannot read the plugin's Debian archive keys", e);
        }
    }

    public int keyCount() {
        return keys.size();
    }

    /**
     * The signed text of {@code inRelease}; {@code what} names it in errors (its URL).
     *
     * @throws OdooImageException when it is not signed, or not by a known key, or a known key's signature is bad
     */
    public Verified verify(byte[] inRelease, String what) {
        try {
            ArmoredInputStream aIn = new ArmoredInputStream(new ByteArrayInputStream(inRelease));
            List<byte[]> lines = new ArrayList<>();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int ch;
            if (!aIn.isClearText()) {
                throw new OdooImageException(what + " is not an OpenPGP cleartext-signed file");
            }
            while ((ch = aIn.read()) >= 0 && aIn.isClearText()) {
                if (ch == '\n') {
                    lines.add(line.toByteArray());
                    line.reset();
                } else if (ch != '\r') {
                    line.write(ch);
                }
            }
            // The line end before the signature's dash line is not signed (RFC 4880 7.1): lines
            // are joined with CRLF, without one after the last.
            if (line.size() > 0) {
                lines.add(line.toByteArray());
            }
            JcaPGPObjectFactory f = new JcaPGPObjectFactory(aIn);
            Object o = f.nextObject();
            if (!(o instanceof PGPSignatureList sigs)) {
                throw new OdooImageException(what + " carries no OpenPGP signature");
            }
            List<String> unknown = new ArrayList<>();
            String good = null;
            for (PGPSignature sig : sigs) {
                PGPPublicKey key = keys.getPublicKey(sig.getKeyID());
                if (key == null) {
                    unknown.add(Long.toHexString(sig.getKeyID()).toUpperCase());
                    continue;
                }
                sig.init(new JcaPGPContentVerifierBuilderProvider().setProvider(BC), key);
                for (int i = 0; i < lines.size(); i++) {
                    byte[] l = lines.get(i);
                    sig.update(l, 0, withoutTrailingSpace(l));
                    if (i < lines.size() - 1) {
                        sig.update(new byte[] {'\r', '\n'});
                    }
                }
                if (!sig.verify()) {
                    throw new OdooImageException(what + ": BAD signature by key "
                            + HexFormat.of().withUpperCase().formatHex(key.getFingerprint())
                            + "; the index was changed after signing or the mirror is broken: refused");
                }
                good = HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
            }
            if (good == null) {
                throw new OdooImageException(what + " is signed only by keys not in the archive keyring " + unknown
                        + ": refused (configure the archive's keyring, or a Debian archive)");
            }
            return new Verified(signedText(lines), good);
        } catch (IOException | PGPException | RuntimeException e) {
            if (e instanceof OdooImageException oe) {
                throw oe;
            }
            throw new OdooImageException(what + ": cannot verify the OpenPGP signature: " + e.getMessage(), e);
        }
    }

    private static String signedText(List<byte[]> lines) {
        StringBuilder sb = new StringBuilder();
        for (byte[] l : lines) {
            sb.append(new String(l, StandardCharsets.UTF_8)).append('\n');
        }
        return sb.toString();
    }

    private static int withoutTrailingSpace(byte[] l) {
        int n = l.length;
        while (n > 0 && (l[n - 1] == ' ' || l[n - 1] == '\t')) {
            n--;
        }
        return n;
    }

    /** The text the signature covers and the fingerprint of the key that made a good signature. */
    public record Verified(String text, String keyFingerprint) {
    }
}
