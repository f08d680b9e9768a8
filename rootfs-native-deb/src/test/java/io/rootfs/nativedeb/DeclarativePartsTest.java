package io.rootfs.nativedeb;

import static org.assertj.core.api.Assertions.assertThat;

import io.rootfs.core.tree.GuestPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces of the declarative path: accounts, alternatives, ld.so.cache against glibc's own ldconfig. */
class DeclarativePartsTest {
    private static final long EPOCH = 1_700_000_000L; // day 19675

    @Test
    void accountsAreAllocatedAsAdduserAndSysusersAllocateThem(@TempDir Path tree) throws Exception {
        GuestPath guest = new GuestPath(tree);
        guest.write("usr/share/base-passwd/passwd.master", "root:*:0:0:root:/root:/bin/bash\n"
                + "nobody:*:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n");
        guest.write("usr/share/base-passwd/group.master", "root:*:0:\nusers:*:100:\nnogroup:*:65534:\n");
        Accounts a = Accounts.read(guest, EPOCH);
        a.sysusersLine("g systemd-journal - -");
        a.sysusersLine("u systemd-network - \"systemd Network Management\"");
        a.shadowOn();
        a.addSystemUser("_chrony", true, null, "/var/lib/chrony", null, "Chrony daemon");
        a.write(guest);
        assertThat(Files.readString(tree.resolve("etc/passwd"))).isEqualTo("root:x:0:0:root:/root:/bin/bash\n"
                + "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
                + "systemd-network:x:998:998:systemd Network Management:/:/usr/sbin/nologin\n"
                + "_chrony:x:100:101:Chrony daemon,,,:/var/lib/chrony:/usr/sbin/nologin\n");
        assertThat(Files.readString(tree.resolve("etc/group"))).contains("systemd-journal:x:999:\n",
                "systemd-network:x:998:\n", "_chrony:x:101:\n");
        assertThat(Files.readString(tree.resolve("etc/shadow"))).contains("systemd-network:!*:19675::::::\n",
                "root:*:19675:0:99999:7:::\n", "_chrony:!:19675::::::\n");
        assertThat(Files.readString(tree.resolve("etc/gshadow"))).contains("systemd-journal:!*::\n", "users:*::\n",
                "_chrony:!::\n");
    }

    @Test
    void theHighestPriorityWinsAndDpkgsRecordListsEveryChoice(@TempDir Path tree) throws Exception {
        GuestPath guest = new GuestPath(tree);
        guest.write("usr/sbin/iptables-legacy", "");
        guest.write("usr/sbin/iptables-nft", "");
        guest.write("usr/sbin/iptables-nft-save", "");
        Alternatives alternatives = new Alternatives();
        assertThat(alternatives.install(List.of("--install", "/usr/sbin/iptables", "iptables", "/usr/sbin/iptables-legacy",
                "10", "--slave", "/usr/sbin/iptables-save", "iptables-save", "/usr/sbin/iptables-legacy-save"))).isTrue();
        assertThat(alternatives.install(List.of("--install", "/usr/sbin/iptables", "iptables", "/usr/sbin/iptables-nft",
                "20", "--slave", "/usr/sbin/iptables-save", "iptables-save", "/usr/sbin/iptables-nft-save"))).isTrue();
        assertThat(alternatives.install(List.of("--install", "/usr/bin/x", "x", "$PATH_SET_LATER", "1"))).isFalse();
        alternatives.write(guest);
        assertThat(Files.readSymbolicLink(tree.resolve("usr/sbin/iptables"))).hasToString("/etc/alternatives/iptables");
        assertThat(Files.readSymbolicLink(tree.resolve("etc/alternatives/iptables"))).hasToString("/usr/sbin/iptables-nft");
        assertThat(Files.readSymbolicLink(tree.resolve("etc/alternatives/iptables-save")))
                .hasToString("/usr/sbin/iptables-nft-save");
        assertThat(Files.readString(tree.resolve("var/lib/dpkg/alternatives/iptables"))).isEqualTo("auto\n"
                + "/usr/sbin/iptables\niptables-save\n/usr/sbin/iptables-save\n\n"
                + "/usr/sbin/iptables-legacy\n10\n/usr/sbin/iptables-legacy-save\n"
                + "/usr/sbin/iptables-nft\n20\n/usr/sbin/iptables-nft-save\n\n");
    }

    @Test
    void theCacheListsWhatGlibcsLdconfigListsForTheSameFolder(@TempDir Path tmp) throws Exception {
        // this machine's own libraries (FIXTURE: copied from the host) in a merged-/usr tree
        Path host = Path.of("/usr/lib/x86_64-linux-gnu");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(host), "an x86_64 Debian host");
        Path tree = tmp.resolve("tree");
        Path lib = Files.createDirectories(tree.resolve("usr/lib/x86_64-linux-gnu"));
        Files.createSymbolicLink(tree.resolve("lib"), Path.of("usr/lib"));
        for (String name : List.of("libz.so.1.2.13", "libzstd.so.1.5.4", "libc.so.6", "ld-linux-x86-64.so.2")) {
            Files.copy(host.resolve(name), lib.resolve(name));
        }
        Files.createSymbolicLink(lib.resolve("libz.so.1"), Path.of("libz.so.1.2.13"));
        Files.createSymbolicLink(lib.resolve("libzstd.so.1"), Path.of("/usr/lib/x86_64-linux-gnu/libzstd.so.1.5.4"));
        Files.createDirectories(tree.resolve("etc/ld.so.conf.d"));
        Files.writeString(tree.resolve("etc/ld.so.conf"), "include /etc/ld.so.conf.d/*.conf\n");
        Files.writeString(tree.resolve("etc/ld.so.conf.d/x86_64-linux-gnu.conf"), "/lib/x86_64-linux-gnu\n"
                + "/usr/lib/x86_64-linux-gnu\n");
        int n = LdSoCache.write(new GuestPath(tree), List.of("/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu"), "test");
        assertThat(n).isEqualTo(4);
        Path ours = tmp.resolve("ours");
        Files.copy(tree.resolve("etc/ld.so.cache"), ours);
        // glibc's ldconfig on the same tree, then both caches listed by it
        Files.delete(tree.resolve("etc/ld.so.cache"));
        run("ldconfig", "-X", "-r", tree.toString());
        String theirs = run("ldconfig", "-p", "-C", tree.resolve("etc/ld.so.cache").toString());
        String mine = run("ldconfig", "-p", "-C", ours.toString());
        assertThat(lines(mine)).isEqualTo(lines(theirs)).hasSize(4);
    }

    private static List<String> lines(String listing) {
        return listing.lines().filter(l -> l.startsWith("\t")).toList();
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
