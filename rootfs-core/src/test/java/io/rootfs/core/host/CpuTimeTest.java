package io.rootfs.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CpuTimeTest {
    @Test
    void readsOwnAndChildrenTimesPastACommandNameWithParentheses() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime ...
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194304 100 0 0 0 1234 56 789 10 20 0 40 0 12345\n";
        CpuTime.Used used = CpuTime.parse(stat);
        assertThat(used.own()).isCloseTo(12.90, within(1e-9));
        assertThat(used.children()).isCloseTo(7.99, within(1e-9));
        assertThat(used.total()).isCloseTo(20.89, within(1e-9));
        assertThat(used.since(new CpuTime.Used(2.9, 0.99)).children()).isCloseTo(7.0, within(1e-9));
    }

    @Test
    void aChildThatWasWaitedForCounts() throws Exception {
        CpuTime.Used before = CpuTime.now();
        // a child that burns CPU for a while, then is waited for: its time moves into this process's
        Process p = new ProcessBuilder("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done").start();
        assertThat(p.waitFor()).isZero();
        CpuTime.Used spent = CpuTime.now().since(before);
        assertThat(spent.children()).isGreaterThan(0);
        assertThat(spent.own()).isGreaterThanOrEqualTo(0);
    }
}
