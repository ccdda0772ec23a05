//! The control socket's protocol: one JSON request line, one JSON response line.
//!
//! A request that changes something may carry an `id` ([`Envelope`]) that the client keeps when
//! it retries after a lost connection; the app carries out a request with a given id once and
//! answers every retry with the first answer ([`Recent`]), so a retried `next` rotates once.

use mobflow_core::{Action, Command};
use serde::{Deserialize, Serialize};

use crate::{ApiError, BoardView, ErrorCode, Snapshot, TestReport};

mod recent;

pub use recent::{Recent, RETRY_WAIT};

/// The largest request or response line, in bytes (newline included).
pub const MAX_MESSAGE: usize = 64 * 1024;
/// The longest request id, in bytes.
pub const MAX_ID: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    /// The current snapshot.
    Status,
    /// The current snapshot and the whole board.
    Board,
    /// The current snapshot, the last test run's output and what is watched.
    TestReport,
    /// Run a command.
    Run { command: Command },
    /// Perform an action, as a global shortcut or the tray would.
    Perform { action: Action },
    /// Same as `Perform { action: show_main }`; still read for clients that send it.
    Focus,
    /// Same as `Perform { action: toggle_mini }`; still read for clients that send it.
    ToggleMini,
}

impl Request {
    /// Whether carrying it out twice could differ from once (so its id is remembered).
    pub fn changes_something(&self) -> bool {
        !matches!(self, Request::Status | Request::Board | Request::TestReport)
    }
}

/// A request line: the request, and the id that makes retrying it safe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Envelope {
    /// Chosen by the client (at most [`MAX_ID`] printable ASCII bytes) and kept when it
    /// retries; the app carries out a changing request with a given id once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(flatten)]
    pub request: Request,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Response {
    Ok {
        snapshot: Box<Snapshot>,
        /// Present when the request asked for the board.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        board: Option<BoardView>,
        /// Present when the request asked for the test report.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        test_report: Option<TestReport>,
    },
    Error {
        error: ApiError,
    },
}

impl From<Result<Snapshot, ApiError>> for Response {
    fn from(result: Result<Snapshot, ApiError>) -> Response {
        match result {
            Ok(snapshot) => Response::Ok {
                snapshot: Box::new(snapshot),
                board: None,
                test_report: None,
            },
            Err(error) => Response::Error { error },
        }
    }
}

impl From<Response> for Result<Snapshot, ApiError> {
    fn from(response: Response) -> Self {
        match response {
            Response::Ok { snapshot, .. } => Ok(*snapshot),
            Response::Error { error } => Err(error),
        }
    }
}

/// Parses one request line. Anything malformed is a `bad_request` error, never a panic.
pub fn parse_request(line: &[u8]) -> Result<Request, ApiError> {
    if line.len() > MAX_MESSAGE {
        return Err(ApiError::new(
            crate::ErrorCode::BadRequest,
            format!("request larger than {MAX_MESSAGE} bytes"),
        ));
    }
    serde_json::from_slice(line).map_err(|e| {
        ApiError::new(
            crate::ErrorCode::BadRequest,
            format!("unreadable request: {e}"),
        )
    })
}

/// Parses one request line with its id. Anything malformed is a `bad_request` error.
pub fn parse_envelope(line: &[u8]) -> Result<Envelope, ApiError> {
    let envelope: Envelope = {
        // The same checks and messages as a bare request.
        parse_request(line)?;
        serde_json::from_slice(line)
            .map_err(|e| ApiError::new(ErrorCode::BadRequest, format!("unreadable request: {e}")))?
    };
    if let Some(id) = &envelope.id {
        if id.is_empty() || id.len() > MAX_ID || !id.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(ApiError::new(
                ErrorCode::BadRequest,
                format!("a request id is 1 to {MAX_ID} printable ASCII characters"),
            ));
        }
    }
    Ok(envelope)
}

/// Encodes a message as one line.
pub fn encode<T: Serialize>(message: &T) -> Vec<u8> {
    let mut line = serde_json::to_vec(message).expect("protocol types always serialize");
    line.push(b'\n');
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn a_request_id_travels_beside_the_request() {
        let envelope = Envelope {
            id: Some("abc-1".into()),
            request: Request::Run {
                command: Command::Next,
            },
        };
        let line = encode(&envelope);
        assert_eq!(
            parse_envelope(line.trim_ascii_end()).unwrap(),
            envelope,
            "the id and the request come back"
        );
        assert_eq!(
            parse_request(line.trim_ascii_end()).unwrap(),
            envelope.request,
            "a reader that knows no ids still reads the request"
        );
        assert_eq!(
            parse_envelope(br#"{"op":"status"}"#).unwrap().id,
            None,
            "a request without an id is still read"
        );
        for bad in [
            &br#"{"op":"status","id":""}"#[..],
            br#"{"op":"status","id":"a b"}"#,
            br#"{"op":"status","id":7}"#,
        ] {
            assert_eq!(
                parse_envelope(bad).unwrap_err().code,
                ErrorCode::BadRequest,
                "{bad:?}: an id is printable text"
            );
        }
        let long = format!(r#"{{"op":"status","id":"{}"}}"#, "x".repeat(MAX_ID + 1));
        assert_eq!(
            parse_envelope(long.as_bytes()).unwrap_err().code,
            ErrorCode::BadRequest,
            "an id longer than {MAX_ID} is refused"
        );
    }

    #[test]
    fn requests_round_trip_and_garbage_is_refused() {
        let req = Request::Run {
            command: Command::AddMember { name: "Ada".into() },
        };
        let line = encode(&req);
        assert_eq!(parse_request(line.trim_ascii_end()).unwrap(), req);
        for bad in [
            &b""[..],
            b"{",
            b"\xff\xfe",
            b"{\"op\":\"run\"}",
            b"{\"op\":\"nope\"}",
            b"{\"op\":\"perform\",\"action\":\"dance\"}",
        ] {
            let err = parse_request(bad).unwrap_err();
            assert_eq!(
                err.code,
                crate::ErrorCode::BadRequest,
                "{bad:?} must be refused"
            );
        }
        let huge = vec![b' '; MAX_MESSAGE + 1];
        assert_eq!(
            parse_request(&huge).unwrap_err().code,
            crate::ErrorCode::BadRequest
        );
    }

    #[test]
    fn actions_go_over_the_socket_by_name() {
        let perform = Request::Perform {
            action: Action::ToggleMini,
        };
        assert_eq!(
            parse_request(encode(&perform).trim_ascii_end()).unwrap(),
            perform,
            "an action goes over the socket by its settings name"
        );
        assert_eq!(
            parse_request(br#"{"op":"perform","action":"show_main"}"#).unwrap(),
            Request::Perform {
                action: Action::ShowMain
            },
            "the line a client writes to bring the window forward"
        );
        for (old, request) in [
            (&br#"{"op":"focus"}"#[..], Request::Focus),
            (br#"{"op":"toggle_mini"}"#, Request::ToggleMini),
        ] {
            assert_eq!(
                parse_request(old).unwrap(),
                request,
                "clients that predate `perform` still send {old:?}"
            );
        }
    }
}
