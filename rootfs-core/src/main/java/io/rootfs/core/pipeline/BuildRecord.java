package io.rootfs.core.pipeline;

import io.rootfs.core.RootfsException;
import io.rootfs.core.json.JsonWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The build's report beside the rootfs ({@code rootfs.build.json}), as Jib's jib-image.json is for
 * an image: the distro and release, the backend, every output with its size and SHA-256, and how
 * long each stage took. Tools (and the verify goal) read it to find what was built.
 */
final class BuildRecord {
    private BuildRecord() {
    }

    static Path write(BuildState s, BuildSummary summary) {
        Path target = s.prepared.output().target();
        Path file = target.resolveSibling(target.getFileName() + ".build.json");
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("distro", s.distro.id());
        report.put("distroName", s.plan.distroName());
        report.put("osVersion", s.plan.osVersion());
        report.put("arch", s.request.arch().kataName());
        report.put("backend", s.backend.backend().name().toLowerCase(java.util.Locale.ROOT));
        report.put("agentInit", s.prepared.agentInit());
        report.put("sourceDateEpoch", s.request.sourceDateEpoch());
        report.put("packages", summary.packages());
        if (s.request.outputs().has(io.rootfs.core.output.Outputs.DIRECTORY)) {
            report.put("rootfs", target.toString());
        }
        List<Object> outputs = new ArrayList<>();
        for (BuildState.Delivered d : s.delivered) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("format", d.format());
            o.put("file", d.file().toString());
            o.put("size", d.size());
            o.put("sha256", d.sha256());
            outputs.add(o);
        }
        report.put("outputs", outputs);
        List<Object> stages = new ArrayList<>();
        for (BuildState.Timed t : s.stages) {
            stages.add(JsonWriter.object("stage", t.stage(), "seconds", Math.round(t.seconds() * 1000) / 1000.0));
        }
        report.put("stages", stages);
        try {
            Files.writeString(file, JsonWriter.write(report));
            Set<String> ours = new LinkedHashSet<>(Files.isRegularFile(s.work.written())
                    ? Files.readAllLines(s.work.written()) : List.of());
            ours.add(file.getFileName().toString());
            Files.write(s.work.written(), ours);
            return file;
        } catch (IOException e) {
            throw RootfsException.environment("Cannot write the build report " + file + ": " + e.getMessage(), e);
        }
    }
}
