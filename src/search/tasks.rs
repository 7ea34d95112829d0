//! Outcomes of writes an engine accepted but applies later (Meilisearch tasks). The worker records
//! each task with the ids it carried; the `search.tasks` job reads the tasks' states later and
//! decides here, without I/O, what becomes of the ids: forget them (applied), wait, send them again,
//! or give up and show the engine's message in the failed-jobs view.
//!
//! Meilisearch refuses a whole task when one of its documents is invalid (`invalid_request`), while
//! the other tasks of its batch go on; an `internal` or `system` error fails the whole batch. So a
//! refused task of several documents is split: each document is sent again on its own, and a
//! document refused on its own is marked failed with the engine's message.

use serde::Deserialize;

/// Times a document may be sent again after a refusal that is not its own fault (an internal error,
/// a cancelled task) before it is marked failed.
pub const MAX_REFUSALS: i32 = 3;

/// One task as the engine reports it (Meilisearch's task object; unknown fields are ignored, so a
/// newer server's extra fields do not matter).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TaskState {
    pub uid: u32,
    /// `enqueued`, `processing`, `succeeded`, `failed` or `canceled`.
    pub status: String,
    #[serde(default)]
    pub error: Option<TaskFailure>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TaskFailure {
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub code: String,
    /// `invalid_request`, `internal`, `auth` or `system`.
    #[serde(rename = "type", default)]
    pub kind: String,
}

/// A recorded task: what the worker sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentTask {
    pub uid: u32,
    /// The rows (need or offer ids) whose documents or deletions the task carried.
    pub ids: Vec<String>,
    /// How often these ids were refused before this task.
    pub refusals: i32,
}

/// What to do with a recorded task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Applied: drop the record.
    Forget,
    /// Not done yet: look again later.
    Wait,
    /// Send the ids again, each with this refusal count (a count above zero makes the worker send
    /// each id in a task of its own, so one bad document cannot hold back the others).
    Resend { ids: Vec<String>, refusals: i32 },
    /// Give up on these ids: a failed job per id, with the engine's message.
    Fail { ids: Vec<String>, message: String },
}

/// The state of `task`, or `None` when the engine no longer knows it (tasks are deleted after a
/// while, or the engine was replaced): its ids are sent again, which is always safe.
pub fn decide(task: &SentTask, state: Option<&TaskState>) -> Action {
    let Some(state) = state else {
        return Action::Resend {
            ids: task.ids.clone(),
            refusals: task.refusals,
        };
    };
    match state.status.as_str() {
        "succeeded" => Action::Forget,
        "enqueued" | "processing" => Action::Wait,
        "failed" => {
            let (message, own_fault) = match &state.error {
                Some(e) => (
                    format!(
                        "the search engine refused task {}: {} ({})",
                        state.uid, e.message, e.code
                    ),
                    e.kind == "invalid_request",
                ),
                None => (
                    format!(
                        "the search engine failed task {} without a reason",
                        state.uid
                    ),
                    false,
                ),
            };
            if own_fault && task.ids.len() > 1 {
                // One document spoils the task: find which by sending each alone.
                return Action::Resend {
                    ids: task.ids.clone(),
                    refusals: task.refusals + 1,
                };
            }
            if own_fault || task.refusals + 1 >= MAX_REFUSALS {
                return Action::Fail {
                    ids: task.ids.clone(),
                    message,
                };
            }
            Action::Resend {
                ids: task.ids.clone(),
                refusals: task.refusals + 1,
            }
        }
        // `canceled` (someone cancelled it), or a status this code does not know.
        _ if task.refusals + 1 >= MAX_REFUSALS => Action::Fail {
            ids: task.ids.clone(),
            message: format!(
                "the search engine did not apply task {} (status {})",
                state.uid, state.status
            ),
        },
        _ => Action::Resend {
            ids: task.ids.clone(),
            refusals: task.refusals + 1,
        },
    }
}

