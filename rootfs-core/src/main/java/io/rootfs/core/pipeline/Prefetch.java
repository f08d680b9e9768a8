package io.rootfs.core.pipeline;

import io.rootfs.api.BuildRequest;
import io.rootfs.core.json.JsonReader;
import io.rootfs.core.output.Digests;
import io.rootfs.core.output.WorkFolder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * What the up-to-date check reads from disk and the network, started in the background as the
 * build starts, so that it runs while the distro resolves and the preflight checks: the walk of
 * the rootfs folder, the digest of the repository index the last build recorded, and the digest
 * of this code. Read before the lock, so {@link UpToDate} uses a result only for the same folder
 * and URL it finds under the lock, and takes it afresh otherwise.
 */
final class Prefetch {
    /** A thread per task: the common pool has one thread on a two-core machine. */
    private static final Executor THREAD_EACH = task -> {
        Thread t = new Thread(task, "rootfs-up-to-date");
        t.setDaemon(true);
        t.start();
    };

    /** How a digest that could not be taken begins. */
    static final String UNREADABLE = "unreadable: ";

    private final BuildRequest request;
    private final CompletableFuture<String> tree;
    private final CompletableFuture<String> indexUrl;
    private final CompletableFuture<String> index;
    private final CompletableFuture<String> code;

    private Prefetch(BuildRequest request) {
        this.request = request;
        Path rootfs = request.rootfsDir();
        code = async(Prefetch::codeDigest);
        if (request.rebuild()) {
            // a forced build runs no check: only the code digest is recorded
            tree = CompletableFuture.completedFuture(null);
            indexUrl = CompletableFuture.completedFuture(null);
            index = CompletableFuture.completedFuture(null);
            return;
        }
        tree = async(() -> TreeFingerprint.of(rootfs));
        indexUrl = async(() -> recordedIndexUrl(WorkFolder.beside(rootfs).resolve(UpToDate.FILE)));
        // offline, nothing is fetched: the check then goes without the index (UpToDate says so)
        // only an http(s) index ahead of time: a file:// one is checked against the mirror first (UpToDate)
        index = indexUrl.thenApplyAsync(url -> url == null || request.offline() || !url.matches("https?://\\S+") ? null
                : fetch(url), THREAD_EACH);
    }

    static Prefetch start(BuildRequest request) {
        return new Prefetch(request);
    }

    private static <T> CompletableFuture<T> async(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, THREAD_EACH);
    }

    /** The fingerprint of {@code rootfs}. */
    String tree(Path rootfs) {
        return rootfs.equals(request.rootfsDir()) ? tree.join() : TreeFingerprint.of(rootfs);
    }

    /** The digest of the index at {@code url}, or a text saying why it cannot be read (never a digest). */
    String index(String url) {
        String taken = url.equals(indexUrl.join()) ? index.join() : null;
        return taken != null ? taken : fetch(url);
    }

    /** The digest of this code (a SNAPSHOT plugin rebuilt makes other rootfs). */
    String code() {
        return code.join();
    }

    private String fetch(String url) {
        try {
            return RepositoryIndex.sha256(url, request.proxies());
        } catch (IOException | RuntimeException e) {
            return UNREADABLE + e.getMessage();
        }
    }

    private static String recordedIndexUrl(Path record) {
        try {
            Object url = JsonReader.asObject(JsonReader.asObject(JsonReader.read(Files.readString(record)))
                    .get("inputs")).get(UpToDate.INDEX + " url");
            return url instanceof String u ? u : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The rootfs this core's own code made would differ when the code does (a SNAPSHOT plugin rebuilt). */
    private static String codeDigest() {
        try {
            Path code = Path.of(UpToDate.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isDirectory(code) ? Digests.sha256Tree(code) : Digests.sha256(code);
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            return "unknown";
        }
    }
}
