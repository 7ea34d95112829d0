//! The queries on queued jobs filter `state = $n`, a bind parameter. After five runs on a connection
//! PostgreSQL may settle on a generic plan, which cannot use a partial index that holds only
//! `state = 'queued'` rows: the job table's indexes lead with the state instead. With generic plans
//! forced and thousands of jobs waiting, each claim and each coalescing lookup reads a few rows,
//! not every queued job (with the old partial indexes each read all of them: 50 ms a claim at
//! 50,000 queued jobs).

use crate::helpers::TestDb;
use bangfu::store::index_jobs::{drop_obsolete_index_jobs, enqueue_need};
use bangfu::store::jobs::{claim_ready, claim_ready_of_kind, kind};
use chrono::Utc;
use diesel::sql_types::BigInt;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl, SimpleAsyncConnection};
use uuid::Uuid;

const WAITING: i64 = 3_000;

#[derive(diesel::QueryableByName)]
struct Read {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Rows and index entries read from the job table so far, by sequential and index scans. The
/// statistics reach shared memory when this backend next goes idle, which the first statement forces.
async fn job_rows_read(conn: &mut AsyncPgConnection) -> i64 {
    diesel::sql_query("SELECT pg_stat_force_next_flush()")
        .execute(conn)
        .await
        .unwrap();
    let read: Read = diesel::sql_query(
        "SELECT (SELECT coalesce(seq_tup_read, 0) FROM pg_stat_user_tables WHERE relname = 'jobs')
              + (SELECT coalesce(sum(idx_tup_read), 0) FROM pg_stat_user_indexes
                 WHERE relname = 'jobs')::bigint AS n",
    )
    .get_result(conn)
    .await
    .unwrap();
    read.n
}

#[tokio::test]
async fn claims_and_coalescing_read_a_few_rows_under_generic_plans() {
    let db = TestDb::new().await;
    let mut conn = AsyncPgConnection::establish(&db.url).await.unwrap();
    conn.batch_execute(&format!(
        "INSERT INTO jobs (kind, payload, state, finished_at)
         SELECT '{kind}', jsonb_build_object('id', gen_random_uuid()), 'done', now()
         FROM generate_series(1, {WAITING});
         INSERT INTO jobs (kind, payload)
         SELECT '{kind}', jsonb_build_object('id', gen_random_uuid())
         FROM generate_series(1, {WAITING});
         ANALYZE jobs;
         SET plan_cache_mode = force_generic_plan;",
        kind = kind::INDEX_NEEDS
    ))
    .await
    .unwrap();
    let need = Uuid::new_v4();
    let before = job_rows_read(&mut conn).await;
    let rounds = 10;
    for _ in 0..rounds {
        enqueue_need(&mut conn, need).await.unwrap();
        assert!(claim_ready(&mut conn, Utc::now()).await.unwrap().is_some());
        let batch = claim_ready_of_kind(&mut conn, Utc::now(), kind::INDEX_NEEDS, 20)
            .await
            .unwrap();
        assert_eq!(batch.len(), 20);
        drop_obsolete_index_jobs(&mut conn, kind::INDEX_NEEDS, &[Uuid::new_v4()])
            .await
            .unwrap();
    }
    let read = job_rows_read(&mut conn).await - before;
    // 40 queries, of which the batch claims read 20 rows each: a few hundred rows in all. One query
    // reading every queued job would alone read WAITING.
    assert!(
        read < WAITING,
        "{rounds} rounds of claims and lookups read {read} job rows and index entries"
    );
}
