package io.rootfs.nativedeb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The package set of a guest, resolved the way mmdebstrap's {@code minbase} with its merged-usr
 * hook has apt resolve it: {@code usr-is-merged}, then every {@code Essential: yes} package, then the asked-for packages and every
 * {@code Priority: required} one, each closed over {@code Pre-Depends} and {@code Depends}
 * depth first. A group of alternatives already met by a chosen package (or by one that provides
 * it) is skipped; otherwise the first alternative that is a real package of an acceptable version
 * is taken, else the most important package that provides it (by Priority, then index order).
 * Recommends are not followed (mmdebstrap
 * turns them off). The result is checked for {@code Conflicts} and {@code Breaks}.
 */
public final class Resolver {
    /** The package that says a tree is merged-usr. */
    static final String MERGED_USR = "usr-is-merged";
    private final PackageIndex index;
    private final Map<String, DebPackage> chosen = new LinkedHashMap<>();

    private Resolver(PackageIndex index) {
        this.index = index;
    }

    /**
     * @param packages the packages asked for (PACKAGES and EXTRA_PKGS), in order
     * @return the chosen packages, in the order they were chosen
     * @throws UnsatisfiableException naming the package and the relation nothing meets
     */
    public static List<DebPackage> minbase(PackageIndex index, Collection<String> packages) {
        Resolver r = new Resolver(index);
        // the tree is merged-usr from the start (mmdebstrap's merged-usr hook), so usr-is-merged is
        // there before anything asks for "usrmerge | usr-is-merged", and usrmerge and perl are not
        index.candidate(MERGED_USR).ifPresent(r::mark);
        for (DebPackage p : sorted(index.essential())) {
            r.mark(p);
        }
        for (String name : packages) {
            r.mark(r.named(name, "asked for"));
        }
        for (DebPackage p : sorted(index.withPriority("required"))) {
            r.mark(p);
        }
        r.checkConflicts();
        return List.copyOf(r.chosen.values());
    }

    /** The package of {@code set} a relation names, by its name or a virtual name it provides (null if none). */
    private static java.util.function.Function<Relation, DebPackage> within(List<DebPackage> set) {
        Map<String, DebPackage> byName = new java.util.HashMap<>();
        Map<String, DebPackage> providers = new java.util.HashMap<>();
        for (DebPackage p : set) {
            byName.put(p.name(), p);
            p.providing().forEach(r -> providers.putIfAbsent(r.name(), p));
        }
        return r -> byName.getOrDefault(r.name(), providers.get(r.name()));
    }

    /**
     * The packages of {@code set} that another of them pre-depends on, and what they need of
     * {@code set}: apt sets these up before it unpacks the package that pre-depends on them, so
     * their scripts run before those of the rest (systemd's, which creates its accounts, before
     * passwd's, for systemd-sysv).
     */
    public static Set<String> preDependedOn(List<DebPackage> set) {
        java.util.function.Function<Relation, DebPackage> in = within(set);
        Set<String> targets = new java.util.HashSet<>();
        for (DebPackage p : set) {
            for (List<Relation> group : Relation.parseField(p.preDepends())) {
                group.stream().map(in).filter(Objects::nonNull).findFirst().ifPresent(t -> targets.add(t.name()));
            }
        }
        return closure(set, p -> targets.contains(p.name()));
    }

    /**
     * The names of the packages of {@code set} that {@code roots} need, themselves included:
     * closed over Pre-Depends and Depends, each relation met by the first of its alternatives the
     * set holds (by name, or by what a package of the set provides).
     */
    public static Set<String> closure(List<DebPackage> set, java.util.function.Predicate<DebPackage> roots) {
        java.util.function.Function<Relation, DebPackage> in = within(set);
        Set<String> needed = new java.util.LinkedHashSet<>();
        java.util.Deque<DebPackage> todo = new java.util.ArrayDeque<>(set.stream().filter(roots).toList());
        while (!todo.isEmpty()) {
            DebPackage p = todo.pop();
            if (!needed.add(p.name())) {
                continue;
            }
            for (List<Relation> group : p.dependencies()) {
                group.stream().map(in).filter(Objects::nonNull).findFirst().ifPresent(todo::push);
            }
        }
        return needed;
    }

