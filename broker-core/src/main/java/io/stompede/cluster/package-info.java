/**
 * The cluster seam: {@link io.stompede.cluster.ClusterBus}, through which several brokers share
 * their topics and queues. The core ships only the single-node default; a bus over Redis lives in a module of
 * its own, so that the core keeps no dependency.
 *
 * <p>Threading: implementations are thread-safe and never block their caller.
 */
package io.stompede.cluster;
