package io.stompede.bench.load;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The STOMP load tool: {@code java -cp benchmarks.jar io.stompede.bench.load.LoadTool SCENARIO
 * [options]}. Each scenario prints one line starting with {@code RESULT} on standard output;
 * {@code bench/compare.sh} runs them against Stompede and its peers.
 */
@Command(name = "stompede-load", mixinStandardHelpOptions = true,
        description = "Loads any STOMP broker over TCP or WebSocket and prints one RESULT line per run.",
        subcommands = {FanoutScenario.class, QueueScenario.class, LatencyScenario.class, RoomsScenario.class,
                ConnectionsScenario.class})
public final class LoadTool {
    private LoadTool() {
    }

    /** Runs one scenario; exits non-zero when it could not set up or the options are wrong. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadTool()).execute(args));
    }
}
