import assert from 'node:assert/strict';
import type { Attachment } from 'botbuilder';
import type * as AdaptiveCards from 'adaptivecards';
import {
  accountCard,
  choiceCard,
  codeCard,
  doneCard,
  endCard,
  passwordCard,
  summaryCard,
  withProgress,
} from '../../src/cards';
import type { CardVerb } from '../../src/cards/actions';
import { cardVerbs, inputIds, submitSchema } from '../../src/cards/actions';
import { wordsFor, type ChatWords } from '../../src/language';
import { normaliseCodeInput } from '../../src/reset/code';
import { AC, parseCard } from './adaptiveCards';

const sv = wordsFor('sv').chat;
const en = wordsFor('en').chat;
const ref = { caseId: 'case-7f3a', nonce: 'n-42' };
const servicedeskPhone = '0142-36 6000';

/** What Teams renders (schema 1.5), minus what these cards have no use for (media, toggles, show-cards). */
const teamsTypes = new Set([
  'AdaptiveCard',
  'TextBlock',
  'RichTextBlock',
  'TextRun',
  'Container',
  'ColumnSet',
  'Column',
  'FactSet',
  'Image',
  'ActionSet',
  'Input.Text',
  'Input.ChoiceSet',
  'Action.Submit',
  'Action.OpenUrl',
]);

/** Values a user could type, each one the card's own validation lets through. */
const sampleInputs: Readonly<Record<string, string>> = {
  [inputIds.username]: 'anna.svensson',
  [inputIds.code]: '123 456',
  [inputIds.newPassword]: 'Sommar2024x',
  [inputIds.repeatPassword]: 'Sommar2024x',
};

interface Variant {
  readonly unit: string;
  readonly when: string;
  readonly build: (m: ChatWords) => Attachment;
  readonly verbs: readonly CardVerb[];
}

const variants: readonly Variant[] = [
  {
    unit: 'accountCard',
    when: 'the Teams user maps to an account',
    build: (m) => accountCard({ m, ...ref, ownUsername: 'anna.svensson', servicedeskPhone }),
    verbs: ['account.own', 'account.submit', 'cancel'],
  },
  {
    unit: 'accountCard',
    when: 'the Teams user maps to no account',
    build: (m) => accountCard({ m, ...ref, servicedeskPhone }),
    verbs: ['account.submit', 'cancel'],
  },
  {
    unit: 'accountCard',
    when: 'the typed username was not accepted',
    build: (m) =>
      accountCard({ m, ...ref, ownUsername: 'anna.svensson', servicedeskPhone, error: m.invalidUsername }),
    verbs: ['account.own', 'account.submit', 'cancel'],
  },
  {
    unit: 'codeCard',
    when: 'the code went to the own account',
    build: (m) => codeCard({ m, ...ref, intro: m.codeSentOwn('67', 10) }),
    verbs: ['code.submit', 'code.resend', 'cancel'],
  },
  {
    unit: 'codeCard',
    when: 'the code was wrong',
    build: (m) =>
      codeCard({ m, ...ref, intro: m.codeSentUniform(10, servicedeskPhone), error: m.codeWrong(2) }),
    verbs: ['code.submit', 'code.resend', 'cancel'],
  },
  {
    unit: 'choiceCard',
    when: 'the code was verified',
    build: (m) => choiceCard({ m, ...ref }),
    verbs: ['choice.unlock', 'choice.newPassword', 'cancel'],
  },
  {
    unit: 'passwordCard',
    when: 'asking for the first time',
    build: (m) => passwordCard({ m, ...ref }),
    verbs: ['password.submit', 'cancel'],
  },
  {
    unit: 'passwordCard',
    when: 'the last password broke rules',
    build: (m) =>
      passwordCard({
        m,
        ...ref,
        errors: [m.violation('too-short'), m.violation('no-digit'), m.rejection('history')],
      }),
    verbs: ['password.submit', 'cancel'],
  },
  {
    unit: 'doneCard',
    when: 'a new password was set',
    build: (m) => doneCard({ m, ...ref, headline: m.donePasswordSet, tips: m.doneTips }),
    verbs: ['done.finish'],
  },
  {
    unit: 'doneCard',
    when: 'the account exists only in the cloud',
    build: (m) => doneCard({ m, ...ref, headline: m.doneUnlocked, detail: m.doneCloudLockout, tips: [] }),
    verbs: ['done.finish'],
  },
  {
    unit: 'summaryCard',
    when: 'a username was submitted',
    build: (m) => summaryCard({ lines: [m.submittedUsername('anna.svensson')] }),
    verbs: [],
  },
  {
    unit: 'summaryCard',
    when: 'a password was submitted',
    build: (m) => summaryCard({ title: m.passwordTitle, lines: [m.passwordSubmitted] }),
    verbs: [],
  },
  {
    unit: 'endCard',
    when: 'the case was cancelled',
    build: (m) =>
      endCard({ m, lines: [m.submittedUsername('anna.svensson')], message: m.cancelledCard, restart: ref }),
    verbs: ['restart'],
  },
  {
    unit: 'endCard',
    when: 'the case is finished',
    build: (m) =>
      endCard({
        m,
        lines: [m.submittedUsername('anna.svensson'), m.submittedCode, m.doneUnlocked],
        message: m.finished,
        tips: { title: m.doneTipsTitle, items: m.doneTips },
      }),
    verbs: [],
  },
];

