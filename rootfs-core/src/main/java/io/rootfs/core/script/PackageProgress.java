package io.rootfs.core.script;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts what a package manager says it does, package by package, for the progress line of a
 * long stage: apt's {@code N newly installed} (the total, summed over mmdebstrap's two apt runs),
 * {@code Get:} of a package, dpkg's {@code Preparing to unpack} and {@code Setting up}; dnf's
 * {@code (k/N): name.rpm} downloads and {@code Installing : name k/N}. Those per-package lines,
 * and the routine lines of apt and the maintainer scripts, are chatter in Maven's log (hundreds
 * per build): {@link #count} says so, and they go to the build log and Maven's debug level only,
 * the counts standing in for them.
 */
final class PackageProgress {
    private static final Pattern APT_TOTAL = Pattern.compile("^\\d+ upgraded, (\\d{1,9}) newly installed");
    private static final Pattern APT_GET = Pattern.compile("^Get:\\d+ \\S+ .* \\[[\\d.,]+ [kMG]?B\\]$");
    private static final Pattern APT_INDEX = Pattern.compile("(InRelease|Release|Packages|Sources|Translation|Contents)"
            + "(\\.\\w+)? \\[");
    private static final Pattern DNF_GET = Pattern.compile("^\\((\\d{1,9})/(\\d{1,9})\\): \\S+\\.rpm\\b");
    private static final Pattern DNF_INSTALL = Pattern.compile("^\\s*(Installing|Upgrading|Reinstalling)\\s*: .*\\s(\\d{1,9})/(\\d{1,9})$");
    private static final Pattern CHATTER = Pattern.compile("^(Selecting previously unselected package |Preparing to unpack"
            + " |Unpacking |Setting up |Processing triggers for |\\(Reading database |dpkg: (regarding|warning: "
            + "(package|ignoring pre-dependency))|/usr/bin/dpkg --status-fd |Chrooting into |\\s*(Running scriptlet|"
            + "Verifying|Installing|Upgrading|Cleanup|Erasing)\\s*: |\\s+\\S+ (pre-)?depends on |\\s+\\S+ is (to be installed|"
            + "not configured yet|unpacked, but))");

    /**
     * apt's and the maintainer scripts' routine lines, which mmdebstrap --verbose shows: a dozen per
     * package set, saying nothing a user acts on (warnings and errors never match).
     */
    private static final Pattern ROUTINE = Pattern.compile("^($|no matching (group|password) file entry|add (group|user)"
            + " '.*' in /etc/g?shadow\\? No|Reading package lists|Building dependency tree|Reading state information"
            + "|  [a-z0-9][a-z0-9.+-]*( +(\\| )?[a-z0-9][a-z0-9.+:~-]*)*$"
            + "|The following (additional |NEW )?packages|Suggested packages:|Recommended packages:|Created symlink "
            + "|update-alternatives: using |Fetched |Need to get |After this operation|Shadow passwords are now on|grpck: no"
            + " changes|pwck: no changes|debconf: delaying|\\S+ is already the newest version|Creating config file |removed '"
            + "|rmdir: removing|dpkg-deb: building package|\\d+ upgraded, )");

    private int total;
    private int fetched;
    private int unpacked;
    private int setUp;

    /**
     * Counts a line.
     *
     * @return whether the line is per-package chatter, counted here instead of shown
     */
    synchronized boolean count(String line) {
        Matcher m;
        if ((m = APT_TOTAL.matcher(line)).find()) {
            total += Integer.parseInt(m.group(1));
        } else if (APT_GET.matcher(line).matches() && !APT_INDEX.matcher(line).find()) {
            fetched++;
            return true;
        } else if (line.startsWith("Preparing to unpack ")) {
            unpacked++;
        } else if (line.startsWith("Setting up ")) {
            setUp++;
        } else if ((m = DNF_GET.matcher(line)).find()) {
            fetched = Math.max(fetched, Integer.parseInt(m.group(1)));
            total = Math.max(total, Integer.parseInt(m.group(2)));
            return true;
        } else if ((m = DNF_INSTALL.matcher(line)).find()) {
            unpacked = Math.max(unpacked, Integer.parseInt(m.group(2)));
            total = Math.max(total, Integer.parseInt(m.group(3)));
        }
        return CHATTER.matcher(line).find() || ROUTINE.matcher(line).find();
    }

    /** The counts so far, e.g. {@code packages: 127 fetched, 60 of 127 unpacked, 12 set up}; empty before any. */
    synchronized String summary() {
        if (fetched + unpacked + setUp == 0) {
            return "";
        }
        String of = total > 0 ? " of " + total : "";
        return "packages: " + fetched + of + " fetched, " + unpacked + of + " unpacked"
                + (setUp > 0 ? ", " + setUp + of + " set up" : "");
    }
}
