import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { loadToken, saveToken, takeTokenFromFragment } from './auth/session';
import './styles.css';

// Before the first render, so the token leaves the address bar as early as possible.
const fromFragment = takeTokenFromFragment();
if (fromFragment !== null) saveToken(fromFragment);

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <App initialToken={fromFragment ?? loadToken()} />
  </StrictMode>,
);
