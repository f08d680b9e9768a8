package io.rootfs.core.output;

import io.rootfs.core.json.JsonWriter;
import io.rootfs.core.sbom.GuestPackage;
import io.rootfs.core.sbom.PackageDatabase;
import io.rootfs.core.tree.RootfsTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A CycloneDX 1.5 SBOM of the guest ({@code rootfs.cdx.json}): every package its own database
 * (dpkg, rpm or apk) says is installed, with its package URL, and the agent and other files that
 * went in, with their SHA-256. Its time is SOURCE_DATE_EPOCH and its serial number comes from its
 * content, so the same guest gives the same bytes.
 */
public final class SbomOutput implements RootfsOutput {
    @Override
    public String format() {
        return "sbom";
    }

    @Override
    public List<String> fileNames(OutputContext c) {
        return List.of(c.base() + ".cdx.json");
    }

    @Override
    public void write(RootfsTree tree, Path folder, OutputContext c) throws IOException {
        GuestFacts f = c.facts();
        List<Object> components = new ArrayList<>();
        for (GuestPackage p : PackageDatabase.read(tree.folder(), f.distroId(), f.osVersion())) {
            Map<String, Object> component = new LinkedHashMap<>();
            component.put("type", "library");
            component.put("bom-ref", p.purl());
            component.put("name", p.name());
            component.put("version", p.version());
            component.put("purl", p.purl());
            components.add(component);
        }
        for (GuestFacts.Input input : f.inputs()) {
            Map<String, Object> component = new LinkedHashMap<>();
            component.put("type", "file");
            component.put("bom-ref", "input:" + input.role() + ":" + input.name());
            component.put("name", input.name());
            component.put("description", input.role());
            component.put("hashes", List.of(JsonWriter.object("alg", "SHA-256", "content", Digests.sha256(input.file()))));
            components.add(component);
        }
        Map<String, Object> guest = new LinkedHashMap<>();
        guest.put("type", "operating-system");
        guest.put("bom-ref", "guest");
        guest.put("name", f.distroName());
        guest.put("version", f.osVersion());
        guest.put("description", "Kata Containers guest root filesystem (" + f.arch() + ")");
        Map<String, Object> tool = new LinkedHashMap<>();
        tool.put("type", "application");
        tool.put("name", f.builder());
        tool.put("version", f.builderVersion());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("timestamp", Instant.ofEpochSecond(c.epoch()).toString());
        metadata.put("tools", JsonWriter.object("components", List.of(tool)));
        metadata.put("component", guest);
        Map<String, Object> bom = new LinkedHashMap<>();
        bom.put("bomFormat", "CycloneDX");
        bom.put("specVersion", "1.5");
        String body = JsonWriter.write(List.of(metadata, components));
        bom.put("serialNumber", "urn:uuid:" + UUID.nameUUIDFromBytes(body.getBytes(StandardCharsets.UTF_8)));
        bom.put("version", 1);
        bom.put("metadata", metadata);
        bom.put("components", components);
        Files.writeString(folder.resolve(fileNames(c).get(0)), JsonWriter.write(bom));
    }

}
