package org.tmapiroutes.tmapi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Walks the pages of one query: which page to ask for next, how many of a page's items to keep, and when to stop
 * (no next page, an empty or short last page, {@code max_pages}, {@code max_items}).
 */
public final class PageCursor {

    private final TmapiQuery query;
    private final int firstPage;
    private int nextPage;
    private int pagesFetched;
    private int itemsFetched;
    private int itemsKept;
    private boolean more = true;
    private Integer pagesExpected;
    private final Map<String, String> sent = new LinkedHashMap<>();

    public PageCursor(TmapiQuery query) {
        this.query = query;
        this.firstPage = Integer.parseInt(query.parameters().getOrDefault("page", "1"));
        this.nextPage = firstPage;
        this.pagesExpected = query.maxPages();
    }

    /**
     * Where the query stands, to carry on from after a stop: the next page, the counts so far, whether another page
     * follows, and any value sent instead of the query's (a converted picture).
     */
    public Map<String, Object> state() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("nextPage", nextPage);
        state.put("pagesFetched", pagesFetched);
        state.put("itemsFetched", itemsFetched);
        state.put("itemsKept", itemsKept);
        state.put("more", more);
        state.put("pagesExpected", pagesExpected);
        state.put("sent", new LinkedHashMap<>(sent));
        return state;
    }

    /** The cursor of a query as {@link #state()} left it. */
    @SuppressWarnings("unchecked")
    public static PageCursor resume(TmapiQuery query, Map<String, Object> state) {
        PageCursor cursor = new PageCursor(query);
        cursor.nextPage = ((Number) state.get("nextPage")).intValue();
        cursor.pagesFetched = ((Number) state.get("pagesFetched")).intValue();
        cursor.itemsFetched = ((Number) state.get("itemsFetched")).intValue();
        cursor.itemsKept = ((Number) state.get("itemsKept")).intValue();
        cursor.more = Boolean.TRUE.equals(state.get("more"));
        Object expected = state.get("pagesExpected");
        cursor.pagesExpected = expected == null ? null : ((Number) expected).intValue();
        Object sent = state.get("sent");
        if (sent instanceof Map<?, ?> values) {
            ((Map<String, String>) values).forEach(cursor.sent::put);
        }
        return cursor;
    }

    public TmapiQuery query() {
        return query;
    }

    public boolean hasNext() {
        return more;
    }

    /** The page number the next request asks for. */
    public int page() {
        return nextPage;
    }

    /** The parameters of the next request: the query's parameters with its page number. */
    public Map<String, String> nextRequestParameters() {
        Map<String, String> parameters = new LinkedHashMap<>(query.parameters());
        parameters.putAll(sent);
        if (query.endpoint().takes("page")) {
            parameters.put("page", String.valueOf(nextPage));
        }
        return parameters;
    }

    /**
     * Sends another value than the query's for a parameter, e.g. the converted path of a picture as {@code img_url};
     * the query itself (and so the {@code query} column) keeps the value the user gave.
     */
    public void send(String parameter, String value) {
        sent.put(parameter, value);
    }

    /** The value a parameter is sent with: the one set by {@link #send}, else the query's. */
    public String sentValue(String parameter) {
        return sent.getOrDefault(parameter, query.parameters().get(parameter));
    }

    /**
     * Takes in the page just fetched and decides whether another follows.
     *
     * @return how many of the page's items to keep (fewer than it holds when {@code max_items} is reached)
     */
    public int accept(TmapiPage page) {
        int count = page.itemCount();
        pagesFetched++;
        itemsFetched += count;
        int keep = count;
        if (query.maxItems() != null) {
            keep = Math.max(0, Math.min(count, query.maxItems() - itemsKept));
        }
        itemsKept += keep;

        int pageSize = page.pageSize() != null && page.pageSize() > 0 ? page.pageSize() : requestedPageSize();
        int pageNumber = page.page() != null ? page.page() : nextPage;
        if (page.totalCount() != null && pageSize > 0) {
            long totalPages = (page.totalCount() + pageSize - 1) / pageSize;
            pagesExpected = (int) Math.max(pagesFetched, Math.min(query.maxPages(), totalPages - firstPage + 1));
        }

        boolean nextExists;
        if (count == 0) {
            nextExists = false;
        } else if (query.endpoint().answer() == TmapiEndpoint.Answer.LIST_UNTIL_SHORT) {
            // no total and no flag: a full page may have another after it
            nextExists = count >= pageSize;
        } else if (page.hasNextPage() != null) {
            nextExists = page.hasNextPage();
        } else if (page.totalCount() != null) {
            nextExists = (long) pageNumber * pageSize < page.totalCount() && count >= pageSize;
        } else {
            nextExists = false;
        }
        boolean limitReached = pagesFetched >= query.maxPages()
                || (query.maxItems() != null && itemsKept >= query.maxItems());
        more = nextExists && !limitReached;
        if (!more) {
            pagesExpected = pagesFetched;
        }
        nextPage = pageNumber + 1;
        return keep;
    }

    private int requestedPageSize() {
        String size = query.parameters().get("page_size");
        if (size == null) {
            // the item ratings' pages are of ten, which is not asked
            return query.endpoint().answer() == TmapiEndpoint.Answer.LIST_UNTIL_SHORT ? 10 : 20;
        }
        return Integer.parseInt(size);
    }

    /** A progress line such as {@code category-items cat_id=1031922 page 3/10, 60 items}. */
    public String progress(int itemsOnPage) {
        return query.describe() + " page " + pagesFetched + "/" + pagesExpected + ", " + itemsOnPage + " items";
    }

    public int pagesFetched() {
        return pagesFetched;
    }

    public int itemsFetched() {
        return itemsFetched;
    }

    public int itemsKept() {
        return itemsKept;
    }
}
