package org.tmapiroutes.delivery;

import java.util.List;
import org.tmapiroutes.item.ProductRow;

/** A report to be mailed: its flow, its subject line and the products its CSV attachment holds. */
public interface Report {

    String getFlow();

    String getSubject();

    /** The products of the attached CSV. */
    List<ProductRow> getKept();

    /** Added columns the attached CSV always has, whether or not a product holds a value for them. */
    default List<String> csvColumnsAdded() {
        return List.of();
    }
}
