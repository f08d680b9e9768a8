// A FIXTURE server with an empty mirror folder: it answers, but every repository file is missing.
io.rootfs.testkit.FixtureMirror.prepare(basedir).serve(context)
true
