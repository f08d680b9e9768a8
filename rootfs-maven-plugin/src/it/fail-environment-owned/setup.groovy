new File(basedir, "precious").mkdirs()
new File(basedir, "precious/data").text = "precious\n"
true
