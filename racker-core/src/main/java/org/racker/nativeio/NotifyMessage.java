package org.racker.nativeio;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** One sd_notify datagram: newline-separated {@code KEY=VALUE} assignments. */
public record NotifyMessage(Map<String, String> fields) {

    public NotifyMessage {
        fields = Map.copyOf(fields);
    }

    public static NotifyMessage parse(String datagram) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : datagram.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new NotifyMessage(fields);
    }

    public boolean isReady() {
        return "1".equals(fields.get("READY"));
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(fields.get(key));
    }
}