const languages = [
  { name: 'Swedish', m: sv },
  { name: 'English', m: en },
] as const;

type JsonObject = { readonly [key: string]: unknown };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every typed node (elements, inlines, actions, the card itself) in document order. */
function typedNodes(value: unknown): JsonObject[] {
  if (Array.isArray(value)) return value.flatMap(typedNodes);
  if (!isObject(value)) return [];
  const children = Object.values(value).flatMap(typedNodes);
  return typeof value.type === 'string' ? [value, ...children] : children;
}

function contentOf(attachment: Attachment): JsonObject {
  const content: unknown = attachment.content;
  assert.ok(isObject(content), 'the attachment has a card object');
  return content;
}

/** The node showing exactly this text, in a TextBlock or a TextRun. */
function nodeWithText(content: JsonObject, text: string): JsonObject | undefined {
  return typedNodes(content).find(
    (node) => (node.type === 'TextBlock' || node.type === 'TextRun') && node.text === text,
  );
}

function positionOf(content: JsonObject, node: JsonObject | undefined): number {
  return node ? typedNodes(content).indexOf(node) : -1;
}

function inputNode(content: JsonObject, id: string): JsonObject | undefined {
  return typedNodes(content).find((node) => node.type === 'Input.Text' && node.id === id);
}

function submitsOf(card: AdaptiveCards.AdaptiveCard): AdaptiveCards.SubmitAction[] {
  return card
    .getAllActions()
    .filter((action): action is AdaptiveCards.SubmitAction => action instanceof AC.SubmitAction);
}

function verbOf(action: AdaptiveCards.SubmitAction): unknown {
  const data: unknown = action.data;
  return isObject(data) ? data.verb : undefined;
}

/** The input ids a verb's submit schema reads, besides the verb, case and nonce every submit has. */
function inputsExpectedBy(verb: CardVerb): string[] {
  const option = submitSchema.options.find((candidate) => candidate.shape.verb.value === verb);
  assert.ok(option, `submitSchema knows ${verb}`);
  return Object.keys(option.shape).filter((key) => !['verb', 'caseId', 'nonce'].includes(key));
}

