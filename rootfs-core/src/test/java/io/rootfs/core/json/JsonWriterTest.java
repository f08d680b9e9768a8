package io.rootfs.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
    @Test
    void keepsTheOrderKeysWereGivenIn() {
        String json = JsonWriter.write(JsonWriter.object("b", 1, "a", List.of("x\"y", true), "c", Map.of()));
        assertEquals("{\n  \"b\": 1,\n  \"a\": [\n    \"x\\\"y\",\n    true\n  ],\n  \"c\": {}\n}\n", json);
        assertEquals(json, JsonWriter.write(JsonReader.read(json)));
    }

    @Test
    void refusesAMapWhoseOrderChangesBetweenRuns() {
        // Map.of with two keys iterates in an order seeded per JVM: two builds would write different bytes
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.write(List.of(Map.of("alg", "x", "content", "y"))));
        assertThrows(IllegalArgumentException.class, () -> JsonWriter.write(new HashMap<>(Map.of("a", 1, "b", 2))));
        assertEquals("{\n  \"a\": 1,\n  \"b\": 2\n}\n", JsonWriter.write(new TreeMap<>(Map.of("b", 2, "a", 1))));
    }
}
