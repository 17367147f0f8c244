/** Peers that bench/compare.sh measures Stompede against and that ship as a library rather than a server. */
package io.stompede.bench.peer;