/** The checks every card passes, in both languages and every variant the dialogs use. */
function keepsTheCardContract(unit: string): void {
  for (const variant of variants.filter((candidate) => candidate.unit === unit)) {
    for (const { name, m } of languages) {
      describe(`when ${variant.when}, in ${name}`, () => {
        const attachment = variant.build(m);
        const content = contentOf(attachment);
        const { card, problems } = parseCard(content);
        const inputs = card.getAllInputs();
        const submits = submitsOf(card);

        it('is an Adaptive Card 1.5 attachment with $schema set', () => {
          assert.equal(attachment.contentType, 'application/vnd.microsoft.card.adaptive');
          assert.equal(content.type, 'AdaptiveCard');
          assert.equal(content.version, '1.5');
          assert.equal(content.$schema, 'http://adaptivecards.io/schemas/adaptive-card.json');
        });

        it('parses and validates in the adaptivecards library without a warning', () => {
          assert.deepEqual(problems, []);
          assert.equal(card.version?.toString(), '1.5');
        });

        it('uses only element and action types that Teams renders', () => {
          const unsupported = typedNodes(content)
            .map((node) => node.type)
            .filter((type) => typeof type !== 'string' || !teamsTypes.has(type));
          assert.deepEqual(unsupported, []);
        });

        it('labels every input and hides what is typed into password fields', () => {
          for (const input of inputs) {
            assert.ok(input.label && input.label.trim().length > 0, `input ${input.id} has a label`);
            assert.ok(input instanceof AC.TextInput, `input ${input.id} is an Input.Text`);
            const secret = input.id === inputIds.newPassword || input.id === inputIds.repeatPassword;
            assert.equal(input.style === AC.InputTextStyle.Password, secret, `input ${input.id} style`);
            assert.equal(input.defaultValue, undefined, `input ${input.id} is not prefilled`);
          }
        });

        it('gives every submit, tiles included, a known verb, the case id and the nonce', () => {
          for (const action of submits) {
            const data: unknown = action.data;
            assert.ok(
              isObject(data),
              `${action.title} has object data, so Teams echoes nothing into the chat`,
            );
            assert.ok(
              cardVerbs.some((verb) => verb === data.verb),
              `${action.title} has a known verb`,
            );
            assert.equal(data.caseId, ref.caseId);
            assert.equal(data.nonce, ref.nonce);
            assert.deepEqual(Object.keys(data).sort(), ['caseId', 'nonce', 'verb']);
            assert.ok(action.title && action.title.length > 0, 'every submit has a title for screen readers');
          }
          assert.equal(card.getAllActions().length, submits.length, 'no action but Action.Submit');
        });

        it(`offers exactly ${variant.verbs.length === 0 ? 'no verb' : variant.verbs.join(', ')}`, () => {
          assert.deepEqual(submits.map(verbOf).sort(), [...variant.verbs].sort());
        });

        it('lets a submit carry the inputs its verb reads, and no other submit carry any', () => {
          const ids = inputs.map((input) => input.id);
          for (const action of submits) {
            const verb = verbOf(action) as CardVerb;
            const expected = inputsExpectedBy(verb);
            for (const id of expected) assert.ok(ids.includes(id), `${verb} needs the input ${id}`);
            assert.equal(
              action.associatedInputs === 'none',
              expected.length === 0,
              `${verb} associatedInputs`,
            );
          }
        });

        it('sends data that submitSchema accepts once the inputs are filled in', () => {
          for (const action of submits) {
            const typed: Record<string, string | undefined> =
              action.associatedInputs === 'none'
                ? {}
                : Object.fromEntries(
                    inputs.map((input) => [input.id ?? '', sampleInputs[input.id ?? '']] as const),
                  );
            const parsed = submitSchema.safeParse({ ...action.data, ...typed });
            assert.ok(parsed.success, `${String(verbOf(action))}: ${parsed.error?.message ?? ''}`);
            assert.equal(parsed.data.verb, verbOf(action));
          }
        });

        it('accepts the sample values in its own client-side checks', () => {
          for (const input of inputs) {
            assert.ok(input instanceof AC.TextInput);
            const sample = sampleInputs[input.id ?? ''];
            assert.ok(sample !== undefined, `a sample for ${input.id}`);
            assert.ok(sample.length <= (input.maxLength ?? Infinity), `${input.id} fits its maxLength`);
            if (input.regex) assert.match(sample, new RegExp(input.regex), `${input.id} passes its regex`);
          }
        });
      });
    }
  }
}

