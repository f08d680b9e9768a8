package io.rootfs.nativedeb;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootfs.core.tree.GuestPath;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PamAuthUpdateTest {
    @Test
    void defaultProfilesFillTheTemplatesAndSuccessEndJumpsOverTheFallback(@TempDir Path tree) throws Exception {
        GuestPath guest = new GuestPath(tree);
        // FIXTURE profiles and templates, shaped as libpam-runtime's and libpam-modules'
        guest.write("usr/share/pam-configs/unix", "Name: Unix authentication\nDefault: yes\nPriority: 256\n"
                + "Auth-Type: Primary\nAuth:\n\t[success=end default=ignore]\tpam_unix.so nullok try_first_pass\n"
                + "Auth-Initial:\n\t[success=end default=ignore]\tpam_unix.so nullok\n"
                + "Session-Type: Additional\nSession:\n\trequired\tpam_unix.so\n");
        guest.write("usr/share/pam-configs/mkhomedir", "Name: Create home directory on login\nDefault: no\n"
                + "Priority: 0\nSession-Type: Additional\nSession-Interactive-Only: yes\nSession:\n\toptional\tpam_mkhomedir.so\n");
        for (String t : new String[] {"auth", "account", "password", "session", "session-noninteractive"}) {
            String p = t.equals("session-noninteractive") ? "session_nonint" : t;
            guest.write("usr/share/pam/common-" + t, "# " + t + "\n$" + p + "_primary\n" + t.replace("-noninteractive", "")
                    + "\trequisite\t\t\tpam_deny.so\n$" + p + "_additional\n");
        }
        assertThat(PamAuthUpdate.write(guest)).isTrue();
        assertThat(Files.readString(tree.resolve("etc/pam.d/common-auth"))).isEqualTo("# auth\n"
                + "auth\t[success=1 default=ignore]\tpam_unix.so nullok\nauth\trequisite\t\t\tpam_deny.so\n");
        // no primary module: pam_permit jumps over the fallback; the disabled profile is left out
        assertThat(Files.readString(tree.resolve("etc/pam.d/common-session"))).isEqualTo("# session\n"
                + "session\t[default=1]\t\t\tpam_permit.so\nsession\trequisite\t\t\tpam_deny.so\n"
                + "session\trequired\tpam_unix.so \n");
        assertThat(Files.readString(tree.resolve("var/lib/pam/auth")))
                .isEqualTo("Module: unix\n[success=end default=ignore]\tpam_unix.so nullok\n");
        assertThat(Files.readString(tree.resolve("var/lib/pam/seen"))).isEqualTo("unix\nmkhomedir\n");
    }
}
