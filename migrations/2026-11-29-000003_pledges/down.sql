DROP TABLE complaints;
DROP TABLE pledges;
