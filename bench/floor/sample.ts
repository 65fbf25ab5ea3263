// What both floor pages draw: the Integrations list's shape (a heading, an introduction, the
// navigation, four cards with two badges, a switch and a button), in plain English.
export const NAV = ['Integrations', 'Connections', 'Review', 'Settings'];
export const CARDS = ['Clear Books', 'Zoho Books', 'Sage Accounting', 'FreshBooks'].map((name, i) => ({
  name,
  description: `Connect ${name} to the desk and review its stored credentials offline.`,
  configured: i % 2 === 0,
  enabled: i === 0,
}));
