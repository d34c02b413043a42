package org.tmapiroutes.app;

import java.util.ArrayList;
import java.util.List;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Finds the line of a route file a value of Camel's model came from, so a user is told where to look: Camel's model
 * numbers routes and steps, but not the parameters of a templated route nor those of an endpoint.
 *
 * <p>The file is read as the YAML node tree the YAML DSL itself is built on (snakeyaml-engine), never as text.
 */
final class SourceLines {

    /** A scalar of the file: its value and the line (from 1) it starts on. */
    private record Scalar(String value, int line) {
    }

    /** Every scalar in file order; a key and its value are both scalars, the key first. */
    private final List<Scalar> scalars = new ArrayList<>();
    private final Node root;
    private final boolean unreadable;

    private SourceLines(Node root, boolean unreadable) {
        this.root = root;
        this.unreadable = unreadable;
        collect(root);
    }

    /** The lines of a file's content; none for an empty file, one of comments only, or one that is not YAML. */
    static SourceLines of(String content) {
        try {
            return new SourceLines(new Compose(LoadSettings.builder().build()).composeString(content).orElse(null),
                    false);
        } catch (RuntimeException notYaml) {
            // what is wrong with it is the YAML DSL's to say, with its line
            return new SourceLines(null, true);
        }
    }

    /** Whether the file defines nothing at all (empty, blank or comments only), as an editor leaves it mid-save. */
    boolean empty() {
        return root == null && !unreadable;
    }

    /**
     * The line of the first value at or after {@code from} that holds {@code text} (a value as written, or part of an
     * endpoint URI written on one line); {@code from} when none does.
     */
    int lineOf(String text, int from) {
        if (text == null || text.isEmpty()) {
            return from;
        }
        for (Scalar scalar : scalars) {
            if (scalar.line() >= from && scalar.value().contains(text)) {
                return scalar.line();
            }
        }
        return from;
    }

    /**
     * The line of a templated route's parameter: its value's line, or its name's when {@code nameLine}; 0 when the
     * file has no such templated route or parameter.
     */
    int parameterLine(String routeId, String parameter, boolean nameLine) {
        if (!(root instanceof SequenceNode entries)) {
            return 0;
        }
        for (Node entry : entries.getValue()) {
            Node templated = value(entry, "templatedRoute");
            if (templated == null || !(value(templated, "routeId") instanceof ScalarNode id)
                    || !id.getValue().equals(routeId)
                    || !(value(templated, "parameters") instanceof SequenceNode parameters)) {
                continue;
            }
            for (Node candidate : parameters.getValue()) {
                if (value(candidate, "name") instanceof ScalarNode name && name.getValue().equals(parameter)) {
                    Node shown = nameLine ? name : value(candidate, "value");
                    return line(shown == null ? name : shown);
                }
            }
        }
        return 0;
    }

    /** The line of a templated route, 0 when the file has none with this id. */
    int templatedRouteLine(String routeId) {
        if (root instanceof SequenceNode entries) {
            for (Node entry : entries.getValue()) {
                Node templated = value(entry, "templatedRoute");
                if (templated != null && value(templated, "routeId") instanceof ScalarNode id
                        && id.getValue().equals(routeId)) {
                    return line(entry);
                }
            }
        }
        return 0;
    }

    private static Node value(Node mapping, String key) {
        if (mapping instanceof MappingNode map) {
            for (NodeTuple tuple : map.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode name && name.getValue().equals(key)) {
                    return tuple.getValueNode();
                }
            }
        }
        return null;
    }

    private static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }

    private void collect(Node node) {
        if (node instanceof ScalarNode scalar) {
            scalars.add(new Scalar(scalar.getValue(), line(scalar)));
        } else if (node instanceof SequenceNode sequence) {
            sequence.getValue().forEach(this::collect);
        } else if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                collect(tuple.getKeyNode());
                collect(tuple.getValueNode());
            }
        }
    }
}