describe('accountCard', () => {
  keepsTheCardContract('accountCard');

  describe('when the Teams user maps to an account', () => {
    const content = contentOf(
      accountCard({ m: sv, ...ref, ownUsername: 'anna_b.svensson', servicedeskPhone }),
    );

    it('offers the own account on a tile showing the username as it is, not as Markdown', () => {
      const tile = typedNodes(content).find((node) => isObject(node.selectAction));
      assert.ok(tile && isObject(tile.selectAction));
      assert.equal(tile.selectAction.type, 'Action.Submit');
      assert.equal(isObject(tile.selectAction.data) && tile.selectAction.data.verb, 'account.own');
      const text = nodeWithText(tile, 'Det gäller mitt konto (anna_b.svensson)');
      assert.equal(text?.type, 'TextRun');
    });

    it('does not require a typed username, and says another account can be typed below', () => {
      assert.notEqual(inputNode(content, inputIds.username)?.isRequired, true);
      assert.ok(nodeWithText(content, sv.otherAccountHint));
    });
  });

  describe('when the Teams user maps to no account', () => {
    const content = contentOf(accountCard({ m: sv, ...ref, servicedeskPhone }));

    it('requires a username of at most 256 characters, with label and placeholder', () => {
      const input = inputNode(content, inputIds.username);
      assert.equal(input?.isRequired, true);
      assert.equal(input?.maxLength, 256);
      assert.equal(input?.label, 'Användarnamn');
      assert.equal(input?.placeholder, sv.usernamePlaceholder);
      assert.equal(nodeWithText(content, sv.otherAccountHint), undefined);
    });

    it('tells who to call without a registered mobile number, keeping the number on one line', () => {
      const text = typedNodes(content)
        .map((node) => node.text)
        .find(
          (candidate) => typeof candidate === 'string' && candidate.startsWith('Du måste ha registrerat'),
        );
      assert.equal(text, sv.phoneRequired('0142-\u206036\u00a06000'));
      assert.equal(
        String(text)
          .replace(/\u2060/g, '')
          .replace(/\u00a0/g, ' '),
        sv.phoneRequired(servicedeskPhone),
      );
    });

    it('makes Nästa the first, positive button and Avbryt the second', () => {
      assert.deepEqual(content.actions, [
        {
          type: 'Action.Submit',
          title: 'Nästa',
          data: { verb: 'account.submit', ...ref },
          style: 'positive',
          associatedInputs: 'auto',
        },
        {
          type: 'Action.Submit',
          title: 'Avbryt',
          data: { verb: 'cancel', ...ref },
          associatedInputs: 'none',
        },
      ]);
    });
  });

  describe('when the typed username was not accepted', () => {
    const content = contentOf(accountCard({ m: en, ...ref, servicedeskPhone, error: en.invalidUsername }));

    it('shows the error in attention colour above the username field', () => {
      const error = nodeWithText(content, en.invalidUsername);
      assert.equal(error?.color, 'attention');
      assert.ok(positionOf(content, error) < positionOf(content, inputNode(content, inputIds.username)));
    });
  });
});

describe('codeCard', () => {
  keepsTheCardContract('codeCard');

  const content = contentOf(
    codeCard({ m: sv, ...ref, intro: sv.codeSentOwn('67', 10), error: sv.codeWrong(2) }),
  );
  const input = inputNode(content, inputIds.code);
  const pattern = new RegExp(String(input?.regex));

  describe('when a code was sent', () => {
    it('shows where it went, then the error, then the code field', () => {
      const intro = nodeWithText(
        content,
        'Vi har skickat en sexsiffrig återställningskod till ditt mobilnummer som slutar på ••67. Koden gäller i 10 minuter.',
      );
      const error = nodeWithText(content, 'Koden stämmer inte. Du har 2 försök kvar.');
      assert.equal(error?.color, 'attention');
      assert.ok(positionOf(content, intro) < positionOf(content, error));
      assert.ok(positionOf(content, error) < positionOf(content, input));
    });

    it('asks for the code with the digit keypad, room for "123 456" and the format message', () => {
      assert.equal(input?.label, sv.codeLabel);
      assert.equal(input?.placeholder, sv.codePlaceholder);
      assert.equal(input?.style, 'tel');
      assert.equal(input?.maxLength, 7);
      assert.equal(input?.regex, String.raw`^\s*\d{3}\s*-?\s*\d{3}\s*$`);
      assert.equal(input?.errorMessage, sv.codeInvalidFormat);
    });
  });

  describe('when the user types a code the way SMS codes are copied', () => {
    for (const typed of ['123456', '123 456', '123-456', '000 001']) {
      it(`lets "${typed}" through, as the server does`, () => {
        assert.match(typed, pattern);
        assert.ok(normaliseCodeInput(typed));
      });
    }
  });

  describe('when the user types something that is not a six-digit code', () => {
    for (const typed of ['12345', '1234567', '12345a', 'abc def', '']) {
      it(`stops "${typed}" on the client, as the server would`, () => {
        assert.doesNotMatch(typed, pattern);
        assert.equal(normaliseCodeInput(typed), undefined);
      });
    }
  });
});

