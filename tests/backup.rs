//! Backups on a real database: a snapshot taken while writes run is consistent, passes the
//! integrity check and restores to the same counts; a restore refuses damaged files and leaves
//! the old database alone.
#![cfg(feature = "ssr")]

mod common;

use common::TestDb;
use orgboard::server::backup;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_snapshot_taken_during_writes_restores_to_the_same_counts() {
    let db = TestDb::with_demo().await;
    let dir = tempfile::tempdir().unwrap();
    // Writes keep coming while the snapshot is taken: audit rows and new users, each in its
    // own transaction.
    let pool = db.pool.clone();
    let writer = tokio::spawn(async move {
        let mut n = 0;
        for i in 0..400 {
            let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
            sqlx::query("INSERT INTO users (email, name) VALUES (?1, 'Writer')")
                .bind(format!("writer{i}@example.com"))
                .execute(&mut *tx)
                .await
                .unwrap();
            sqlx::query("INSERT INTO audit_log (actor_label, action) VALUES ('test', 'test.write')")
                .execute(&mut *tx)
                .await
                .unwrap();
            tx.commit().await.unwrap();
            n += 1;
        }
        n
    });
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    let snapshot = dir.path().join("snapshot.db");
    let taken = backup::backup(&db.pool, &snapshot).await.unwrap();
    assert_eq!(writer.await.unwrap(), 400);
    let count = |s: &backup::Summary, t: &str| s.counts.iter().find(|(n, _)| n == t).unwrap().1;
    // Consistent: each writer transaction added one user and one audit row together.
    let base_users = db
        .count("SELECT count(*) FROM users WHERE email NOT LIKE 'writer%'")
        .await;
    let base_audit = db
        .count("SELECT count(*) FROM audit_log WHERE action <> 'test.write'")
        .await;
    assert_eq!(
        count(&taken, "users") - base_users,
        count(&taken, "audit_log") - base_audit,
        "the snapshot holds whole transactions only"
    );
    assert!(count(&taken, "progress") > 0);
    // A second snapshot to the same file is refused.
    assert!(backup::backup(&db.pool, &snapshot)
        .await
        .unwrap_err()
        .contains("already exists"));

    // Restore over another database file (a stopped server's).
    let target = dir.path().join("restored.db");
    std::fs::write(&target, b"").unwrap();
    let restored = backup::restore(&snapshot, &target).await.unwrap();
    assert_eq!(restored, taken, "counts equal the snapshot's");

    // A damaged snapshot is refused and the restored database stays as it was.
    let bad = dir.path().join("bad.db");
    std::fs::write(&bad, b"not a database at all").unwrap();
    assert!(backup::restore(&bad, &target).await.is_err());
    let again = backup::restore(&snapshot, &target).await.unwrap();
    assert_eq!(again, taken);
}
