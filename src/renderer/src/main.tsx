import '@mantine/core/styles.css';
import './app.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './App';
import { startBoot } from './boot';

// The first screen's calls go out now, together, while React is still starting.
const boot = startBoot();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App boot={boot} />
  </StrictMode>,
);
