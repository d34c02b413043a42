-- The tracking state of the item steps and of the image search, in the same database as the jobs, so that several
-- instances sharing a PostgreSQL database share it too. Earlier versions kept it in files under data/state/; those are
-- imported once at the first start with this schema and renamed to <file>.imported.
-- Written for PostgreSQL; the embedded default (H2 in its PostgreSQL mode) runs the same statements.

-- The products seen by earlier runs (kamelet:items-new-since-last-run-action): Camel's JDBC idempotent repository, in
-- its default layout and under its unquoted default name, which both databases fold to lower case. processorName
-- tells repositories apart (tmapi-seen-items); messageId is flow|source|query|item_id, so longer than Camel's default.
create table camel_messageprocessed (
    processorName varchar(255)  not null,
    messageId     varchar(2000) not null,
    createdAt     timestamp     not null,
    primary key (processorName, messageId)
);

-- The last price seen of each product (kamelet:items-price-changes-action).
create table tmapi_price (
    -- flow|source|query|item_id: the same product is tracked apart in each flow and query
    price_key   varchar(2000)            primary key,
    -- the price as TMAPI gave it, as text: H2's unbounded numeric drops trailing zeros (12.50 would come back as 12.5)
    price       varchar(60)              not null,
    recorded_at timestamp with time zone not null
);

-- The pictures converted for the image search and the path TMAPI gave each, used for 24 hours.
create table tmapi_image_conversion (
    picture_url    varchar(2000)            primary key,
    converted_path varchar(2000)            not null,
    converted_at   timestamp with time zone not null
);

create index tmapi_image_conversion_at on tmapi_image_conversion (converted_at);
