-- The name of an inbox job's input as it was dropped (e.g. 杯子清单.txt), for its report and its -failed.csv; its
-- file in .processing/ may carry a sanitised or numbered name.
alter table tmapi_job add column input_name varchar(500);
