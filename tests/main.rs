//! End-to-end tests of the built `mobflow` binary: the CLI, and the real window.
