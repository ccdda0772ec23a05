//! The single-task focus board and the test-first checklist (being written).
