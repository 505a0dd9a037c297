import { html, type SafeHtml } from '../html';
import { layout } from './layout';

export interface SignInPageOptions {
  /** Entra sign-in is configured: a button; otherwise the one-time link from the terminal. */
  readonly entra: boolean;
  readonly returnTo: string;
  readonly problem?: string;
}

/**
 * What a one-time link opens: a form that spends the link with a POST. A GET changes nothing, so a
 * link preview (Teams, Outlook, a mail scanner) that fetches the link does not use it up; the page's
 * script sends the form at once in a browser, and without scripts the button does.
 */
export function linkSignInPage(token: string): SafeHtml {
  return layout(
    'Logga in',
    html`<section class="message signin">
      <h1>Logga in</h1>
      <p>Engångslänken från terminalen loggar in dig i servicedeskvyn.</p>
      <form method="post" action="/helpdesk/login/link/use" data-auto-submit>
        <input type="hidden" name="token" value="${token}" />
        <button type="submit">Logga in</button>
      </form>
    </section>`,
  );
}

export function signInPage(options: SignInPageOptions): SafeHtml {
  const login = `/helpdesk/login?returnTo=${encodeURIComponent(options.returnTo)}`;
  return layout(
    'Logga in',
    html`<section class="message signin">
      <h1>Logga in</h1>
      <p>Här följer servicedesken alla ärenden där medarbetare låser upp sitt konto eller byter lösenord.</p>
      ${options.problem !== undefined ? html`<p class="notice" role="alert">${options.problem}</p>` : ''}
      ${
        options.entra
          ? html`<p><a class="button" href="${login}" data-popup-login>Logga in med ditt jobbkonto</a></p>
              <p class="hint" data-in-teams hidden>
                I Teams öppnas inloggningen i ett nytt fönster. Sidan laddas om när du är inloggad.
              </p>
              <p class="hint">
                Du behöver rollen <strong>Helpdesk</strong> i appen. Be IT-administratören om den om du saknar
                den.
              </p>`
          : html`<p>
                Inloggning med Entra ID är inte inställd (demo- eller utvecklingsläge). Öppna i stället
                engångslänken som skrevs ut i terminalen när boten startade.
              </p>
              <form method="post" action="/helpdesk/login/link">
                <button type="submit">Skriv ut en ny länk i terminalen</button>
              </form>`
      }
    </section>`,
  );
}
