package io.stompede.standalone;

import io.stompede.security.PasswordHash;
import io.stompede.security.UsersFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code stompede user add NAME --users FILE [--groups a,b]}: adds a user to a users file, or
 * replaces an existing user's password and groups. The password is read from the console, or
 * from the first line of standard input, never from the command line.
 *
 * <p>Threading: runs on the main thread.
 */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manages the users file.",
        subcommands = UserCommand.Add.class)
final class UserCommand implements Runnable {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a subcommand: add");
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Adds a user to the users file (created if missing), or replaces its password and groups.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        UserCommand user;

        @Parameters(paramLabel = "NAME", description = "The login.")
        String name;

        @Option(names = "--users", required = true, paramLabel = "FILE", description = "The users file to change.")
        Path file;

        @Option(names = "--groups", split = ",", paramLabel = "GROUP", description = "The user's groups, comma-separated.")
        List<String> groups = new ArrayList<>();

        @Option(names = "--certificate-only",
                description = "No password: the user authenticates with a TLS client certificate whose CN is NAME.")
        boolean certificateOnly;

        @Option(names = "--iterations", paramLabel = "N", defaultValue = "" + PasswordHash.DEFAULT_ITERATIONS,
                description = "PBKDF2 iterations (default: ${DEFAULT-VALUE}).")
        int iterations;

        @Override
        public Integer call() {
            Main main = user.main;
            try {
                UsersFile users = Files.exists(file) ? UsersFile.load(file) : UsersFile.empty();
                String hash = null;
                if (!certificateOnly) {
                    char[] password = PasswordPrompt.read(main.in());
                    try {
                        hash = PasswordHash.hash(password, iterations);
                    } finally {
                        Arrays.fill(password, '\0');
                    }
                }
                users.withUser(name, hash, groups).save(file);
            } catch (IOException | IllegalArgumentException e) {
                main.err().println("stompede: user not added: " + e.getMessage());
                return Main.EXIT_USAGE;
            }
            main.out().println("user " + name + " saved to " + file);
            return 0;
        }
    }
}
