package io.rootfs.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import io.rootfs.api.BuildLog;
import io.rootfs.core.RootfsException;
import io.rootfs.core.host.Engine;
import io.rootfs.core.output.WorkFolder;
import io.rootfs.core.script.KataDriver;
import io.rootfs.core.script.ScriptBackend;
import io.rootfs.core.script.ScriptEnvironment;
import io.rootfs.core.script.ScriptOutput;
import io.rootfs.core.script.ScriptRun;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs the Kata driver in a builder container with exactly the variables the host backend would
 * give it, but for the container's own PATH and HOME. On a local engine the project, the scripts,
 * the work folder and the rootfs are mounted at the same paths as on this machine, so every path
 * in those variables holds inside too; on a remote engine the same folders are copied in and the
 * rootfs is copied out as tar streams. The container is removed on success, on failure and on
 * Ctrl-C.
 */
public final class ContainerBackend implements ScriptBackend {
    /** Label on every container this backend starts, so leftovers can be found. */
    public static final String LABEL = "io.rootfs.build";
    private static final String[] CAPABILITIES = {"SYS_ADMIN", "SYS_CHROOT", "MKNOD"};
    // the driver runs; then, when Maven does not run as root, the tree's owners, modes and devices are
    // recorded (stat, NUL-separated) before what the container wrote is handed to Maven's user
    private static final String ENTRY = "bash \"$ROOTFS_WORK_DIR/" + KataDriver.FILE + "\"; rc=$?; "
            + "if [ -n \"$ROOTFS_OWNER\" ]; then (cd \"$ROOTFS_DIR\" && find . -print0 | xargs -0 -r stat --printf"
            + " '" + RecordedOwners.STAT_FORMAT + "') >\"$ROOTFS_WORK_DIR/" + RecordedOwners.FILE + "\"; "
            + "chown -R \"$ROOTFS_OWNER\" \"$ROOTFS_DIR\" \"$ROOTFS_WORK_DIR\"; fi; exit $rc";

    private final DockerClient docker;
    private final Engine engine;
    private final String image;
    private final ContainerMounts mounts;
    private final String owner;
    private final boolean privileged;
    private final BuildLog log;
    private volatile String running;

    /**
     * @param owner      {@code uid:gid} to hand the files to, or null when Maven runs as root
     * @param privileged whether the distro asks for a privileged container
     */
    public ContainerBackend(DockerClient docker, Engine engine, String image, ContainerMounts mounts, String owner,
            boolean privileged, BuildLog log) {
        this.docker = docker;
        this.engine = engine;
        this.image = image;
        this.mounts = mounts;
        this.owner = owner;
        this.privileged = privileged;
        this.log = log;
    }

    @Override
    public void run(ScriptRun run) {
        KataDriver.write(run.workDir());
        removeLeftovers(run.workDir());
        List<String> env = new ArrayList<>();
        ScriptEnvironment.inContainer(run.environment()).forEach((k, v) -> env.add(k + "=" + v));
        if (owner != null) {
            env.add("ROOTFS_OWNER=" + owner);
        }
        HostConfig host = HostConfig.newHostConfig().withNetworkMode("host").withPrivileged(privileged);
        if (!privileged) {
            host.withCapAdd(java.util.Arrays.stream(CAPABILITIES).map(Capability::valueOf).toArray(Capability[]::new));
        }
        if (!engine.remote()) {
            List<Bind> binds = new ArrayList<>();
            mounts.readOnly().forEach(p -> binds.add(Bind.parse(p + ":" + p + ":ro")));
            mounts.writable().forEach(p -> binds.add(Bind.parse(p + ":" + p)));
            host.withBinds(binds);
        }
        CreateContainerResponse created = docker.createContainerCmd(image).withEnv(env).withHostConfig(host)
                .withWorkingDir(run.workDir().toString()).withLabels(Map.of(LABEL, run.workDir().toString()))
                .withEntrypoint("bash", "-c", ENTRY).withCmd(List.of()).exec();
        String id = created.getId();
        running = id;
        try (ScriptOutput output = new ScriptOutput(log, run)) {
            if (engine.remote()) {
                log.info("Engine " + engine.host() + " is remote: copying the scripts in as a tar stream");
                try (InputStream tar = TarStreams.of(mounts.toCopy())) {
                    docker.copyArchiveToContainerCmd(id).withTarInputStream(tar).withRemotePath("/").exec();
                }
            }
            docker.startContainerCmd(id).exec();
            try (ResultCallback.Adapter<Frame> logs = docker.logContainerCmd(id).withFollowStream(true)
                    .withStdOut(true).withStdErr(true).exec(new ResultCallback.Adapter<>() {
                        @Override
                        public void onNext(Frame frame) {
                            output.chunk(new String(frame.getPayload(), StandardCharsets.UTF_8));
                        }
                    })) {
                // the log stream ends when the container does; only then ask for the exit code, since
                // Podman's compat wait endpoint keeps a core busy for as long as it waits (podman#18150):
                // waiting beside the stream made container builds 25 % slower than host builds here
                logs.awaitCompletion();
                int code = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback()).awaitStatusCode();
                if (code != 0) {
                    throw output.failure(code);
                }
            }
            Path owners = run.workDir().resolve(RecordedOwners.FILE);
            if (engine.remote()) {
                log.info("Copying the rootfs out of the container as a tar stream");
                List<Path> back = new ArrayList<>(mounts.toCopyBack());
                if (owner != null) {
                    back.add(owners);
                }
                for (Path path : back) {
                    try (InputStream tar = docker.copyArchiveFromContainerCmd(id, path.toString()).exec()) {
                        TarStreams.extract(tar, path.getParent(), owner == null);
                    }
                }
            }
            if (owner != null) {
                int recorded = RecordedOwners.convert(owners, run.workDir().resolve(WorkFolder.RECORDED));
                log.info("Recorded the owners, modes and devices of " + recorded + " entries before handing the files"
                        + " to " + owner);
            }
        } catch (IOException e) {
            throw RootfsException.environment("Lost the connection to the container: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RootfsException.environment("Interrupted while the build container ran", e);
        } finally {
            remove(id);
            running = null;
        }
    }

    /** Removes the build container (which stops it: its mounts and processes go with it). */
    @Override
    public void stop() {
        String id = running;
        if (id != null) {
            log.warn("Removing the build container " + id);
            remove(id);
        }
    }

    /** Containers of an earlier build of the same rootfs that was killed before it could remove them. */
    private void removeLeftovers(Path workDir) {
        try {
            for (var c : docker.listContainersCmd().withShowAll(true)
                    .withLabelFilter(Map.of(LABEL, workDir.toString())).exec()) {
                log.warn("Removing build container " + c.getId() + ", left by an earlier build of this rootfs");
                remove(c.getId());
            }
        } catch (RuntimeException e) {
            log.debug("Could not list earlier build containers: " + e.getMessage());
        }
    }

    private void remove(String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (com.github.dockerjava.api.exception.NotFoundException gone) {
            // removed already
        } catch (RuntimeException e) {
            log.warn("Could not remove build container " + id + ": " + e.getMessage() + ". Remove it with: docker rm -f "
                    + id + " (or podman rm -f " + id + ")");
        }
    }
}
