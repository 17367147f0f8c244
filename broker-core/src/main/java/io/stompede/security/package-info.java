/**
 * Security SPIs and their built-in implementations: who a client is
 * ({@link io.stompede.security.Authenticator}, the users file {@link io.stompede.security.UsersFile},
 * {@link io.stompede.security.PasswordHash}), what it may do ({@link io.stompede.security.Authorizer},
 * the rules file {@link io.stompede.security.AccessRules}), and how failed logins from one address
 * are slowed down ({@link io.stompede.security.LoginThrottle}). Implementations are called from
 * many sessions' threads and are thread-safe.
 */
package io.stompede.security;
