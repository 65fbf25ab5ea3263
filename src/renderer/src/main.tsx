import './styles/first-screen';
import './app.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { App } from './App';
import { firstScreenReady, startBoot } from './boot';

// The first screen's calls go out now, together, while React is still starting.
const boot = startBoot();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const root = createRoot(container);

// One render with the data rather than three (loading → shell → cards); a slow answer still gets
// the loading state after a moment.
void firstScreenReady(boot, 400).then(() =>
  root.render(
    <StrictMode>
      <App boot={boot} />
    </StrictMode>,
  ),
);
