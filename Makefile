# Shortcuts for developers; scripts/dev.sh is the one entry point (and what CI runs).
.PHONY: run test lint fmt bindings
run:
	scripts/dev.sh run
test:
	scripts/dev.sh test
lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	scripts/check-sizes.py
	cd ui && npm run check
fmt:
	cargo fmt --all
bindings:
	UPDATE_BINDINGS=1 cargo test -p mobflow-api bindings
