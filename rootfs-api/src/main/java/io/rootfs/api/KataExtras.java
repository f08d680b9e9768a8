package io.rootfs.api;

import java.nio.file.Path;

/**
 * Current Kata's finishing steps beyond the agent, each optional: the agent policy installed in
 * {@code /etc/kata-opa} with {@code default-policy.rego} linked to it ({@code AGENT_POLICY},
 * {@code AGENT_POLICY_FILE}), tarballs unpacked over the rootfs ({@code GUEST_HOOKS_TARBALL},
 * {@code PAUSE_IMAGE_TARBALL}, {@code COCO_GUEST_COMPONENTS_TARBALL}), and a confidential guest's
 * {@code /run} tmpfs at half the memory with {@code systemd-remount-fs} required by
 * kata-containers.target ({@code CONFIDENTIAL_GUEST}).
 *
 * @param agentPolicyFile the policy file, or null for none
 */
public record KataExtras(Path agentPolicyFile, Path guestHooksTarball, Path pauseImageTarball,
        Path cocoGuestComponentsTarball, boolean confidentialGuest) {
    public static final KataExtras NONE = new KataExtras(null, null, null, null, false);
}
