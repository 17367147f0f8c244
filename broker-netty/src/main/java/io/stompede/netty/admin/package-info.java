/**
 * The broker's admin endpoint: {@link io.stompede.netty.admin.AdminServer}, an HTTP server on a
 * port of its own with health and readiness probes, Prometheus metrics, a JSON API over the
 * broker's admin operations and a status page. Everything but {@code AdminServer} is
 * package-private. It uses {@code io.stompede.netty} (the server it reports on, its static files)
 * and the core, which never refer to it.
 *
 * <p>Threading: each endpoint runs its connections, its sampler and its scrapes on one event loop
 * thread of its own (which also times the throttled login checks and idle connections); password
 * checks run on two login worker threads and operations that may touch the journal or Redis on
 * one of their own; the observer it attaches to the broker is called on the broker's threads and
 * only counts.
 */
package io.stompede.netty.admin;
