//! Outgoing mail. Every message is written to the `outbox` table in the transaction of the change
//! that sends it (so a rolled-back change sends nothing), and platform admins can read it at
//! Admin > Outbox. With `SMTP_URL` set (like `smtp://mail.example.com:587` or
//! `smtps://user:password@relay:465`), a background task delivers queued messages over SMTP and
//! marks them `sent` or `failed`; without it they are `kept` in the outbox only. `smtp://`
//! upgrades to TLS with STARTTLS whenever the relay offers it; `smtps://` speaks TLS from the
//! first byte. Certificates are verified (against the public roots, plus `SMTP_CA_FILE` when
//! set) unless `SMTP_TLS_VERIFY=0` says not to, for a local relay with a self-made certificate.

use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sqlx::{SqliteExecutor, SqlitePool};

use super::config::{Config, Smtp};
pub use super::repo::outbox::MailLink;
use crate::domain::ids::OrgId;

/// One message to send.
pub struct Mail<'a> {
    /// Recipient address.
    pub to: &'a str,
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
    /// The organization it is about, if any.
    pub org: Option<OrgId>,
    /// The one-time link in the body, if any: replaced by a note once it is used, replaced,
    /// expired or delivered.
    pub link: Option<MailLink<'a>>,
}

/// Queues `mail` in the outbox (`queued` for SMTP delivery when `config` has a relay, else
/// `kept`); returns its id.
pub async fn queue(db: impl SqliteExecutor<'_>, config: &Config, mail: Mail<'_>) -> sqlx::Result<i64> {
    let status = config.mail_status();
    let id = super::repo::outbox::insert(
        db,
        mail.to,
        &mail.subject,
        &mail.body,
        mail.org,
        status,
        mail.link.as_ref(),
    )
    .await?;
    // Never the body: it may hold a live link.
    tracing::info!(outbox_id = id, status, "mail written to the outbox");
    Ok(id)
}

/// An SMTP sender: the transport and the From address (`SMTP_FROM`, default
/// `Orgboard <no-reply@orgboard.invalid>`).
pub struct Sender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Sender {
    /// A sender for `url` (`smtp://` or `smtps://[user:password@]host[:port]`), verifying
    /// certificates against the public roots.
    pub fn new(url: &str, from: Option<&str>) -> Result<Sender, String> {
        Self::to(parse_smtp_url(url)?, from, &TlsTrust::default())
    }

    /// A sender for the configured relay.
    pub fn configured(smtp: &Smtp) -> Result<Sender, String> {
        Self::to(smtp.target.clone(), Some(&smtp.from), &smtp.trust)
    }

    /// A sender for `target` trusting what `trust` says.
    pub fn with_trust(target: SmtpTarget, from: Option<&str>, trust: &TlsTrust) -> Result<Sender, String> {
        Self::to(target, from, trust)
    }

    fn to(target: SmtpTarget, from: Option<&str>, trust: &TlsTrust) -> Result<Sender, String> {
        use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
        let mut params =
            TlsParameters::builder(target.host.clone()).dangerous_accept_invalid_certs(!trust.verify);
        if let Some(pem) = &trust.extra_root_pem {
            let cert = Certificate::from_pem(pem)
                .map_err(|e| format!("SMTP_CA_FILE holds no usable certificate: {e}"))?;
            params = params.add_root_certificate(cert);
        }
        let params = params
            .build()
            .map_err(|e| format!("SMTP TLS cannot be set up: {e}"))?;
        let tls = match target.security {
            SmtpSecurity::StartTls => Tls::Opportunistic(params),
            SmtpSecurity::ImplicitTls => Tls::Wrapper(params),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(target.host.as_str())
            .port(target.port)
            .tls(tls);
        if let Some((user, password)) = target.credentials {
            builder = builder.credentials(lettre::transport::smtp::authentication::Credentials::new(
                user, password,
            ));
        }
        let transport = builder.build();
        let from = from
            .unwrap_or("Orgboard <no-reply@orgboard.invalid>")
            .parse()
            .map_err(|e| format!("SMTP_FROM is not an address: {e}"))?;
        Ok(Sender { transport, from })
    }

    /// Sends up to `limit` queued messages, oldest first; returns how many went out.
    pub async fn deliver_queued(&self, db: &SqlitePool, limit: i64) -> sqlx::Result<usize> {
        let rows = super::repo::outbox::queued(db, limit).await?;
        let mut sent = 0;
        for row in rows {
            let (id, to, subject, body) = (row.id, row.to_email, row.subject, row.body);
            let result = match to.parse::<Mailbox>() {
                Ok(to) => match Message::builder()
                    .from(self.from.clone())
                    .to(to)
                    .subject(subject)
                    .header(ContentType::TEXT_PLAIN)
                    .body(body)
                {
                    Ok(message) => self
                        .transport
                        .send(message)
                        .await
                        .map(|_| ())
                        .map_err(|e| e.to_string()),
                    Err(e) => Err(e.to_string()),
                },
                Err(e) => Err(e.to_string()),
            };
            let (status, error) = match result {
                Ok(()) => {
                    sent += 1;
                    ("sent", None)
                }
                Err(e) => {
                    tracing::warn!(outbox_id = id, error = %e, "SMTP delivery failed");
                    ("failed", Some(e))
                }
            };
            super::repo::outbox::mark(db, id, status, error.as_deref()).await?;
        }
        Ok(sent)
    }
}

/// How the connection to the relay is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpSecurity {
    /// `smtp://`: plain at first, upgraded with STARTTLS whenever the relay offers it.
    StartTls,
    /// `smtps://`: TLS from the first byte.
    ImplicitTls,
}

