package io.rootfs.core.verify;

import io.rootfs.api.Arch;
import io.rootfs.api.BuildLog;
import io.rootfs.core.RootfsException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Boots the guest under qemu and waits for its agent: the kernel and the guest on the serial
 * console, software emulation unless KVM is asked for, a time limit. Success is the wait-for line
 * on the console; the whole console is kept in a file either way, and a failure shows its last lines.
 */
public final class QemuBoot {
    private static final int TAIL = 25;
    private final BootSettings settings;
    private final BuildLog log;

    public QemuBoot(BootSettings settings, BuildLog log) {
        this.settings = settings;
        this.log = log;
    }

    /** The qemu command line of a boot. */
    List<String> command(GuestBoot boot, Arch arch) {
        QemuTarget target = QemuTarget.of(arch);
        if (settings.kvm() && arch != Arch.host()) {
            throw RootfsException.input("rootfs.verify.kvm=true, but the guest is " + arch + " and this machine "
                    + Arch.host() + ": KVM runs only this machine's architecture. Leave rootfs.verify.kvm out, and qemu"
                    + " emulates the guest.");
        }
        String machine = settings.machine() == null || settings.machine().isBlank() ? target.machine() : settings.machine();
        List<String> cmd = new ArrayList<>(List.of(target.program(), "-accel", settings.kvm() ? "kvm" : "tcg",
                "-nographic", "-serial", "mon:stdio", "-no-reboot", "-kernel", settings.kernel().toString()));
        if (boot.nvdimmBytes() > 0) {
            long maxMiB = settings.memoryMiB() + (boot.nvdimmBytes() >> 20) + 1024;
            cmd.addAll(List.of("-machine", machine + ",nvdimm=on", "-m",
                    settings.memoryMiB() + ",slots=2,maxmem=" + maxMiB + "M"));
        } else {
            cmd.addAll(List.of("-machine", machine, "-m", Integer.toString(settings.memoryMiB())));
        }
        if (target.cpu() != null) {
            cmd.addAll(List.of("-cpu", target.cpu()));
        }
        if (boot.initrd() != null) {
            cmd.addAll(List.of("-initrd", boot.initrd()));
        } else if (boot.initramfs() && settings.initramfs() != null) {
            cmd.addAll(List.of("-initrd", settings.initramfs().toString()));
        }
        cmd.addAll(boot.qemuArgs());
        String append = "console=" + target.console() + " panic=-1 " + boot.append() + (settings.append().isBlank() ? "" : " "
                + settings.append());
        cmd.addAll(List.of("-append", append.trim()));
        return cmd;
    }

    /** Boots and returns the seconds until the wait-for line, or fails with the console's last lines. */
    public double run(GuestBoot boot, Arch arch) {
        List<String> command = command(boot, arch);
        Path console = settings.logs().resolve(boot.name() + ".console.log");
        log.info("Booting " + boot.name() + ": " + String.join(" ", command));
        long start = System.nanoTime();
        Process qemu;
        try {
            Files.createDirectories(settings.logs());
            qemu = new ProcessBuilder(command).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            QemuTarget target = QemuTarget.of(arch);
            throw RootfsException.environment("Cannot start " + target.program() + " to boot the " + arch + " guest"
                    + " (apt-get install " + target.aptPackage() + "): " + e.getMessage(), e);
        }
        Deque<String> tail = new ArrayDeque<>();
        boolean[] seen = {false};
        Thread reader = new Thread(() -> read(qemu, console, tail, seen), "rootfs-qemu-console");
        reader.setDaemon(true);
        reader.start();
        try {
            long deadline = start + settings.timeout().toNanos();
            while (!seen[0] && qemu.isAlive() && System.nanoTime() < deadline) {
                synchronized (seen) {
                    seen.wait(200);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            boolean ended = !qemu.isAlive();
            qemu.destroyForcibly();
            qemu.waitFor(10, TimeUnit.SECONDS);
            reader.join(5000);
            if (seen[0]) {
                log.info(String.format(Locale.ROOT, "Boot %s: the guest is up (\"%s\") after %.1f s; console in %s",
                        boot.name(), settings.waitFor(), seconds, console));
                return seconds;
            }
            String why = ended ? "qemu ended first (exit code " + qemu.exitValue() + ")"
                    : "not within " + settings.timeout().toSeconds() + " s";
            synchronized (tail) {
                throw RootfsException.environment("Boot " + boot.name() + " failed: \"" + settings.waitFor()
                        + "\" never came on the console, " + why + ". Last lines:\n  " + String.join("\n  ", tail)
                        + "\nThe whole console: " + console);
            }
        } catch (InterruptedException e) {
            qemu.destroyForcibly();
            Thread.currentThread().interrupt();
            throw RootfsException.environment("Interrupted while booting " + boot.name(), e);
        }
    }

    private void read(Process qemu, Path console, Deque<String> tail, boolean[] seen) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(qemu.getInputStream(), StandardCharsets.UTF_8));
                BufferedWriter out = Files.newBufferedWriter(console, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                String clean = line.replace("\r", "");
                out.write(clean);
                out.newLine();
                synchronized (tail) {
                    tail.addLast(clean);
                    if (tail.size() > TAIL) {
                        tail.removeFirst();
                    }
                }
                if (clean.contains(settings.waitFor())) {
                    synchronized (seen) {
                        seen[0] = true;
                        seen.notifyAll();
                    }
                }
            }
        } catch (IOException e) {
            // qemu was stopped
        }
    }
}
