// One text node, set from the `tick` event the Rust side sends once a second. Once the page is
// up the window is shown (`ready`), and its first frame is reported (`painted`), as Mobflow does.
const clock = document.getElementById('clock').firstChild;
const { event, core } = window.__TAURI__;
event
  .listen('tick', (tick) => {
    clock.data = tick.payload;
  })
  .then(() => core.invoke('ready'))
  .then(() => requestAnimationFrame(() => requestAnimationFrame(() => core.invoke('painted'))));
