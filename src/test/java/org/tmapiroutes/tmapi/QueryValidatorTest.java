package org.tmapiroutes.tmapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class QueryValidatorTest {

    private final QueryValidator validator = new QueryValidator(new QueryDefaults(50, 3, "zh"));

    private QueryValidator.Outcome validate(TmapiEndpoint endpoint, String... pairs) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            values.put(pairs[i], pairs[i + 1]);
        }
        return validator.validate(endpoint, values, 7);
    }

    @Test
    void givenConfiguredDefaults_whenQueryOmitsThem_thenSentOnlyWhereTheEndpointTakesThem() {
        TmapiQuery v2 = validate(TmapiEndpoint.CATEGORY_ITEMS, "cat_id", "1").query();
        TmapiQuery v1 = validate(TmapiEndpoint.CATEGORY_ITEMS_V1, "cat_id", "1").query();
        TmapiQuery shop = validate(TmapiEndpoint.SHOP_ITEMS, "shop_url", "https://x.1688.com").query();

        assertThat(v2.parameters()).containsEntry("page_size", "50").containsEntry("language", "zh");
        assertThat(v1.parameters()).doesNotContainKeys("page_size", "language");
        assertThat(shop.parameters()).containsEntry("page_size", "50").doesNotContainKey("language");
        assertThat(v2.maxPages()).isEqualTo(3);
    }

    @Test
    void givenEveryKindOfBadValue_whenValidated_thenEachNamedWithAllowedValues() {
        assertThat(validate(TmapiEndpoint.IMAGE_SEARCH, "img_url", "https://x/y.jpg", "language", "fr").problems())
                .containsExactly("language 'fr' is not allowed; allowed values: en, zh, ru, vi, ja, ko");
        assertThat(validate(TmapiEndpoint.SHOP_ITEMS, "shop_url", "https://xldjjg.1688.com/", "page_size", "0").problems())
                .containsExactly("page_size '0' must be 1 or more");
        assertThat(validate(TmapiEndpoint.SHOP_ITEMS, "shop_url", "https://xldjjg.1688.com/", "cat_type", "2").problems())
                .containsExactly("cat_type '2' is not allowed; allowed values: 0, 1");
        assertThat(validate(TmapiEndpoint.SHOP_ITEMS_BY_MEMBER, "member_id", "").problems())
                .containsExactly("member_id is required and is empty");
        assertThat(validate(TmapiEndpoint.CATEGORY_ITEMS, "cat_id", "1", "price_end", "cheap").problems())
                .containsExactly("price_end 'cheap' is not a price; use a number such as 5 or 12.50");
        assertThat(validate(TmapiEndpoint.CATEGORY_ITEMS, "cat_id", "1", "max_pages", "0").problems())
                .containsExactly("max_pages '0' must be 1 or more");
        assertThat(validate(TmapiEndpoint.CATEGORY_ITEMS, "cat_id", "1", "apiToken", "x").problems())
                .singleElement().asString().startsWith("unknown parameter 'apiToken'");
    }

    @Test
    void givenBooleansInAnyCase_whenValidated_thenSentLowerCase() {
        TmapiQuery query = validate(TmapiEndpoint.CATEGORY_ITEMS, "cat_id", "1", "free_shipping", "TRUE",
                "new_arrival", "False").query();

        assertThat(query.parameters()).containsEntry("free_shipping", "true").containsEntry("new_arrival", "false");
    }

    @Test
    void givenMaxItems_whenValidated_thenKeptOnQuery() {
        TmapiQuery query = validate(TmapiEndpoint.CATEGORY_ITEMS, "cat_id", "1", "max_items", "25").query();

        assertThat(query.maxItems()).isEqualTo(25);
        assertThat(query.parameters()).doesNotContainKeys("max_items", "max_pages");
        assertThat(query.describe()).isEqualTo("category-items cat_id=1");
    }

    @Test
    void givenGlobalKeywordSearch_whenKeywordOrCatIdOrBothOrNeither_thenOneOfThemIsRequired() {
        TmapiQuery byKeyword = validate(TmapiEndpoint.KEYWORD_SEARCH_GLOBAL, "keyword", "tote bag").query();
        TmapiQuery byCategory = validate(TmapiEndpoint.KEYWORD_SEARCH_GLOBAL, "cat_id", "1031922").query();
        TmapiQuery both = validate(TmapiEndpoint.KEYWORD_SEARCH_GLOBAL, "keyword", "bag", "cat_id", "7").query();

        assertThat(byKeyword.describe()).isEqualTo("keyword-search-global keyword=tote bag");
        assertThat(byCategory.describe()).isEqualTo("keyword-search-global cat_id=1031922");
        assertThat(byCategory.value()).isEqualTo("1031922");
        assertThat(byCategory.parameters()).containsEntry("language", "zh").containsEntry("page_size", "50");
        assertThat(both.value()).isEqualTo("bag");
        assertThat(validate(TmapiEndpoint.KEYWORD_SEARCH_GLOBAL, "keyword", " ", "cat_id", "").problems())
                .containsExactly("keyword or cat_id: one of them is required, both are empty");
        assertThat(validate(TmapiEndpoint.KEYWORD_SEARCH_GLOBAL, "cat_id", "x1").problems())
                .containsExactly("cat_id 'x1' is not an integer");
    }

    @Test
    void givenKeywordSearch_whenItsDocumentedParametersAreBroken_thenEachNamed() {
        assertThat(validate(TmapiEndpoint.KEYWORD_SEARCH, "keyword", "").problems())
                .containsExactly("keyword is required and is empty");
        assertThat(validate(TmapiEndpoint.KEYWORD_SEARCH, "keyword", "马克杯", "moq", "0").problems())
                .containsExactly("moq '0' must be 1 or more");
        assertThat(validate(TmapiEndpoint.KEYWORD_SEARCH, "keyword", "马克杯", "language", "en").problems())
                .singleElement().asString().startsWith("unknown parameter 'language'");
        assertThat(validate(TmapiEndpoint.KEYWORD_SEARCH, "keyword", "马克杯", "sort", "SALES").query().parameters())
                .containsEntry("sort", "sales").containsEntry("page_size", "50").doesNotContainKey("language");
    }
}
