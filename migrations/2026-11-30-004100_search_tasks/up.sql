-- Document writes the search engine accepted but applies later (Meilisearch tasks), with the rows
-- they carried. The `search.tasks` job reads the tasks' outcomes: applied ones are forgotten,
-- refused ones sent again or marked failed with the engine's message.
CREATE TABLE search_tasks (
    id BIGSERIAL PRIMARY KEY,
    task_uid BIGINT NOT NULL,
    index_name TEXT NOT NULL CHECK (index_name IN ('needs', 'offers')),
    -- The need or offer ids (strings) whose documents or deletions the task carried.
    ids JSONB NOT NULL,
    -- How often these ids were refused before this task.
    refusals INT NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX search_tasks_created_at ON search_tasks (created_at);
