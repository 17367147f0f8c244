package io.stompede.auth.jwt;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Public keys as JWKs: from PEM text ({@code PUBLIC KEY} blocks, or {@code CERTIFICATE} blocks
 * whose key is taken) or from Java keys, RSA or EC. Only the JDK parses them, so no security
 * provider is needed. Stateless.
 */
final class PublicKeys {
    /** The fewest bits an RSA key may have: shorter ones are within reach of factoring (NIST SP 800-131A). */
    static final int MIN_RSA_BITS = 2048;

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN (PUBLIC KEY|CERTIFICATE)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private PublicKeys() {
    }

    /** Every key of the PEM text, in order; text with none is refused. */
    static List<JWK> fromPem(String pem) {
        List<JWK> keys = new ArrayList<>();
        Matcher block = BLOCK.matcher(pem);
        while (block.find()) {
            byte[] der = Base64.getMimeDecoder().decode(block.group(2));
            keys.add(toJwk(block.group(1).equals("CERTIFICATE") ? certificateKey(der) : spkiKey(der)));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no PEM 'PUBLIC KEY' or 'CERTIFICATE' block found");
        }
        return keys;
    }

    /** An RSA or EC public key as a JWK; any other kind is refused. */
    static JWK toJwk(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new IllegalArgumentException("RSA keys must have at least " + MIN_RSA_BITS + " bits, this one has "
                        + rsa.getModulus().bitLength());
            }
            return new RSAKey.Builder(rsa).build();
        }
        if (key instanceof ECPublicKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (curve == null) {
                throw new IllegalArgumentException("EC key on a curve JWS does not name");
            }
            return new ECKey.Builder(curve, ec).build();
        }
        throw new IllegalArgumentException("only RSA and EC public keys verify tokens, not " + key.getAlgorithm());
    }

    private static PublicKey spkiKey(byte[] der) {
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // Not this kind of key; try the next.
            }
        }
        throw new IllegalArgumentException("a PUBLIC KEY block that is neither RSA nor EC");
    }

    private static PublicKey certificateKey(byte[] der) {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)).getPublicKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("a CERTIFICATE block that does not parse: " + e.getMessage(), e);
        }
    }
}
