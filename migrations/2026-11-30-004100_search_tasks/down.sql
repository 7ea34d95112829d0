DROP TABLE search_tasks;
