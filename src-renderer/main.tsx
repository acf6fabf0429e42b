// First, before any module that defines a zod schema (see the file).
import './zod-jitless';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/ApiContext';
import { createBridge, type BridgeStart } from './api/create-bridge';
import { App } from './App';
import { AuthErrorPage } from './components/AuthErrorPage/AuthErrorPage';
import './app.css';

// Created once, outside React, so StrictMode's double effects never open two sockets.
let refused: (() => void) | undefined;
const starting = createBridge(() => refused?.());

function Root() {
  const [start, setStart] = useState<BridgeStart | null>(null);
  useEffect(() => {
    refused = () => setStart({ kind: 'auth-error', reason: 'unauthorized' });
    void starting.then(setStart);
  }, []);
  if (!start)
    return (
      <p className="page" data-testid="app-loading">
        Connecting to Slotline…
      </p>
    );
  if (start.kind === 'auth-error') return <AuthErrorPage reason={start.reason} />;
  return (
    <ApiProvider bridge={start.bridge}>
      <App />
    </ApiProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
