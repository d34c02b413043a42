package org.tmapiroutes.item;

import java.time.Instant;
import java.util.List;

import org.tmapiroutes.item.WatchHistory.Item;
import org.tmapiroutes.item.WatchHistory.Point;

/**
 * One watch run, compared with the last: its changes grouped by item, the watch list's problems, and what the run
 * leaves in the state store once its mail is queued.
 *
 * @param checkedAt when the run checked the items
 * @param watched   how many items the watch list names
 * @param answered  how many of them answered
 * @param changed   the items with changes, in the watch list's order
 * @param problems  the watch list's bad lines, each in one line
 * @param after     every checked item as the run leaves it
 * @param points    the price and stock of every SKU that answered
 */
public record WatchRun(Instant checkedAt, int watched, int answered, List<ChangedItem> changed, List<String> problems,
        List<Item> after, List<Point> points) {

    /**
     * An item with changes: what the mail says of it.
     *
     * @param history its changed SKUs' recorded points and this run's, oldest first, for its price chart
     */
    public record ChangedItem(String itemId, String title, String imageUrl, String productUrl, String note,
            List<WatchChange> changes, List<Point> history) {
    }

    /** Every change of the run, item after item. */
    public List<WatchChange> changes() {
        return changed.stream().flatMap(item -> item.changes().stream()).toList();
    }
}
