// Floor page: the list's shape drawn by React alone, with plain elements (first-screen-floor.ts).
import { useLayoutEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

import { markInteractive } from '../../src/renderer/src/readiness';
import { CARDS, NAV } from './sample';

function Card({ card }: { card: (typeof CARDS)[number] }) {
  const [enabled, setEnabled] = useState(card.enabled);
  return (
    <section>
      <h2>{card.name}</h2>
      <p>{card.description}</p>
      <span>{card.configured ? 'Set up' : 'Not set up'}</span> <span>{enabled ? 'Enabled' : 'Disabled'}</span>
      <label>
        Enable {card.name}
        <input
          type="checkbox"
          role="switch"
          checked={enabled}
          onChange={(e) => setEnabled(e.currentTarget.checked)}
        />
      </label>
      <button type="button">{card.configured ? 'Manage' : 'Set up'}</button>
    </section>
  );
}

function List() {
  useLayoutEffect(() => markInteractive(), []);
  return (
    <div>
      <nav>
        {NAV.map((item) => (
          <a key={item} href="#">
            {item}
          </a>
        ))}
      </nav>
      <main>
        <h1>Integrations</h1>
        <p>Set up each accounting platform, then link companies to it.</p>
        {CARDS.map((card) => (
          <Card key={card.name} card={card} />
        ))}
      </main>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(<List />);
