// A mirror that answers 404 for the repository's metadata fails in the probe, naming the file and the parameter.
import io.rootfs.testkit.*

FixtureMirror.stop(context)
def log = new File(basedir, "build.log").text
assert log =~ /Cannot use the Clear repository at http:\/\/127\.0\.0\.1:\d+\/clearlinux\/releases\/43950\/clear\/x86_64\/os\/repodata\/repomd\.xml \(The requested URL returned error: 404\)\. Set -Drootfs\.mirror=URL/
assert !log.contains("Dependencies resolved")
assert !new File(basedir, "target/rootfs").exists() && !new File(basedir, "target/rootfs.work/staging").exists()
true
