package org.tmapiroutes.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.language.simple.SimplePredicateParser;
import org.apache.camel.language.simple.ast.BinaryExpression;
import org.apache.camel.language.simple.ast.ChainExpression;
import org.apache.camel.language.simple.ast.CompositeNodes;
import org.apache.camel.language.simple.ast.DoubleQuoteStart;
import org.apache.camel.language.simple.ast.LiteralNode;
import org.apache.camel.language.simple.ast.LogicalExpression;
import org.apache.camel.language.simple.ast.OtherExpression;
import org.apache.camel.language.simple.ast.SimpleFunctionStart;
import org.apache.camel.language.simple.ast.SimpleNode;
import org.apache.camel.language.simple.ast.SingleQuoteStart;
import org.apache.camel.language.simple.ast.TernaryExpression;
import org.apache.camel.language.simple.ast.UnaryExpression;
import org.tmapiroutes.item.ItemFields;

/**
 * Checks a product condition (the {@code where} of an inbox flow, the {@code expression} of
 * {@code items-where-action}) the way Camel will run it: compiled as a Simple predicate, and every
 * {@code ${body.x}} it reads found among the product's fields, read from Simple's own syntax tree.
 */
final class ProductConditions {

    private ProductConditions() {
    }

    /** What is wrong with the condition, ending with the product fields; empty when Camel can run it on products. */
    static Optional<String> problem(CamelContext context, String condition) {
        List<SimpleNode> nodes;
        try {
            nodes = new SimplePredicateParser(context, condition, true, null).parseTokens();
            context.resolveLanguage("simple").createPredicate(condition);
        } catch (RuntimeException e) {
            return Optional.of("the condition \"" + condition + "\" is not a valid expression: "
                    + String.valueOf(ReloadProblems.rootCause(e).getMessage()).strip().replaceAll("\\s+", " ")
                    + ". Product fields are: " + ItemFields.names());
        }
        List<String> functions = new ArrayList<>();
        nodes.forEach(node -> functionsOf(context, node, functions));
        for (String function : functions) {
            String field = bodyField(function);
            if (field != null && !ItemFields.isField(field)) {
                return Optional.of("'" + field + "' in ${" + function + "} is not a product field. Product fields "
                        + "are: " + ItemFields.names());
            }
        }
        return Optional.empty();
    }

    /** The property a function reads from the body ({@code body.price}, {@code body?.extras[x]}), else null. */
    private static String bodyField(String function) {
        String text = function.strip();
        String rest = text.startsWith("body.") ? text.substring(5) : text.startsWith("body?.") ? text.substring(6)
                : null;
        if (rest == null) {
            return null;
        }
        int end = 0;
        while (end < rest.length() && Character.isJavaIdentifierPart(rest.charAt(end))) {
            end++;
        }
        return rest.substring(0, end);
    }

    private static void functionsOf(CamelContext context, SimpleNode node, List<String> functions) {
        if (node == null) {
            return;
        }
        if (node instanceof SimpleFunctionStart function) {
            StringBuilder text = new StringBuilder();
            for (SimpleNode child : function.getBlock().getChildren()) {
                if (child instanceof LiteralNode literal) {
                    text.append(literal.getText());
                } else {
                    functionsOf(context, child, functions);
                }
            }
            functions.add(text.toString());
        } else if (node instanceof BinaryExpression binary) {
            functionsOf(context, binary.getLeft(), functions);
            functionsOf(context, binary.getRight(), functions);
        } else if (node instanceof LogicalExpression logical) {
            functionsOf(context, logical.getLeft(), functions);
            functionsOf(context, logical.getRight(), functions);
        } else if (node instanceof OtherExpression other) {
            functionsOf(context, other.getLeft(), functions);
            functionsOf(context, other.getRight(), functions);
        } else if (node instanceof ChainExpression chain) {
            functionsOf(context, chain.getLeft(), functions);
            chain.getRight().forEach(right -> functionsOf(context, right, functions));
        } else if (node instanceof TernaryExpression ternary) {
            functionsOf(context, ternary.getCondition(), functions);
            functionsOf(context, ternary.getTrueValue(), functions);
            functionsOf(context, ternary.getFalseValue(), functions);
        } else if (node instanceof UnaryExpression unary) {
            functionsOf(context, unary.getLeft(), functions);
        } else if (node instanceof SingleQuoteStart quoted) {
            blockOf(context, quoted.getBlock(), functions);
        } else if (node instanceof DoubleQuoteStart quoted) {
            // Simple gives no access to a double-quoted block: its text is read again on its own
            String text = quoted.toString();
            if (text.length() >= 2 && text.contains("${")) {
                try {
                    new SimplePredicateParser(context, text.substring(1, text.length() - 1), true, null).parseTokens()
                            .forEach(inner -> functionsOf(context, inner, functions));
                } catch (RuntimeException notAlone) {
                    // the literal only makes sense inside its condition, which compiled: nothing more to read
                }
            }
        } else if (node instanceof CompositeNodes composite) {
            blockOf(context, composite, functions);
        }
    }

    private static void blockOf(CamelContext context, CompositeNodes block, List<String> functions) {
        block.getChildren().forEach(child -> functionsOf(context, child, functions));
    }
}