/// Which certificates the relay may present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsTrust {
    /// Verify the certificate (`SMTP_TLS_VERIFY`, on unless set to 0).
    pub verify: bool,
    /// One more root to trust, PEM (`SMTP_CA_FILE`): a private relay's own CA.
    pub extra_root_pem: Option<Vec<u8>>,
}

impl Default for TlsTrust {
    fn default() -> Self {
        TlsTrust {
            verify: true,
            extra_root_pem: None,
        }
    }
}

/// Where `SMTP_URL` points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpTarget {
    /// Host name or address.
    pub host: String,
    /// Port (25 for `smtp://`, 465 for `smtps://`, unless given).
    pub port: u16,
    /// User and password, when given.
    pub credentials: Option<(String, String)>,
    /// STARTTLS or implicit TLS.
    pub security: SmtpSecurity,
}

/// Reads `smtp://[user:password@]host[:port]` (STARTTLS when offered) or
/// `smtps://[user:password@]host[:port]` (implicit TLS); any other scheme is refused with a
/// clear message.
pub fn parse_smtp_url(url: &str) -> Result<SmtpTarget, String> {
    let trimmed = url.trim();
    let (security, rest) = match (trimmed.strip_prefix("smtp://"), trimmed.strip_prefix("smtps://")) {
        (Some(rest), _) => (SmtpSecurity::StartTls, rest),
        (_, Some(rest)) => (SmtpSecurity::ImplicitTls, rest),
        _ => {
            return Err(format!(
                "SMTP_URL must look like smtp://[user:password@]host[:port] (STARTTLS when the relay offers it) or smtps://… (TLS from the start), not {url}"
            ))
        }
    };
    let rest = rest.trim_end_matches('/');
    let (credentials, host_port) = match rest.rsplit_once('@') {
        Some((auth, hp)) => {
            let (user, password) = auth.split_once(':').unwrap_or((auth, ""));
            (Some((user.to_string(), password.to_string())), hp)
        }
        None => (None, rest),
    };
    let default_port = match security {
        SmtpSecurity::StartTls => 25,
        SmtpSecurity::ImplicitTls => 465,
    };
    let (host, port) = match host_port.rsplit_once(':') {
        Some((h, p)) => (h, p.parse().map_err(|_| format!("SMTP_URL has a bad port: {p}"))?),
        None => (host_port, default_port),
    };
    if host.is_empty() {
        return Err("SMTP_URL names no host.".into());
    }
    Ok(SmtpTarget {
        host: host.to_string(),
        port,
        credentials,
        security,
    })
}

/// Starts delivering the outbox in the background when a relay is configured (`SMTP_URL`);
/// says why not otherwise.
pub fn start_delivery(db: SqlitePool, smtp: Option<&Smtp>) -> Result<(), String> {
    let Some(smtp) = smtp else {
        tracing::info!("SMTP_URL is not set: mail stays in the outbox (Admin > Outbox)");
        return Ok(());
    };
    let sender = Sender::configured(smtp)?;
    tokio::spawn(async move {
        loop {
            if let Err(e) = sender.deliver_queued(&db, 50).await {
                tracing::error!(error = %e, "reading the outbox failed");
            }
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls() {
        assert_eq!(
            parse_smtp_url("smtp://relay.example:2525").unwrap(),
            SmtpTarget {
                host: "relay.example".into(),
                port: 2525,
                credentials: None,
                security: SmtpSecurity::StartTls,
            }
        );
        assert_eq!(
            parse_smtp_url("smtp://ann:s3cr:et@mail.example").unwrap(),
            SmtpTarget {
                host: "mail.example".into(),
                port: 25,
                credentials: Some(("ann".into(), "s3cr:et".into())),
                security: SmtpSecurity::StartTls,
            }
        );
        let tls = parse_smtp_url("smtps://mail.example").unwrap();
        assert_eq!((tls.port, tls.security), (465, SmtpSecurity::ImplicitTls));
        assert!(parse_smtp_url("http://mail.example").is_err());
        assert!(parse_smtp_url("smtp://:25").is_err());
        assert!(parse_smtp_url("smtp://host:port").is_err());
    }
}
