//! The app's control socket under abuse: garbage answered with errors, fuzzing, a crowd.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::time::Duration;

use serde_json::Value;

use crate::support::Env;

/// Sends `bytes` as one client and reads the first line of the answer, parsed.
fn raw(env: &Env, bytes: &[u8]) -> Option<Value> {
    let mut stream = UnixStream::connect(env.socket()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let _ = stream.write_all(bytes);
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line).ok()?;
    serde_json::from_str(&line).ok()
}

#[test]
fn the_socket_answers_garbage_with_errors_and_keeps_working() {
    let env = Env::new();
    let _app = env.launch();
    let code = |reply: Option<Value>| reply.map(|r| r["error"]["code"].clone());
    assert_eq!(code(raw(&env, b"hello\n")), Some("bad_request".into()));
    assert_eq!(code(raw(&env, b"\xff\xfe\n")), Some("bad_request".into()));
    assert_eq!(
        code(raw(
            &env,
            b"{\"op\":\"run\",\"command\":{\"type\":\"add_member\"}}\n"
        )),
        Some("bad_request".into())
    );
    assert_eq!(
        code(raw(&env, b"{\"op\":\"status\"")),
        Some("bad_request".into()),
        "a cut-off line"
    );
    let mut huge = vec![b'x'; 200 * 1024];
    huge.push(b'\n');
    assert_eq!(code(raw(&env, &huge)), Some("bad_request".into()));
    let reply = raw(
        &env,
        b"{\"op\":\"run\",\"command\":{\"type\":\"add_member\",\"name\":\"Ada\"}}\n",
    )
    .unwrap();
    assert_eq!(reply["status"], "ok", "a good request after the garbage");
    assert_eq!(reply["snapshot"]["driver"], "Ada", "and it was carried out");
    assert_eq!(env.status()["members"][0]["name"], "Ada", "still serving");
}

/// A small deterministic generator, so a failure can be replayed.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn the_socket_survives_fuzzing_and_a_crowd() {
    let env = Env::new();
    let mut app = env.launch();
    let socket = env.socket();
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    for i in 0..300 {
        let len = (rng.next() % 300) as usize;
        let mut bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        if i % 3 == 0 {
            bytes.push(b'\n');
        }
        if let Ok(mut s) = UnixStream::connect(&socket) {
            s.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
            let _ = s.write_all(&bytes);
            let _ = s.shutdown(std::net::Shutdown::Write);
            let _ = s.read_to_end(&mut Vec::new());
        }
    }
    // Half a message, then nothing: the app times the client out.
    let mut half = UnixStream::connect(&socket).unwrap();
    half.write_all(b"{\"op\":\"sta").unwrap();
    // Many at once.
    let crowd: Vec<_> = (0..64)
        .map(|_| {
            let socket = socket.clone();
            std::thread::spawn(move || {
                UnixStream::connect(&socket).ok().map(|mut s| {
                    let _ = s.write_all(b"{\"op\":\"status\"}\n");
                    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
                    let mut reply = String::new();
                    let _ = s.read_to_string(&mut reply);
                    reply
                })
            })
        })
        .collect();
    let answered = crowd
        .into_iter()
        .filter_map(|t| t.join().unwrap())
        .filter(|r| r.contains("\"status\":\"ok\""))
        .count();
    assert!(answered > 0, "the crowd was served");
    drop(half);
    assert!(
        app.child.try_wait().unwrap().is_none(),
        "0 crashes: the app still runs"
    );
    assert_eq!(env.status()["state"], "idle", "and answers normally");
}
