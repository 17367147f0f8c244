package io.stompede.standalone;

import io.stompede.security.PasswordHash;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code stompede hash-password}: prints the users-file hash of a password read from the console
 * or standard input, for operators who manage the users file with their own tools.
 *
 * <p>Threading: runs on the main thread.
 */
@Command(name = "hash-password", mixinStandardHelpOptions = true,
        description = "Reads a password (console, or the first line of standard input) and prints its users-file hash.")
final class HashPasswordCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "" + PasswordHash.DEFAULT_ITERATIONS,
            description = "PBKDF2 iterations (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Override
    public Integer call() {
        char[] password;
        try {
            password = PasswordPrompt.read(main.in());
        } catch (IOException e) {
            main.err().println("stompede: no password: " + e.getMessage());
            return Main.EXIT_USAGE;
        }
        try {
            main.out().println(PasswordHash.hash(password, iterations));
            return 0;
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}
