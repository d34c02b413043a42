package org.tmapiroutes.tmapi;

import java.util.List;

/**
 * One documented query parameter of a TMAPI endpoint: its name, type, allowed values and default.
 *
 * @param name          the parameter name exactly as TMAPI documents it ({@code cat_id}, {@code sort}, …)
 * @param type          the documented type
 * @param allowedValues the documented enum values, empty when any value of the type is accepted
 * @param defaultValue  the documented default, or {@code null} when there is none
 * @param required      whether TMAPI requires the parameter
 */
public record ParameterSpec(String name, Type type, List<String> allowedValues, String defaultValue, boolean required) {

    /** The documented parameter types. */
    public enum Type {
        INTEGER, STRING, BOOLEAN,
        /** A documented {@code string} that holds a price, such as {@code price_start}. */
        DECIMAL,
        /** A documented {@code integer} item id, for which the item's {@code detail.1688.com} link is read as its id. */
        ITEM_ID,
        /** A documented {@code string} that must be a web link ({@code shop_url}, {@code url}). */
        LINK
    }

    /** The languages the item detail pages list. */
    static final String[] DETAIL_LANGUAGES = {"en", "zh", "ru", "th", "pt", "es", "tr", "vi", "ja", "ko"};

    static ParameterSpec required(String name, Type type) {
        return new ParameterSpec(name, type, List.of(), null, true);
    }

    static ParameterSpec optional(String name, Type type) {
        return new ParameterSpec(name, type, List.of(), null, false);
    }

    static ParameterSpec optional(String name, Type type, String defaultValue) {
        return new ParameterSpec(name, type, List.of(), defaultValue, false);
    }

    static ParameterSpec oneOf(String name, String defaultValue, String... values) {
        return new ParameterSpec(name, Type.STRING, List.of(values), defaultValue, false);
    }
}
