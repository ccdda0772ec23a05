//! The control socket: how the `mobflow` CLI (and a second launch) reach the running app.
//!
//! A Unix socket in a 0700 folder; connections from another user are refused by their peer
//! credentials; one request line of at most [`MAX_MESSAGE`] bytes, read within a time limit;
//! anything malformed gets an error reply. Nothing a client sends can crash the app.

use std::os::unix::fs::PermissionsExt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use mobflow_api::protocol::{encode, parse_request, Request, Response, MAX_MESSAGE};
use mobflow_api::{ApiError, ErrorCode};
use mobflow_core::Action;
use tauri::{AppHandle, Manager, Runtime};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{UnixListener, UnixStream};
use tokio::sync::Semaphore;

use crate::actions;
use crate::state::AppState;

/// A client gets this long to send its request and read the answer.
const IO_TIMEOUT: Duration = Duration::from_secs(2);
/// Connections served at once; more are closed straight away.
const MAX_CONNECTIONS: usize = 32;

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
                continue; // too many at once: dropping the stream closes it
            };
            let app = app.clone();
            tauri::async_runtime::spawn(async move {
                serve(&app, stream, uid).await;
                drop(slot);
            });
        }
    });
    Ok(())
}

async fn serve<R: Runtime>(app: &AppHandle<R>, stream: UnixStream, uid: u32) {
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
        Ok(Ok(_)) => match parse_request(line.trim_ascii_end()) {
            Ok(request) => handle(app, request),
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

fn handle<R: Runtime>(app: &AppHandle<R>, request: Request) -> Response {
    let state = app.state::<AppState>();
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
        Request::Run { command } => state.run(app, &command).into(),
        Request::Perform { action } => actions::perform(app, action).into(),
        Request::Focus => actions::perform(app, Action::ShowMain).into(),
        Request::ToggleMini => actions::perform(app, Action::ToggleMini).into(),
    }
}
