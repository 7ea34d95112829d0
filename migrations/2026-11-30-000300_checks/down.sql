DROP TABLE audit_checkpoints;
DROP TABLE revisits;
DROP TABLE rectifications;
DROP TABLE check_findings;
DROP TABLE check_items;
DROP TABLE check_rounds;
