//! What the integration tests that drive the binary share: a register in a
//! temporary folder, the command on it, and `armswatch serve` on a free
//! port spoken to over plain HTTP/1.1.
// Each test file uses a part of this module.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A short wire story with one order: Peru buys Chinese air defence.
pub const ORDER: &str = "Andean air defence order\n\nThe Peruvian Army has ordered 24 FN-6 shoulder-fired air defence systems from China in a deal worth $28 million, the defence ministry in Lima said on Monday.\n";

/// `armswatch --db DB ARGS`, blind to the caller's environment.
pub fn armswatch(db: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_armswatch"));
    c.arg("--db").arg(db).args(args);
    c.env_remove("ARMSWATCH_DB").env_remove("ARMSWATCH_TOKEN");
    c
}

/// An answer: status, head (names lower-cased) and body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: String,
}

/// `armswatch serve` on a free port; killed when dropped.
pub struct Serve {
    child: Child,
    pub addr: SocketAddr,
}

impl Serve {
    /// Starts `serve --addr 127.0.0.1:0` with `extra` arguments and reads
    /// the address it prints.
    pub fn start(db: &Path, extra: &[&str]) -> Serve {
        let mut args = vec!["serve", "--addr", "127.0.0.1:0"];
        args.extend_from_slice(extra);
        let mut child = armswatch(db, &args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("serve prints its address");
        let addr = line
            .trim()
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .unwrap_or_else(|_| panic!("serve printed {line:?}"));
        Serve { child, addr }
    }

    /// One request on its own connection; `headers` are whole lines.
    pub fn request(&self, method: &str, path: &str, headers: &str, body: &str) -> Answer {
        let mut s = TcpStream::connect(self.addr).expect("connect");
        s.set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        write!(
            s,
            "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{headers}Content-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .expect("write request");
        let mut raw = String::new();
        s.read_to_string(&mut raw).expect("read answer");
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        Answer {
            status: raw[9..12].parse().expect("a status code"),
            head: head.to_lowercase(),
            body: body.to_string(),
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
