import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadToken, saveToken, takeTokenFromFragment } from './auth/session';
import { OfficerApp } from './officer/OfficerApp';
import { loadOfficerToken, saveOfficerToken } from './officer/officerSession';
import { PersonApp } from './person/PersonApp';
import { registerPersonServiceWorker } from './person/offline/registerServiceWorker';
import { routeOf } from './routes';
import './styles.css';

const route = routeOf(window.location.pathname);

// Before the first render, so a `#token=` leaves the address bar as early as possible. The person's
// page never takes a token from the address: it registers and keeps its own.
const fromFragment = route === 'alert' ? null : takeTokenFromFragment();

let app: ReactNode;
if (route === 'officer') {
  if (fromFragment !== null) saveOfficerToken(fromFragment);
  app = <OfficerApp initialToken={fromFragment ?? loadOfficerToken()} />;
} else if (route === 'alert') {
  registerPersonServiceWorker();
  app = <PersonApp />;
} else {
  if (fromFragment !== null) saveToken(fromFragment);
  app = <App initialToken={fromFragment ?? loadToken()} />;
}

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(<StrictMode>{app}</StrictMode>);
