// One text node, set from the `tick` event the Rust side sends once a second.
const clock = document.getElementById('clock').firstChild;
window.__TAURI__.event.listen('tick', (event) => {
  clock.data = event.payload;
});
