package io.stompede.bench.load;

import picocli.CommandLine.Option;

/**
 * Where a topic scenario's producers SEND: to the topic its consumers subscribe to, or, with
 * {@code --publish-prefix}, to an application destination of the same name whose handler
 * broadcasts to that topic, as a Spring {@code @MessageMapping} method does behind
 * {@code /app/...}. The name after the topic prefix is kept, so the handler can tell the topic
 * from it.
 */
final class Publishing {
    @Option(names = "--publish-prefix", paramLabel = "PREFIX",
            description = "Prefix the producers SEND to in place of --topic-prefix, the rest of the destination kept: "
                    + "an application destination (/app/) whose handler broadcasts to the topic (default: the topic itself).")
    String prefix;

    /** Where to SEND what the subscribers of {@code topic}, a destination under {@code topicPrefix}, should get. */
    String destination(String topic, String topicPrefix) {
        return prefix == null ? topic : prefix + topic.substring(topicPrefix.length());
    }

    /** The result field naming the prefix, with a leading space; "" when producers SEND to the topic. */
    String fields() {
        return prefix == null ? "" : " publish_prefix=" + prefix;
    }
}
