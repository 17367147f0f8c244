/**
 * Authentication by JSON Web Token: {@link io.stompede.auth.jwt.JwtAuthenticator} verifies a
 * client's token with Nimbus JOSE+JWT against an HMAC secret, public keys or a JWKS file, checks
 * issuer, audience and validity within a bounded clock skew, and names the principal and its
 * groups from claims; the principal carries the token's expiry, which the broker enforces on the
 * live session. Everything here is thread-safe.
 */
package io.stompede.auth.jwt;
