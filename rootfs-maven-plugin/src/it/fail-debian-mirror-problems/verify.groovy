// Each failure names its cause once, in the headline, with the fix; nothing is left mounted or half-built.
import io.rootfs.testkit.FixtureMirror

FixtureMirror.stop(context)
def small = new File(basedir, "small")
def umount = ["umount", small.path].execute()
umount.waitFor()
assert umount.exitValue() == 0 : "the tmpfs could not be unmounted (something left inside?): " + umount.err.text

def log = new File(basedir, "build.log").text
def errors = log.readLines().findAll { it.startsWith("[ERROR] Failed to execute goal") }
assert errors.size() == 4 : "expected four failed builds, got: " + errors
def url = { String copy -> log.find(/http:\/\/127\.0\.0\.1:\d+\/$copy/) }

assert errors[0].contains("E: Failed to fetch " + url("corrupt") + "/pool/main/kmod_") : errors[0]
assert errors[1].contains("E: Failed to fetch " + url("missing") + "/pool/main/kmod_") : errors[1]
assert errors[0].contains("Hash Sum mismatch. A file from the mirror " + url("corrupt") + " does not match its index:"
        + " the mirror may be syncing or broken. Try again later, or set -Drootfs.mirror=URL to another mirror.") : errors[0]
assert errors[1].contains("404") && errors[1].contains(". The mirror " + url("missing")
        + " did not serve what the build needs.") && errors[1].contains("-Drootfs.mirror=URL") : errors[1]
assert (errors[2].contains("NO_PUBKEY") || errors[2].contains("not signed")) && errors[2].contains("What the mirror "
        + url("debian") + " serves is not signed by the key this distro trusts") : errors[2]
assert (errors[3].contains("No space left on device") || errors[3].contains("enough free space")) && errors[3].contains("The disk holding " + small.path
        + "/rootfs.work/staging is full (") && errors[3].contains("free now). Free some space there, or build elsewhere"
        + " with -Drootfs.dir.") : errors[3]
// the cause once in the final error: no "Last lines" block repeating the output
assert !log.contains("Last lines of its output")
errors.each { assert it.contains("(Its whole output: ") && it.contains("rootfs.work/build.log)") }
assert !new File(basedir, "target/rootfs.work/staging").exists()
assert !new File(basedir, "target/rootfs").exists()
true
