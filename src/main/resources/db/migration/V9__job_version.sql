-- A job's row is shared by the instances of one state store. Its version goes up by one each time the job changes
-- hands (claimed, or freed by an instance that leaves); an instance changes the job (records a page, ends its fetching,
-- hands a run to delivery) only at the version its own claim gave it: one that lost the job changes nothing, even
-- after it claimed the job back.
alter table tmapi_job add column version bigint default 0 not null;

comment on column tmapi_job.state is 'fetching; writing (an inbox job: every query ended, its output not written yet); delivering (a scheduled run: handed to delivery, never again); done';

comment on column tmapi_job_query.idx is 'the query''s place in the job (0, 1, ...), the output''s order; below zero: a call an enrichment step made for the job (an item''s details, a shipping quote, a shop''s profile), recorded before it was made, not one of the job''s queries';
