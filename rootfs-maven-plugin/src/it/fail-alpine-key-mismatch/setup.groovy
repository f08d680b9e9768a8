// A FIXTURE Alpine mirror with an index file, and keys named as Alpine's whose contents are not Alpine's.
import io.rootfs.testkit.*

def fixture = FixtureMirror.prepare(basedir).file("alpine/v3.22/main/x86_64/APKINDEX.tar.gz", "FIXTURE index\n")
["58199dcc", "4a6a0840", "5261cecb"].each {
    fixture.file("keys/alpine-devel@lists.alpinelinux.org-${it}.rsa.pub", "FIXTURE: not Alpine's key ${it}\n")
}
fixture.serve(context)
true
