package io.rootfs.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A proxy as Maven's settings.xml describes one.
 *
 * @param protocol      {@code http} or {@code https}: the traffic it carries
 * @param nonProxyHosts Maven's form, {@code a|b|*.c}
 */
public record Proxy(String protocol, String host, int port, String username, String password, String nonProxyHosts) {

    /** The proxy as the {@code http_proxy} family of variables writes it. */
    public String url() {
        String auth = username == null || username.isEmpty() ? ""
                : encode(username) + (password == null || password.isEmpty() ? "" : ":" + encode(password)) + "@";
        return "http://" + auth + host + ":" + port;
    }

    /** {@code nonProxyHosts} as {@code no_proxy} writes it: commas, {@code *.c} as {@code .c}. */
    public String noProxy() {
        if (nonProxyHosts == null || nonProxyHosts.isBlank()) {
            return "";
        }
        return Arrays.stream(nonProxyHosts.split("[|,]")).map(String::trim).filter(h -> !h.isEmpty())
                .map(h -> h.startsWith("*.") ? h.substring(1) : h).collect(Collectors.joining(","));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
