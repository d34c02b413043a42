-- What the enrichment steps bought from TMAPI, kept so that the same item detail, shop or shipping quote is not bought
-- again within its keep time (details.keep-hours, supplier.keep-hours, shipping.keep-hours), across jobs, restarts
-- and instances. Written for PostgreSQL; the embedded default (H2 in its PostgreSQL mode) runs the same statements.

create table tmapi_kept_record (
    -- what was bought: detail, shop or shipping
    kind       varchar(20)              not null,
    -- which one: an item id; a shop link; an item id, province, quantity and weight
    record_key varchar(2000)            not null,
    -- the values the steps add, as a JSON object
    content    text                     not null,
    kept_at    timestamp with time zone not null,
    primary key (kind, record_key)
);

create index tmapi_kept_record_kept_at on tmapi_kept_record (kept_at);

-- What an inbox flow adds to its products once the job's pages are in (its template's enrich and the steps'
-- settings, as JSON); empty for a job that adds nothing.
alter table tmapi_job add column enrichment text;

-- The TMAPI calls a job has made, each counted before it is made, for the spend guard (job.max-calls).
alter table tmapi_job add column calls bigint not null default 0;
