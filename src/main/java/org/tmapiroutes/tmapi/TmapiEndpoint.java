package org.tmapiroutes.tmapi;

import static org.tmapiroutes.tmapi.ParameterSpec.oneOf;
import static org.tmapiroutes.tmapi.ParameterSpec.optional;
import static org.tmapiroutes.tmapi.ParameterSpec.required;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.tmapiroutes.tmapi.ParameterSpec.Type;

/**
 * The catalog of the five TMAPI 1688 endpoints: id, path and every documented query parameter.
 */
public enum TmapiEndpoint {

    CATEGORY_ITEMS("category-items", "/1688/category/items/v2", List.of(
            oneOf("language", "en", "en", "zh", "ru", "vi", "ja", "ko"),
            required("cat_id", Type.INTEGER),
            optional("page", Type.INTEGER, "1"),
            optional("page_size", Type.INTEGER, "20"),
            oneOf("sort", "default", "default", "sales", "price_up", "price_down"),
            optional("price_start", Type.DECIMAL),
            optional("price_end", Type.DECIMAL),
            optional("new_arrival", Type.BOOLEAN),
            optional("support_dropshipping", Type.BOOLEAN),
            optional("free_shipping", Type.BOOLEAN),
            optional("is_super_factory", Type.BOOLEAN))),

    CATEGORY_ITEMS_V1("category-items-v1", "/1688/category/items", List.of(
            optional("page", Type.INTEGER, "1"),
            required("cat_id", Type.INTEGER),
            optional("super_factory", Type.BOOLEAN),
            optional("support_dropshipping", Type.BOOLEAN),
            optional("free_shipping", Type.BOOLEAN))),

    SHOP_ITEMS("shop-items", "/1688/shop/items/v2", List.of(
            required("shop_url", Type.STRING),
            optional("page", Type.INTEGER, "1"),
            optional("page_size", Type.INTEGER, "20"),
            oneOf("sort", "default", "default", "sales", "price_up", "price_down", "time_up", "time_down"),
            optional("cat", Type.STRING),
            oneOf("cat_type", null, "0", "1"))),

    SHOP_ITEMS_BY_MEMBER("shop-items-by-member", "/1688/shop/items", List.of(
            required("member_id", Type.STRING),
            optional("page", Type.INTEGER, "1"),
            optional("page_size", Type.INTEGER, "20"),
            oneOf("sort", "default", "default", "sales", "price_up", "price_down", "time_up", "time_down"),
            optional("shop_cat_id", Type.STRING),
            optional("price_start", Type.DECIMAL),
            optional("price_end", Type.DECIMAL))),

    IMAGE_SEARCH("image-search", "/1688/global/search/image/v2", List.of(
            oneOf("language", "en", "en", "zh", "ru", "vi", "ja", "ko"),
            required("img_url", Type.STRING),
            optional("page", Type.INTEGER, "1"),
            optional("page_size", Type.INTEGER, "20"),
            oneOf("sort", "default", "default", "sales", "price_up", "price_down"),
            optional("price_start", Type.DECIMAL),
            optional("price_end", Type.DECIMAL),
            optional("support_dropshipping", Type.BOOLEAN),
            optional("is_factory", Type.BOOLEAN),
            optional("verified_supplier", Type.BOOLEAN),
            optional("free_shipping", Type.BOOLEAN),
            optional("new_arrival", Type.BOOLEAN)));

    private final String id;
    private final String path;
    private final List<ParameterSpec> parameters;

    TmapiEndpoint(String id, String path, List<ParameterSpec> parameters) {
        this.id = id;
        this.path = path;
        this.parameters = parameters;
    }

    /** The id used in routes, inbox folders and the {@code source} column. */
    public String id() {
        return id;
    }

    /** The request path below the base URL. */
    public String path() {
        return path;
    }

    public List<ParameterSpec> parameters() {
        return parameters;
    }

    public Optional<ParameterSpec> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The one required parameter: the value a {@code .txt} inbox file lists one per line. */
    public ParameterSpec requiredParameter() {
        return parameters.stream().filter(ParameterSpec::required).findFirst().orElseThrow();
    }

    public boolean takes(String parameterName) {
        return parameter(parameterName).isPresent();
    }

    public static Optional<TmapiEndpoint> byId(String id) {
        return Arrays.stream(values()).filter(e -> e.id.equals(id)).findFirst();
    }

    public static TmapiEndpoint require(String id) {
        return byId(id).orElseThrow(() -> new IllegalArgumentException(
                "Unknown TMAPI endpoint id '" + id + "'; use one of " + ids()));
    }

    public static String ids() {
        return Arrays.stream(values()).map(TmapiEndpoint::id).collect(Collectors.joining(", "));
    }
}