describe('choiceCard', () => {
  keepsTheCardContract('choiceCard');

  describe('when shown in Swedish', () => {
    const content = contentOf(choiceCard({ m: sv, ...ref }));
    const tiles = typedNodes(content).filter((node) => isObject(node.selectAction));

    it('offers the guide’s two choices word for word', () => {
      assert.ok(nodeWithText(content, 'Behåll ditt nuvarande lösenord och lås upp ditt konto'));
      assert.ok(nodeWithText(content, 'Ange ett nytt lösenord och lås upp ditt konto'));
    });

    it('puts each choice on a tappable tile whose text wraps, keep first', () => {
      const choices = tiles.map((tile) => {
        const action = tile.selectAction;
        return [isObject(action) && isObject(action.data) ? action.data.verb : undefined, tile.type];
      });
      assert.deepEqual(choices, [
        ['choice.unlock', 'Container'],
        ['choice.newPassword', 'Container'],
      ]);
      assert.ok(nodeWithText(tiles[0]!, sv.choiceKeep));
      assert.ok(nodeWithText(tiles[1]!, sv.choiceNew));
    });

    it('keeps the long choice texts out of button titles, which Teams cuts to one line', () => {
      const buttonTitles = typedNodes(content.actions).map((action) => action.title);
      assert.deepEqual(buttonTitles, ['Avbryt']);
    });
  });

  describe('when shown in English', () => {
    it('offers the same two choices in English', () => {
      const content = contentOf(choiceCard({ m: en, ...ref }));
      assert.ok(nodeWithText(content, 'Keep your current password and unlock your account'));
      assert.ok(nodeWithText(content, 'Enter a new password and unlock your account'));
    });
  });
});

describe('passwordCard', () => {
  keepsTheCardContract('passwordCard');

  const content = contentOf(passwordCard({ m: sv, ...ref }));

  describe('when asking for a new password', () => {
    it('asks twice, hidden, required, at most 128 characters, after the rules', () => {
      for (const [id, label] of [
        [inputIds.newPassword, 'Nytt lösenord'],
        [inputIds.repeatPassword, 'Upprepa det nya lösenordet'],
      ] as const) {
        const input = inputNode(content, id);
        assert.equal(input?.label, label);
        assert.equal(input?.style, 'password');
        assert.equal(input?.isRequired, true);
        assert.equal(input?.maxLength, 128);
        assert.ok(positionOf(content, nodeWithText(content, sv.passwordRules)) < positionOf(content, input));
      }
    });

    it('shows no error list', () => {
      assert.equal(nodeWithText(content, sv.passwordNotAccepted), undefined);
    });
  });

  describe('when a password breaks a rule', () => {
    it('leaves the check to the server, which names every broken rule (no client-side pattern)', () => {
      // A pattern could only say "does not meet the rules above" and stop the submit.
      assert.equal(inputNode(content, inputIds.newPassword)?.regex, undefined);
      assert.equal(inputNode(content, inputIds.newPassword)?.errorMessage, sv.violation('empty'));
    });
  });

  describe('when the last password broke rules', () => {
    const errors = [en.violation('too-short'), en.violation('swedish-letters'), en.rejection('history')];
    const withErrors = contentOf(passwordCard({ m: en, ...ref, errors }));

    it('lists every error, in attention colour, under "The password was not accepted:" and above the fields', () => {
      const title = nodeWithText(withErrors, 'The password was not accepted:');
      assert.equal(title?.color, 'attention');
      let previous = positionOf(withErrors, title);
      for (const error of errors) {
        const node = nodeWithText(withErrors, error);
        assert.equal(node?.color, 'attention', error);
        assert.ok(positionOf(withErrors, node) > previous, `${error} comes next`);
        previous = positionOf(withErrors, node);
      }
      assert.ok(previous < positionOf(withErrors, inputNode(withErrors, inputIds.newPassword)));
    });
  });
});

