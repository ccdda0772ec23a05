//! The control socket's client, used by the `mobflow` CLI.

use std::io::{self, BufRead, BufReader, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

use crate::protocol::{encode, Request, Response};
use crate::{ApiError, ErrorCode};

/// How long the CLI waits for the app before giving up.
pub const TIMEOUT: Duration = Duration::from_millis(1500);

/// Sends one request to the app listening on `socket` and waits for its response.
pub fn call(socket: &Path, request: &Request) -> Result<Response, ApiError> {
    let not_running = |e: io::Error| {
        ApiError::new(
            ErrorCode::NotRunning,
            format!(
                "Mobflow is not running (no answer on {}: {e}). Start it with `mobflow`.",
                socket.display()
            ),
        )
    };
    let mut stream = UnixStream::connect(socket).map_err(not_running)?;
    stream
        .set_read_timeout(Some(TIMEOUT))
        .map_err(not_running)?;
    stream
        .set_write_timeout(Some(TIMEOUT))
        .map_err(not_running)?;
    stream.write_all(&encode(request)).map_err(not_running)?;
    let mut line = Vec::new();
    // No fixed limit: an answer (a large board) of any size reaches the CLI whole; the app
    // on the other end is this user's (the socket's owner was checked).
    BufReader::new(stream)
        .read_until(b'\n', &mut line)
        .map_err(not_running)?;
    if line.is_empty() {
        return Err(not_running(io::Error::other("the connection closed")));
    }
    serde_json::from_slice(&line).map_err(|e| {
        ApiError::new(
            ErrorCode::BadRequest,
            format!("unreadable answer from Mobflow: {e}"),
        )
    })
}
