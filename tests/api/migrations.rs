use crate::helpers::TestDb;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;

#[tokio::test]
async fn migrations_run_down_and_up_again_cleanly() {
    let db = TestDb::empty().await;
    let applied = bangfu::store::migrate(&db.url).await.unwrap();
    assert!(!applied.is_empty());
    assert!(
        bangfu::store::migrate(&db.url).await.unwrap().is_empty(),
        "nothing pending the second time"
    );
    let reverted = bangfu::store::revert_all(&db.url).await.unwrap();
    assert_eq!(reverted, applied.len());
    {
        let pool = db.pool();
        let mut conn = pool.get().await.unwrap();
        #[derive(QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let n: N = diesel::sql_query("SELECT count(*) AS n FROM pg_tables WHERE schemaname = 'public' AND tablename <> '__diesel_schema_migrations'")
            .get_result(&mut conn)
            .await
            .unwrap();
        assert_eq!(n.n, 0, "down.sql leaves no table behind");
    }
    assert_eq!(
        bangfu::store::migrate(&db.url).await.unwrap().len(),
        applied.len()
    );
    let pool = db.pool();
    let mut conn = pool.get().await.unwrap();
    let regions: i64 = bangfu::schema::regions::table
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    assert!(regions > 4_000);
}

#[tokio::test]
async fn the_database_refuses_what_must_never_be_true() {
    let db = TestDb::new().await;
    let pool = db.pool();
    let mut conn = pool.get().await.unwrap();
    for bad in [
        "INSERT INTO users (id, email, password_hash, display_name, role) VALUES (gen_random_uuid(), 'A@x.cn', '$argon2id$x', 'x', 'donor')",
        "INSERT INTO users (id, email, password_hash, display_name, role) VALUES (gen_random_uuid(), 'a@x.cn', '$argon2id$x', 'x', 'root')",
        "INSERT INTO users (id, email, password_hash, display_name, role) VALUES (gen_random_uuid(), 'a@x.cn', 'plain', 'x', 'donor')",
        "INSERT INTO users (id, email, password_hash, display_name, role) VALUES (gen_random_uuid(), 'b@x.cn', '$argon2id$x', 'x', 'enterprise')",
        "INSERT INTO regions (code, name, level, parent_code) VALUES ('4112249', 'x', 'village', '411224')",
        "INSERT INTO jobs (kind, attempts) VALUES ('x', -1)",
        "INSERT INTO households (id, head_name, region_code) VALUES (gen_random_uuid(), 'x', '411224')",
    ] {
        assert!(diesel::sql_query(bad).execute(&mut conn).await.is_err(), "{bad}");
    }
}

#[tokio::test]
async fn every_foreign_key_is_indexed() {
    let db = TestDb::new().await;
    let pool = db.pool();
    let mut conn = pool.get().await.unwrap();
    #[derive(QueryableByName)]
    struct Unindexed {
        #[diesel(sql_type = diesel::sql_types::Text)]
        fk: String,
    }
    // A foreign key is covered when some index starts with its columns.
    let missing: Vec<Unindexed> = diesel::sql_query(
        "SELECT c.conrelid::regclass::text || '.' || c.conname AS fk
           FROM pg_constraint c
          WHERE c.contype = 'f'
            AND NOT EXISTS (
                SELECT 1 FROM pg_index i
                 WHERE i.indrelid = c.conrelid
                   AND (i.indkey::int2[])[0:array_length(c.conkey, 1) - 1] = c.conkey)",
    )
    .load(&mut conn)
    .await
    .unwrap();
    let missing: Vec<String> = missing.into_iter().map(|m| m.fk).collect();
    assert!(
        missing.is_empty(),
        "foreign keys without an index: {missing:?}"
    );
}
