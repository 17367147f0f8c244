package io.stompede.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The validator agrees with the JDK's strict decoder, wherever a sequence falls against its eight-byte steps. */
class Utf8Test {
    /** Sequences on both sides of every rule: lengths, overlong forms, surrogates, the top of Unicode. */
    private static final int[][] SEQUENCES = {
            {'a'}, {0}, {0x7f}, {0x80}, {0xbf}, {0xc0, 0x80}, {0xc1, 0xbf}, {0xc2, 0x80}, {0xdf, 0xbf}, {0xc2},
            {0xe0, 0x9f, 0xbf}, {0xe0, 0xa0, 0x80}, {0xe1, 0x80, 0x80}, {0xec, 0xbf, 0xbf}, {0xed, 0x9f, 0xbf},
            {0xed, 0xa0, 0x80}, {0xed, 0xbf, 0xbf}, {0xee, 0x80, 0x80}, {0xef, 0xbf, 0xbf}, {0xe2, 0x82},
            {0xf0, 0x8f, 0xbf, 0xbf}, {0xf0, 0x90, 0x80, 0x80}, {0xf3, 0xbf, 0xbf, 0xbf}, {0xf4, 0x8f, 0xbf, 0xbf},
            {0xf4, 0x90, 0x80, 0x80}, {0xf5, 0x80, 0x80, 0x80}, {0xf0, 0x9f, 0x98}, {0xff}, {0xfe},
    };

    @Test
    void everySequenceAtEveryPositionAgreesWithTheJdk() {
        for (int[] sequence : SEQUENCES) {
            for (int before = 0; before <= 17; before++) {
                for (int after = 0; after <= 9; after++) {
                    byte[] bytes = new byte[before + sequence.length + after];
                    java.util.Arrays.fill(bytes, (byte) 'x');
                    for (int i = 0; i < sequence.length; i++) {
                        bytes[before + i] = (byte) sequence[i];
                    }
                    assertThat(Utf8.isValid(bytes, 0, bytes.length))
                            .as("%s after %d ASCII bytes, before %d", java.util.Arrays.toString(sequence), before, after)
                            .isEqualTo(jdkAccepts(bytes, 0, bytes.length));
                }
            }
        }
    }

    @Test
    void randomTextAndNoiseAgreeWithTheJdk() {
        Random random = new Random(6455);
        String[] pieces = {"MESSAGE\n", "destination:/topic/a\n", "é", "€", "😀", "日本", "\0", "x".repeat(9)};
        for (int round = 0; round < 20_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            if (bytes.length > 0 && random.nextBoolean()) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            int offset = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            int length = random.nextInt(bytes.length - offset + 1);
            assertThat(Utf8.isValid(bytes, offset, length))
                    .as("%s [%d, +%d)", java.util.Arrays.toString(bytes), offset, length)
                    .isEqualTo(jdkAccepts(bytes, offset, length));
        }
    }

    @Test
    void onlyTheRangeAskedForIsChecked() {
        byte[] bytes = {(byte) 0xff, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', (byte) 0xff};

        assertThat(Utf8.isValid(bytes, 1, bytes.length - 2)).isTrue();
        assertThat(Utf8.isValid(bytes, 1, bytes.length - 1)).isFalse();
    }

    private static boolean jdkAccepts(byte[] bytes, int offset, int length) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
