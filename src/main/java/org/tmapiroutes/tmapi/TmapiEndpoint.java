package org.tmapiroutes.tmapi;

import static org.tmapiroutes.tmapi.ParameterSpec.oneOf;
import static org.tmapiroutes.tmapi.ParameterSpec.optional;
import static org.tmapiroutes.tmapi.ParameterSpec.required;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.tmapiroutes.tmapi.ParameterSpec.Type;

/**
 * The catalog of the TMAPI 1688 endpoints: id, path, every documented query parameter, and which parameters say what
 * a query asks for (its required one, or for {@code keyword-search-global} either of {@code keyword} and
 * {@code cat_id}).
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
            optional("new_arrival", Type.BOOLEAN))),

    KEYWORD_SEARCH("keyword-search", "/1688/search/items", List.of(
            optional("page", Type.INTEGER, "1"),
            optional("page_size", Type.INTEGER, "20"),
            required("keyword", Type.STRING),
            oneOf("sort", "default", "default", "sales", "price_up", "price_down"),
            optional("moq", Type.INTEGER),
            optional("price_start", Type.DECIMAL),
            optional("price_end", Type.DECIMAL),
            optional("new_arrival", Type.BOOLEAN),
            optional("support_dropshipping", Type.BOOLEAN),
            optional("free_shipping", Type.BOOLEAN),
            optional("is_super_factory", Type.BOOLEAN))),

    /** The docs: "At least one of keyword or cat_id is required"; neither is required alone. */
    KEYWORD_SEARCH_GLOBAL("keyword-search-global", "/1688/global/search/items", List.of(
            optional("page", Type.INTEGER, "1"),
            optional("page_size", Type.INTEGER, "20"),
            optional("keyword", Type.STRING),
            oneOf("language", "en", "en", "zh", "ru", "vi", "ja", "ko"),
            oneOf("sort", "default", "default", "sales", "price_up", "price_down"),
            optional("price_start", Type.DECIMAL),
            optional("price_end", Type.DECIMAL),
            optional("cat_id", Type.INTEGER),
            optional("new_arrival", Type.BOOLEAN),
            optional("support_dropshipping", Type.BOOLEAN),
            optional("free_shipping", Type.BOOLEAN),
            optional("is_super_factory", Type.BOOLEAN)), List.of("keyword", "cat_id"));

    private final String id;
    private final String path;
    private final List<ParameterSpec> parameters;
    private final List<ParameterSpec> queryParameters;

    /** An endpoint with exactly one required parameter, which says what its queries ask for. */
    TmapiEndpoint(String id, String path, List<ParameterSpec> parameters) {
        this(id, path, parameters, parameters.stream().filter(ParameterSpec::required).map(ParameterSpec::name).toList());
    }

    /**
     * @param queryParameters the parameters of which a query must give at least one; the first is the one a
     *                        {@code .txt} inbox file lists
     */
    TmapiEndpoint(String id, String path, List<ParameterSpec> parameters, List<String> queryParameters) {
        this.id = id;
        this.path = path;
        this.parameters = parameters;
        this.queryParameters = queryParameters.stream()
                .map(name -> parameters.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow())
                .toList();
        if (this.queryParameters.isEmpty()) {
            throw new IllegalStateException(id + " names no parameter a query must give");
        }
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

    /**
     * The parameter a {@code .txt} inbox file lists, one value per line: the endpoint's required parameter, or where a
     * query must give one of several ({@code keyword-search-global}: {@code keyword} or {@code cat_id}), the first.
     */
    public ParameterSpec requiredParameter() {
        return queryParameters.get(0);
    }

    /**
     * The parameters that say what a query asks for, of which it must give at least one: the one required parameter,
     * or {@code keyword} and {@code cat_id} for {@code keyword-search-global}.
     */
    public List<ParameterSpec> queryParameters() {
        return queryParameters;
    }

    /** Whether a query must give one of several parameters rather than one required parameter. */
    public boolean requiresOneOf() {
        return queryParameters.size() > 1;
    }

    /** The first of the {@link #queryParameters()} that the parameters give a value, or empty. */
    public Optional<ParameterSpec> queryParameter(Map<String, String> parameters) {
        return queryParameters.stream()
                .filter(p -> parameters.get(p.name()) != null && !parameters.get(p.name()).isBlank())
                .findFirst();
    }

    /** What a query asks for: the value of its first {@link #queryParameters() query parameter} given, or null. */
    public String queryValue(Map<String, String> parameters) {
        return queryParameter(parameters).map(p -> parameters.get(p.name()).strip()).orElse(null);
    }

    /** Whether a header (column names) holds a column for at least one of the {@link #queryParameters()}. */
    public boolean hasQueryColumn(Collection<String> columns) {
        return queryParameters.stream().anyMatch(p -> columns.contains(p.name()));
    }

    /** The query parameters for a message: {@code 'cat_id'}, or {@code 'keyword' or 'cat_id'}. */
    public String queryParametersText() {
        return queryParameters.stream().map(p -> "'" + p.name() + "'").collect(Collectors.joining(" or "));
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
