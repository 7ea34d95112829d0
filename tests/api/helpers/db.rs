//! A fresh PostgreSQL database per test, cloned from a template migrated once per set of migrations.
//!
//! The template's name carries a hash of the migrations and the region data, so a change to either
//! builds a new one; building happens under a temporary name that is renamed when complete, so
//! concurrent test processes never clone a half-migrated template. Each test's database is dropped
//! when its [`TestDb`] is dropped.

use diesel::sql_types::Text;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use sha2::{Digest, Sha256};
use std::path::Path;
use tokio::sync::OnceCell;
use uuid::Uuid;

pub fn server_url() -> String {
    std::env::var("BANGFU_TEST_DATABASE_SERVER")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432".to_owned())
}

fn db_url(name: &str) -> String {
    format!("{}/{name}", server_url())
}

async fn admin_conn() -> AsyncPgConnection {
    AsyncPgConnection::establish(&db_url("postgres"))
        .await
        .expect("PostgreSQL must run at 127.0.0.1:5432 (BANGFU_TEST_DATABASE_SERVER to change)")
}

fn hash_dir(hasher: &mut Sha256, dir: &Path) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            hash_dir(hasher, &p);
        } else {
            hasher.update(p.to_string_lossy().as_bytes());
            hasher.update(std::fs::read(&p).expect("read file"));
        }
    }
}

fn template_name() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut h = Sha256::new();
    hash_dir(&mut h, &root.join("migrations"));
    h.update(std::fs::read(root.join("src/store/data/regions_2023.tsv")).expect("regions file"));
    format!("bangfu_tpl_{}", &hex::encode(h.finalize())[..16])
}

#[derive(diesel::QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    datname: String,
}

async fn exists(conn: &mut AsyncPgConnection, name: &str) -> bool {
    let rows: Vec<Name> = diesel::sql_query("SELECT datname FROM pg_database WHERE datname = $1")
        .bind::<Text, _>(name)
        .load(conn)
        .await
        .expect("query pg_database");
    !rows.is_empty()
}

async fn template() -> &'static str {
    static TEMPLATE: OnceCell<String> = OnceCell::const_new();
    TEMPLATE
        .get_or_init(|| async {
            let name = template_name();
            build_template(&name).await;
            name
        })
        .await
}

/// Builds and publishes the template unless it exists. Another test process with other migrations
/// (a second checkout) drops templates that are not its own, so a clone that finds the template gone
/// builds it again.
async fn build_template(name: &str) {
    let name = name.to_owned();
    let mut conn = admin_conn().await;
    if !exists(&mut conn, &name).await {
        let building = format!("{name}_b{}", &Uuid::new_v4().simple().to_string()[..8]);
        diesel::sql_query(format!("CREATE DATABASE {building}"))
            .execute(&mut conn)
            .await
            .expect("create template");
        bangfu::store::migrate(&db_url(&building))
            .await
            .expect("migrate template");
        let renamed = diesel::sql_query(format!("ALTER DATABASE {building} RENAME TO {name}"))
            .execute(&mut conn)
            .await;
        if renamed.is_err() {
            // Another process published the same template first.
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {building} WITH (FORCE)"))
                .execute(&mut conn)
                .await;
        }
        // Old templates (other migrations) are of no further use.
        let old: Vec<Name> = diesel::sql_query("SELECT datname FROM pg_database WHERE datname LIKE 'bangfu\\_tpl\\_%' AND datname <> $1 AND datname NOT LIKE '%\\_b%'")
                    .bind::<Text, _>(&name)
                    .load(&mut conn)
                    .await
                    .unwrap_or_default();
        for o in old {
            let _ = diesel::sql_query(format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                o.datname
            ))
            .execute(&mut conn)
            .await;
        }
    }
}

pub struct TestDb {
    pub name: String,
    pub url: String,
}

impl TestDb {
    /// A database cloned from the migrated template (regions loaded, nothing else).
    pub async fn new() -> Self {
        let template = template().await;
        let name = format!("bangfu_test_{}", Uuid::new_v4().simple());
        let mut conn = admin_conn().await;
        // Cloning fails while another session is connected to the template; retry briefly.
        let mut last = None;
        for _ in 0..50 {
            match diesel::sql_query(format!("CREATE DATABASE {name} TEMPLATE {template}"))
                .execute(&mut conn)
                .await
            {
                Ok(_) => {
                    return Self {
                        url: db_url(&name),
                        name,
                    }
                }
                Err(e) => {
                    if e.to_string().contains("does not exist") {
                        build_template(template).await;
                    }
                    last = Some(e);
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            }
        }
        panic!("cannot clone the template: {last:?}");
    }

    /// An empty database, not migrated (for the migration tests).
    pub async fn empty() -> Self {
        let name = format!("bangfu_test_{}", Uuid::new_v4().simple());
        let mut conn = admin_conn().await;
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut conn)
            .await
            .expect("create database");
        Self {
            url: db_url(&name),
            name,
        }
    }

    pub fn pool(&self) -> bangfu::store::Pool {
        bangfu::store::pool(&self.url, 4).expect("pool")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        let name = self.name.clone();
        // Drop runs outside any async context we could await in: use a thread with its own runtime.
        let _ = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("runtime");
            rt.block_on(async move {
                let mut conn = admin_conn().await;
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn)
                    .await;
            });
        })
        .join();
    }
}
