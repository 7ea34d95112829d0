DROP TABLE project_refunds;
DROP TABLE project_spending;
DROP TABLE project_receipts;
DROP TABLE project_pledges;
DROP TABLE project_budget_lines;
DROP TABLE projects;
