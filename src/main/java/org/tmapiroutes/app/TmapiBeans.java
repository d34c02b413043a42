package org.tmapiroutes.app;

import java.nio.file.Path;

import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.PropertyInject;
import org.tmapiroutes.delivery.ProductCsvWriter;
import org.tmapiroutes.tmapi.KameletQueries;
import org.tmapiroutes.tmapi.QueryDefaults;
import org.tmapiroutes.tmapi.QueryFileReader;
import org.tmapiroutes.tmapi.QueryValidator;
import org.tmapiroutes.tmapi.TmapiRequest;

/**
 * Binds the product's beans, configured from the {@code tmapi.*} and {@code data.*} keys, under the names the routes
 * use.
 */
public class TmapiBeans implements CamelConfiguration, CamelContextAware {

    private CamelContext camelContext;

    @PropertyInject("tmapi.page-size")
    private int pageSize;

    @PropertyInject("tmapi.max-pages")
    private int maxPages;

    @PropertyInject("tmapi.language")
    private String language;

    @PropertyInject("data.dir")
    private String dataDir;

    @BindToRegistry("tmapiRequest")
    public TmapiRequest tmapiRequest() {
        return new TmapiRequest(TmapiToken.read(camelContext).orElse(""));
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @BindToRegistry("queryValidator")
    public QueryValidator queryValidator() {
        return new QueryValidator(new QueryDefaults(pageSize, maxPages, language));
    }

    @BindToRegistry("kameletQueries")
    public KameletQueries kameletQueries() {
        return new KameletQueries(queryValidator());
    }

    @BindToRegistry("productCsvWriter")
    public ProductCsvWriter productCsvWriter() {
        return new ProductCsvWriter();
    }

    @BindToRegistry("inboxFiles")
    public InboxFiles inboxFiles() {
        return new InboxFiles(new QueryFileReader(queryValidator()), productCsvWriter(), Path.of(dataDir));
    }
}
