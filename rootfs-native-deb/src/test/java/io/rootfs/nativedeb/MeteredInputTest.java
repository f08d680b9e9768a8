package io.rootfs.nativedeb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rootfs.core.output.Digests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** A body read through MeteredInput: counted, hashed, bounded (FIXTURE bytes). */
class MeteredInputTest {
    @Test
    void aBodyUpToItsLimitIsReadAndOneByteMoreIsRefused() throws IOException {
        byte[] ten = "0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(MeteredInput.bounded(new ByteArrayInputStream(ten), 10, () -> new IllegalStateException("over"))
                .readAllBytes()).isEqualTo(ten);
        assertThatThrownBy(() -> MeteredInput.bounded(new ByteArrayInputStream(ten), 9,
                () -> new IllegalStateException("over")).readAllBytes()).hasMessage("over");
    }

    @Test
    void aHashedBodyIsCountedAndHashedAndItsCloseLeavesTheBodyOpen() throws IOException {
        byte[] ten = "0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        boolean[] closed = {false};
        ByteArrayInputStream body = new ByteArrayInputStream(ten) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        MeteredInput hashed = MeteredInput.hashed(body);
        assertThat(hashed.read()).isEqualTo('0');
        hashed.readAllBytes();
        hashed.close();
        assertThat(hashed.count()).isEqualTo(10);
        assertThat(hashed.sha256()).isEqualTo(Digests.sha256(ten));
        assertThat(closed[0]).isFalse();
    }
}
