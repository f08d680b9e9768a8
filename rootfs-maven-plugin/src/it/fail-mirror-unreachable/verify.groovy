// A mirror that does not answer fails the build in the repository probe, before dnf and its retries.
def log = new File(basedir, "build.log").text
assert log =~ /Cannot use the Fedora repository at http:\/\/127\.0\.0\.1:9\/fedora\/releases\/43\/Everything\/x86_64\/os\/repodata\/repomd\.xml \(Failed to connect to 127\.0\.0\.1 port 9[^)]*\)\. Set -Drootfs\.mirror=URL \(REPO_URL\) to a mirror this machine reaches/
assert !log.contains("Dependencies resolved")
assert !new File(basedir, "target/rootfs").exists() && !new File(basedir, "target/rootfs.work/staging").exists()
true
