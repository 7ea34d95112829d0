//! A real SMTP server on loopback for the mail tests: Python's aiosmtpd running
//! `tests/smtp/server.py`, which stores each accepted message as an .eml file and refuses any
//! recipient at refuse.test with 550. It can be stopped and started again on the same port.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub struct SmtpServer {
    pub port: u16,
    dir: tempfile::TempDir,
    child: Option<Child>,
}

/// One received message, parsed.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    pub message_id: String,
    pub has_date: bool,
    pub multipart_alternative: bool,
    pub list_unsubscribe: Option<String>,
    pub list_unsubscribe_post: Option<String>,
    /// The raw message, headers and all.
    pub raw: String,
}

impl Mail {
    /// The first link in the text part that starts with `prefix`.
    pub fn link(&self, prefix: &str) -> Option<String> {
        let start = self.text.find(prefix)?;
        let rest = &self.text[start..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        Some(rest[..end].to_owned())
    }
}

fn free_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    l.local_addr().expect("addr").port()
}

impl SmtpServer {
    pub async fn start() -> Self {
        let mut s = Self {
            port: free_port(),
            dir: tempfile::tempdir().expect("tempdir"),
            child: None,
        };
        s.run().await;
        s
    }

    async fn run(&mut self) {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/smtp/server.py");
        let child = Command::new("python3")
            .arg(script)
            .arg(self.port.to_string())
            .arg(self.dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 with aiosmtpd (scripts/test.sh installs it)");
        self.child = Some(child);
        // Python and aiosmtpd can take over 5 s to start on 2 cores busy with the whole suite.
        for _ in 0..300 {
            if tokio::net::TcpStream::connect(("127.0.0.1", self.port))
                .await
                .is_ok()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the SMTP server did not start on port {}", self.port);
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    pub async fn start_again(&mut self) {
        self.stop();
        self.run().await;
    }

    /// Every message received so far, in arrival order.
    pub fn messages(&self) -> Vec<Mail> {
        let mut files: Vec<_> = std::fs::read_dir(self.dir.path())
            .expect("read dir")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "eml"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|p| parse(&std::fs::read(p).expect("read")))
            .collect()
    }

    /// Waits (bounded) until at least `n` messages satisfy `pred`, and returns them.
    pub async fn wait_for(&self, n: usize, pred: impl Fn(&Mail) -> bool) -> Vec<Mail> {
        for _ in 0..300 {
            let found: Vec<Mail> = self.messages().into_iter().filter(|m| pred(m)).collect();
            if found.len() >= n {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let all: Vec<(String, String)> = self
            .messages()
            .into_iter()
            .map(|m| (m.to, m.subject))
            .collect();
        panic!("expected {n} matching mails; got {all:?}");
    }

    /// The mail to `to` whose subject contains `subject`.
    pub async fn mail_to(&self, to: &str, subject: &str) -> Mail {
        self.wait_for(1, |m| m.to == to && m.subject.contains(subject))
            .await
            .remove(0)
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

pub fn parse(raw: &[u8]) -> Mail {
    use mail_parser::MimeHeaders;
    let m = mail_parser::MessageParser::default()
        .parse(raw)
        .expect("a well-formed message");
    let to = m
        .to()
        .and_then(|a| a.first())
        .and_then(|a| a.address())
        .unwrap_or_default()
        .to_owned();
    Mail {
        to,
        subject: m.subject().unwrap_or_default().to_owned(),
        text: m.body_text(0).map(|c| c.into_owned()).unwrap_or_default(),
        html: m.body_html(0).map(|c| c.into_owned()).unwrap_or_default(),
        message_id: m.message_id().unwrap_or_default().to_owned(),
        has_date: m.date().is_some(),
        multipart_alternative: m
            .content_type()
            .is_some_and(|c| c.ctype() == "multipart" && c.subtype() == Some("alternative")),
        list_unsubscribe: m
            .header_raw("List-Unsubscribe")
            .map(|s| s.trim().to_owned()),
        list_unsubscribe_post: m
            .header_raw("List-Unsubscribe-Post")
            .map(|s| s.trim().to_owned()),
        raw: String::from_utf8_lossy(raw).into_owned(),
    }
}
