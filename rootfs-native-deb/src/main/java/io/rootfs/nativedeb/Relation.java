package io.rootfs.nativedeb;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One package named in a relationship field ({@code Depends}, {@code Pre-Depends},
 * {@code Conflicts}, {@code Breaks}, {@code Provides}), with its optional version relation and
 * architecture qualifier: {@code libc6 (>= 2.34)}, {@code python3:any}, {@code awk}.
 *
 * @param operator one of {@code << <= = >= >>}, or null for any version
 * @param archQualifier {@code any}, {@code native} or an architecture after a colon, or null
 */
public record Relation(String name, String archQualifier, String operator, DebianVersion version) {
    private static final Pattern ONE = Pattern.compile(
            "([a-z0-9][a-z0-9.+-]*)(?::([a-z0-9-]+))?\\s*(?:\\(\\s*(<<|<=|=|>=|>>|<|>)\\s*([^)\\s<>=]+)\\s*\\))?\\s*(?:\\[[^]]*])?\\s*(?:<[^>]*>\\s*)*");

    /**
     * A field's value as groups of alternatives: {@code a | b, c} gives {@code [[a, b], [c]]}.
     *
     * @throws IllegalArgumentException naming the part that does not parse
     */
    public static List<List<Relation>> parseField(String value) {
        List<List<Relation>> groups = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return groups;
        }
        for (String group : value.split(",")) {
            if (group.isBlank()) {
                continue;
            }
            List<Relation> alternatives = new ArrayList<>();
            for (String one : group.split("\\|")) {
                alternatives.add(parse(one.strip()));
            }
            groups.add(List.copyOf(alternatives));
        }
        return List.copyOf(groups);
    }

    static Relation parse(String text) {
        Matcher m = ONE.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a package relation: '" + text + "'");
        }
        String op = m.group(3);
        // "<" and ">" are the obsolete spellings of "<=" and ">=" (Debian Policy 7.1)
        if ("<".equals(op)) {
            op = "<=";
        } else if (">".equals(op)) {
            op = ">=";
        }
        try {
            return new Relation(m.group(1), m.group(2), op, op == null ? null : DebianVersion.parse(m.group(4)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a package relation: '" + text + "' (" + e.getMessage() + ")", e);
        }
    }

    /** Whether a package of this version meets the relation's version part. */
    public boolean acceptsVersion(DebianVersion candidate) {
        if (operator == null) {
            return true;
        }
        if (candidate == null) {
            return false;
        }
        int c = candidate.compareTo(version);
        return switch (operator) {
            case "<<" -> c < 0;
            case "<=" -> c <= 0;
            case "=" -> c == 0;
            case ">=" -> c >= 0;
            case ">>" -> c > 0;
            default -> throw new IllegalStateException(operator);
        };
    }

    @Override
    public String toString() {
        return name + (archQualifier == null ? "" : ":" + archQualifier) + (operator == null ? ""
                : " (" + operator + " " + version + ")");
    }
}
