// One text node, set from the `tick` event the Rust side sends once a second. Once the page is
// up (and its clock styled, with `BARE_CLOCK`) the window is shown (`ready`), and its first frame
// is reported (`painted`), as Mobflow does.
const clock = document.getElementById('clock').firstChild;
const { event, core } = window.__TAURI__;
event
  .listen('tick', (tick) => {
    clock.data = tick.payload;
  })
  .then(() => core.invoke('clock_font'))
  .then((css) => {
    if (css) clock.parentElement.style.cssText = css;
  })
  .then(() => core.invoke('ready'))
  .then(() => requestAnimationFrame(() => requestAnimationFrame(() => core.invoke('painted'))));
