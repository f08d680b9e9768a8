["data.new", "data.old"].each { name ->
    def dir = new File(basedir, "srv/$name")
    dir.mkdirs()
    new File(dir, "precious").text = "the user's $name\n"
}
true
