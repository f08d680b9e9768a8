// A key fetched from GPG_KEY_URL whose fingerprint is not the one the centos jar keeps: refused before any package.
import io.rootfs.testkit.*

FixtureMirror.stop(context)
def log = new File(basedir, "build.log").text
assert log =~ /The signing key http:\/\/127\.0\.0\.1:\d+\/keys\/RPM-GPG-KEY-CentOS-Official has fingerprint [0-9A-F]{40}, not 99DB70FAE1D7CE227FB6488205B555B38483C65D as this distro expects: refusing it/
assert !log.contains("Installing")
assert !new File(basedir, "target/rootfs").exists()
true
