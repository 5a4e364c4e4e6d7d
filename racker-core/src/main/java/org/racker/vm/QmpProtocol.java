package org.racker.vm;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * QEMU's machine protocol (QMP, {@code docs/interop/qmp-spec}): a greeting, then one JSON
 * object a line each way; asynchronous events ({@code {"event": ...}}) may come between a
 * command and its reply and are not replies.
 */
final class QmpProtocol {
    private QmpProtocol() { }

    /** Leaves capabilities negotiation; no other command is accepted before it. */
    static String capabilities() {
        return "{\"execute\":\"qmp_capabilities\"}";
    }

    /** The ACPI power button: the guest decides how to power off. */
    static String powerdown() {
        return "{\"execute\":\"system_powerdown\"}";
    }

    /** QEMU exits at once; the guest gets no say. */
    static String quit() {
        return "{\"execute\":\"quit\"}";
    }

    static boolean isGreeting(String line) throws AgentException {
        return AgentProtocol.parse(line).has("QMP");
    }

    static boolean isEvent(String line) throws AgentException {
        return AgentProtocol.parse(line).has("event");
    }

    /** The event's name, for an event line. */
    static String event(String line) throws AgentException {
        return AgentProtocol.parse(line).path("event").asText();
    }

    /** A reply's {@code return} value, or its error as an exception. */
    static JsonNode returnValue(String line) throws AgentException {
        return AgentProtocol.returnValue(line);
    }
}