/// Reads the `results` of a task list answer (`GET /tasks?uids=…`).
pub fn parse_task_list(body: &serde_json::Value) -> Result<Vec<TaskState>, String> {
    let results = body
        .get("results")
        .cloned()
        .ok_or("the task list has no `results`")?;
    serde_json::from_value(results).map_err(|e| format!("unreadable task list: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sent(ids: &[&str], refusals: i32) -> SentTask {
        SentTask {
            uid: 7,
            ids: ids.iter().map(|s| s.to_string()).collect(),
            refusals,
        }
    }

    fn state(v: serde_json::Value) -> TaskState {
        parse_task_list(&json!({ "results": [v] }))
            .unwrap()
            .remove(0)
    }

    /// A failed task as Meilisearch reports it (GET /tasks?uids=7).
    fn refused(kind: &str) -> TaskState {
        state(json!({
            "uid": 7, "batchUid": 3, "indexUid": "needs", "status": "failed",
            "type": "documentAdditionOrUpdate", "canceledBy": null,
            "details": {"receivedDocuments": 2, "indexedDocuments": 0},
            "error": {"message": "Document identifier `\"bad id!\"` is invalid.", "code": "invalid_document_id",
                      "type": kind, "link": "https://docs.meilisearch.com/errors#invalid_document_id"},
            "duration": "PT0.01S", "enqueuedAt": "2026-11-30T10:00:00Z",
            "startedAt": "2026-11-30T10:00:00Z", "finishedAt": "2026-11-30T10:00:00Z",
            "someFieldOfANewerServer": {"x": 1}
        }))
    }

    #[test]
    fn succeeded_tasks_are_forgotten_and_pending_ones_waited_for() {
        let t = sent(&["a", "b"], 0);
        for (status, action) in [
            ("succeeded", Action::Forget),
            ("enqueued", Action::Wait),
            ("processing", Action::Wait),
        ] {
            let s = state(json!({"uid": 7, "status": status, "error": null}));
            assert_eq!(decide(&t, Some(&s)), action, "{status}");
        }
    }

    #[test]
    fn a_refused_batch_is_split_and_a_refused_document_fails_with_the_engines_message() {
        let batch = decide(&sent(&["a", "b"], 0), Some(&refused("invalid_request")));
        assert_eq!(
            batch,
            Action::Resend {
                ids: vec!["a".into(), "b".into()],
                refusals: 1
            }
        );
        match decide(&sent(&["a"], 1), Some(&refused("invalid_request"))) {
            Action::Fail { ids, message } => {
                assert_eq!(ids, vec!["a".to_string()]);
                assert!(message.contains("Document identifier"), "{message}");
                assert!(message.contains("invalid_document_id"), "{message}");
                assert!(message.contains("task 7"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        // A single document refused the first time fails at once: sending it again cannot help.
        assert!(matches!(
            decide(&sent(&["a"], 0), Some(&refused("invalid_request"))),
            Action::Fail { .. }
        ));
    }

    #[test]
    fn internal_errors_and_cancellations_are_retried_a_few_times() {
        let t = sent(&["a", "b"], 0);
        assert_eq!(
            decide(&t, Some(&refused("internal"))),
            Action::Resend {
                ids: t.ids.clone(),
                refusals: 1
            }
        );
        let cancelled = state(json!({"uid": 7, "status": "canceled", "canceledBy": 9}));
        assert_eq!(
            decide(&t, Some(&cancelled)),
            Action::Resend {
                ids: t.ids.clone(),
                refusals: 1
            }
        );
        let last = sent(&["a"], MAX_REFUSALS - 1);
        assert!(matches!(
            decide(&last, Some(&refused("system"))),
            Action::Fail { .. }
        ));
        assert!(matches!(
            decide(&last, Some(&cancelled)),
            Action::Fail { .. }
        ));
        let no_reason = state(json!({"uid": 7, "status": "failed"}));
        assert!(matches!(
            decide(&sent(&["a"], 0), Some(&no_reason)),
            Action::Resend { .. }
        ));
    }

    #[test]
    fn a_task_the_engine_forgot_is_sent_again() {
        assert_eq!(
            decide(&sent(&["a"], 0), None),
            Action::Resend {
                ids: vec!["a".into()],
                refusals: 0
            }
        );
    }

    #[test]
    fn a_malformed_task_list_is_an_error_not_a_panic() {
        assert!(parse_task_list(&json!({"message": "nope"})).is_err());
        assert!(parse_task_list(&json!({"results": [{"status": "failed"}]})).is_err());
        assert_eq!(parse_task_list(&json!({"results": []})).unwrap(), vec![]);
    }
}