    private static List<DebPackage> sorted(List<DebPackage> packages) {
        return packages.stream().sorted(java.util.Comparator.comparing(DebPackage::name)).toList();
    }

    private DebPackage named(String name, String why) {
        return index.candidate(name).or(() -> index.providers(name).stream().findFirst().map(PackageIndex.Provider::pkg))
                .orElseThrow(() -> new UnsatisfiableException("Package " + name + " (" + why + ") is not in the"
                        + " repository's index for " + index.architecture()));
    }

    private void mark(DebPackage p) {
        if (chosen.containsKey(p.name())) {
            return;
        }
        chosen.put(p.name(), p);
        for (List<Relation> group : p.dependencies()) {
            if (!met(group)) {
                mark(choose(p, group));
            }
        }
    }

    private boolean met(List<Relation> group) {
        for (Relation r : group) {
            DebPackage real = chosen.get(r.name());
            if (real != null && r.acceptsVersion(real.version())) {
                return true;
            }
            for (PackageIndex.Provider provider : index.providers(r.name())) {
                if (chosen.get(provider.pkg().name()) == provider.pkg() && (r.operator() == null
                        || r.acceptsVersion(provider.version()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private DebPackage choose(DebPackage dependent, List<Relation> group) {
        for (Relation r : group) {
            Optional<DebPackage> candidate = index.candidate(r.name());
            if (candidate.isPresent() && r.acceptsVersion(candidate.get().version())) {
                return candidate.get();
            }
        }
        for (Relation r : group) {
            // among providers apt prefers the more important package (mawk, required, over gawk for awk)
            Optional<DebPackage> provider = index.providers(r.name()).stream()
                    .filter(p -> r.operator() == null || r.acceptsVersion(p.version()))
                    .map(PackageIndex.Provider::pkg).min(java.util.Comparator.comparingInt(Resolver::importance));
            if (provider.isPresent()) {
                return provider.get();
            }
        }
        String have = group.stream().map(r -> index.candidate(r.name()).map(c -> r.name() + " is at " + c.version())
                .orElse(r.name() + " is not in it")).collect(Collectors.joining(", "));
        throw new UnsatisfiableException(dependent + " depends on " + group.stream().map(Relation::toString)
                .collect(Collectors.joining(" | ")) + ", which nothing in the repository's index meets (" + have + ")");
    }

    /** Debian's priorities, most important first; the stable sort keeps index order among equals. */
    private static int importance(DebPackage p) {
        int i = List.of("required", "important", "standard", "optional", "extra").indexOf(p.priority());
        return i < 0 ? 5 : i;
    }

    private void checkConflicts() {
        List<String> clashes = new ArrayList<>();
        for (DebPackage p : chosen.values()) {
            for (Relation r : p.excluding()) {
                DebPackage other = chosen.get(r.name());
                if (other != null && other != p && r.acceptsVersion(other.version())) {
                    clashes.add(p + " conflicts with " + other + " (" + r + ")");
                }
                for (PackageIndex.Provider provider : index.providers(r.name())) {
                    DebPackage prov = provider.pkg();
                    if (prov != p && chosen.get(prov.name()) == prov && r.operator() == null) {
                        clashes.add(p + " conflicts with " + prov + ", which provides " + r.name());
                    }
                }
            }
        }
        if (!clashes.isEmpty()) {
            throw new UnsatisfiableException("The package set cannot be installed together: " + String.join("; ", clashes));
        }
    }

    /** Nothing in the index meets a relation, or the chosen packages exclude each other. */
    public static final class UnsatisfiableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsatisfiableException(String message) {
            super(message);
        }
    }
}
