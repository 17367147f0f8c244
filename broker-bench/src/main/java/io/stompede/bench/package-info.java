/** JMH microbenchmarks of the broker core: codec, registry, fan-out. Not part of the test suite. */
package io.stompede.bench;
