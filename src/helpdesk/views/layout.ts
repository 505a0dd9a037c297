import { html, type SafeHtml } from '../html';
import type { Notice } from '../labels';

export interface Viewer {
  readonly name: string;
  /** Sent back with the sign-out form. */
  readonly csrf: string;
}

/** Every page: one stylesheet and one script from this server (the CSP allows nothing else). */
export function layout(title: string, body: SafeHtml, viewer?: Viewer): SafeHtml {
  return html`<!doctype html>
    <html lang="sv">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>${title} – Servicedesk</title>
        <link rel="stylesheet" href="/helpdesk/static/helpdesk.css" />
        <script src="/helpdesk/static/helpdesk.js" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Hoppa till innehållet</a>
        <header class="top">
          <a class="brand" href="/helpdesk/cases">Återställningsassistenten <span>Servicedesk</span></a>
          ${
            viewer
              ? html`<form class="signout" method="post" action="/helpdesk/logout">
                  <span class="who">${viewer.name}</span>
                  <input type="hidden" name="csrf" value="${viewer.csrf}" />
                  <button type="submit" class="link">Logga ut</button>
                </form>`
              : ''
          }
        </header>
        <main id="main" tabindex="-1">${body}</main>
      </body>
    </html> `;
}

/** A page with one heading and a sentence: errors, refusals, "signed in, close this window". */
export function noticePage(notice: Notice): SafeHtml {
  return layout(
    notice.title,
    html`<section class="message">
      <h1>${notice.title}</h1>
      ${notice.sentences.map((sentence) => html`<p>${sentence}</p>`)}
      ${notice.link ? html`<p><a href="${notice.link.href}">${notice.link.text}</a></p>` : ''}
      ${notice.closesWindow ? html`<span data-close-window></span>` : ''}
    </section>`,
  );
}
