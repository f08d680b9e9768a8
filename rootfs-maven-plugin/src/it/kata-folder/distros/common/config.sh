# shared by several distros, as Kata's ubuntu config is
COMMON_MARKER=common-config-was-sourced
