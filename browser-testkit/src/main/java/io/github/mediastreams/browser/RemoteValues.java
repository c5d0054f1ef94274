package io.github.mediastreams.browser;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * WebDriver BiDi's serialized JavaScript values to and from Java values, as Selenium's Execute
 * Script gives them: objects and maps as {@code Map}, arrays and sets as {@code List}, integral
 * numbers as {@code Long}, other numbers as {@code Double}, {@code null} and {@code undefined} as
 * null; anything else (a function, a node, a promise…) as its type's name.
 */
final class RemoteValues {

    private RemoteValues() {
    }

    /** A BiDi RemoteValue as a Java value. */
    static Object toJava(Object remote) {
        Map<String, Object> value = HeadlessBrowser.asMap(remote);
        String type = String.valueOf(value.get("type"));
        Object content = value.get("value");
        return switch (type) {
            case "undefined", "null" -> null;
            case "string", "boolean", "date" -> content;
            case "number" -> number(content);
            case "bigint" -> new BigInteger(content.toString());
            case "array", "set" -> list(content);
            case "object", "map" -> map(content);
            default -> type;
        };
    }

    /** A Java value (string, number, boolean, null, list, map) as a BiDi LocalValue. */
    static Map<String, Object> toLocal(Object java) {
        if (java == null) {
            return Map.of("type", "null");
        }
        if (java instanceof String || java instanceof Character) {
            return Map.of("type", "string", "value", java.toString());
        }
        if (java instanceof Boolean) {
            return Map.of("type", "boolean", "value", java);
        }
        if (java instanceof Number n) {
            return Map.of("type", "number", "value", n);
        }
        if (java instanceof List<?> list) {
            return Map.of("type", "array", "value", list.stream().map(RemoteValues::toLocal).toList());
        }
        if (java instanceof Map<?, ?> map) {
            List<List<Object>> entries = new ArrayList<>();
            map.forEach((k, v) -> entries.add(List.of(String.valueOf(k), toLocal(v))));
            return Map.of("type", "object", "value", entries);
        }
        throw new IllegalArgumentException("Cannot pass a " + java.getClass().getName() + " to the page");
    }

    private static Object number(Object content) {
        if (content instanceof String special) {
            // NaN, -0, Infinity, -Infinity come as strings.
            return switch (special) {
                case "NaN" -> Double.NaN;
                case "-0" -> -0.0;
                case "Infinity" -> Double.POSITIVE_INFINITY;
                default -> Double.NEGATIVE_INFINITY;
            };
        }
        double d = ((Number) content).doubleValue();
        if (d == Math.rint(d) && Math.abs(d) <= 9007199254740991.0) {
            return (long) d;
        }
        return d;
    }

    private static List<Object> list(Object content) {
        List<Object> out = new ArrayList<>();
        for (Object item : (List<?>) content) {
            out.add(toJava(item));
        }
        return Collections.unmodifiableList(out);
    }

    private static Map<String, Object> map(Object content) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Object entry : (List<?>) content) {
            List<?> pair = (List<?>) entry;
            Object key = pair.get(0) instanceof String name ? name : toJava(pair.get(0));
            out.put(String.valueOf(key), toJava(pair.get(1)));
        }
        return Collections.unmodifiableMap(out);
    }
}
