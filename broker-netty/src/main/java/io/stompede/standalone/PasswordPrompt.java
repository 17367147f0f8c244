package io.stompede.standalone;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a new password for the command-line tools: from the console without echo, asked twice,
 * when there is one; otherwise the first line of standard input, so that scripts can pipe it in.
 * Never from the command line, where other users of the machine could read it in the process
 * list and the shell would keep it in its history. Stateless.
 */
final class PasswordPrompt {
    private static final int MAX_LENGTH = 1024;

    private PasswordPrompt() {
    }

    /**
     * The password, never empty.
     *
     * @throws IOException when none could be read, it is empty, or the two entries differ
     */
    static char[] read(InputStream in) throws IOException {
        Console console = in == System.in ? System.console() : null;
        if (console != null) {
            char[] password = console.readPassword("Password: ");
            char[] again = console.readPassword("Password again: ");
            if (password == null || again == null || !Arrays.equals(password, again)) {
                throw new IOException("the two passwords differ");
            }
            Arrays.fill(again, '\0');
            return nonEmpty(password);
        }
        return nonEmpty(firstLine(in));
    }

    private static char[] firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (line.size() >= MAX_LENGTH) {
                throw new IOException("the password is longer than " + MAX_LENGTH + " bytes");
            }
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, length));
        char[] password = new char[chars.remaining()];
        chars.get(password);
        Arrays.fill(bytes, (byte) 0);
        if (chars.hasArray()) {
            Arrays.fill(chars.array(), '\0');
        }
        return password;
    }

    private static char[] nonEmpty(char[] password) throws IOException {
        if (password.length == 0) {
            throw new IOException("the password is empty");
        }
        return password;
    }
}
