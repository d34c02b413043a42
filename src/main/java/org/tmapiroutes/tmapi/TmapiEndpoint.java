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
            required("shop_url", Type.LINK),
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
            optional("is_super_factory", Type.BOOLEAN)), List.of("keyword", "cat_id")),

    // ---- SPEC §15: what a buyer decides on. Each answers records of its own, not the products of a list.

    /** One item, one row per SKU; a {@code detail.1688.com/offer/<id>.html} link is read as its id. */
    ITEM_DETAIL("item-detail", "/1688/item_detail", Answer.RECORD, List.of(
            required("item_id", Type.ITEM_ID),
            oneOf("scene", null, "drop_shipping"),
            optional("optimize_title", Type.BOOLEAN, "false"),
            oneOf("language", "zh", ParameterSpec.DETAIL_LANGUAGES))),

    /**
     * The same answer as {@code item-detail}, asked with the item's link in a JSON body ({@code POST}). The page gives
     * {@code scene} and {@code language} no type or values; those of the By ID page are taken.
     */
    ITEM_DETAIL_BY_URL("item-detail-by-url", "/1688/item_detail_by_url", Answer.RECORD, List.of(
            required("url", Type.LINK),
            oneOf("scene", null, "drop_shipping"),
            optional("optimize_title", Type.BOOLEAN, "false"),
            oneOf("language", "zh", ParameterSpec.DETAIL_LANGUAGES))),

    /** The shipping fee of an item to a province; {@code item_id} says what is asked, {@code province} is required too. */
    ITEM_SHIPPING("item-shipping", "/1688/item/shipping", Answer.RECORD, List.of(
            required("item_id", Type.ITEM_ID),
            required("province", Type.STRING),
            optional("total_quantity", Type.INTEGER, "1"),
            optional("total_weight", Type.DECIMAL)), List.of("item_id")),

    ITEM_SALES("item-sales", "/1688/item/statistics/sales", Answer.RECORD, List.of(
            required("item_id", Type.ITEM_ID),
            optional("spec_id", Type.STRING))),

    /** The docs: "At least one of [shop_url] or [member_id] is required". */
    SHOP_INFO("shop-info", "/1688/shop/shop_info", Answer.RECORD, List.of(
            optional("shop_url", Type.LINK),
            optional("member_id", Type.STRING)), List.of("shop_url", "member_id")),

    /** Ten ratings a page, with no total and no next-page flag: an empty or short page is the last. */
    ITEM_RATING("item-rating", "/1688/item/rating", Answer.LIST_UNTIL_SHORT, List.of(
            required("item_id", Type.ITEM_ID),
            optional("page", Type.INTEGER, "1"),
            oneOf("sort_type", "default", "default", "latest"))),

    ITEM_DESC("item-desc", "/1688/item_desc", Answer.RECORD, List.of(
            required("item_id", Type.ITEM_ID))),

    /** Without {@code cat_id}, the first-level categories: a query may leave it empty. */
    CATEGORY_INFO("category-info", "/1688/category/info", Answer.RECORD, List.of(
            optional("cat_id", Type.INTEGER)), List.of("cat_id")),

    /**
     * The docs' example answers page 2 of size 3 when page 1 of size 20 was asked: the pages are counted from what was
     * asked, never from what the answer repeats.
     */
    FACTORY_SEARCH("factory-search", "/1688/search/factories", Answer.ITEMS_AS_ASKED, List.of(
            optional("page", Type.INTEGER, "1"),
            optional("page_size", Type.INTEGER, "20"),
            required("keywords", Type.STRING),
            oneOf("sort", "default", "default", "repurchase_rate")));

    /** Where the records of an answer are and how its pages are told. */
    public enum Answer {
        /** {@code data.items}; another page while {@code has_next_page}, or by {@code total_count}. */
        ITEMS("items"),
        /** {@code data.items}, paged by the page and page size asked: the answer's own are not trusted. */
        ITEMS_AS_ASKED("items"),
        /** {@code data.list}, without a total: an empty page, or one shorter than its {@code page_size}, is the last. */
        LIST_UNTIL_SHORT("list"),
        /** {@code data} is the one record of the answer; nothing is paged. */
        RECORD(null);

        private final String field;

        Answer(String field) {
            this.field = field;
        }

        /** The field of {@code data} that lists the records, or {@code null} when {@code data} is the record. */
        public String field() {
            return field;
        }
    }

    private final String id;
    private final String path;
    private final Answer answer;
    private final List<ParameterSpec> parameters;
    private final List<ParameterSpec> queryParameters;

    /** A list endpoint with exactly one required parameter, which says what its queries ask for. */
    TmapiEndpoint(String id, String path, List<ParameterSpec> parameters) {
        this(id, path, Answer.ITEMS, parameters);
    }

    TmapiEndpoint(String id, String path, List<ParameterSpec> parameters, List<String> queryParameters) {
        this(id, path, Answer.ITEMS, parameters, queryParameters);
    }

    /** An endpoint with exactly one required parameter, which says what its queries ask for. */
    TmapiEndpoint(String id, String path, Answer answer, List<ParameterSpec> parameters) {
        this(id, path, answer, parameters,
                parameters.stream().filter(ParameterSpec::required).map(ParameterSpec::name).toList());
    }

    /**
     * @param queryParameters the parameters that say what a query asks for; the first is the one a {@code .txt} inbox
     *                        file lists
     */
    TmapiEndpoint(String id, String path, Answer answer, List<ParameterSpec> parameters, List<String> queryParameters) {
        this.id = id;
        this.path = path;
        this.answer = answer;
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

    /** Where the answer's records are and how its pages are told. */
    public Answer answer() {
        return answer;
    }

    /** Whether the query goes as a JSON body ({@code POST}) rather than as query parameters ({@code GET}). */
    public boolean postsJson() {
        return this == ITEM_DETAIL_BY_URL;
    }

    /** Whether a query must give one of its {@link #queryParameters()}: all but {@code category-info} must. */
    public boolean needsQueryValue() {
        return this != CATEGORY_INFO;
    }

    /** The endpoints of SPEC §5, whose answers are lists of products with the §7 columns. */
    public boolean listsProducts() {
        return answer == Answer.ITEMS;
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
