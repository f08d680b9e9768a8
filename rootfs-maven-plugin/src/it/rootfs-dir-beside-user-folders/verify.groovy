// The rootfs is in place; the user's data.new and data.old are as they were; scratch lives in data.work, marked as ours.
def srv = new File(basedir, "srv")
assert new File(srv, "data/tiny-marker").text == "built by tiny\n"
assert new File(srv, "data.new/precious").text == "the user's data.new\n"
assert new File(srv, "data.old/precious").text == "the user's data.old\n"
assert new File(srv, "data.work/.rootfs-maven-plugin").isFile()
assert !new File(srv, "data.work/staging").exists() && !new File(srv, "data.work/previous").exists()
// the build report sits beside the rootfs, named in the work folder's list of what the plugin wrote
assert new File(srv, "data.build.json").text.contains('"distro": "tiny"')
assert new File(srv, "data.work/outputs.list").readLines().contains("data.build.json")
assert srv.list().sort() == ["data", "data.build.json", "data.new", "data.old", "data.work"] : "unexpected: ${srv.list()}"
true
