package io.rootfs.nativedeb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptTextTest {
    private static final String POSTINST = """
            #!/bin/sh
            set -e
            calculate_md5sum()
            {
            \tsed -n -e '1,/x/p' "$DPKG_ROOT"/etc/pam.d/"$1" | md5sum | awk '{ print $1 }'
            }
            # update-alternatives --install /commented/out x /y 1
            if [ "$1" = "configure" ]; then
            \tupdate-alternatives \\
            \t  --install /usr/sbin/iptables iptables /usr/sbin/iptables-nft 20 \\
            \t  --slave /usr/sbin/iptables-save iptables-save /usr/sbin/iptables-nft-save
            \tfor f in common-auth common-account; do calculate_md5sum $f; done
            \tcat > /etc/hosts <<-EOF
            \tupdate-alternatives --install /in/a/heredoc x /y 1
            \tEOF
            \tdeb-systemd-helper enable 'chrony.service' >/dev/null || true
            fi
            X=1 adduser --system --group "$NAME" 2>/dev/null
            """;

    @Test
    void findsCallsWithTheirWordsAndSkipsCommentsHereDocumentsAndLoopWords() {
        ScriptText s = ScriptText.of(POSTINST);
        assertThat(s.calls("update-alternatives")).containsExactly(List.of("--install", "/usr/sbin/iptables", "iptables",
                "/usr/sbin/iptables-nft", "20", "--slave", "/usr/sbin/iptables-save", "iptables-save",
                "/usr/sbin/iptables-nft-save"));
        assertThat(s.calls("deb-systemd-helper")).containsExactly(List.of("enable", "chrony.service"));
        // the script's own function, the loop's words and the here-document's lines are not programs it runs
        assertThat(s.programs()).containsExactlyInAnyOrder("sed", "md5sum", "awk", "update-alternatives", "cat",
                "deb-systemd-helper", "adduser");
    }

    @Test
    void aWordWithAVariableIsNotLiteral() {
        List<String> adduser = ScriptText.of(POSTINST).calls("adduser").get(0);
        assertThat(adduser).containsExactly("--system", "--group", "$NAME");
        assertThat(ScriptText.literal(adduser.get(2))).isFalse();
        assertThat(ScriptText.literal("/usr/sbin/iptables")).isTrue();
    }
}
