DROP TABLE job_retention_checks;
DROP TABLE job_applications;
DROP TABLE household_work;
DROP TABLE job_postings;
