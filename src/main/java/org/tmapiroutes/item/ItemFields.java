package org.tmapiroutes.item;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Set;
import java.util.TreeSet;

/**
 * Says which names a product condition may read from a product ({@code ${body.price}}): the properties of
 * {@link ProductRow}, so that a typo such as {@code ${body.prise}} is refused when its route file is checked rather
 * than on the first product, in the middle of a job.
 */
public final class ItemFields {

    private static final Set<String> KNOWN = gettersOf(ProductRow.class);

    private ItemFields() {
    }

    /** Whether {@code ${body.<name>}} reads something a product has. */
    public static boolean isField(String name) {
        return KNOWN.contains(name);
    }

    /** The names a route may use, for the error message. */
    public static String names() {
        return String.join(", ", ProductSteps.fieldNames()) + " (and extras[<added column>])";
    }

    private static Set<String> gettersOf(Class<?> type) {
        Set<String> names = new TreeSet<>();
        for (Method method : type.getMethods()) {
            String name = method.getName();
            int prefix = name.startsWith("get") ? 3 : name.startsWith("is") ? 2 : 0;
            if (prefix > 0 && name.length() > prefix && method.getParameterCount() == 0
                    && !Modifier.isStatic(method.getModifiers()) && method.getDeclaringClass() == type) {
                names.add(Character.toLowerCase(name.charAt(prefix)) + name.substring(prefix + 1));
            }
        }
        return names;
    }
}
