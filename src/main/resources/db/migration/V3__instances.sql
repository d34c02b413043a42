-- Several instances sharing one PostgreSQL database (§14): each instance says it is alive every few seconds; a job is
-- owned by the instance running it, and one whose owner stopped saying so for instance.takeover-seconds is taken over
-- by another. The embedded default holds one instance only, so there every job left by an earlier start is its own.
-- Written for PostgreSQL; the embedded default (H2 in its PostgreSQL mode) runs the same statements.

create table tmapi_instance (
    -- instance.id: the host name and process id unless configured
    id           varchar(200)             primary key,
    started_at   timestamp with time zone not null,
    -- renewed every few seconds while the instance runs; the instance is dead once this is instance.takeover-seconds old
    heartbeat_at timestamp with time zone not null
);

-- the instance running the job (null: nobody, e.g. after a clean stop)
alter table tmapi_job add column owner varchar(200);

create index tmapi_job_owner on tmapi_job (owner);
