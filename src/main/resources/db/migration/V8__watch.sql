-- What the watch runs (routes/item-watch.camel.yaml) recorded of each watched item: the state each SKU is compared
-- with at the next run, and the history of every SKU's price and stock, kept for watch.keep-days. Written for
-- PostgreSQL; the embedded default (H2 in its PostgreSQL mode) runs the same statements.

create table tmapi_watch_item (
    item_id     varchar(40)              primary key,
    title       varchar(2000),
    product_url varchar(2000),
    image_url   varchar(2000),
    -- the runs in a row whose detail call for the item failed for good; unavailable once reported at two
    failed_runs integer                  not null,
    unavailable boolean                  not null,
    checked_at  timestamp with time zone not null
);

create table tmapi_watch_sku (
    item_id         varchar(40)  not null,
    -- empty for an item without SKUs
    sku_id          varchar(60)  not null,
    sku_name        varchar(2000),
    -- prices as text, as TMAPI gave them (H2's unbounded numeric would drop trailing zeros)
    -- the price last reported, or the baseline while none was: what a change is measured from
    reference_price varchar(60),
    last_price      varchar(60),
    last_stock      bigint,
    -- in_stock, low or sold_out; each reported once, as it is entered
    stock_state     varchar(10),
    target_reached  boolean      not null,
    gone            boolean      not null,
    primary key (item_id, sku_id)
);

create table tmapi_watch_history (
    item_id    varchar(40)              not null,
    sku_id     varchar(60)              not null,
    checked_at timestamp with time zone not null,
    price      varchar(60),
    stock      bigint,
    primary key (item_id, sku_id, checked_at)
);

create index tmapi_watch_history_checked_at on tmapi_watch_history (checked_at);
