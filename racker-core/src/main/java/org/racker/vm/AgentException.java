package org.racker.vm;

/** The guest agent or QMP answered a command with an error; {@code errorClass} is QAPI's. */
public final class AgentException extends VmException {
    private final String errorClass;

    public AgentException(String errorClass, String description) {
        super(description);
        this.errorClass = errorClass;
    }

    public String errorClass() {
        return errorClass;
    }
}
