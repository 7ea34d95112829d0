//! Every operation's error answers are problem documents, and the table names real operations.

use super::*;
use crate::api::openapi::ApiDoc;
use utoipa::OpenApi as _;

fn operations(doc: &OpenApi) -> Vec<(String, &Operation)> {
    let mut all = Vec::new();
    for (path, item) in &doc.paths.paths {
        for op in [&item.get, &item.put, &item.post, &item.delete, &item.patch]
            .into_iter()
            .flatten()
        {
            all.push((path.clone(), op));
        }
    }
    all
}

#[test]
fn every_error_answer_is_a_problem_document() {
    let doc = ApiDoc::openapi();
    for (path, op) in operations(&doc) {
        for (status, response) in &op.responses.responses {
            let RefOr::T(response) = response else {
                continue;
            };
            if status.as_str() < "400" || (path == "/readyz" && status == "503") {
                continue;
            }
            let content = response.content.get(PROBLEM_JSON);
            assert!(
                content.is_some_and(is_problem),
                "{path} {status} is not a problem document"
            );
            assert!(
                !response.content.contains_key("application/json"),
                "{path} {status}"
            );
        }
        let codes = codes_of(op);
        for code in codes {
            let status = code.status().as_u16().to_string();
            assert!(
                op.responses.responses.contains_key(&status),
                "{path} lacks {status}"
            );
        }
        if let Some(body) = &op.request_body {
            // A multipart upload answers a wrong content type with 400 bad_multipart.
            let statuses: &[&str] = if crate::api::openapi::uploads::is_multipart(body) {
                &["400", "413"]
            } else {
                &["400", "413", "415"]
            };
            for &status in statuses {
                assert!(
                    op.responses.responses.contains_key(status),
                    "{path} {status}"
                );
            }
        }
    }
}

#[test]
fn the_table_names_real_operations() {
    let doc = ApiDoc::openapi();
    let ids: Vec<String> = operations(&doc)
        .into_iter()
        .filter_map(|(_, op)| op.operation_id.clone())
        .collect();
    let named = PARTICULAR
        .iter()
        .chain(super::super::problems_stories::PARTICULAR)
        .chain(super::super::problems_jobs::JOBS)
        .chain(super::super::project_problems::PROJECTS)
        .map(|(id, _)| *id)
        .chain(OPTIONAL_AUTH.iter().copied())
        .chain(NO_DATABASE.iter().copied());
    for id in named {
        assert!(ids.iter().any(|i| i == id), "no operation {id}");
    }
}

#[test]
fn signed_in_operations_answer_401_and_ids_answer_404() {
    let doc = ApiDoc::openapi();
    for (path, op) in operations(&doc) {
        if op.security.is_some() {
            assert!(op.responses.responses.contains_key("401"), "{path}");
        }
        if path.contains("{id}") {
            assert!(op.responses.responses.contains_key("404"), "{path}");
        }
    }
}
