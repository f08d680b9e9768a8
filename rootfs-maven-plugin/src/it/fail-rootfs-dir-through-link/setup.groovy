import java.nio.file.*
def elsewhere = new File(basedir, "elsewhere")
elsewhere.mkdirs()
new File(basedir, "target").mkdirs()
Files.createSymbolicLink(new File(basedir, "target/lnk").toPath(), elsewhere.toPath())
true
