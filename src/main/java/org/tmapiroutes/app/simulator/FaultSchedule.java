package org.tmapiroutes.app.simulator;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Decides which requests the simulator fails and how: scripted one-shot faults first, then standing faults, then
 * random ones. Thread-safe.
 */
final class FaultSchedule {

    /** Which requests a rule applies to: one endpoint or all ({@code null}), one query value or all ({@code null}). */
    private record Target(String endpointId, String value) {
        boolean matches(String requestEndpointId, String requestValue) {
            return (endpointId == null || endpointId.equals(requestEndpointId))
                    && (value == null || value.equals(requestValue));
        }
    }

    private static final class Scripted {
        final Target target;
        final Fault fault;
        int remaining;

        Scripted(Target target, Fault fault, int remaining) {
            this.target = target;
            this.fault = fault;
            this.remaining = remaining;
        }
    }

    private record Standing(Target target, Fault fault) {
    }

    private final List<Scripted> scripted = new ArrayList<>();
    private final List<Standing> standing = new ArrayList<>();
    private double randomRate;
    private Random random;
    private List<Fault> randomFaults = List.of();

    synchronized void failNext(String endpointId, String value, Fault fault, int times) {
        Objects.requireNonNull(fault, "fault");
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1, was " + times);
        }
        scripted.add(new Scripted(new Target(endpointId, value), fault, times));
    }

    synchronized void failAlways(String endpointId, String value, Fault fault) {
        standing.add(new Standing(new Target(endpointId, value), Objects.requireNonNull(fault, "fault")));
    }

    synchronized void setRandomFaults(double rate, long seed, List<Fault> faults) {
        if (rate < 0 || rate > 1 || Double.isNaN(rate)) {
            throw new IllegalArgumentException("rate must be between 0 and 1, was " + rate);
        }
        if (rate > 0 && (faults == null || faults.isEmpty())) {
            throw new IllegalArgumentException("random faults need at least one fault to draw from");
        }
        randomRate = rate;
        random = new Random(seed);
        randomFaults = rate > 0 ? List.copyOf(faults) : List.of();
    }

    synchronized void clear() {
        scripted.clear();
        standing.clear();
        randomRate = 0;
        random = null;
        randomFaults = List.of();
    }

    /**
     * The fault for a request, or {@code null} to answer it normally. A scripted fault is used up by the request it
     * fails; the earliest scripted rule that matches wins.
     */
    synchronized Fault next(String endpointId, String value) {
        for (Iterator<Scripted> it = scripted.iterator(); it.hasNext(); ) {
            Scripted rule = it.next();
            if (rule.target.matches(endpointId, value)) {
                if (--rule.remaining == 0) {
                    it.remove();
                }
                return rule.fault;
            }
        }
        for (Standing rule : standing) {
            if (rule.target.matches(endpointId, value)) {
                return rule.fault;
            }
        }
        if (randomRate > 0 && random.nextDouble() < randomRate) {
            return randomFaults.get(random.nextInt(randomFaults.size()));
        }
        return null;
    }
}
