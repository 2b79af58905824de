// Renderer entry: styles, the host bridge, and the React root.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/theme.css';
import './styles/workspace.css';
import './styles/controls.css';
import { App } from './app/App';
import { host } from './platform/host';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <App host={host} />
  </StrictMode>,
);
