//! The control socket's protocol: one JSON request line, one JSON response line.
//!
//! A request that changes something may carry an `id` ([`Envelope`]) that the client keeps when
//! it retries after a lost connection; the app carries out a request with a given id once and
//! answers every retry with the first answer ([`Recent`]), so a retried `next` rotates once.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use mobflow_core::{Action, Command};
use serde::{Deserialize, Serialize};

use crate::{ApiError, BoardView, ErrorCode, Snapshot};

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
        !matches!(self, Request::Status | Request::Board)
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

/// The answer to a request that is already being carried out, or was: how long a retry
/// waits for the first attempt's answer before it is told the app is busy.
pub const RETRY_WAIT: Duration = Duration::from_secs(2);

/// The answers to the last few changing requests, by id: each is carried out once, and a retry
/// gets the first answer (waiting for it while the first attempt still runs). Bounded: the
/// oldest answers are forgotten first.
pub struct Recent {
    entries: Mutex<Entries>,
    answered: Condvar,
    capacity: usize,
}

struct Entries {
    by_id: HashMap<String, (Request, Option<Response>)>,
    /// Ids in the order they came, oldest first.
    order: VecDeque<String>,
}

impl Recent {
    /// Remembers up to `capacity` answers.
    pub fn new(capacity: usize) -> Recent {
        Recent {
            entries: Mutex::new(Entries {
                by_id: HashMap::new(),
                order: VecDeque::new(),
            }),
            answered: Condvar::new(),
            capacity: capacity.max(1),
        }
    }

    fn entries(&self) -> MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Carries out `request` (by calling `run`) unless a request with this `id` was: then the
    /// answer it got. The same id with another request is refused.
    pub fn once(&self, id: &str, request: &Request, run: impl FnOnce() -> Response) -> Response {
        let mut entries = self.entries();
        match entries.by_id.get(id) {
            None => {}
            Some((first, _)) if first != request => {
                return Response::Error {
                    error: ApiError::new(
                        ErrorCode::BadRequest,
                        format!("the request id {id:?} was already used for another request"),
                    ),
                };
            }
            Some((_, Some(answer))) => return answer.clone(),
            Some((_, None)) => {
                let (entries, _) = self
                    .answered
                    .wait_timeout_while(entries, RETRY_WAIT, |e| {
                        matches!(e.by_id.get(id), Some((_, None)))
                    })
                    .unwrap_or_else(PoisonError::into_inner);
                return match entries.by_id.get(id) {
                    Some((_, Some(answer))) => answer.clone(),
                    _ => Response::Error {
                        error: ApiError::new(
                            ErrorCode::Busy,
                            "Mobflow is still carrying out the first attempt of this request; \
                             check `mobflow status` before trying again",
                        ),
                    },
                };
            }
        }
        entries.by_id.insert(id.to_owned(), (request.clone(), None));
        entries.order.push_back(id.to_owned());
        self.forget_old(&mut entries);
        drop(entries);
        // If `run` unwinds, the entry goes, so a retry is carried out rather than stuck.
        let mut pending = Pending {
            recent: self,
            id,
            done: false,
        };
        let answer = run();
        pending.done = true;
        if let Some(entry) = self.entries().by_id.get_mut(id) {
            entry.1 = Some(answer.clone());
        }
        self.answered.notify_all();
        answer
    }

    /// Forgets the oldest answered entries beyond the capacity (one still running stays).
    fn forget_old(&self, entries: &mut Entries) {
        let mut kept = VecDeque::new();
        while entries.by_id.len() > self.capacity {
            let Some(id) = entries.order.pop_front() else {
                break;
            };
            if matches!(entries.by_id.get(&id), Some((_, None))) {
                kept.push_back(id);
            } else {
                entries.by_id.remove(&id);
            }
        }
        while let Some(id) = kept.pop_back() {
            entries.order.push_front(id);
        }
    }
}

/// An entry whose request is being carried out; removed if that never finishes.
struct Pending<'a> {
    recent: &'a Recent,
    id: &'a str,
    done: bool,
}

impl Drop for Pending<'_> {
    fn drop(&mut self) {
        if !self.done {
            let mut entries = self.recent.entries();
            entries.by_id.remove(self.id);
            entries.order.retain(|id| id != self.id);
            drop(entries);
            self.recent.answered.notify_all();
        }
    }
}

/// Encodes a message as one line.
pub fn encode<T: Serialize>(message: &T) -> Vec<u8> {
    let mut line = serde_json::to_vec(message).expect("protocol types always serialize");
    line.push(b'\n');
    line
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    fn ok() -> Response {
        Response::Ok {
            snapshot: Box::new(Snapshot::of(
                &mobflow_core::Mob::default(),
                chrono::DateTime::UNIX_EPOCH,
            )),
            board: None,
        }
    }

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
    fn a_retried_request_is_carried_out_once() {
        let recent = Recent::new(2);
        let runs = AtomicUsize::new(0);
        let next = Request::Run {
            command: Command::Next,
        };
        let run = || {
            runs.fetch_add(1, Ordering::SeqCst);
            ok()
        };
        let first = recent.once("a", &next, run);
        let again = recent.once("a", &next, || {
            runs.fetch_add(1, Ordering::SeqCst);
            ok()
        });
        assert_eq!(
            runs.load(Ordering::SeqCst),
            1,
            "the retry was not carried out"
        );
        assert_eq!(first, again, "the retry gets the first answer");
        let other = recent.once(
            "a",
            &Request::Run {
                command: Command::Skip,
            },
            ok,
        );
        assert!(
            matches!(other, Response::Error { ref error } if error.code == ErrorCode::BadRequest),
            "one id, two requests: refused, {other:?}"
        );
        recent.once("b", &next, ok);
        recent.once("c", &next, ok);
        recent.once("a", &next, || {
            runs.fetch_add(1, Ordering::SeqCst);
            ok()
        });
        assert_eq!(
            runs.load(Ordering::SeqCst),
            2,
            "with room for two, the oldest id is forgotten"
        );
    }

    #[test]
    fn a_retry_waits_for_the_first_attempt_and_a_failed_one_is_forgotten() {
        let recent = std::sync::Arc::new(Recent::new(8));
        let next = Request::Run {
            command: Command::Next,
        };
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let (finish_tx, finish_rx) = std::sync::mpsc::channel::<()>();
        let first = {
            let recent = recent.clone();
            let next = next.clone();
            std::thread::spawn(move || {
                recent.once("x", &next, || {
                    started_tx.send(()).unwrap();
                    finish_rx.recv().unwrap();
                    ok()
                })
            })
        };
        started_rx.recv().unwrap();
        let retry = {
            let recent = recent.clone();
            let next = next.clone();
            std::thread::spawn(move || recent.once("x", &next, || panic!("run twice")))
        };
        finish_tx.send(()).unwrap();
        let first = first.join().unwrap();
        assert_eq!(
            retry.join().unwrap(),
            first,
            "a retry during the first attempt waits for its answer"
        );

        let unwound = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            recent.once("y", &next, || panic!("the handler failed"))
        }));
        assert!(unwound.is_err());
        let runs = AtomicUsize::new(0);
        recent.once("y", &next, || {
            runs.fetch_add(1, Ordering::SeqCst);
            ok()
        });
        assert_eq!(
            runs.load(Ordering::SeqCst),
            1,
            "an attempt that never answered does not block a retry"
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
