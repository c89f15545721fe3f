//! Connection limits over real sockets: idle and slow clients are closed
//! after the header-read timeout, and they cannot crowd out a normal GET.

mod common;

use armswatch_serve::Limits;
use common::Server;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// Reads until the server closes the connection; true when it did (a
/// read timeout of the client's own means it did not).
fn closed_by_server(s: &mut TcpStream) -> bool {
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut buf = [0u8; 1024];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

fn short_timeout(max_connections: usize) -> Limits {
    Limits {
        header_read_timeout: Duration::from_millis(500),
        max_connections,
        body_read_timeout: Duration::from_millis(500),
    }
}

#[test]
fn a_slow_client_is_closed_after_the_header_timeout() {
    let s = Server::with_limits(short_timeout(64));
    let mut idle = TcpStream::connect(s.addr).unwrap();
    assert!(closed_by_server(&mut idle), "idle connection kept open");
    // Half a request line, then nothing: closed too.
    let mut slow = TcpStream::connect(s.addr).unwrap();
    slow.write_all(b"GET /api/transfers HT").unwrap();
    assert!(closed_by_server(&mut slow), "slow connection kept open");
    assert_eq!(s.get("/api/transfers").status, 200);
}

#[test]
fn a_get_answers_when_the_cap_is_taken_by_idle_clients() {
    // Two slots, both held by clients that send nothing: the GET waits
    // for the header timeout to free one, then answers.
    let s = Server::with_limits(short_timeout(2));
    let _idle: Vec<TcpStream> = (0..2)
        .map(|_| TcpStream::connect(s.addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(s.get("/api/transfers").status, 200);
}

#[test]
fn three_hundred_idle_connections_leave_room_for_a_get() {
    let s = Server::start(None);
    let idle: Vec<TcpStream> = (0..300)
        .map(|_| TcpStream::connect(s.addr).unwrap())
        .collect();
    let r = s.get("/api/transfers?limit=1");
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["count"], 1);
    drop(idle);
}

#[test]
fn a_slow_body_is_a_408() {
    let s = Server::with_limits_and_token(short_timeout(64), common::TOKEN);
    let mut c = TcpStream::connect(s.addr).unwrap();
    let head = format!(
        "POST /api/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {}\r\n\
         Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"text\":",
        common::TOKEN
    );
    c.write_all(head.as_bytes()).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut answer = String::new();
    let _ = c.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert_eq!(s.counts().documents, common::fixture().len() as u64);
}
