// a FIXTURE lock file: resolved for the Kata systemd set alone, so a build that also asks for less must refuse it
new File(basedir, "rootfs-debian-bookworm-amd64.lock.json").text = '''{
  "lockfile-version": 1,
  "mirror": "http://mirror.invalid/debian",
  "suite": "bookworm",
  "asked": ["chrony", "init", "iptables", "kmod", "libseccomp2", "systemd"],
  "packages": []
}
'''
true
