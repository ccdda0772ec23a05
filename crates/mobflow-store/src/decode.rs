//! Reading a stored event back: the payload is the event's JSON, the `kind` column its tag.

use mobflow_core::Event;

/// Decodes one stored event.
pub(crate) fn decode(_kind: &str, payload: &str) -> serde_json::Result<Event> {
    serde_json::from_str(payload)
}
