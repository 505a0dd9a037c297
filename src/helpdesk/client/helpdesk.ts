// The service-desk page's only script, served from /helpdesk/static/helpdesk.js (the CSP allows no
// inline script). It runs in the browser: no imports, no exports.

/** Regions marked `data-live="<seconds>"` are fetched again and replaced while the tab is visible. */
function startLiveRegions(): void {
  for (const region of Array.from(document.querySelectorAll<HTMLElement>('[data-live]'))) {
    const seconds = Number(region.dataset['live']);
    if (!region.id || !(seconds > 0)) continue;
    let timer = 0;
    const refresh = async (): Promise<void> => {
      const current = document.getElementById(region.id);
      if (!current) return;
      // Never pull the rug from under someone reading with the keyboard.
      if (document.visibilityState === 'visible' && !current.contains(document.activeElement)) {
        const response = await fetch(location.href, {
          credentials: 'same-origin',
          headers: { Accept: 'text/html' },
          redirect: 'manual',
        });
        if (response.status !== 200) return; // signed out or server gone: the next full load says why
        const page = new DOMParser().parseFromString(await response.text(), 'text/html');
        const next = page.getElementById(region.id);
        if (next) current.replaceWith(document.importNode(next, true));
        if (next && !next.hasAttribute('data-live')) return; // the case finished: stop polling
      }
      timer = window.setTimeout(() => void refresh().catch(retryLater), seconds * 1000);
    };
    const retryLater = (): void => {
      timer = window.setTimeout(() => void refresh().catch(retryLater), seconds * 2000);
    };
    timer = window.setTimeout(() => void refresh().catch(retryLater), seconds * 1000);
    window.addEventListener('pagehide', () => window.clearTimeout(timer));
  }
}

/**
 * Inside the Teams tab the page is framed, and Entra's sign-in page refuses to be framed: sign in
 * in a window of its own, and reload the tab once the session exists.
 */
function startFramedSignIn(): void {
  const framed = window.top !== window.self;
  if (!framed) return;
  for (const hint of Array.from(document.querySelectorAll<HTMLElement>('[data-in-teams]')))
    hint.hidden = false;
  for (const link of Array.from(document.querySelectorAll<HTMLAnchorElement>('[data-popup-login]'))) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      window.open(`${link.href}&popup=1`, 'helpdesk-signin', 'popup,width=520,height=680');
      const poll = window.setInterval(() => {
        void fetch('/helpdesk/api/session', { credentials: 'same-origin' }).then((response) => {
          if (response.status === 200) {
            window.clearInterval(poll);
            location.reload();
          }
        });
      }, 2000);
    });
  }
}

/** The sign-in window closes itself once it has done its job. */
function closeFinishedPopup(): void {
  if (document.querySelector('[data-close-window]') && window.opener)
    window.setTimeout(() => window.close(), 1500);
}

/** A one-time link's page spends the link with a POST: sent at once, as if the button was pressed. */
function submitLinkSignIn(): void {
  document.querySelector<HTMLFormElement>('form[data-auto-submit]')?.requestSubmit();
}

startLiveRegions();
startFramedSignIn();
closeFinishedPopup();
submitLinkSignIn();
