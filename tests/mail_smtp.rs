//! Outbox delivery over a real SMTP conversation with a small in-process server: plain, with
//! STARTTLS, and with TLS from the first byte, against a test certificate authority.
#![cfg(feature = "ssr")]

mod common;

use std::sync::Arc;

use common::TestDb;
use orgboard::server::mail::{parse_smtp_url, Sender, TlsTrust};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Accepts one SMTP session and returns the DATA it received.
async fn one_session(listener: TcpListener) -> String {
    let (stream, _) = listener.accept().await.unwrap();
    let (data, _) = converse(stream, false).await;
    data
}

/// Speaks SMTP on `stream` until QUIT: the DATA received, and whether the client asked for
/// STARTTLS (when `offer_starttls`, the conversation stops there so the caller can upgrade).
async fn converse<S: AsyncRead + AsyncWrite + Unpin>(stream: S, offer_starttls: bool) -> (String, bool) {
    speak(stream, offer_starttls, true).await
}

/// `converse`, with or without the greeting (after STARTTLS the client speaks first).
async fn speak<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    offer_starttls: bool,
    greet: bool,
) -> (String, bool) {
    let (read, mut write) = tokio::io::split(stream);
    let mut lines = BufReader::new(read).lines();
    if greet {
        write.write_all(b"220 test.example ESMTP\r\n").await.unwrap();
    }
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
            "EHLO" if offer_starttls => b"250-test.example\r\n250 STARTTLS\r\n",
            "STARTTLS" if offer_starttls => {
                write
                    .write_all(b"220 2.0.0 ready to start TLS\r\n")
                    .await
                    .unwrap();
                return (data, true);
            }
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
    (data, false)
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

/// A test certificate authority and a certificate for 127.0.0.1 it signed: the CA as PEM, and
/// the server's TLS acceptor.
fn test_tls() -> (Vec<u8>, tokio_rustls::TlsAcceptor) {
    use rcgen::{BasicConstraints, CertificateParams, IsCa, KeyPair};
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    let ca = ca.self_signed(&ca_key).unwrap();
    let key = KeyPair::generate().unwrap();
    let leaf = CertificateParams::new(vec!["127.0.0.1".to_string()])
        .unwrap()
        .signed_by(&key, &ca, &ca_key)
        .unwrap();
    let der_key = tokio_rustls::rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into());
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = tokio_rustls::rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![leaf.der().clone()], der_key)
        .unwrap();
    (
        ca.pem().into_bytes(),
        tokio_rustls::TlsAcceptor::from(Arc::new(config)),
    )
}

/// One queued message with a live link (as `mail::queue` writes it); its id.
async fn queue_link_mail(db: &TestDb, to: &str) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO outbox (to_email, subject, body, status, link_hash, link_url, link_expires_at) VALUES
            (?1, 'Reset your Orgboard password', 'Choose one here: http://x/reset-password?token=' || ?2, 'queued',
             ?3, 'http://x/reset-password?token=' || ?2, '2999-01-01T00:00:00Z') RETURNING id",
    )
    .bind(to)
    .bind("ab".repeat(32))
    .bind("cd".repeat(32))
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

async fn stored(db: &TestDb, id: i64) -> (String, String, Option<String>) {
    sqlx::query_as("SELECT status, body, error FROM outbox WHERE id = ?1")
        .bind(id)
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

fn trusting(ca: &[u8]) -> TlsTrust {
    TlsTrust {
        verify: true,
        extra_root_pem: Some(ca.to_vec()),
    }
}

#[tokio::test]
async fn smtps_speaks_tls_from_the_start_and_verifies_the_certificate() {
    let (ca, acceptor) = test_tls();
    let db = TestDb::new().await;

    // Trusted through SMTP_CA_FILE: delivered over TLS, and the stored body keeps no token.
    let id = queue_link_mail(&db, "ann@example.com").await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let tls = acceptor.clone();
    let server = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let stream = tls.accept(tcp).await.expect("the client speaks TLS at once");
        converse(stream, false).await.0
    });
    let target = parse_smtp_url(&format!("smtps://127.0.0.1:{port}")).unwrap();
    let sender = Sender::with_trust(target.clone(), None, &trusting(&ca)).unwrap();
    assert_eq!(sender.deliver_queued(&db.pool, 10).await.unwrap(), 1);
    // Quoted-printable wraps long lines with soft breaks ("=" at the end of a line).
    let data = server.await.unwrap().replace("=\n", "");
    assert!(
        data.contains(&"ab".repeat(32)),
        "the mail carried its link: {data}"
    );
    let (status, body, _) = stored(&db, id).await;
    assert_eq!(status, "sent");
    assert!(
        !body.contains(&"ab".repeat(32)),
        "no token at rest after delivery: {body}"
    );
    assert!(body.contains("not kept here"), "{body}");

    // Not trusted: refused, and the outbox says why.
    let id = queue_link_mail(&db, "bob@example.com").await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let tls = acceptor.clone();
    tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        let _ = tls.accept(tcp).await;
    });
    let target = parse_smtp_url(&format!("smtps://127.0.0.1:{port}")).unwrap();
    let sender = Sender::with_trust(target, None, &TlsTrust::default()).unwrap();
    assert_eq!(sender.deliver_queued(&db.pool, 10).await.unwrap(), 0);
    let (status, body, error) = stored(&db, id).await;
    assert_eq!(status, "failed");
    assert!(error.is_some_and(|e| !e.is_empty()), "the failure says why");
    assert!(
        body.contains(&"ab".repeat(32)),
        "an undelivered mail keeps its link for a retry"
    );

    // With verification switched off (a local relay), the same certificate is accepted.
    sqlx::query("UPDATE outbox SET status = 'queued' WHERE id = ?1")
        .bind(id)
        .execute(&db.pool)
        .await
        .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        converse(acceptor.accept(tcp).await.unwrap(), false).await.0
    });
    let target = parse_smtp_url(&format!("smtps://127.0.0.1:{port}")).unwrap();
    let relaxed = TlsTrust {
        verify: false,
        extra_root_pem: None,
    };
    let sender = Sender::with_trust(target, None, &relaxed).unwrap();
    assert_eq!(sender.deliver_queued(&db.pool, 10).await.unwrap(), 1);
    assert!(server
        .await
        .unwrap()
        .contains("Subject: Reset your Orgboard password"));
}

#[tokio::test]
async fn smtp_upgrades_with_starttls_when_the_relay_offers_it() {
    let (ca, acceptor) = test_tls();
    let db = TestDb::new().await;
    let id = queue_link_mail(&db, "cat@example.com").await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = tokio::spawn(async move {
        let (mut tcp, _) = listener.accept().await.unwrap();
        // The plain part, up to STARTTLS, on a borrowed stream; then TLS on the same socket.
        let (before, upgraded) = converse(&mut tcp, true).await;
        assert!(upgraded, "the client asked for STARTTLS");
        assert!(before.is_empty(), "nothing was sent in clear");
        let stream = acceptor.accept(tcp).await.unwrap();
        // After the upgrade the client starts again with EHLO; there is no new greeting.
        speak(stream, false, false).await.0
    });
    let target = parse_smtp_url(&format!("smtp://127.0.0.1:{port}")).unwrap();
    let sender = Sender::with_trust(target, None, &trusting(&ca)).unwrap();
    assert_eq!(sender.deliver_queued(&db.pool, 10).await.unwrap(), 1);
    let data = server.await.unwrap();
    assert!(data.contains("Subject: Reset your Orgboard password"), "{data}");
    assert_eq!(stored(&db, id).await.0, "sent");
}
