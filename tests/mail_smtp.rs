//! Outbox delivery over a real SMTP conversation with a small in-process server.
#![cfg(feature = "ssr")]

mod common;

use common::TestDb;
use orgboard::server::mail::Sender;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Accepts one SMTP session and returns the DATA it received.
async fn one_session(listener: TcpListener) -> String {
    let (stream, _) = listener.accept().await.unwrap();
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 test.example ESMTP\r\n").await.unwrap();
    let mut data = String::new();
    let mut in_data = false;
    while let Some(line) = lines.next_line().await.unwrap() {
        if in_data {
            if line == "." {
                in_data = false;
                write.write_all(b"250 2.0.0 queued\r\n").await.unwrap();
            } else {
                data.push_str(&line);
                data.push('\n');
            }
            continue;
        }
        let verb = line.split_whitespace().next().unwrap_or("").to_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" | "HELO" => b"250 test.example\r\n",
            "DATA" => {
                in_data = true;
                b"354 go ahead\r\n"
            }
            "QUIT" => {
                write.write_all(b"221 bye\r\n").await.unwrap();
                break;
            }
            _ => b"250 ok\r\n",
        };
        write.write_all(reply).await.unwrap();
    }
    data
}

#[tokio::test]
async fn queued_mail_goes_out_over_smtp_and_bad_addresses_fail_visibly() {
    let db = TestDb::new().await;
    sqlx::query(
        "INSERT INTO outbox (to_email, subject, body, status) VALUES
            ('zoe@example.com', 'You are invited', 'Accept here: http://x/invitations/accept?token=abc', 'queued'),
            ('not an address', 'Broken', 'never sent', 'queued'),
            ('kept@example.com', 'Kept', 'no SMTP when written', 'kept')",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(one_session(listener));

    let sender = Sender::new(
        &format!("smtp://127.0.0.1:{port}"),
        Some("Orgboard <no-reply@test.example>"),
    )
    .unwrap();
    let sent = sender.deliver_queued(&db.pool, 10).await.unwrap();
    assert_eq!(sent, 1);
    let data = server.await.unwrap();
    assert!(data.contains("Subject: You are invited"), "{data}");
    assert!(data.contains("To: zoe@example.com"), "{data}");
    assert!(data.contains("token=abc"), "{data}");

    let statuses: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT to_email, status, error FROM outbox ORDER BY id")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert_eq!(statuses[0].1, "sent");
    assert_eq!(statuses[1].1, "failed");
    assert!(statuses[1].2.is_some(), "the failure says why");
    assert_eq!(
        statuses[2].1, "kept",
        "messages written without SMTP are left alone"
    );
}
