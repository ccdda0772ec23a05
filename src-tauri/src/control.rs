//! The control socket: how the `mobflow` CLI (and a second launch) reach the running app.
//!
//! A Unix socket in a 0700 folder; connections from another user are refused by their peer
//! credentials; one request line of at most [`MAX_MESSAGE`] bytes, read within a time limit;
//! anything malformed gets an error reply. Nothing a client sends can crash the app.
//!
//! Every connection gets an answer: more than [`MAX_CONNECTIONS`] at once are told the app is
//! busy (never closed without a word). Requests are handled on the blocking pool (an
//! acknowledgement may wait up to `ACK_WAIT` for the disk), and a changing request with an id
//! is carried out once however often it is retried ([`Recent`]).

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use mobflow_api::protocol::{
    encode, parse_envelope, Envelope, Recent, Request, Response, MAX_MESSAGE,
};
use mobflow_api::{ApiError, ErrorCode};
use mobflow_core::{Action, Command};
use tauri::{AppHandle, Manager, Runtime};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::Semaphore;

use crate::state::AppState;
use crate::{actions, hotkeys};

/// A client gets this long to send its request and read the answer.
const IO_TIMEOUT: Duration = Duration::from_secs(2);
/// Connections served at once; more are answered "busy" straight away.
const MAX_CONNECTIONS: usize = 32;
/// How many answers to changing requests are remembered for retries.
const RECENT_IDS: usize = 256;

/// Binds the socket (the caller holds the instance lock, so a leftover file is stale) and
/// serves it for the life of the app.
pub fn spawn<R: Runtime>(app: AppHandle<R>, socket: PathBuf, uid: u32) -> std::io::Result<()> {
    match std::fs::remove_file(&socket) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    let listener = std::os::unix::net::UnixListener::bind(&socket)?;
    std::fs::set_permissions(&socket, std::fs::Permissions::from_mode(0o600))?;
    listener.set_nonblocking(true)?;
    tauri::async_runtime::spawn(async move {
        let listener = match UnixListener::from_std(listener) {
            Ok(listener) => listener,
            Err(error) => {
                eprintln!("mobflow: control socket unavailable: {error}");
                return;
            }
        };
        let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
        let recent = Arc::new(Recent::new(RECENT_IDS));
        loop {
            let stream = match listener.accept().await {
                Ok((stream, _)) => stream,
                Err(error) => {
                    eprintln!("mobflow: control socket accept failed: {error}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            };
            let Ok(slot) = slots.clone().try_acquire_owned() else {
                busy(&stream, uid);
                continue;
            };
            let app = app.clone();
            let recent = recent.clone();
            tauri::async_runtime::spawn(async move {
                serve(&app, &recent, stream, uid).await;
                drop(slot);
            });
        }
    });
    Ok(())
}

/// Too many connections at once: says so without waiting on anything (the request, if already
/// sent, is read first so the close is clean), then closes.
fn busy(stream: &UnixStream, uid: u32) {
    if !matches!(stream.peer_cred(), Ok(cred) if cred.uid() == uid) {
        return;
    }
    let mut request = [0u8; 4096];
    while matches!(stream.try_read(&mut request), Ok(n) if n > 0) {}
    let answer = encode(&Response::Error {
        error: ApiError::new(
            ErrorCode::Busy,
            format!(
                "Mobflow is busy ({MAX_CONNECTIONS} requests at once); nothing was done, try again"
            ),
        ),
    });
    // A fresh socket's buffer takes a short line whole.
    let _ = stream.try_write(&answer);
}

async fn serve<R: Runtime>(app: &AppHandle<R>, recent: &Arc<Recent>, stream: UnixStream, uid: u32) {
    match stream.peer_cred() {
        Ok(cred) if cred.uid() == uid => {}
        _ => return, // another user, or unknown: close without a word
    }
    let (reader, mut writer) = stream.into_split();
    let mut line = Vec::new();
    let mut reader = BufReader::new(reader.take(MAX_MESSAGE as u64 + 1));
    let read = tokio::time::timeout(IO_TIMEOUT, reader.read_until(b'\n', &mut line)).await;
    let response = match read {
        Err(_) => bad_request("no complete request line within 2 s"),
        Ok(Err(_)) => return,
        Ok(Ok(_)) if line.last() != Some(&b'\n') => {
            if line.len() > MAX_MESSAGE {
                bad_request(&format!("request larger than {MAX_MESSAGE} bytes"))
            } else {
                bad_request("the request line was cut off")
            }
        }
        Ok(Ok(_)) => match parse_envelope(line.trim_ascii_end()) {
            Ok(envelope) => {
                let (app, recent) = (app.clone(), recent.clone());
                tauri::async_runtime::spawn_blocking(move || once(&app, &recent, envelope))
                    .await
                    .unwrap_or_else(|error| {
                        bad_request(&format!("the request could not be carried out: {error}"))
                    })
            }
            Err(error) => Response::Error { error },
        },
    };
    let _ = tokio::time::timeout(IO_TIMEOUT, writer.write_all(&encode(&response))).await;
}

fn bad_request(message: &str) -> Response {
    Response::Error {
        error: ApiError::new(ErrorCode::BadRequest, message),
    }
}

/// Carries out a request, once for its id if it changes something. Blocking.
fn once<R: Runtime>(app: &AppHandle<R>, recent: &Recent, envelope: Envelope) -> Response {
    match &envelope.id {
        Some(id) if envelope.request.changes_something() => {
            recent.once(id, &envelope.request, || handle(app, &envelope.request))
        }
        _ => handle(app, &envelope.request),
    }
}

/// Carries out a request and acknowledges it. Blocking (up to `ACK_WAIT` for the disk).
fn handle<R: Runtime>(app: &AppHandle<R>, request: &Request) -> Response {
    let state = app.state::<AppState>();
    let perform =
        |action| actions::perform(app, action).map(|applied| state.storage().acknowledge(applied));
    match request {
        Request::Status => Ok(state.snapshot()).into(),
        Request::Board => {
            let service = state.service();
            Response::Ok {
                snapshot: Box::new(service.snapshot(crate::clock::now())),
                board: Some(service.board()),
                test_report: None,
            }
        }
        Request::TestReport => Response::Ok {
            snapshot: Box::new(state.snapshot()),
            board: None,
            test_report: Some(crate::testwatch::report(app)),
        },
        Request::Run { command } => {
            let result = state.run(app, command);
            if let (Command::UpdateSettings { .. }, Ok(_)) = (command, &result) {
                // Answered once the new shortcuts hold: a key pressed after the answer works.
                hotkeys::apply(app);
            }
            result.into()
        }
        Request::Perform { action } => perform(*action).into(),
        Request::Focus => perform(Action::ShowMain).into(),
        Request::ToggleMini => perform(Action::ToggleMini).into(),
    }
}
