-- The TMAPI account, one for every instance sharing the database (§14): the concurrency limit in force after 503
-- answers and the pause after a 439, in one row that every instance reads each second. The requests in flight are not
-- counted here: each holds a PostgreSQL advisory lock, one per slot, for as long as it is under way (store.AccountSlots).
-- The embedded default serves one instance, which keeps these in memory; the table is there all the same, so both
-- databases have one schema.
-- Written for PostgreSQL; the embedded default (H2 in its PostgreSQL mode) runs the same statements.

create table tmapi_account (
    -- always 1: one account, one row
    id                integer                  primary key,
    -- requests allowed in flight across all instances, lowered by 503 answers; null: tmapi.max-concurrency
    concurrency_limit integer,
    -- successes since the limit last changed; after tmapi.concurrency.raise-after-successes it climbs by one
    successes         integer                  default 0 not null,
    -- while TMAPI calls are paused after a 439: until when (then one request probes), and the instance that saw it
    paused_until      timestamp with time zone,
    paused_by         varchar(200),
    constraint tmapi_account_one_row check (id = 1)
);

insert into tmapi_account (id, successes) values (1, 0);
