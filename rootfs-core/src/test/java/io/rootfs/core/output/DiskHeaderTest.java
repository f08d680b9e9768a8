package io.rootfs.core.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bytes Kata's image layout is made of, against values worked out apart from this code. */
class DiskHeaderTest {
    @Test
    void daxHeaderIsKatasNdPfnSbWithItsChecksum() {
        byte[] block = DaxHeader.block(2 << 20, 2 << 20);
        ByteBuffer b = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(new String(block, 0, 16, StandardCharsets.US_ASCII)).isEqualTo("NVDIMM_PFN_INFO\0");
        assertThat(Arrays.copyOfRange(block, 16, 48)).containsOnly(0);
        assertThat(b.getShort(52)).isZero();
        assertThat(b.getShort(54)).isEqualTo((short) 2);
        assertThat(b.getLong(56)).isEqualTo(0x200000L);
        assertThat(b.getInt(72)).isEqualTo(1);
        assertThat(b.getInt(84)).isEqualTo(0x200000);
        // the checksum of the header Kata's nsdax writes, as measured from an image_builder.sh image
        assertThat(b.getLong(4088)).isEqualTo(0x685b032be3943830L);
    }

    @Test
    void mbrHasTheSignaturePartitionAndMagic() {
        byte[] mbr = Mbr.sector(0x6b617461, List.of(new Mbr.Partition(6144, 786432 - 6144, false)));
        ByteBuffer b = ByteBuffer.wrap(mbr).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(440)).isEqualTo(0x6b617461);
        assertThat(mbr[446]).isZero();
        assertThat(mbr[450]).isEqualTo((byte) 0x83);
        assertThat(b.getInt(454)).isEqualTo(6144);
        assertThat(b.getInt(458)).isEqualTo(786432 - 6144);
        assertThat(mbr[510] & 0xff).isEqualTo(0x55);
        assertThat(mbr[511] & 0xff).isEqualTo(0xaa);
        // CHS of LBA 6144 with 255 heads and 63 sectors: cylinder 0, head 97, sector 34
        assertThat(new int[] {mbr[447] & 0xff, mbr[448] & 0xff, mbr[449] & 0xff}).containsExactly(97, 34, 0);
    }
}
