package io.rootfs.core.guest;

import io.rootfs.api.AgentSource;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** {@code /var/lib/osbuilder/osbuilder.yaml}, file format 0.0.2, as Kata's builder writes it. */
public final class OsbuilderYaml {
    /** Where Kata's builder writes it; its presence marks a folder as a rootfs a build made. */
    public static final String PATH = "/var/lib/osbuilder/osbuilder.yaml";
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSxxx").withZone(ZoneOffset.UTC);

    private OsbuilderYaml() {
    }

    static String render(GuestPlan plan) {
        StringBuilder y = new StringBuilder();
        y.append("---\n");
        y.append("osbuilder:\n");
        y.append("  url: ").append(q(plan.builderName())).append('\n');
        y.append("  version: ").append(q(plan.builderVersion())).append('\n');
        y.append("rootfs-creation-time: ").append(q(TIME.format(Instant.ofEpochSecond(plan.sourceDateEpoch()))))
                .append('\n');
        y.append("description: \"osbuilder rootfs\"\n");
        y.append("file-format-version: \"0.0.2\"\n");
        y.append("architecture: ").append(q(plan.arch().kataName())).append('\n');
        y.append("base-distro:\n");
        y.append("  name: ").append(q(plan.distroName())).append('\n');
        y.append("  version: ").append(q(plan.osVersion())).append('\n');
        y.append("  packages:\n");
        list(y, "default", plan.packages());
        list(y, "extra", plan.extraPackages());
        y.append("agent:\n");
        y.append("  url: ").append(q(agentUrl(plan.agent()))).append('\n');
        y.append("  name: \"kata-agent\"\n");
        y.append("  version: ").append(q(agentVersion(plan.agent()))).append('\n');
        y.append("  agent-is-init-daemon: ").append(q(plan.agentInit() ? "yes" : "no")).append('\n');
        return y.toString();
    }

    private static void list(StringBuilder y, String key, List<String> items) {
        if (items.isEmpty()) {
            y.append("    ").append(key).append(": []\n");
            return;
        }
        y.append("    ").append(key).append(":\n");
        for (String item : items) {
            y.append("      - ").append(q(item)).append('\n');
        }
    }

    private static String agentUrl(AgentSource agent) {
        if (agent instanceof AgentSource.Binary b) {
            return "file:" + b.path().getFileName();
        }
        if (agent instanceof AgentSource.Tarball t) {
            return "file:" + t.path().getFileName();
        }
        if (agent instanceof AgentSource.Artifact a) {
            return "maven:" + a.coordinates();
        }
        return "none";
    }

    private static String agentVersion(AgentSource agent) {
        if (agent instanceof AgentSource.Artifact a) {
            String[] parts = a.coordinates().split(":");
            return parts[parts.length - 1];
        }
        return agent instanceof AgentSource.None ? "none" : "unknown";
    }

    private static String q(String s) {
        return "\"" + (s == null ? "" : s.replace("\\", "\\\\").replace("\"", "\\\"")) + "\"";
    }
}
