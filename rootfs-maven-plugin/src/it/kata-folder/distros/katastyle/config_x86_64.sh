ARCH_MARKER=x86_64-config-was-sourced
