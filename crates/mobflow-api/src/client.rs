//! The control socket's client, used by the `mobflow` CLI and by a second launch.
//!
//! It says "not running" only when nothing listens on the socket (no socket file, or the
//! connection refused). A request that changes something carries an id made for this call; if
//! the connection is lost before the answer, the call is tried again with the same id, and the
//! app carries it out once ([`crate::protocol::Recent`]).

use std::hash::{BuildHasher, Hasher, RandomState};
use std::io::{self, BufRead, BufReader, ErrorKind, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

use crate::protocol::{encode, Envelope, Request, Response};
use crate::{ApiError, ErrorCode};

/// How long to wait for the app's answer. The app answers within a fraction of a second
/// whatever storage does (an acknowledgement waits at most [`crate::ACK_WAIT`] for the disk);
/// the rest is room for a loaded machine.
pub const TIMEOUT: Duration = Duration::from_secs(5);
/// Attempts at one request whose connection is lost before the answer.
const ATTEMPTS: u32 = 4;

/// Why one attempt got no answer.
enum Failure {
    /// Nothing listens on the socket.
    NotListening(io::Error),
    /// The connection went before the answer came: worth another attempt with the same id.
    Lost(io::Error),
    /// The app took the request and sent nothing in time.
    TimedOut,
    /// The socket cannot be used (say, permission denied).
    Unusable(io::Error),
}

/// Sends one request to the app listening on `socket` and waits for its response.
pub fn call(socket: &Path, request: &Request) -> Result<Response, ApiError> {
    let envelope = Envelope {
        id: request.changes_something().then(new_id),
        request: request.clone(),
    };
    let line = encode(&envelope);
    let mut lost: Option<io::Error> = None;
    for attempt in 0..ATTEMPTS {
        if attempt > 0 {
            // The app may be busy taking connections: give it a moment before the next attempt.
            std::thread::sleep(Duration::from_millis(25 << attempt));
        }
        match exchange(socket, &line) {
            Ok(response) => return Ok(response),
            Err(Failure::Lost(error)) => lost = Some(error),
            Err(Failure::NotListening(error)) => {
                let message = match lost {
                    None => format!(
                        "Mobflow is not running (nothing listens on {}: {error}). Start it with \
                         `mobflow`.",
                        socket.display()
                    ),
                    Some(_) => "Mobflow stopped while it was handling the request; it may or \
                                may not have been carried out. Start it with `mobflow`."
                        .to_owned(),
                };
                return Err(ApiError::new(ErrorCode::NotRunning, message));
            }
            Err(Failure::TimedOut) => {
                return Err(ApiError::new(
                    ErrorCode::NoAnswer,
                    format!(
                        "Mobflow is running but sent no answer within {} s; the request may or \
                         may not have been carried out (see `mobflow status`).",
                        TIMEOUT.as_secs()
                    ),
                ))
            }
            Err(Failure::Unusable(error)) => {
                return Err(ApiError::new(
                    ErrorCode::NoAnswer,
                    format!("cannot talk to Mobflow on {}: {error}", socket.display()),
                ))
            }
        }
    }
    let error = lost.map(|e| e.to_string()).unwrap_or_default();
    Err(ApiError::new(
        ErrorCode::NoAnswer,
        format!(
            "Mobflow is running but the connection was lost {ATTEMPTS} times ({error}); the \
             request may or may not have been carried out (see `mobflow status`)."
        ),
    ))
}

/// One connection: the request line out, the answer line in.
fn exchange(socket: &Path, line: &[u8]) -> Result<Response, Failure> {
    let mut stream = UnixStream::connect(socket).map_err(|e| match e.kind() {
        ErrorKind::NotFound | ErrorKind::ConnectionRefused => Failure::NotListening(e),
        ErrorKind::WouldBlock | ErrorKind::Interrupted => Failure::Lost(e),
        _ => Failure::Unusable(e),
    })?;
    stream
        .set_read_timeout(Some(TIMEOUT))
        .and_then(|()| stream.set_write_timeout(Some(TIMEOUT)))
        .map_err(Failure::Unusable)?;
    // No fixed limit: an answer (a large board) of any size reaches the CLI whole; the app on
    // the other end is this user's (the socket's owner was checked).
    // A busy app answers and closes without reading: its answer is still there to read when
    // the request could not be sent.
    let sent = stream.write_all(line);
    let mut answer = Vec::new();
    let read = BufReader::new(stream).read_until(b'\n', &mut answer);
    if answer.last() != Some(&b'\n') {
        return Err(match (sent, read) {
            (Err(error), _) | (_, Err(error)) => in_flight(error),
            _ => Failure::Lost(io::Error::new(
                ErrorKind::UnexpectedEof,
                "the connection closed before the answer",
            )),
        });
    }
    serde_json::from_slice(&answer).map_err(|e| {
        Failure::Unusable(io::Error::new(
            ErrorKind::InvalidData,
            format!("unreadable answer: {e}"),
        ))
    })
}

/// An error on a connection the app accepted.
fn in_flight(error: io::Error) -> Failure {
    match error.kind() {
        ErrorKind::WouldBlock | ErrorKind::TimedOut => Failure::TimedOut,
        _ => Failure::Lost(error),
    }
}

/// A request id no other call makes: the process and 64 random bits (std's hasher keys come
/// from the operating system's random source).
fn new_id() -> String {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u32(std::process::id());
    format!("{:x}-{:016x}", std::process::id(), hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_differ_and_fit_the_protocol() {
        let ids: std::collections::HashSet<String> = (0..1000).map(|_| new_id()).collect();
        assert_eq!(ids.len(), 1000, "every call gets an id of its own");
        for id in &ids {
            assert!(
                id.len() <= crate::protocol::MAX_ID && id.bytes().all(|b| b.is_ascii_graphic()),
                "{id:?} is a valid request id"
            );
        }
    }

    #[test]
    fn nothing_listening_is_not_running_and_nothing_else_is() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.sock");
        let err = call(&missing, &Request::Status).unwrap_err();
        assert_eq!(err.code, ErrorCode::NotRunning, "no socket file: {err:?}");

        let stale = dir.path().join("stale.sock");
        drop(std::os::unix::net::UnixListener::bind(&stale).unwrap());
        let err = call(&stale, &Request::Status).unwrap_err();
        assert_eq!(
            err.code,
            ErrorCode::NotRunning,
            "a socket file nobody listens on refuses: {err:?}"
        );

        // Someone listens and closes every connection without a word: that is running, and
        // the request is tried again (with its id) before the client gives up.
        let rude = dir.path().join("rude.sock");
        let listener = std::os::unix::net::UnixListener::bind(&rude).unwrap();
        let server = std::thread::spawn(move || {
            let mut ids = Vec::new();
            for _ in 0..ATTEMPTS {
                let (stream, _) = listener.accept().unwrap();
                let mut line = Vec::new();
                BufReader::new(stream).read_until(b'\n', &mut line).unwrap();
                let envelope = crate::protocol::parse_envelope(line.trim_ascii_end()).unwrap();
                ids.push(envelope.id);
            }
            ids
        });
        let next = Request::Run {
            command: mobflow_core::Command::Next,
        };
        let err = call(&rude, &next).unwrap_err();
        assert_eq!(err.code, ErrorCode::NoAnswer, "running, no answer: {err:?}");
        let ids = server.join().unwrap();
        assert!(ids[0].is_some(), "a changing request carries an id");
        assert!(
            ids.iter().all(|id| *id == ids[0]),
            "every attempt carries the same id: {ids:?}"
        );
    }
}
