/**
 * Security SPIs: who a client is ({@link io.stompede.security.Authenticator}) and the principal
 * a session carries. Implementations are called from many sessions' threads and must be
 * thread-safe.
 */
package io.stompede.security;
