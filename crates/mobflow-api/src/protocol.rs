//! The control socket's protocol: one JSON request line, one JSON response line.

use mobflow_core::{Action, Command};
use serde::{Deserialize, Serialize};

use crate::{ApiError, BoardView, Snapshot, TestReport};

/// The largest request or response line, in bytes (newline included).
pub const MAX_MESSAGE: usize = 64 * 1024;

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