describe('doneCard', () => {
  keepsTheCardContract('doneCard');

  describe('when a new password was set', () => {
    const content = contentOf(doneCard({ m: sv, ...ref, headline: sv.donePasswordSet, tips: sv.doneTips }));

    it('says so, lists every tip and ends with a positive Slutför button', () => {
      assert.ok(nodeWithText(content, 'Ditt konto är nu upplåst och ditt lösenord är bytt.'));
      assert.ok(nodeWithText(content, sv.doneTipsTitle));
      for (const tip of sv.doneTips) assert.ok(nodeWithText(content, tip), tip);
      assert.deepEqual(content.actions, [
        {
          type: 'Action.Submit',
          title: 'Slutför',
          data: { verb: 'done.finish', ...ref },
          style: 'positive',
          associatedInputs: 'none',
        },
      ]);
    });
  });

  describe('when there is a detail and no tips', () => {
    const content = contentOf(
      doneCard({ m: en, ...ref, headline: en.doneUnlocked, detail: en.doneCloudLockout, tips: [] }),
    );

    it('shows the detail after the headline and no tips heading', () => {
      const headline = nodeWithText(content, en.doneUnlocked);
      assert.ok(
        positionOf(content, headline) < positionOf(content, nodeWithText(content, en.doneCloudLockout)),
      );
      assert.equal(nodeWithText(content, en.doneTipsTitle), undefined);
    });
  });
});

describe('summaryCard', () => {
  keepsTheCardContract('summaryCard');

  describe('when it replaces a submitted card', () => {
    const content = contentOf(
      summaryCard({
        title: sv.passwordTitle,
        lines: [sv.submittedUsername('anna_b.svensson'), sv.passwordSubmitted],
      }),
    );

    it('has no inputs and no actions, so nothing typed stays and nothing can be sent again', () => {
      const { card } = parseCard(content);
      assert.deepEqual(card.getAllInputs(), []);
      assert.deepEqual(card.getAllActions(), []);
      assert.equal(content.actions, undefined);
    });

    it('shows each line as typed, marked done, never read as Markdown', () => {
      const texts = typedNodes(content)
        .filter((node) => node.type === 'TextRun' || node.type === 'TextBlock')
        .map((node) => node.text);
      assert.deepEqual(
        texts.join(''),
        'Ange ett nytt lösenord✓ Användarnamn: anna_b.svensson✓ Lösenordet skickat för kontroll (visas inte).',
      );
      assert.ok(typedNodes(content).every((node) => node.type !== 'TextBlock'));
    });
  });

  describe('when the lines report no progress', () => {
    it('leaves out the check marks', () => {
      const content = contentOf(summaryCard({ lines: [sv.cancelled], checkmark: false }));
      const texts = typedNodes(content)
        .filter((node) => node.type === 'TextRun')
        .map((node) => node.text);
      assert.deepEqual(texts, [sv.cancelled]);
    });
  });
});

describe('endCard', () => {
  keepsTheCardContract('endCard');

  describe('when Slutför finishes the case', () => {
    const content = contentOf(
      endCard({
        m: sv,
        lines: [sv.submittedUsername('anna.svensson'), sv.doneUnlocked],
        message: sv.finished,
        tips: { title: sv.doneTipsTitle, items: sv.doneTips },
      }),
    );

    it('keeps the tips against an immediate relock in what stays on screen', () => {
      for (const tip of sv.doneTips) assert.ok(nodeWithText(content, tip), tip);
      assert.ok(nodeWithText(content, sv.doneTipsTitle));
    });

    it('has no inputs and nothing to press', () => {
      const { card } = parseCard(content);
      assert.deepEqual(card.getAllInputs(), []);
      assert.deepEqual(card.getAllActions(), []);
    });
  });

  describe('when the case was cancelled', () => {
    const content = contentOf(endCard({ m: sv, lines: [], message: sv.cancelledCard, restart: ref }));

    it('says so and offers to start again', () => {
      const texts = typedNodes(content)
        .filter((node) => node.type === 'TextRun')
        .map((node) => node.text);
      assert.deepEqual(texts, [sv.cancelledCard]);
      assert.deepEqual(
        typedNodes(content.actions).map((action) => action.title),
        ['Börja om'],
      );
    });
  });
});

describe('withProgress', () => {
  it('puts one ✓ line per finished step above the step, never read as Markdown', () => {
    const content = contentOf(
      withProgress(choiceCard({ m: sv, ...ref }), [
        sv.submittedUsername('anna_b.svensson'),
        sv.submittedCode,
      ]),
    );
    const runs = typedNodes(content)
      .filter((node) => node.type === 'TextRun')
      .map((node) => node.text)
      .slice(0, 4);
    assert.deepEqual(runs, ['✓ ', 'Användarnamn: anna_b.svensson', '✓ ', 'Koden stämde']);
    assert.deepEqual(parseCard(content).problems, []);
  });
});
