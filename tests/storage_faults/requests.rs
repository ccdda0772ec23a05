//! The socket under retries and crowds: a retried `next` rotates once (straight to the app, and
//! through the real CLI when its first answer is lost), and every connection of a crowd gets an
//! answer or an explicit "busy".

use std::io::{BufRead, BufReader, Write};
use std::os::unix::fs::DirBuilderExt;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use crate::support::{wait_until, Env};

/// Sends one request line on a connection of its own; the answer line.
fn ask(socket: &std::path::Path, line: &[u8]) -> String {
    let mut s = UnixStream::connect(socket).unwrap();
    s.write_all(line).unwrap();
    s.write_all(b"\n").unwrap();
    let mut answer = String::new();
    BufReader::new(s).read_line(&mut answer).unwrap();
    answer
}

/// Forwards a client's request to the app; the first connection's answer is lost on the way
/// back (the client is hung up on), the next ones are passed on. Returns each request line.
fn lossy_proxy(listener: UnixListener, app: PathBuf, connections: usize) -> Vec<Value> {
    let mut lines = Vec::new();
    // Bounded: a CLI that never comes through the proxy fails the test instead of hanging it.
    listener.set_nonblocking(true).unwrap();
    let accept = || {
        let mut client = None;
        wait_until(Duration::from_secs(30), "the CLI at the proxy", || {
            client = listener.accept().ok().map(|(c, _)| c);
            client.is_some()
        });
        let client = client.unwrap();
        client.set_nonblocking(false).unwrap();
        client
    };
    for i in 0..connections {
        let mut client = accept();
        let mut line = Vec::new();
        BufReader::new(&client)
            .read_until(b'\n', &mut line)
            .unwrap();
        lines.push(serde_json::from_slice(&line).unwrap());
        let mut upstream = UnixStream::connect(&app).unwrap();
        upstream.write_all(&line).unwrap();
        let mut answer = Vec::new();
        BufReader::new(&upstream)
            .read_until(b'\n', &mut answer)
            .unwrap();
        if i > 0 {
            client.write_all(&answer).unwrap();
        }
    }
    lines
}

#[test]
fn a_retried_next_rotates_once() {
    let env = Env::new();
    let _app = env.launch();
    env.add_members(&["Ada", "Bob", "Cy"]);
    env.ok(&["start"]);
    let socket = env.socket();

    // The same id twice, straight to the app: carried out once, the same answer twice.
    let line = br#"{"op":"run","id":"test-retry-1","command":{"type":"next"}}"#;
    let first: Value = serde_json::from_str(&ask(&socket, line)).unwrap();
    let again: Value = serde_json::from_str(&ask(&socket, line)).unwrap();
    assert_eq!(first["status"], "ok", "{first}");
    assert_eq!(first, again, "a retry gets the first answer");
    let s = env.status();
    assert_eq!(
        (s["state"].clone(), s["turn"].clone()),
        ("handover".into(), 1.into()),
        "one rotation: a second would have started turn 2"
    );
    let answer = ask(
        &socket,
        br#"{"op":"run","id":"test-retry-1","command":{"type":"skip"}}"#,
    );
    assert!(
        answer.contains("bad_request") && answer.contains("already used"),
        "one id for two requests is refused: {answer}"
    );

    // The real CLI through a proxy that loses the first answer: it retries with the same id.
    // The CLI finds the socket the data folder's lock file names; a folder of the proxy's own
    // names the proxy, which passes requests on to the app.
    env.ok(&["start"]);
    let proxy_data = tempfile::tempdir().unwrap();
    let folder = proxy_data.path().join("socket");
    std::fs::DirBuilder::new()
        .mode(0o700)
        .create(&folder)
        .unwrap();
    let proxy_socket = folder.join("control.sock");
    let listener = UnixListener::bind(&proxy_socket).unwrap();
    std::fs::write(
        proxy_data.path().join(mobflow_api::instance::LOCK_FILE),
        format!("socket={}\n", proxy_socket.display()),
    )
    .unwrap();
    let app_socket = env.socket();
    let proxy = std::thread::spawn(move || lossy_proxy(listener, app_socket, 2));
    let run = env
        .command()
        .env("MOBFLOW_DATA_DIR", proxy_data.path())
        .arg("next")
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "the CLI retried after the lost answer: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let lines = proxy.join().unwrap();
    assert!(
        lines[0]["id"].is_string(),
        "next carries an id: {}",
        lines[0]
    );
    assert_eq!(
        lines[0]["id"], lines[1]["id"],
        "the retry carries the same id"
    );
    let s = env.status();
    assert_eq!(
        (s["state"].clone(), s["turn"].clone()),
        ("handover".into(), 2.into()),
        "the CLI's retried next rotated once"
    );
    println!("storage faults: a retried next (same id) rotated 1 time of 2 attempts, twice");
}

#[test]
fn a_crowd_gets_answers_or_an_explicit_busy() {
    let env = Env::new();
    let _app = env.launch();
    let socket = env.socket();

    // 40 clients connect, then all ask at once.
    const CROWD: usize = 40;
    let barrier = Arc::new(std::sync::Barrier::new(CROWD));
    let crowd: Vec<_> = (0..CROWD)
        .map(|_| {
            let (socket, barrier) = (socket.clone(), barrier.clone());
            std::thread::spawn(move || {
                let mut s = UnixStream::connect(&socket).unwrap();
                s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
                barrier.wait();
                let _ = s.write_all(b"{\"op\":\"status\"}\n");
                let mut answer = String::new();
                let _ = BufReader::new(s).read_line(&mut answer);
                answer
            })
        })
        .collect();
    let answers: Vec<String> = crowd.into_iter().map(|t| t.join().unwrap()).collect();
    let ok = answers
        .iter()
        .filter(|a| a.contains("\"status\":\"ok\""))
        .count();
    let busy = answers
        .iter()
        .filter(|a| a.contains("\"code\":\"busy\""))
        .count();
    assert_eq!(
        ok + busy,
        CROWD,
        "every connection gets an answer or an explicit busy, none a silent close: {answers:?}"
    );

    // Every slot held by a client that sends nothing: the CLI is told "busy" (exit 1). An idle
    // client is let go after the app's 2 s read limit, so each try brings a fresh crowd (a
    // loaded machine may take longer than that to start the CLI).
    let mut said = String::new();
    wait_until(
        Duration::from_secs(10),
        "the app to be busy with 32 idle clients",
        || {
            let idle: Vec<UnixStream> = (0..32)
                .map(|_| UnixStream::connect(&socket).unwrap())
                .collect();
            let run = env.cli(&["status"]);
            drop(idle);
            said = run.stderr();
            run.code() == 1
        },
    );
    assert!(
        said.contains("busy") && said.contains("try again"),
        "a clear message: {said}"
    );
    wait_until(Duration::from_secs(10), "the app to serve again", || {
        env.cli(&["status"]).code() == 0
    });
    println!(
        "storage faults: {CROWD} simultaneous connections: {ok} answered, {busy} told busy, 0 \
         closed silently; with every slot taken the CLI exits 1 saying {:?}",
        said.trim()
    );
}
