import { mount, type Component } from 'svelte';
import App from './App.svelte';
import HandoverScreen from './components/HandoverScreen.svelte';
import MiniWindow from './components/MiniWindow.svelte';
import StartupWindow from './components/StartupWindow.svelte';
import './app.css';

performance.mark('mobflow:script');
const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');

// One bundle for every window; the URL's hash picks the view: none for the main window,
// `#mini` for the mini timer, `#handover` for the full-screen hand-over, `#startup` for the
// window that says why the app could not start.
const VIEWS: Record<string, Component> = {
  mini: MiniWindow,
  handover: HandoverScreen,
  startup: StartupWindow,
};
const Root = VIEWS[location.hash.slice(1)] ?? App;

export default mount(Root, { target });
