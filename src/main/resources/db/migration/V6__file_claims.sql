-- The files an instance is taking on a data folder several instances may share: an inbox file being accepted, a mail
-- or an upload being delivered. A claim is inserted once (the key is unique), renewed by its owner while it holds it,
-- and taken by another instance only once it is older than the time an instance may stay silent: a live claim is
-- never taken. Earlier versions kept these claims in camel_messageprocessed, whose repository let a second instance
-- take a live claim; those rows are dropped here (each lapsed within seconds of its instance's stop anyway).
-- Written for PostgreSQL; the embedded default (H2 in its PostgreSQL mode) runs the same statements.

create table tmapi_file_claim (
    -- the folder and name of the file claimed, e.g. .mail-pending/20261207-report.eml
    file_key   varchar(2000)            primary key,
    -- the process holding it: instance.id and a token of the process's start, so that a restart under the same id
    -- does not keep alive the claims of the start that died
    owner      varchar(300)             not null,
    claimed_at timestamp with time zone not null
);

create index tmapi_file_claim_owner on tmapi_file_claim (owner);

delete from camel_messageprocessed where processorName = 'tmapi-file-claims';
