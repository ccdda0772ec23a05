// With BARE_COVER=tick, the wait counted up once a second in one text node (the `tick` event).
const waiting = document.getElementById('clock').firstChild;
window.__TAURI__.event.listen('tick', (tick) => {
  waiting.data = tick.payload;
});
