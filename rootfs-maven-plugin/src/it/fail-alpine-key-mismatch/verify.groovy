// Alpine's keys are fetched at build time and refused unless their SHA-512 is the one alpine-keys.sha512 keeps.
import io.rootfs.testkit.*

FixtureMirror.stop(context)
def log = new File(basedir, "build.log").text
assert log =~ /Alpine's key alpine-devel@lists\.alpinelinux\.org-58199dcc\.rsa\.pub from http:\/\/127\.0\.0\.1:\d+\/keys does not match the SHA-512 in alpine-keys\.sha512: refusing it/
assert !new File(basedir, "target/rootfs").exists() && !new File(basedir, "target/rootfs.work/staging").exists()
true
