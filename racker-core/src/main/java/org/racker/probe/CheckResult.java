package org.racker.probe;

/**
 * One check of a probe: what was checked, whether it passed, how long it took, and what a
 * person needs to see when it failed (a unit's status and journal, the last answer).
 */
public record CheckResult(String name, boolean passed, long millis, String detail) { }
